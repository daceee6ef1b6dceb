"""JSON Lines and JSON arrays of article records (gzip transparently).

Field names are mapped automatically from the common ones; ``--field
text=content`` overrides. Each malformed line is reported with its line
number and the rest of the file is still read.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from rasid.ingest.dates import to_iso
from rasid.ingest.problems import Problem
from rasid.model import Article

# rasid field -> record keys tried in order.
FIELD_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("source", "outlet", "site", "sitename", "publisher"),
    "published": ("published", "date", "pub_date", "date_publish", "date_extracted", "datetime"),
    "id": ("id", "doc_id", "guid"),
    "author": ("author", "byline"),
}


def resolve_fields(record: dict[str, Any], overrides: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, candidates in FIELD_CANDIDATES.items():
        keys = (overrides[field],) if field in overrides else candidates
        for key in keys:
            value = record.get(key)
            if value not in (None, ""):
                out[field] = value
                break
    return out


def record_to_article(record: Any, raw: bytes, source: str, location: str,
                      overrides: dict[str, str], max_chars: int) -> Article | Problem:
    if not isinstance(record, dict):
        return Problem(source, f"record is a JSON {type(record).__name__}, not an object", location)
    fields = resolve_fields(record, overrides)
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        wanted = overrides.get("text") or "|".join(FIELD_CANDIDATES["text"])
        return Problem(source, f"record has no text (looked for field {wanted}; use --field text=NAME)", location)
    if len(text) > max_chars:
        return Problem(source, f"record text is {len(text):,} characters, over the limit of {max_chars:,}", location)
    rec_id = fields.get("id")
    if rec_id is None:
        rec_id = hashlib.sha256(raw).hexdigest()[:16]
    return Article(
        id=str(rec_id), text=text, raw=raw, source=f"{source}#{location}", format="jsonl",
        title=_str(fields.get("title")), url=_str(fields.get("url")), outlet=_str(fields.get("outlet")),
        author=_str(fields.get("author")), published=to_iso(fields.get("published")),
    )


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def read_records(source: str, data: bytes, overrides: dict[str, str], max_chars: int) -> Iterator[Article | Problem]:
    head = data.lstrip()[:1]
    if head == b"[":
        try:
            records = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Problem(source, f"malformed JSON array: {exc}")
            return
        for n, rec in enumerate(records, 1):
            raw = json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8")
            yield record_to_article(rec, raw, source, f"record {n}", overrides, max_chars)
        return
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line.decode("utf-8-sig") if n == 1 else line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Problem(source, f"line is not UTF-8: {exc.reason}", f"line {n}")
            continue
        except json.JSONDecodeError as exc:
            yield Problem(source, f"malformed JSON: {exc.msg} at column {exc.colno}", f"line {n}")
            continue
        yield record_to_article(rec, line, source, f"line {n}", overrides, max_chars)
