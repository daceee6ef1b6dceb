"""WARC archives (warcio): each HTML response record is one article."""
from __future__ import annotations

import io
from collections.abc import Iterator

from rasid.ingest.dates import to_iso
from rasid.ingest.decode import decode_bytes
from rasid.ingest.html import extract_html
from rasid.ingest.problems import InputError, Problem
from rasid.model import Article


def read_warc(source: str, data: bytes, max_chars: int) -> Iterator[Article | Problem]:
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            location = f"record {n} ({url})"
            payload = record.content_stream().read()
            try:
                html = decode_bytes(payload).text
                extract = extract_html(html, url=url)
            except InputError as exc:
                yield Problem(source, exc.reason, location)
                continue
            if len(extract.text) > max_chars:
                yield Problem(source, f"page text over the limit of {max_chars:,} characters", location)
                continue
            yield Article(
                id=url or f"{source}#{n}", text=extract.text, raw=payload, source=f"{source}#{location}",
                format="warc", title=extract.title, url=url, outlet=extract.sitename, author=extract.author,
                published=extract.published or to_iso(record.rec_headers.get_header("WARC-Date")),
                meta={"extraction": extract.method},
            )
    except Exception as exc:  # warcio raises plain exceptions on truncated archives
        yield Problem(source, f"WARC archive unreadable after {n} HTML records: {exc}", f"after record {n}")
