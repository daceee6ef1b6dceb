"""Publication dates from metadata strings to ISO 8601.

One normalisation for every source (JSON records, feeds, sidecars,
``--published``, HTML), so the same item read from a feed and from a JSONL
dump gets the same string:
- an offset the source states is kept (``Z`` and ``GMT`` become ``+00:00``);
  a time without one stays naive (the source's local time);
- a bare date stays a date (no invented midnight);
- only full dates count: a year or a month alone, relative words
  ("yesterday", "منذ يومين", which would be read against the clock of the run)
  and impossible dates (2015-13-45) give None, so callers can warn instead of
  storing an invented day.
"""
from __future__ import annotations

import email.utils
import math
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
# RFC 822/2822 as RSS writes it: "Thu, 16 Feb 2017 10:00:00 +0300".
_RFC2822_LIKE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# Years outside this range are typos or placeholders (0001-01-01, 9999-12-31).
MIN_YEAR, MAX_YEAR = 1900, 2100
# Unix timestamps below this (1973) are more likely years or counts than times.
MIN_EPOCH_SECONDS = 1e8
# dateparser limited to absolute dates with day, month and year present.
_STRICT_DATEPARSER = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"]}


def _plausible(value: date) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def _iso_datetime(parsed: datetime) -> str | None:
    return parsed.isoformat() if _plausible(parsed) else None


def to_iso(value: Any) -> str | None:
    """ISO date or datetime for a metadata value, None when it is not a full date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, time.struct_time):
        return _iso_datetime(datetime(*value[:6]))
    if isinstance(value, datetime):
        return _iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat() if _plausible(value) else None
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    text = str(value).strip()
    if not text:
        return None
    if _ISO_LIKE.match(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            return None  # 2015-13-45: shaped like a date, but none
        if not _plausible(parsed):
            return None
        return text if len(text) == 10 else parsed.isoformat()
    if _RFC2822_LIKE.match(text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return _iso_datetime(parsed)
    return _dateparser_iso(text)


def _from_epoch(value: float) -> str | None:
    if math.isnan(value) or math.isinf(value):
        return None
    if value > 1e11:  # milliseconds, as JavaScript writes them
        value /= 1000
    if value < MIN_EPOCH_SECONDS:
        return None
    try:
        return _iso_datetime(datetime.fromtimestamp(value, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser_iso(text: str) -> str | None:
    import dateparser  # noqa: PLC0415 - slow import, only when needed

    try:
        parsed = dateparser.parse(text, settings=_STRICT_DATEPARSER)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not _plausible(parsed):
        return None
    # dateparser gives midnight for a date without time: keep it a date.
    return parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()


@dataclass
class CheckedDate:
    """A stated date read strictly: ``iso`` when usable, else ``warning`` says why."""

    iso: str | None
    warning: str | None = None


def check_date(value: Any, what: str) -> CheckedDate:
    """Read a date a source or the user stated; ``what`` names where it came
    from ("--published", "field published") for the warning."""
    iso = to_iso(value)
    if iso is None and value not in (None, ""):
        return CheckedDate(None, f"{what}: cannot read {value!r} as a full date (year, month and day); "
                                 "publication date left unknown")
    return CheckedDate(iso)


def validate_published(value: str) -> str:
    """The ISO form of a user-given date; ValueError saying why not (for CLI options)."""
    checked = check_date(value, "--published")
    if checked.iso is None:
        raise ValueError(checked.warning or "empty date")
    return checked.iso
