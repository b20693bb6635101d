"""The screening engine: plain Python, no Django, the same answer for every door.

`screen(request)` takes the request of SCREENING_CONTRACT.md and returns its answer; bad input
raises `ScreeningError`. The command line, the JSON API and the web pages all call it.
`screen(request, language="es")` gives the same answer in Spanish: only its words differ.
"""

from .age import Age, child_age, describe_age, milestones_for_age
from .content import LANGUAGES, Content, get_content, preferred_language
from .errors import ScreeningError
from .rules import focus_areas, home_activities, largest_request, screen
from .text import render_text

__all__ = [
    "LANGUAGES",
    "Age",
    "Content",
    "ScreeningError",
    "child_age",
    "describe_age",
    "focus_areas",
    "get_content",
    "home_activities",
    "largest_request",
    "milestones_for_age",
    "preferred_language",
    "render_text",
    "screen",
]
