"""Saved HTML pages: main text and metadata with trafilatura and htmldate.

Cascade: trafilatura's precise extraction with metadata; if it finds no main
text (truncated or unusual pages), its recall-oriented mode; if that fails
too, the page's whole visible text (``html2txt``), flagged as a warning since
it keeps navigation and boilerplate.

The publication date is htmldate's (original date, extensive search: the one
trafilatura's metadata already carries), kept only when the page states that
full day (rasid.ingest.htmldates); a year or month alone goes to
``published_partial``.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.ingest.htmldates import stated_date
from rasid.ingest.problems import InputError

# Fewer characters than this of main text counts as "nothing found".
MIN_MAIN_TEXT_CHARS = 40


@dataclass
class HtmlExtract:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    published: str | None
    url: str | None
    method: str  # "main" | "recall" | "whole-page"
    published_partial: str | None = None  # "YYYY" or "YYYY-MM" the page states without a day


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    import trafilatura  # noqa: PLC0415 - heavy import, only for HTML inputs

    meta = None
    text = None
    method = "main"
    for favor_recall in (False, True):
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=favor_recall)
        if doc is not None:
            meta = doc
            text = getattr(doc, "text", None) if not isinstance(doc, dict) else doc.get("text")
            if text and len(text.strip()) >= MIN_MAIN_TEXT_CHARS:
                break
        method = "recall"
    if not text or len(text.strip()) < MIN_MAIN_TEXT_CHARS:
        text = trafilatura.html2txt(html) or ""
        method = "whole-page"
    if not text.strip():
        raise InputError("HTML page has no text (empty, truncated or script-only page)")

    def get(name: str) -> str | None:
        if meta is None:
            return None
        value = meta.get(name) if isinstance(meta, dict) else getattr(meta, name, None)
        return str(value) if value else None

    page_url = get("url") or url
    candidate = get("date") if meta is not None else _htmldate(html, url)
    date = stated_date(candidate, html, page_url)
    return HtmlExtract(text=text, title=get("title"), author=get("author"), sitename=get("sitename"),
                       published=date.published, url=page_url, method=method, published_partial=date.partial)


def _htmldate(html: str, url: str | None) -> str | None:
    """htmldate's candidate for pages trafilatura gave no metadata for."""
    from htmldate import find_date  # noqa: PLC0415

    try:
        return find_date(html, outputformat="%Y-%m-%d", extensive_search=True, original_date=True, url=url)
    except Exception:  # htmldate raises on some malformed pages; the date is optional
        return None


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (feed summaries), paragraphs kept apart."""
    if "<" not in fragment:
        return fragment
    from lxml import html as lxml_html  # noqa: PLC0415

    try:
        root = lxml_html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # malformed fragment: fall back to the raw string without tags
        import re  # noqa: PLC0415

        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for br in root.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.xpath("//p|//div|//li|//h1|//h2|//h3|//h4"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()
