"""The engine in Spanish (issue 15): every English sentence of the content has its Spanish twin,
kept to docs/spanish-glossary.md, and an answer in Spanish is the English answer in other words:
its ids, levels, urgency, sources, ages and version never change with the language."""

import copy
import json
import re
import shutil
import statistics
import unicodedata
from pathlib import Path

import pytest
import textstat
from hypothesis import HealthCheck, given, settings

from wholechild.screening import (
    ScreeningError,
    describe_age,
    focus_areas,
    get_content,
    home_activities,
    milestones_for_age,
    preferred_language,
    render_text,
    screen,
)
from wholechild.screening import content as content_module
from wholechild.screening.content import read_sources, translate

from .test_properties import TODAY, valid_requests
from .test_reading_level import sweep, template_key

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.json"))
GLOSSARY = Path(__file__).parents[2] / "docs" / "spanish-glossary.md"
# Twins that are rightly the same in both languages: the therapies' short names, which the
# family sees on US forms (docs/spanish-glossary.md).
SAME_IN_BOTH = {"PT", "OT"}
# Words that give away English left in a Spanish sentence.
ENGLISH_WORDS = re.compile(r"\b(the|your|you|child|with|and|when|doctor|baby)\b", re.IGNORECASE)
TEXT_FIELDS = ("reasons", "notes", "other_professionals")


def spanish_pairs():
    compiled = read_sources()
    _files, _problems, pairs = translate(compiled["files"], compiled["translations"]["es"], "es")
    return pairs


def machine(answer):
    """The answer with its words taken out: what must not change with the language."""
    kept = copy.deepcopy(answer)
    for field in TEXT_FIELDS:
        for item in kept[field]:
            item.pop("text")
    kept["next_steps"] = len(kept["next_steps"])
    return kept


def outside_quotes(text):
    return re.sub(r"“[^”]*”", "", text)


# --- The content --------------------------------------------------------------------------


def test_every_english_sentence_of_the_content_has_its_spanish_twin():
    compiled = read_sources()
    _files, problems, pairs = translate(compiled["files"], compiled["translations"]["es"], "es")
    assert problems == []
    assert len(pairs) > 400


def test_the_twin_check_finds_each_kind_of_mistake():
    compiled = read_sources()
    words = copy.deepcopy(compiled["translations"]["es"])
    del words["milestones.toml"]["milestone"]["runs"]["label"]
    words["milestones.toml"]["milestone"]["kicks-ball"]["works_on"] = "  "
    words["milestones.toml"]["milestone"]["flies"] = {"label": "Vuela"}
    words["concerns.toml"]["concern"]["feeding"]["source"] = "seed"
    words["concerns.toml"]["concern"]["head-tilt"]["rule"].pop()
    words["messages.toml"]["milestone"]["missed"] = "Respondió “todavía no” a “{etiqueta}”."
    words["messages.toml"]["text"]["goodbye"] = "Adiós"
    del words["activities.toml"]

    _files, problems, _pairs = translate(compiled["files"], words, "es")

    found = "\n".join(problems)
    assert "milestone.runs.label has no es twin" in found
    assert "milestone.kicks-ball.works_on has no es twin" in found
    assert "[milestone.flies] has no English entry" in found
    assert "concern.feeding.source is not words" in found
    assert "concern.head-tilt: 1 rules, not 2" in found
    assert "[milestone] missed must fill in ['age', 'label', 'limit']" in found
    assert "[text] goodbye has no English text" in found
    assert "es/activities.toml is missing" in found


def test_no_spanish_twin_is_the_english_left_untranslated():
    same = [(where, es) for where, en, es in spanish_pairs() if es == en and es not in SAME_IN_BOTH]
    assert same == []


def test_no_spanish_twin_is_still_written_in_english():
    english = [(where, es) for where, _en, es in spanish_pairs() if ENGLISH_WORDS.search(es)]
    assert english == []


def test_the_english_check_finds_english():
    assert ENGLISH_WORDS.search("Ask your child’s doctor")
    assert not ENGLISH_WORDS.search("Pregúntele al médico de su hijo")


def glossary_terms():
    """The glossary's table of terms: English → Spanish, as docs/spanish-glossary.md has it."""
    text = GLOSSARY.read_text()
    table = text[text.index("## Terms") : text.index("## Words we do not use")]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ")]
    return {en.strip(): es.strip() for en, es in rows[1:]}


def test_the_glossary_has_the_terms_the_issue_names():
    terms = glossary_terms()
    assert terms["corrected age"] == "edad corregida"
    assert terms["early intervention"] == "intervención temprana"
    assert terms["physical therapy"] == "terapia física"
    assert terms["occupational therapy"] == "terapia ocupacional"
    assert len(terms) > 30


def plain(text):
    """Lower case, without accents: "Evaluación" and "evaluaciones" share "evaluacion"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term_pattern(spanish):
    """The glossary's Spanish as a pattern that also takes its plural."""
    return re.compile(r"\b" + r"\s+".join(re.escape(w) + "(s|es)?" for w in plain(spanish).split()))


@pytest.mark.parametrize("term", glossary_terms())
def test_each_content_sentence_with_a_glossary_term_uses_its_spanish(term):
    spanish = glossary_terms()[term]
    missing = [
        (where, es)
        for where, en, es in spanish_pairs()
        if term.lower() in en.replace("’", "'").lower()
        and not term_pattern(spanish).search(plain(es))
    ]
    assert missing == [], f"{term!r} is {spanish!r} (docs/spanish-glossary.md)"


def test_the_glossary_check_takes_plurals_and_finds_a_missing_term():
    assert term_pattern("terapeuta físico").search(plain("Los terapeutas físicos ayudan"))
    assert term_pattern("evaluación").search(plain("evaluaciones de la escuela"))
    assert not term_pattern("intervención temprana").search(plain("atención temprana"))


AVOIDED = {
    r"\bfisioterap": "terapia física",
    r"\bedad ajustada\b": "edad corregida",
    r"\batención temprana\b": "intervención temprana",
    r"\bdoctor\b": "médico",
    r"\b(tú|tu|tus|tienes|puedes|quieres|contigo)\b": "usted",
}


@pytest.mark.parametrize("avoided", AVOIDED)
def test_the_spanish_keeps_to_usted_and_the_glossarys_words(avoided):
    found = [
        (where, es)
        for where, _en, es in spanish_pairs()
        if re.search(avoided, outside_quotes(es), re.IGNORECASE)
    ]
    assert found == [], f"write {AVOIDED[avoided]!r}"


def test_the_usted_check_finds_tu_and_spares_what_a_parent_says_to_the_child():
    tu = list(AVOIDED)[-1]
    assert re.search(tu, "Pide a tu médico que te vea")
    assert not re.search(tu, outside_quotes("Dígale a su hijo “tú puedes”."))


def test_the_version_is_one_for_both_languages_and_covers_the_spanish_words(tmp_path, monkeypatch):
    assert get_content("es").version == get_content("en").version
    folder = tmp_path / "content"
    shutil.copytree(content_module.CONTENT_DIR, folder)
    before = read_sources()["version"]
    monkeypatch.setattr(content_module, "CONTENT_DIR", str(folder))
    assert read_sources()["version"] == before
    spanish = folder / "es" / "milestones.toml"
    spanish.write_text(spanish.read_text().replace('"Corre"', '"Corre mucho"'))

    assert read_sources()["version"] != before


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ScreeningError) as raised:
        get_content("fr")

    assert raised.value.field == "language"
    assert "'fr'" in str(raised.value) and "en, es" in str(raised.value)


# --- Answers ------------------------------------------------------------------------------


def test_an_answer_in_spanish_has_spanish_words():
    request = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}

    answer = screen(request, language="es")

    assert answer["reasons"][0]["text"].startswith("La mayoría de los niños caminan solos")
    assert "Pida una evaluación ahora" in answer["next_steps"][0]
    assert machine(answer) == machine(screen(request))


def test_english_is_the_default_language():
    request = {"age_months": 20, "concerns": ["toe-walking"]}
    assert screen(request) == screen(request, language="en")


def test_screening_in_an_unknown_language_is_refused_before_the_request_is_read():
    with pytest.raises(ScreeningError) as raised:
        screen({"age_months": -1}, language="de")
    assert raised.value.field == "language"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_worked_example_gives_the_same_machine_answer_in_spanish(path):
    request = json.loads(path.read_text())["input"]
    try:
        english = screen(request)
    except ScreeningError as error:
        with pytest.raises(ScreeningError) as raised:
            screen(request, language="es")
        assert raised.value.as_dict() == error.as_dict()
        return
    spanish = screen(request, language="es")

    assert machine(spanish) == machine(english)
    assert spanish != english, "the words are Spanish"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(valid_requests())
def test_the_machine_fields_never_change_with_the_language(request):
    english = screen(request, today=TODAY)
    spanish = screen(request, today=TODAY, language="es")

    assert machine(spanish) == machine(english)
    texts = [item["text"] for field in TEXT_FIELDS for item in spanish[field]]
    for text in texts + spanish["next_steps"]:
        assert text and "{" not in text and not ENGLISH_WORDS.search(text), text


def test_the_sweep_says_every_sentence_in_spanish_with_the_same_machine_answer():
    # The sweep of the reading-level test reaches each sentence of the content.
    for request in sweep():
        assert machine(screen(request, language="es")) == machine(screen(request)), request


def test_ages_are_said_in_spanish():
    assert describe_age(0.5, "es") == "menos de 1 mes"
    assert describe_age(1, "es") == "1 mes"
    assert describe_age(12, "es") == "12 meses"
    assert describe_age(24, "es") == "2 años"
    assert describe_age(38, "es") == "3 años y 2 meses"
    corrected = screen(
        {
            "age_months": 12,
            "gestational_age_weeks": 28,
            "milestones": {"pulls-to-stand": "not-yet"},
        },
        language="es",
    )
    assert "contando desde la fecha en que debía nacer" in corrected["notes"][0]["text"]


def test_the_text_summary_is_in_spanish():
    answer = screen({"age_months": 20, "milestones": {"walks-alone": "not-yet"}}, language="es")

    text = render_text(answer, "es")

    assert "Terapia física (PT): recomendada" in text
    assert "Terapia ocupacional (OT): no hace falta por ahora" in text
    assert "Qué hacer ahora" in text and "Esto no es un diagnóstico." in text
    assert "Noritz GH" in text  # the citation, as its publisher wrote it
    assert answer["content_version"] in text


def test_the_pages_words_from_the_engine_come_in_spanish_too():
    answer = screen(
        {"age_months": 20, "milestones": {"walks-alone": "not-yet"}, "concerns": ["hand-skills"]},
        language="es",
    )
    assert focus_areas(answer, "es")["pt"] == ["caminar solo"]
    assert home_activities(answer, "es")[0]["text"].startswith("Arrodíllese")
    assert milestones_for_age(2, "es")[0].label.startswith("Levanta la cabeza")
    spanish, english = get_content("es"), get_content("en")
    assert spanish.concerns["feeding"].asked == english.concerns["feeding"].asked
    assert spanish.sources["cdc-2022"].name == "Indicadores del desarrollo de los CDC, 2022"
    assert spanish.sources["cdc-2022"].citation == english.sources["cdc-2022"].citation


# --- Reading level -------------------------------------------------------------------------

# Fernández-Huerta's ease for Spanish (textstat 0.7.3): 70 to 80 is "bastante fácil", a sixth
# grader's reading, as the English median's grade 6; under 60 is past grade 8.
EASE_MEDIAN_AT_LEAST = 70
HARD_EASE = 60
SPANISH_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡“(])")


@pytest.fixture
def spanish_syllables():
    textstat.set_lang("es")
    yield
    textstat.set_lang("en_US")  # textstat's default, which the English tests count with


def spanish_said():
    """Each Spanish sentence the sweep's answers say, once per template, as for English."""
    content = get_content("es")
    texts = [d.summary for d in content.disciplines.values()]
    texts.append(content.messages["text"]["not_diagnosis"])
    for request in sweep():
        answer = screen(request, language="es")
        texts += [item["text"] for field in TEXT_FIELDS for item in answer[field]]
        texts += answer["next_steps"]
    found: dict[str, str] = {}
    for text in texts:
        for sentence in SPANISH_SENTENCE_END.split(text.strip()):
            found.setdefault(template_key(sentence), sentence)
    return list(found.values())


def test_the_spanish_reads_as_easily_as_the_english(spanish_syllables):
    said = spanish_said()
    ease = [textstat.fernandez_huerta(s) for s in said]

    assert len(said) > 150
    assert statistics.median(ease) >= EASE_MEDIAN_AT_LEAST
    hard = [s for s, e in zip(said, ease, strict=True) if e < HARD_EASE]
    assert len(hard) <= 0.10 * len(said), hard


def test_a_hard_spanish_sentence_is_one_that_names_a_therapy_a_specialist_or_an_address(
    spanish_syllables,
):
    names = ("terapia", "terapeuta", "pediatra", "neurólogo", "ortopedista", "cdc.gov")
    hard = [s for s in spanish_said() if textstat.fernandez_huerta(s) < HARD_EASE]
    assert [s for s in hard if not any(name in s for name in names)] == []


def test_the_ease_score_tells_an_easy_spanish_sentence_from_a_hard_one(spanish_syllables):
    assert textstat.fernandez_huerta("Comparta este resumen con el médico de su hijo.") > 70
    hard = "Los terapeutas ocupacionales investigan sistemáticamente dificultades propioceptivas."
    assert textstat.fernandez_huerta(hard) < HARD_EASE


# --- Choosing a language from a client's Accept-Language -----------------------------------


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-CA,fr;q=0.9,es;q=0.5", "es"),
        ("en;q=0.4, es-US;q=0.7", "es"),
        ("fr", "en"),
        ("es;q=0", "en"),
        ("es;q=nonsense", "en"),
        ("es;q=1.5", "en"),
        ("*", "en"),
        ("ES", "es"),
    ],
)
def test_the_preferred_language_follows_accept_languages_q_values(header, language):
    assert preferred_language(header) == language
