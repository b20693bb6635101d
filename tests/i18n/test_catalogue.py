"""The Spanish catalogue is complete and current: every string the family's pages, emails, print
and calendar files use has a Spanish entry that is not fuzzy and keeps the English's
placeholders; the compiled .mo says the same as the .po; and `make messages` would find no
string to add or drop. The clinic's pages are in English and not in the catalogue, and what
only the clinic and its systems read (the records' labels, a record and its plan as FHIR for
an EHR) may stay untranslated, or fuzzy, which gettext ignores (docs/decisions.md)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).parent.parent.parent
PACKAGE = ROOT / "wholechild"
CATALOGUE = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# The strings only the clinic and its systems read: the care records' labels, and a record and
# its plan as FHIR for an EHR (the clinic's own pages are not read into the catalogue at all).
STAFF_ONLY = {"care/models.py", "fhir/record.py", "fhir/plan.py"}
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*[a-z]|%[a-z]")


def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def families_read(entry: polib.POEntry) -> bool:
    return any(place not in STAFF_ONLY for place, _line in entry.occurrences)


def key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_every_string_a_family_reads_is_in_spanish() -> None:
    missing = [e.msgid for e in catalogue() if families_read(e) and not e.translated()]

    assert not missing, f"{len(missing)} without Spanish (fill them in, then make messages)"


def test_no_spanish_entry_a_family_reads_is_fuzzy() -> None:
    fuzzy = [e.msgid for e in catalogue() if families_read(e) and "fuzzy" in e.flags]

    assert not fuzzy, f"fuzzy, to check and unmark: {fuzzy}"


def test_each_spanish_entry_keeps_the_placeholders_of_its_english() -> None:
    wrong = []
    for entry in catalogue().translated_entries():
        english = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            plural = set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = entry.msgstr_plural.values()
            # A plural's one form may leave its number out ("una idea"), as the English does.
            if any(set(PLACEHOLDER.findall(form)) - (english | plural) for form in forms):
                wrong.append(entry.msgid)
            continue
        if set(PLACEHOLDER.findall(entry.msgstr)) != english:
            wrong.append(entry.msgid)

    assert not wrong


def test_the_spanish_says_usted_never_tu() -> None:
    tu = re.compile(r"\b(tú|tu|tus|te|ti|contigo|puedes|quieres|tienes|eres)\b", re.IGNORECASE)
    familiar = [e.msgstr for e in catalogue().translated_entries() if tu.search(e.msgstr)]

    assert not familiar


def test_the_compiled_catalogue_says_what_the_po_says() -> None:
    po = {key(e): (e.msgstr, e.msgstr_plural) for e in catalogue().translated_entries()}
    mo = {key(e): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(COMPILED)) if e.msgid}

    assert mo == po, "the .mo is not the .po's: run make messages"


def test_the_catalogue_header_is_spanish_and_not_fuzzy() -> None:
    po = catalogue()

    assert po.metadata["Language"] == "es"
    assert not po.metadata_is_fuzzy


def _makemessages_arguments() -> list[str]:
    """The options `make messages` gives makemessages: the Makefile's, so the two agree."""
    found = re.search(r"^MAKEMESSAGES := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert found, "the Makefile has no MAKEMESSAGES line"
    return shlex.split(found.group(1))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_make_messages_would_not_change_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "wholechild"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.json")
    )
    environment = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "wholechild.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "django", *_makemessages_arguments()],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    made = polib.pofile(str(copy / CATALOGUE.relative_to(PACKAGE)))

    before = {key(e) for e in catalogue() if not e.obsolete}
    after = {key(e) for e in made if not e.obsolete}
    assert not after - before, f"new strings, not in the catalogue: {sorted(after - before)}"
    assert not before - after, f"strings no page uses any more: {sorted(before - after)}"
