"""Metadata values from untidy sources (JSON records, sidecars) to strings.

JSON gives numbers, lists, objects and HTML-escaped strings where rasid wants
plain strings; passing them on would break the store, the JSON output and
every ``str`` method downstream. Each field has one rule:
- strings: HTML entities unescaped (scrapers often store ``&quot;`` and
  ``&nbsp;``: 600 titles and bylines in three saudinewsnet days), stripped
  (the text only unescaped: its whitespace is the cleaner's to normalise);
- ``id``: integers (and integral floats) written as integers;
- ``text``: a list of strings is a list of paragraphs, joined by blank lines;
- ``title``/``outlet``/``author``: numbers as written, a list of strings
  joined, an object's ``name`` (schema.org's Person/Organization);
- ``url``: a string, or the first string of a list;
- ``published``: a full date read by rasid.ingest.dates (numbers as Unix time).
Anything else raises FieldError with the reason the user sees.
"""
from __future__ import annotations

import html
import math
from typing import Any

from rasid.ingest.dates import to_iso

# How list items of a field are joined.
_JOINERS = {"text": "\n\n", "author": "، ", "title": " ", "outlet": ", "}


class FieldError(ValueError):
    """A field value that cannot be read as that field."""


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _clean_string(value: str) -> str:
    return (html.unescape(value) if "&" in value else value).strip()


def _number_string(value: int | float) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise FieldError(f"is the number {value}")
        if value.is_integer():
            return str(int(value))
    return str(value)


def coerce_field(name: str, value: Any) -> str | None:
    """``value`` as the string rasid stores for field ``name``; None when absent."""
    if value is None:
        return None
    if name == "published":
        return _coerce_date(value)
    if isinstance(value, str):
        if name == "text":  # whitespace and paragraph breaks are the cleaner's to normalise
            return html.unescape(value) if "&" in value else value
        return _clean_string(value) or None
    if isinstance(value, bool):
        raise FieldError(f"field {name} is a boolean ({value}), not text")
    if isinstance(value, (int, float)):
        if name in ("id", "title", "outlet", "author"):
            return _number_string(value)
        raise FieldError(f"field {name} is a {_json_type(value)} ({value}), not text")
    if isinstance(value, (list, tuple)):
        return _coerce_list(name, value)
    if isinstance(value, dict) and name in ("outlet", "author") and isinstance(value.get("name"), str):
        return _clean_string(value["name"]) or None
    raise FieldError(f"field {name} is a JSON {_json_type(value)}, not a string")


def _coerce_list(name: str, value: list | tuple) -> str | None:
    items = [v for v in value if v not in (None, "")]
    if not all(isinstance(v, str) for v in items):
        kinds = sorted({_json_type(v) for v in items if not isinstance(v, str)})
        raise FieldError(f"field {name} is a list holding {', '.join(kinds)} values, not only strings")
    strings = [s for s in (_clean_string(v) for v in items) if s]
    if not strings:
        return None
    if name == "url":
        return strings[0]
    if name not in _JOINERS:
        raise FieldError(f"field {name} is a list, not a single value")
    return _JOINERS[name].join(strings)


def _coerce_date(value: Any) -> str | None:
    if isinstance(value, str):
        value = _clean_string(value)
        if not value:
            return None
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"field published is a JSON {_json_type(value)}, not a date")
    iso = to_iso(value)
    if iso is None:
        raise FieldError(f"field published: cannot read {value!r} as a full date (year, month and day)")
    return iso
