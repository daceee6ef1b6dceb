"""WARC archives (warcio): each successful HTML response record is one article.

Only 2xx responses are pages: a 404 or 500 body is an error page and a 301
body a stub, so they are reported, not read. ``WARC-Date`` is when the page
was crawled, not published: it goes to ``meta["crawled"]`` and ``published``
comes from the page itself (or stays unknown).
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from rasid.ingest.dates import to_iso
from rasid.ingest.decode import decode_bytes
from rasid.ingest.html import extract_html
from rasid.ingest.problems import InputError, Problem
from rasid.model import Article


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def read_warc(source: str, data: bytes, max_chars: int) -> Iterator[Article | Problem]:
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            location = f"record {n} ({url})"
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                yield Problem(source, f"HTTP status {record.http_headers.statusline or status}: "
                                      "not a successful page response", location)
                continue
            payload = record.content_stream().read()
            try:
                decoded = decode_bytes(payload, declared=_charset(ctype))
                extract = extract_html(decoded.text, url=url)
            except InputError as exc:
                yield Problem(source, exc.reason, location)
                continue
            if decoded.warning:
                yield Problem(source, decoded.warning, location, kind="warning")
            if len(extract.text) > max_chars:
                yield Problem(source, f"page text over the limit of {max_chars:,} characters", location)
                continue
            meta = {"extraction": extract.method, "encoding": decoded.encoding}
            if decoded.replaced_bytes:
                meta["replaced_bytes"] = decoded.replaced_bytes
            crawled = to_iso(record.rec_headers.get_header("WARC-Date"))
            if crawled:
                meta["crawled"] = crawled
            if extract.published_partial:
                meta["published_partial"] = extract.published_partial
            yield Article(
                id=url or f"{source}#{n}", text=extract.text, raw=payload, source=f"{source}#{location}",
                format="warc", title=extract.title, url=url, outlet=extract.sitename, author=extract.author,
                published=extract.published, meta=meta,
            )
    except Exception as exc:  # warcio raises plain exceptions on truncated archives
        yield Problem(source, f"WARC archive unreadable after {n} HTML records: {exc}", f"after record {n}")
