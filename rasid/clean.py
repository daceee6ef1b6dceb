"""Article -> Document: storage normalisation, boilerplate, glued words, languages.

Order matters and is fixed here: Unicode normalisation first (so rules see
one form of each letter), then line-level boilerplate removal, then the
repair of glued words (which must not see breadcrumbs or captions), then a
final whitespace pass. Offsets of everything later refer to the result.
"""
from __future__ import annotations

import hashlib
import re

from rasid.model import Article, Document, Span
from rasid.text.boilerplate import remove_boilerplate, source_outlet
from rasid.text.langid import detect_language
from rasid.text.normalize import clean_for_storage, normalize_whitespace

# A first line this short, without final punctuation, is a headline.
MAX_HEADLINE_WORDS = 20
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _headline(text: str) -> str | None:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first.split()) <= MAX_HEADLINE_WORDS and not first.endswith((".", "؟", "?", "!", ":")):
        return first
    return None


def _strip_markdown(text: str) -> str:
    return _MARKDOWN_EMPHASIS.sub(r"\2", _MARKDOWN_HEADING.sub("", text))


def repair_glued_words(text: str) -> tuple[str, list[dict]]:
    from rasid.text.repair import repair_text  # noqa: PLC0415 - loads the lexicon on first use

    result = repair_text(text)
    return result.text, [
        {"start": r.start, "end": r.end, "original": r.original, "replacement": r.replacement}
        for r in result.repairs
    ]


def article_to_document(article: Article, repair: bool = True) -> Document:
    text = clean_for_storage(article.text)
    if article.format == "markdown":
        text = _strip_markdown(text)
    bp = remove_boilerplate(text)
    text = normalize_whitespace(bp.text)
    meta = dict(article.meta)
    if repair and text:
        text, repairs = repair_glued_words(text)
        if repairs:
            meta["repairs"] = repairs  # offsets refer to the text before repair
    if bp.source_credit:
        meta["source_credit"] = bp.source_credit
    if bp.byline:
        meta["byline"] = bp.byline
    if bp.captions:
        meta["caption"] = bp.captions
    outlet = article.outlet
    if not outlet and bp.source_credit:
        outlet = source_outlet(bp.source_credit)
    if not outlet and bp.byline and re.fullmatch(r"[A-Za-z][\w.\-]*", bp.byline):
        outlet = bp.byline  # a lone site name such as "elmaouid"
    title = article.title or bp.title or _headline(text)
    doc = Document(
        id=article.id, text=text, source=article.source, format=article.format, title=title,
        url=article.url, outlet=outlet, author=article.author, published=article.published,
        content_hash=sha256_hex(text), raw_hash=sha256_hex(article.raw or article.text),
        removed=bp.removed, meta=meta,
    )
    doc.paragraphs = [
        Span(m.start(), m.end(), "paragraph", {"lang": detect_language(m.group())})
        for m in re.finditer(r"[^\n]+", text)
    ]
    return doc
