"""The one error the engine raises for bad input."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _json_safe(value: Any) -> Any:
    """The offending value as JSON can carry it, cut short so an error never echoes a flood."""
    if value is None or isinstance(value, bool | int | str):
        return value if not isinstance(value, str) or len(value) <= 200 else value[:200] + "…"
    if isinstance(value, float):
        return (
            value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
        )
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "…"


class ScreeningError(ValueError):
    """A request the engine cannot evaluate.

    It names the field, the offending value and what is allowed, so that a person at a command
    line, a program over HTTP and a developer at a prompt all know what to change. Nothing is
    half-evaluated: the engine raises before it works anything out.
    """

    def __init__(self, field: str, value: Any, allowed: str, problem: str = "is not allowed"):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.problem = problem
        if value is _MISSING:
            # "age_months is missing; give …", never "age_months: (missing) is; …".
            super().__init__(f"{field} {problem}; {allowed}.")
        else:
            super().__init__(f"{field}: {_shown(value)} {problem}; {allowed}.")

    def as_dict(self) -> dict[str, Any]:
        """The error as the contract's JSON: field, value, message and what is allowed."""
        return {
            "error": {
                "field": self.field,
                "value": None if self.value is _MISSING else _json_safe(self.value),
                "message": str(self),
                "allowed": self.allowed,
            }
        }


_MISSING = object()


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


MISSING: Any = _MISSING  # stands for a field the request left out
