"""From paths (files, directories, globs, "-") to Articles or Problems.

Formats are detected from content first and the file name second, so a feed
saved as .txt or an HTML page without extension is still read as what it is.
"""
from __future__ import annotations

import glob
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasid.ingest.dates import check_date
from rasid.ingest.decode import decode_bytes, looks_binary
from rasid.ingest.feeds import read_feed
from rasid.ingest.fields import FieldError, coerce_field
from rasid.ingest.html import extract_html
from rasid.ingest.markdown import strip_links
from rasid.ingest.problems import InputError, Problem
from rasid.ingest.records import read_records
from rasid.ingest.warc import read_warc
from rasid.model import Article

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # per input file (decompressed)
DEFAULT_MAX_CHARS = 2_000_000  # per article text
SIDECAR_SUFFIX = ".meta.json"  # NAME.txt.meta.json gives metadata for NAME.txt
FORMATS = ("text", "markdown", "html", "feed", "jsonl", "warc")
# A JSON record or an array of records; a text or Markdown file may start with
# "[" too ("[عاجل] ...", "[link](url)"), so a bracket alone is not enough.
_JSON_START = re.compile(rb'(?:\{\s*(?:"|\})|\[\s*(?:\{|\]|$))')


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


@dataclass
class RawInput:
    """A file's bytes (decompressed) and what the user should know about them."""

    data: bytes
    warning: str | None = None


def _read_file(path: str, max_bytes: int) -> RawInput:
    warning = None
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
            data = _gunzip_salvage(data, max_bytes)
            if not data.strip():
                raise InputError(f"gzip data is corrupt or truncated: {exc}") from exc
            warning = (f"gzip data is truncated or corrupt ({exc}); reading the {len(data):,} bytes "
                       "recovered before the damage")
    if len(data) > max_bytes:
        raise InputError(f"input is over the limit of {max_bytes:,} bytes (see --max-bytes)")
    return RawInput(data, warning)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        out = fh.read(max_bytes + 1)
    if len(out) > max_bytes:
        raise InputError(f"decompressed input is over the limit of {max_bytes:,} bytes")
    return out


def _gunzip_salvage(data: bytes, max_bytes: int) -> bytes:
    """What a damaged gzip stream decompresses to before the damage.

    A download cut short is the usual case: everything before the cut is
    intact, and for JSON Lines only the last, partial line is lost (reported
    as malformed by the reader).
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    # Small chunks so that output before a corrupt block is kept when the
    # block raises.
    for i in range(0, len(data), 16384):
        try:
            out += inflater.decompress(data[i:i + 16384], max_bytes + 1 - len(out))
        except zlib.error:
            break
        if len(out) > max_bytes or inflater.eof:
            break
    return bytes(out)


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
    if _JSON_START.match(head):
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


def _apply_sidecar(path: str, article: Article) -> Iterator[Problem]:
    """Set the article's metadata from NAME.meta.json; warn about what cannot be used."""
    side = Path(path + SIDECAR_SUFFIX)
    if path == "-" or not side.is_file():
        return
    try:
        meta = json.loads(side.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        yield Problem(str(side), f"sidecar metadata is not readable JSON ({exc}); ignored", kind="warning")
        return
    if not isinstance(meta, dict):
        yield Problem(str(side), "sidecar metadata is not a JSON object; ignored", kind="warning")
        return
    for key in ("title", "url", "outlet", "author", "published"):
        if meta.get(key) in (None, ""):
            continue
        try:
            value = coerce_field(key, meta[key])
        except FieldError as exc:
            yield Problem(str(side), f"{exc}; left unset", kind="warning")
            continue
        if value:
            setattr(article, key, value)


def read_path(path: str, options: IngestOptions) -> Iterator[Article | Problem]:
    """Articles from one file (or stdin), or Problems saying why not."""
    try:
        raw = _read_file(path, options.max_bytes)
    except InputError as exc:
        yield Problem(path, exc.reason, exc.location)
        return
    except OSError as exc:
        yield Problem(path, f"cannot read: {exc.strerror or exc}")
        return
    data = raw.data
    if raw.warning:
        yield Problem(path, raw.warning, kind="warning")
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
        meta: dict = {"encoding": decoded.encoding}
        if decoded.replaced_bytes:
            meta["replaced_bytes"] = decoded.replaced_bytes
            yield Problem(path, decoded.warning or "", kind="warning")
        if fmt == "html":
            try:
                ex = extract_html(decoded.text)
            except InputError as exc:
                yield Problem(path, exc.reason)
                return
            if ex.method == "whole-page":
                yield Problem(path, "no main text found (truncated page?); using the whole page's text",
                              kind="warning")
            meta["extraction"] = ex.method
            if ex.published_partial:
                meta["published_partial"] = ex.published_partial
            article = Article(id=name, text=ex.text, raw=data, source=path, format="html", title=ex.title,
                              url=ex.url, outlet=ex.sitename, author=ex.author, published=ex.published,
                              meta=meta)
        else:
            text = decoded.text
            if fmt == "markdown":
                md = strip_links(text)
                text = md.text
                if md.links:
                    meta["links"] = md.links
                if md.images:
                    meta["images"] = md.images
            if len(text) > options.max_chars:
                yield Problem(path, f"text is {len(text):,} characters, over the limit of {options.max_chars:,}")
                return
            article = Article(id=name, text=text, raw=data, source=path, format=fmt, meta=meta)
        yield from _apply_sidecar(path, article)
        yield article


def iter_articles(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Article | Problem]:
    options = options or IngestOptions()
    default = check_date(options.published, "--published")
    if default.warning:
        yield Problem("--published", default.warning, kind="warning")
    default_published = default.iso
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
            continue
        for out in read_path(item, options):
            if isinstance(out, Article) and out.published is None and default_published:
                out.published = default_published
            yield out
