"""From paths (files, directories, globs, "-") to Articles or Problems.

Formats are detected from content first and the file name second, so a feed
saved as .txt or an HTML page without extension is still read as what it is.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasid.ingest.decode import decode_bytes, looks_binary
from rasid.ingest.feeds import read_feed
from rasid.ingest.html import extract_html
from rasid.ingest.problems import InputError, Problem
from rasid.ingest.records import read_records
from rasid.ingest.warc import read_warc
from rasid.model import Article

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # per input file (decompressed)
DEFAULT_MAX_CHARS = 2_000_000  # per article text
SIDECAR_SUFFIX = ".meta.json"  # NAME.txt.meta.json gives metadata for NAME.txt
FORMATS = ("text", "markdown", "html", "feed", "jsonl", "warc")


@dataclass
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    fields: dict[str, str] = field(default_factory=dict)  # rasid field -> record key
    published: str | None = None  # publication date for inputs that give none
    format: str | None = None  # force a format instead of detecting it
    repair: bool = True  # split glued words during cleaning


def expand_paths(paths: Iterable[str]) -> Iterator[str | Problem]:
    """Files of the given paths: directories recursively (sorted, hidden and
    sidecar files skipped), globs expanded, "-" kept for stdin."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX):
                        yield str(Path(root) / name)
        elif path.exists():
            yield str(path)
        elif any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield Problem(p, "glob matches no file")
            for m in matches:
                if os.path.isfile(m) and not m.endswith(SIDECAR_SUFFIX):
                    yield m
        else:
            yield Problem(p, "no such file or directory")


def _read_file(path: str, max_bytes: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)")
        with open(path, "rb") as fh:
            data = fh.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"gzip data is corrupt or truncated: {exc}") from exc
    if len(data) > max_bytes:
        raise InputError(f"input is over the limit of {max_bytes:,} bytes (see --max-bytes)")
    return data


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as fh:
        out = fh.read(max_bytes + 1)
    if len(out) > max_bytes:
        raise InputError(f"decompressed input is over the limit of {max_bytes:,} bytes")
    return out


def detect_format(path: str, data: bytes) -> str:
    name = path.lower()
    for suffix in (".gz", ".bz2"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if name.endswith((".warc", ".arc")):
        return "warc"
    if head[:1] in (b"{", b"["):
        return "jsonl"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    if name.endswith((".rss", ".atom")):
        return "feed"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def _sidecar(path: str) -> dict:
    side = Path(path + SIDECAR_SUFFIX)
    if path == "-" or not side.is_file():
        return {}
    try:
        meta = json.loads(side.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def read_path(path: str, options: IngestOptions) -> Iterator[Article | Problem]:
    """Articles from one file (or stdin), or Problems saying why not."""
    try:
        data = _read_file(path, options.max_bytes)
    except InputError as exc:
        yield Problem(path, exc.reason, exc.location)
        return
    except OSError as exc:
        yield Problem(path, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Problem(path, "empty file")
        return
    fmt = options.format or detect_format(path, data)
    name = "stdin" if path == "-" else os.path.basename(path)
    if fmt == "jsonl":
        yield from read_records(path, data, options.fields, options.max_chars)
    elif fmt == "feed":
        yield from read_feed(path, data, options.max_chars)
    elif fmt == "warc":
        yield from read_warc(path, data, options.max_chars)
    else:
        if looks_binary(data):
            yield Problem(path, "binary content, not text (NUL or control bytes)")
            return
        try:
            decoded = decode_bytes(data)
        except InputError as exc:
            yield Problem(path, exc.reason)
            return
        meta = {"encoding": decoded.encoding}
        if fmt == "html":
            try:
                ex = extract_html(decoded.text)
            except InputError as exc:
                yield Problem(path, exc.reason)
                return
            if ex.method == "whole-page":
                yield Problem(path, "no main text found (truncated page?); using the whole page's text",
                              kind="warning")
            article = Article(id=name, text=ex.text, raw=data, source=path, format="html", title=ex.title,
                              url=ex.url, outlet=ex.sitename, author=ex.author, published=ex.published,
                              meta={**meta, "extraction": ex.method})
        else:
            if len(decoded.text) > options.max_chars:
                yield Problem(path, f"text is {len(decoded.text):,} characters, over the limit of "
                                    f"{options.max_chars:,}")
                return
            article = Article(id=name, text=decoded.text, raw=data, source=path, format=fmt, meta=meta)
        side = _sidecar(path)
        for key in ("title", "url", "outlet", "author", "published"):
            if side.get(key):
                setattr(article, key, str(side[key]))
        yield article


def iter_articles(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Article | Problem]:
    options = options or IngestOptions()
    from rasid.ingest.dates import to_iso  # noqa: PLC0415

    default_published = to_iso(options.published) if options.published else None
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
            continue
        for out in read_path(item, options):
            if isinstance(out, Article) and out.published is None and default_published:
                out.published = default_published
            yield out
