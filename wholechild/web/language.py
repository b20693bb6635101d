"""The language of the page, as the engine names it: for the engine's sentences on a page (its
answer, its milestones and concerns, its ages in words) to be in the language of the page's own
words. Django chose that language (the language switch, else the browser's Accept-Language);
the clinic's pages are in English."""

from __future__ import annotations

from django.utils import translation

from wholechild.screening import LANGUAGES

ENGINE_DEFAULT = LANGUAGES[0]


def page_language() -> str:
    """The active language when the engine has words in it, else the engine's first (English)."""
    code = (translation.get_language() or ENGINE_DEFAULT).split("-")[0]
    return code if code in LANGUAGES else ENGINE_DEFAULT
