"""The screening engine: plain Python, no Django, the same answer for every door.

`screen(request)` takes the request of SCREENING_CONTRACT.md and returns its answer; bad input
raises `ScreeningError`. The command line, the JSON API and the web pages all call it.
"""

from .age import Age, child_age, describe_age, milestones_for_age
from .content import Content, get_content
from .errors import ScreeningError
from .rules import focus_areas, home_activities, largest_request, screen
from .text import render_text

__all__ = [
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
    "render_text",
    "screen",
]
