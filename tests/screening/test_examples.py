"""The worked examples from the product brief come out as they expect."""

import json
from pathlib import Path

import pytest

from wholechild.screening import ScreeningError, screen

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.json"))


def test_the_examples_are_there():
    # The product brief's version-1 and version-2 worked cases, copied from ../shared/product.
    assert len(EXAMPLES) >= 16
    assert len([p for p in EXAMPLES if p.stem.startswith("v2-")]) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_comes_out_as_expected(path):
    case = json.loads(path.read_text())
    expect = case["expect"]
    if expect.get("error"):
        with pytest.raises(ScreeningError):
            screen(case["input"])
        return
    answer = screen(case["input"])
    assert answer["overall"] in expect["overall"]
    assert answer["urgency"] in expect["urgency"]
    for discipline in ("pt", "ot"):
        if discipline in expect:
            assert answer[discipline]["level"] in expect[discipline]
