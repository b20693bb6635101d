"""What the inbox's search looks in: one text per request, kept with it, that a single index
answers (a trigram index on PostgreSQL). It holds the reference without its dash, the parent's
and child's names, the email and the phone's digits, each on a line of its own, without case or
accents, so that one `LIKE '%…%'` per way of reading the search finds a request however either
was written. Plain Python: the model keeps it up to date on save, the migration fills it in."""

from __future__ import annotations

import unicodedata

# Between the parts, so that a search never matches across two of them. A search is one line.
SEPARATOR = "\n"


def normalised(text: str) -> str:
    """Without case or accents: "José ÁLVAREZ" is "jose alvarez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def digits(text: str) -> str:
    """Only the digits: "(555) 01-00" is "5550100"."""
    return "".join(char for char in text if char.isdigit())


def plain_reference(text: str) -> str:
    """A reference as typed, without case, spaces or dashes: " k7m3-qxp " is "k7m3qxp"."""
    return "".join(text.split()).replace("-", "").casefold()


def search_text(
    *, reference: str, parent_name: str, child_first_name: str, email: str, phone: str
) -> str:
    """The text a request is found by: five lines, always in this order, the phone's digits
    first (so that a number too short to be looked for in phones is looked for after the first
    line only). A withdrawn request's holds its reference alone: the family's details are
    erased from it with the rest."""
    parts = [
        digits(phone),
        plain_reference(reference),
        normalised(parent_name),
        normalised(child_first_name),
        normalised(email),
    ]
    return SEPARATOR.join(parts)


def search_terms(search: str, *, phone_digits: int) -> list[tuple[str, bool]]:
    """The ways of reading what was typed, each looked for in the search text, with whether it
    is looked for in the phone's digits too: as words (a name, an email), as a reference (no
    spaces or dash) and, with at least `phone_digits` digits, as a phone number (its digits
    only). A shorter number is not looked for in phones: it would find most of them."""
    number = digits(search)
    readings = [normalised(search), plain_reference(search)]
    if len(number) >= phone_digits:
        readings.append(number)
    return [
        (term, not term.isdigit() or len(term) >= phone_digits)
        for term in dict.fromkeys(reading for reading in readings if reading)
    ]
