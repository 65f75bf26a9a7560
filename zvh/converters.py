"""URL converters. `<id:...>` is a database id: digits that fit a bigint.

Django's `<int:...>` accepts any number of digits, so `/…/99999999999999999999/` reached the view
(and the access log) with a number no database column holds: a 500 on SQLite and PostgreSQL alike.
An id of more than 18 digits does not match the URL at all: a plain 404.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def parse_id(value) -> int | None:
    """A query-string or form id as an int that fits a bigint, or None (not a number, or too large)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    return int(text)


register_converter(IdConverter, "id")
