"""RSS and Atom feed files: one article per entry (feedparser).

Dates come from the entry's raw ``published``/``updated`` string, read by
rasid.ingest.dates like every other source: feedparser's ``*_parsed`` struct
is converted to UTC and drops the offset, so the same item would carry a
different time here than in a JSONL dump. The struct is only a fallback for
formats the shared reader does not know.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rasid.ingest.dates import to_iso
from rasid.ingest.html import html_to_text
from rasid.ingest.problems import Problem
from rasid.model import Article


def read_feed(source: str, data: bytes, max_chars: int) -> Iterator[Article | Problem]:
    import feedparser  # noqa: PLC0415

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.bozo:
            reason = f"malformed feed: {parsed.get('bozo_exception')}"
        yield Problem(source, reason)
        return
    if parsed.bozo:
        yield Problem(source, f"feed is not well-formed, entries read leniently: {parsed.get('bozo_exception')}",
                      kind="warning")
    outlet = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        location = f"entry {n}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        if len(body) < len(entry.get("summary", "")):
            body = entry.get("summary", "")
        text = html_to_text(body).strip()
        if not text:
            yield Problem(source, "feed entry has no content or summary", location)
            continue
        if len(text) > max_chars:
            yield Problem(source, f"entry text is {len(text):,} characters, over the limit of {max_chars:,}", location)
            continue
        raw = repr(dict(entry)).encode("utf-8")
        entry_id = entry.get("id") or entry.get("link") or hashlib.sha256(raw).hexdigest()[:16]
        published = entry_date(entry)
        yield Article(
            id=str(entry_id), text=text, raw=raw, source=f"{source}#{location}", format="feed",
            title=html_to_text(entry.get("title", "")).strip() or None, url=entry.get("link"),
            outlet=outlet, author=entry.get("author"), published=published,
        )


def entry_date(entry: dict) -> str | None:
    """The entry's publication (else update) date, with the offset it states."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if raw:
            iso = to_iso(raw)
            if iso:
                return iso
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return to_iso(parsed)  # UTC, offset lost: only when the raw string is unreadable
    return None
