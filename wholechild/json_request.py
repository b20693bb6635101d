"""Reading a screening request from the wire, shared by the command line and the JSON API.

Both doors must refuse the same malformed input with the same words before the engine sees it;
everything about the request's content is the engine's to judge. Plain Python, no Django: the
command line imports this on its fast path.
"""

from __future__ import annotations

import json

# typing alone would add a third to the command line's start-up; annotations are strings here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

ALLOWED = 'a JSON object in UTF-8, such as {"age_months": 20}'


class MalformedRequest(ValueError):
    """The input is not a JSON object, so there is no request to screen.

    The message is one sentence a person can act on; `value` is a short description of what
    was found (never the input itself, which may hold a child's details).
    """

    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.value = value


def _refuse_constant(name: str) -> NoReturn:
    # json accepts NaN and Infinity, which are not JSON and would not survive the answer.
    raise MalformedRequest(f"The request is not valid JSON: {name} is not a JSON number.")


def _whole_number(text: str) -> int:
    # Python refuses to read a whole number of more than 4,300 digits (a guard against slow
    # conversions), with a ValueError json.loads would let through; no field takes one.
    try:
        return int(text)
    except ValueError:
        digits = len(text.lstrip("-"))
        raise MalformedRequest(
            f"The request has a number too long to read: it has {digits} digits.",
            f"a number of {digits} digits",
        ) from None


def load_request(data: bytes | str) -> dict[str, Any]:
    """Parse the text of a request into a dict, or raise MalformedRequest saying why not."""
    if isinstance(data, bytes):
        try:
            data = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedRequest(
                f"The request is not valid JSON: it is not UTF-8 text "
                f"(byte {error.start + 1} cannot be read)."
            ) from None
    try:
        request = json.loads(data, parse_constant=_refuse_constant, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise MalformedRequest(
            f"The request is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from None
    except RecursionError:
        raise MalformedRequest("The request is not valid JSON: it is nested too deeply.") from None
    if not isinstance(request, dict):
        kind = _json_kind(request)
        raise MalformedRequest(
            f"The request must be a JSON object with the child's details, not {kind}.", kind
        )
    return request


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "null"
