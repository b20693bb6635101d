"""Django's `{# … #}` comments end at the end of their line: one spread over two lines is
printed on the page (the pagination's was, on the inbox and the visits pages). Every
template's longer comments are `{% comment %}` blocks."""

from __future__ import annotations

import re
from pathlib import Path

import wholechild

TEMPLATES = sorted(Path(wholechild.__file__).parent.rglob("templates/**/*.html"))
ONE_LINE_COMMENT = re.compile(r"\{#(.*?)#\}", re.S)


def test_there_are_templates_to_read() -> None:
    assert len(TEMPLATES) > 50


def test_no_template_spreads_a_one_line_comment_over_two_lines() -> None:
    spread = [
        f"{path.name}:{text[: found.start()].count(chr(10)) + 1}"
        for path in TEMPLATES
        for text in [path.read_text()]
        for found in ONE_LINE_COMMENT.finditer(text)
        if "\n" in found[1]
    ]
    assert spread == []
