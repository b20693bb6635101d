"""The parent-facing words of the content: US English, and a reading level a worried parent
can take in on a phone (issue 9)."""

import json
import re

import pytest

from wholechild.screening.content import COMPILED

# British spellings and words that crept in, with what a US parent reads instead.
BRITISH = {
    r"\btrousers\b": "pants",
    r"\borganis": "organiz",
    r"\bcolour": "color",
    r"\bfavour": "favor",
    r"\bbehaviour": "behavior",
    r"\bprogramme": "program",
    r"\bcentre\b": "center",
    r"\bpaediatric": "pediatric",
    r"\bcheck-up": "checkup",
    r"\bzips\b": "zippers",
    r"\bnapp(y|ies)\b": "diaper",
    r"\bagree a plan\b": "make a plan",
    r"\btowards\b": "toward",
    r"\bpractis(e|ing)\b": "practice",
    r"\brecognis": "recogniz",
    r"\bspeech and language therapist": "speech-language therapist",
    r"\boperation\b": "surgery",
    r"\bassessed\b": "evaluated",
    r"\bmum\b": "mom",
}


def parent_facing_strings():
    """Every string of the content a parent may read: all but the sources' citations, whose
    titles are the publishers' own."""
    with open(COMPILED, encoding="utf-8") as handle:
        files = json.load(handle)["files"]
    files.pop("sources.toml")

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return list(strings(files))


@pytest.mark.parametrize("british", BRITISH)
def test_the_parent_facing_words_are_us_english(british):
    found = [s for s in parent_facing_strings() if re.search(british, s, re.IGNORECASE)]
    assert found == [], f"write {BRITISH[british]!r}: {found}"


def test_the_spelling_check_finds_british_words():
    # The check itself can fail: each pattern matches the word it is for.
    for word in ("trousers", "organised", "colour", "check-up", "zips", "agree a plan"):
        assert any(re.search(p, word) for p in BRITISH), word
