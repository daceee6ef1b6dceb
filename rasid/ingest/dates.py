"""Publication dates from metadata strings to ISO 8601."""
from __future__ import annotations

import re
import time
from datetime import date, datetime
from typing import Any

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def to_iso(value: Any) -> str | None:
    """ISO date or datetime for a metadata value, None when it is not a date.

    Naive datetimes stay naive (the source's local time); a bare date stays a
    date. Other formats go through dateparser (lazily imported: it is slow).
    """
    if value in (None, ""):
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6]).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        try:
            return datetime.utcfromtimestamp(value).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if _ISO_LIKE.match(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            return None
        return text[:10] if len(text) == 10 else parsed.isoformat()
    import dateparser  # noqa: PLC0415 - slow import, only when needed

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.isoformat() if parsed else None
