"""JSON Lines and JSON arrays of article records (gzip transparently).

Field names are mapped automatically from the common ones; ``--field
text=content`` overrides. Each malformed line is reported with its line
number and the rest of the file is still read.

Scraped dumps are untidy, so every field value is coerced to a string or
dropped, never passed on as a number, list or object (rasid.ingest.fields):
HTML entities are unescaped, a list of paragraphs is joined. A record whose
text cannot be read is skipped; an unreadable metadata field is dropped with
a warning and the record kept.
"""
from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from rasid.ingest.decode import Decoded, decode_bytes, utf8_with_replacement
from rasid.ingest.fields import FieldError, coerce_field
from rasid.ingest.problems import InputError, Problem
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
    for name, candidates in FIELD_CANDIDATES.items():
        keys = (overrides[name],) if name in overrides else candidates
        for key in keys:
            value = record.get(key)
            if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
                out[name] = value
                break
    return out


def record_to_article(record: Any, raw: bytes, source: str, location: str,
                      overrides: dict[str, str], max_chars: int) -> list[Article | Problem]:
    """The record's Article (with warnings for dropped fields), or why it was skipped."""
    if not isinstance(record, dict):
        return [Problem(source, f"record is a JSON {type(record).__name__}, not an object", location)]
    fields = resolve_fields(record, overrides)
    if "text" not in fields:
        wanted = overrides.get("text") or "|".join(FIELD_CANDIDATES["text"])
        return [Problem(source, f"record has no text (looked for field {wanted}; use --field text=NAME)", location)]
    try:
        text = coerce_field("text", fields["text"])
    except FieldError as exc:
        return [Problem(source, f"record skipped: {exc}", location)]
    if not text or not text.strip():
        return [Problem(source, "record has no text (its text field is blank)", location)]
    if len(text) > max_chars:
        return [Problem(source, f"record text is {len(text):,} characters, over the limit of {max_chars:,}",
                        location)]
    out: list[Article | Problem] = []
    values: dict[str, str | None] = {}
    for name in ("id", "title", "url", "outlet", "author", "published"):
        try:
            values[name] = coerce_field(name, fields.get(name))
        except FieldError as exc:
            values[name] = None
            out.append(Problem(source, f"{exc}; field dropped, record kept", location, kind="warning"))
    rec_id = values["id"] or hashlib.sha256(raw).hexdigest()[:16]
    out.append(Article(
        id=rec_id, text=text, raw=raw, source=f"{source}#{location}", format="jsonl",
        title=values["title"], url=values["url"], outlet=values["outlet"], author=values["author"],
        published=values["published"],
    ))
    return out


def _decode_line(line: bytes, first: bool) -> Decoded:
    """A line's text, with a few invalid bytes replaced; ValueError when it is not UTF-8."""
    try:
        return Decoded(line.decode("utf-8-sig" if first else "utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        damaged = utf8_with_replacement(line.removeprefix(codecs.BOM_UTF8))
        if damaged is None:
            raise ValueError(f"line is not UTF-8: {exc.reason}") from exc
        return damaged


# Keys under which a JSON object file wraps its list of records.
WRAPPER_KEYS = ("articles", "items", "records", "data", "results", "documents", "docs", "entries")


def _is_one_json_value(data: bytes) -> bool:
    """Whether the file is one JSON value (an array, a pretty-printed object)
    rather than JSON Lines, whose first line is a whole record."""
    head = data.lstrip()[:1]
    if head == b"[":
        return True
    if head != b"{":
        return False
    first = next((ln for ln in data.splitlines() if ln.strip()), b"")
    try:
        json.loads(first.decode("utf-8-sig", "replace"))
    except json.JSONDecodeError:
        return True
    return False


def _records_of(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in WRAPPER_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        return [value]  # one record, pretty-printed
    return None


def read_records(source: str, data: bytes, overrides: dict[str, str], max_chars: int) -> Iterator[Article | Problem]:
    if _is_one_json_value(data):
        try:
            decoded = decode_bytes(data)
            document = json.loads(decoded.text)
        except InputError as exc:
            yield Problem(source, exc.reason)
            return
        except json.JSONDecodeError as exc:
            if data.lstrip()[:1] == b"[":
                yield Problem(source, f"malformed JSON array: {exc}")
                return
            document = None  # not one JSON value either: report it line by line below
        if document is not None:
            if decoded.warning:
                yield Problem(source, decoded.warning, kind="warning")
            records = _records_of(document)
            if records is None:
                yield Problem(source, f"JSON file holds a {type(document).__name__}, not records")
                return
            for n, rec in enumerate(records, 1):
                raw = json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8")
                yield from record_to_article(rec, raw, source, f"record {n}", overrides, max_chars)
            return
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            decoded = _decode_line(line, n == 1)
            rec = json.loads(decoded.text)
        except json.JSONDecodeError as exc:
            yield Problem(source, f"malformed JSON: {exc.msg} at column {exc.colno}", f"line {n}")
            continue
        except ValueError as exc:
            yield Problem(source, str(exc), f"line {n}")
            continue
        if decoded.warning:
            yield Problem(source, decoded.warning, f"line {n}", kind="warning")
        yield from record_to_article(rec, line, source, f"line {n}", overrides, max_chars)
