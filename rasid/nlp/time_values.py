"""Calendar arithmetic for temporal values (TimeML-like strings).

Values are ISO dates (2017-02-15), partial dates (2017-02, 2017, a decade
"199"), ISO weeks (2017-W07), datetimes (2017-02-16T10:00) and ISO durations
(P6Y, PT2H). This module only computes; deciding *which* date a phrase means
(past or future, which year) happens in :mod:`rasid.nlp.times`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from enum import Enum


class Tense(Enum):
    """Which way a phrase without an explicit year or direction points."""

    PAST = -1
    UNKNOWN = 0
    FUTURE = 1


def parse_anchor(published: str | None) -> dt.date | None:
    """The document creation date from ``Document.published`` (ISO date or
    datetime); None when unknown or unreadable, so that nothing is invented."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def iso_day(day: dt.date) -> str:
    return day.isoformat()


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift(anchor: dt.date, amount: int, unit: str) -> str | None:
    """The calendar point ``amount`` units from ``anchor`` at the unit's
    granularity: days and weeks give a date, months a month, years a year."""
    if unit == "D":
        return iso_day(anchor + dt.timedelta(days=amount))
    if unit == "W":
        return iso_day(anchor + dt.timedelta(weeks=amount))
    if unit == "M":
        return iso_month(*add_months(anchor.year, anchor.month, amount))
    if unit == "Y":
        return f"{anchor.year + amount:04d}"
    if unit.endswith("Y") and unit[:-1].isdigit():  # decades, centuries
        return f"{anchor.year + amount * int(unit[:-1]):04d}"
    if unit in ("H", "MIN"):
        return iso_day(anchor)
    return None


def calendar_unit(anchor: dt.date, offset: int, unit: str) -> str | None:
    """The week/month/year ``offset`` units from the one holding ``anchor``:
    الأسبوع الماضي, الشهر المقبل, العام الحالي."""
    if unit == "W":
        return iso_week(anchor + dt.timedelta(weeks=offset))
    if unit == "M":
        return iso_month(*add_months(anchor.year, anchor.month, offset))
    if unit == "Y":
        return f"{anchor.year + offset:04d}"
    return None


# The month each season starts in (northern meteorological seasons; winter
# is named by the year of its December, as TimeML's 2015-WI).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_year(anchor: dt.date, season: str, direction: int | None) -> int:
    """The year of هذا الصيف (0 or None), الصيف الماضي (-1: the last one
    already over) or الصيف المقبل (+1: the next one not yet begun)."""
    start = SEASON_START[season]

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        first = dt.date(year, start, 1)
        end_year, end_month = add_months(year, start, 3)
        return first, dt.date(end_year, end_month, 1)

    if direction == -1:
        return max(y for y in (anchor.year - 2, anchor.year - 1, anchor.year) if bounds(y)[1] <= anchor)
    if direction == 1:
        return min(y for y in (anchor.year, anchor.year + 1) if bounds(y)[0] > anchor)
    if start == 12 and anchor.month < 3:
        return anchor.year - 1  # January's "this winter" began last December
    return anchor.year


def duration(amount: int | float, unit: str) -> str:
    """ISO 8601 duration: 6 years -> P6Y, 2 hours -> PT2H, a decade -> P10Y."""
    multiple, base = _split_unit(unit)
    n = amount * multiple
    text = f"{n:g}"
    if base in ("H", "MIN"):
        return f"PT{text}{'H' if base == 'H' else 'M'}"
    return f"P{text}{base}"


def _split_unit(unit: str) -> tuple[int, str]:
    """"2D" -> (2, "D") (dual forms), "10Y" -> (10, "Y"), "W" -> (1, "W")."""
    digits = ""
    while unit and unit[0].isdigit():
        digits, unit = digits + unit[0], unit[1:]
    return (int(digits) if digits else 1), unit


def unit_count(unit: str) -> tuple[int, str]:
    return _split_unit(unit)


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def day_in_direction(anchor: dt.date, month: int, day: int, direction: int | None,
                     tense: Tense = Tense.UNKNOWN) -> str | None:
    """The date with this month and day nearest ``anchor``: direction -1 the
    latest before it, +1 the earliest after it, 0 this year's; None lets the
    tense decide, and an unknown tense takes the nearest."""
    if direction == 0:
        return iso_day(dt.date(anchor.year, month, day)) if valid_day(anchor.year, month, day) else None
    candidates = [dt.date(y, month, day) for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                  if valid_day(y, month, day)]
    chosen = _pick(candidates, anchor, direction, tense)
    return iso_day(chosen) if chosen else None


def day_on_weekday(anchor: dt.date, month: int, day: int, weekday: int,
                   direction: int | None = None) -> dt.date | None:
    """The date with this month and day, in the anchor's year or a neighbouring
    one, that falls on ``weekday`` (Monday = 0), within ``direction`` (-1
    before the anchor, +1 after, 0 the anchor's year); None when none does.
    A date's weekday moves one or two days a year, so at most one fits."""
    years = (anchor.year,) if direction == 0 else (anchor.year - 1, anchor.year, anchor.year + 1)
    fits = [dt.date(y, month, day) for y in years if valid_day(y, month, day)
            and dt.date(y, month, day).weekday() == weekday]
    if direction == -1:
        fits = [d for d in fits if d < anchor]
    elif direction == 1:
        fits = [d for d in fits if d > anchor]
    return min(fits, key=lambda d: abs((d - anchor).days)) if fits else None


def month_in_direction(anchor: dt.date, month: int, direction: int | None,
                       tense: Tense = Tense.UNKNOWN) -> str:
    """The month nearest ``anchor``'s month, chosen like ``day_in_direction``;
    with a tense the current month counts as both past and future."""
    if direction == 0:
        return iso_month(anchor.year, month)
    current = dt.date(anchor.year, anchor.month, 1)
    candidates = [dt.date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    chosen = _pick(candidates, current, direction, tense) or current
    return iso_month(chosen.year, chosen.month)


def _pick(candidates: list[dt.date], anchor: dt.date, direction: int | None,
          tense: Tense) -> dt.date | None:
    """Strictly before/after for an explicit direction; for a tense the anchor
    itself also qualifies; otherwise the nearest candidate."""
    if not candidates:
        return None
    if direction == -1:
        pool = [d for d in candidates if d < anchor]
        return max(pool) if pool else None
    if direction == 1:
        pool = [d for d in candidates if d > anchor]
        return min(pool) if pool else None
    if tense is Tense.FUTURE:
        pool = [d for d in candidates if d >= anchor]
        return min(pool) if pool else None
    if tense is Tense.PAST:
        pool = [d for d in candidates if d <= anchor]
        return max(pool) if pool else None
    return min(candidates, key=lambda d: abs((d - anchor).days))


def weekday_in_direction(anchor: dt.date, weekday: int, direction: int | None,
                         tense: Tense = Tense.UNKNOWN) -> str:
    """The date of a weekday (Monday = 0) relative to ``anchor``.

    -1 (الماضي): the latest one strictly before; +1 (المقبل): the earliest one
    strictly after. Without a direction news usually means this week's past
    or present day; a future tense takes the next one on or after the anchor.
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == -1:
        return iso_day(anchor - dt.timedelta(days=back or 7))
    if direction == 1:
        return iso_day(anchor + dt.timedelta(days=ahead or 7))
    if tense is Tense.FUTURE:
        return iso_day(anchor + dt.timedelta(days=ahead))
    return iso_day(anchor - dt.timedelta(days=back))


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """A Hijri (Umm al-Qura) date as a Gregorian date, via hijridate; None
    outside the library's range or for an impossible day."""
    from hijridate import Hijri  # imported on use: only Hijri dates need it

    try:
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def gregorian_to_hijri_year(day: dt.date) -> int | None:
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None
