"""Saved HTML pages: main text and metadata with trafilatura and htmldate.

Cascade: trafilatura's precise extraction with metadata; if it finds no main
text (truncated or unusual pages), its recall-oriented mode; if that fails
too, the page's whole visible text (``html2txt``), flagged as a warning since
it keeps navigation and boilerplate.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.ingest.dates import to_iso
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


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    import trafilatura  # noqa: PLC0415 - heavy import, only for HTML inputs
    from htmldate import find_date  # noqa: PLC0415

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

    try:
        published = find_date(html, outputformat="%Y-%m-%d", extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on some malformed pages; the date is optional
        published = None
    return HtmlExtract(text=text, title=get("title"), author=get("author"), sitename=get("sitename"),
                       published=to_iso(published or get("date")), url=get("url") or url, method=method)


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
