"""The milestone picture's parts: a row per milestone asked, the ages in the right places, the
child's age as lines, and the answer by shape and word."""

from __future__ import annotations

import re

from wholechild.screening import get_content
from wholechild.web.picture import AXIS_LEFT, AXIS_RIGHT, WIDTH, milestone_picture

AGE = {"chronological_months": 20.0, "corrected_months": None, "used_months": 20.0}


def answered(*pairs: tuple[str, str]):
    content = get_content()
    return [(content.milestones[mid], answer) for mid, answer in pairs]


def test_nothing_asked_gives_no_picture():
    assert milestone_picture([], AGE) is None


def test_each_row_has_its_answer_its_cdc_age_and_its_who_window():
    picture = milestone_picture(
        answered(("walks-alone", "not-yet"), ("scribbles", "yes"), ("runs", "unsure")), AGE
    )
    assert picture is not None
    walks, scribbles, runs = picture["rows"]
    assert (walks["answer"], walks["word"]) == ("not-yet", "Not yet")
    assert walks["cdc"]["words"] == "18 months"
    assert walks["cdc"]["short"] == "most by 18 mo"  # said in words where it matters
    assert walks["window"] == {"start": "8.2", "end": "17.6"}
    assert scribbles["window"] is None and "short" not in scribbles["cdc"]
    assert runs["answer"] == "unsure"
    assert picture["not_yet"] == [walks]
    assert picture["diamonds"].count("z") == 3
    assert picture["windows"].count("z") == 1
    assert picture["tracks"].count("M") == 3


def test_the_childs_age_is_a_line_labelled_with_it():
    picture = milestone_picture(answered(("walks-alone", "yes")), AGE)
    assert picture is not None
    (line,) = picture["lines"]
    assert line["words"] == "Your child: 20 months"
    assert not line["dashed"]
    ticks = {tick["label"]: float(tick["x"]) for tick in picture["axis"]["ticks"]}
    assert ticks["18"] < float(line["x"]) < ticks["24"]


def test_a_corrected_age_is_a_second_dashed_line():
    age = {"chronological_months": 9.0, "corrected_months": 6.7, "used_months": 6.7}
    picture = milestone_picture(answered(("sits-without-support", "not-yet")), age)
    assert picture is not None
    birth, due = picture["lines"]
    assert birth["words"] == "From birth: 9 months" and not birth["dashed"]
    assert due["words"] == "From the due date: 6.7 months" and due["dashed"]
    assert float(due["x"]) < float(birth["x"])
    assert picture["corrected"]


def test_everything_is_drawn_inside_the_picture():
    content = get_content()
    rows = [(m, "not-yet") for m in content.milestones.values()]
    for months in (2.0, 20.0, 60.0):
        age = {"chronological_months": months, "corrected_months": None, "used_months": months}
        picture = milestone_picture(rows, age)
        assert picture is not None
        for tick in picture["axis"]["ticks"]:
            assert AXIS_LEFT <= float(tick["x"]) <= AXIS_RIGHT
        for line in picture["lines"]:
            assert 0 <= float(line["label_x"]) <= WIDTH
        for row in picture["rows"]:
            for text in row["lines"]:
                assert len(text["text"]) <= 35
        xs = [float(m) for m in re.findall(r"M(-?[\d.]+) ", picture["diamonds"])]
        assert min(xs) >= AXIS_LEFT and max(xs) <= AXIS_RIGHT
        starts = [float(m) for m in re.findall(r"M(-?[\d.]+) ", picture["boxes"])]
        widths = [float(w) for w in re.findall(r"h(-?[\d.]+)v", picture["boxes"])]
        assert all(x >= 0 and x + w <= WIDTH for x, w in zip(starts, widths, strict=True))


def test_older_children_are_drawn_in_years():
    content = get_content()
    age = {"chronological_months": 50.0, "corrected_months": None, "used_months": 50.0}
    picture = milestone_picture([(content.milestones["hops-one-foot"], "not-yet")], age)
    assert picture is not None
    assert picture["axis"]["title"] == "Age in years"
    assert picture["rows"][0]["cdc"]["short"] == "most by 5 yr"


def test_coordinates_are_never_localized():
    picture = milestone_picture(answered(("walks-alone", "yes")), AGE)
    assert picture is not None
    assert re.fullmatch(r"\d+(\.\d)?", picture["lines"][0]["x"])
    assert "," not in picture["tracks"] + picture["boxes"]
