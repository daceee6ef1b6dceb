"""Which publication date an HTML page really states.

htmldate always answers with a full day: when a page gives only a year (a
copyright line, "عام 2016") or a month (``/2017/02/`` in the URL, a meta
``2017-02``) it returns YYYY-01-01, YYYY-MM-01 or even today's day of the
month. rasid would then date events and quotes on an invented day. So its
answer is only a candidate: it is accepted when the page (markup, metadata,
``<time>``, URL or text) writes that very day, month and year together; else
``published`` stays unknown and the year or month the page does state is kept
as ``partial``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Month names as Arabic news writes them (Egyptian/Gulf, Levantine, Maghrebi)
# and English, by month number; matched after digits are made ASCII.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "جانفي", "january", "jan"),
    2: ("فبراير", "شباط", "فيفري", "february", "feb"),
    3: ("مارس", "آذار", "اذار", "march", "mar"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل", "april", "apr"),
    5: ("مايو", "أيار", "ايار", "ماي", "may"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "june", "jun"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "july", "jul"),
    8: ("أغسطس", "اغسطس", "آب", "أوت", "اوت", "august", "aug"),
    9: ("سبتمبر", "أيلول", "ايلول", "september", "sept", "sep"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "november", "nov"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول", "december", "dec"),
}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_CANDIDATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SEP = r"[-/._]"
# Between a month name and the year: spaces, commas, or a second name of the
# same month ("16 شباط/فبراير 2017"); bounded so unrelated text cannot join.
_NAME_TO_YEAR = r"[^\d<>]{0,24}?"
# Characters kept each side of a year: more than the longest form writes
# before or after its year, so window edges never cut a match.
_WINDOW = 64
MAX_YEAR_MENTIONS = 200


@dataclass
class PageDate:
    published: str | None  # YYYY-MM-DD the page states, else None
    partial: str | None = None  # "YYYY" or "YYYY-MM" when only that much is stated


def _names(month: int) -> str:
    return "|".join(re.escape(n) for n in sorted(MONTH_NAMES[month], key=len, reverse=True))


@lru_cache(maxsize=512)
def _full_date_pattern(year: int, month: int, day: int) -> re.Pattern[str]:
    y, m, d, names = str(year), f"0?{month}", f"0?{day}", _names(month)
    forms = [
        rf"{y}{_SEP}{m}{_SEP}{d}",  # 2017-02-16, 2017/2/16 (metadata, <time>, URLs)
        rf"{y}{month:02d}{day:02d}",  # 20170216 (URLs, ids)
        rf"{d}{_SEP}{m}{_SEP}{y}",  # 16/02/2017
        rf"{m}{_SEP}{d}{_SEP}{y}",  # 02/16/2017
        rf"{d}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{names})\b{_NAME_TO_YEAR}{y}",  # 16 فبراير 2017
        rf"(?:{names})\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}",  # February 16, 2017
    ]
    return re.compile(r"(?<!\d)(?:" + "|".join(forms) + r")(?!\d)", re.I)


@lru_cache(maxsize=512)
def _month_pattern(year: int, month: int) -> re.Pattern[str]:
    y, m, names = str(year), f"0?{month}", _names(month)
    forms = [rf"{y}{_SEP}{m}(?!\d)", rf"(?<!\d){m}{_SEP}{y}", rf"(?:{names})\b{_NAME_TO_YEAR}{y}"]
    return re.compile(r"(?<!\d)(?:" + "|".join(forms) + r")(?!\d)", re.I)


def stated_date(candidate: str | None, html: str, url: str | None = None) -> PageDate:
    """Accept ``candidate`` (htmldate's YYYY-MM-DD) only if the page writes it."""
    if not candidate:
        return PageDate(None)
    m = _CANDIDATE.match(candidate)
    if not m:
        return PageDate(None)
    year, month, day = (int(g) for g in m.groups())
    windows = _around_year(html + "\n" + (url or ""), year)
    if any(_full_date_pattern(year, month, day).search(w) for w in windows):
        return PageDate(m.group(0))
    if any(_month_pattern(year, month).search(w) for w in windows):
        return PageDate(None, f"{year:04d}-{month:02d}")
    return PageDate(None, f"{year:04d}")


def _around_year(page: str, year: int) -> list[str]:
    """The stretches of the page around mentions of the year (in Western or
    Arabic-Indic digits), digits made ASCII, overlapping stretches merged.

    Every form above writes the year, so the patterns need not scan and
    translate the whole page: a substring search is two orders of magnitude
    faster on a 1 MB page. Only the first MAX_YEAR_MENTIONS count: metadata
    and datelines come early, and a page of tables must not cost seconds.
    """
    spans: list[tuple[int, int]] = []
    for written in {str(year), str(year).translate(_TO_ARABIC_INDIC), str(year).translate(_TO_PERSIAN)}:
        start = page.find(written)
        while start != -1 and len(spans) < MAX_YEAR_MENTIONS:
            spans.append((max(0, start - _WINDOW), start + len(written) + _WINDOW))
            start = page.find(written, start + len(written))
    merged: list[list[int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [page[lo:hi].translate(_DIGITS) for lo, hi in merged]
