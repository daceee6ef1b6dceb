"""Boilerplate in text that scraping left behind, found line by line.

Text sources (not only HTML) arrive with breadcrumbs, a lone byline or site
name, photo captions in another language and a trailing source credit. Each
rule below removes whole lines only, and everything removed is returned with
its reason so nothing is silently lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasid.model import Removed
from rasid.text.langid import arabic_share, detect_language

# Separators of breadcrumb trails: "الرئيسية / دولي / ...", "Home > World".
BREADCRUMB_SEPARATORS = re.compile(r"\s+(?:/|>|»|›|\|)\s+")
HOME_WORDS = frozenset({"الرئيسية", "الرئيسيه", "الصفحة الرئيسية", "الرئيسة", "home", "accueil"})
# A breadcrumb's inner segments are section names: short.
MAX_SECTION_WORDS = 4
# A lone byline or site name: a line of at most this many words near an edge.
MAX_BYLINE_WORDS = 3
EDGE_LINES = 3  # how close to the start or end of the text
BYLINE_PREFIXES = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|تحرير|by)\s*[:：]?\s*", re.I)
LATIN_NAME = re.compile(r"^[A-Za-z][\w.\-' ]*$")
SOURCE_CREDIT = re.compile(r"^\s*(?:المصدر|مصدر الخبر|source)\s*[:：]\s*(.+)$", re.I)
# Interface phrases that are a whole line: share buttons, "read also".
UI_LINES = frozenset({"اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "شارك", "طباعة", "شارك الخبر", "أرسل لصديق",
                      "تابعونا", "إقرأ أيضا", "اقرأ المزيد", "المزيد", "تعليقات", "share", "print",
                      "read more"})
# A paragraph mostly in another script counts as a caption when it is short
# or carries a photo-credit cue; otherwise it is foreign text, kept apart too.
CAPTION_CUES = re.compile(r"photo|picture|credit|getty|afp|reuters|\bap\b|image|©|صورة|تصوير|أرشيفية", re.I)
FOREIGN_SHARE = 0.2  # Arabic-letter share below which a line is foreign


@dataclass
class BoilerplateResult:
    text: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    source_credit: str | None = None
    byline: str | None = None
    captions: list[dict] = field(default_factory=list)


def _is_breadcrumb(line: str) -> bool:
    parts = BREADCRUMB_SEPARATORS.split(line)
    if len(parts) < 2:
        return False
    first = parts[0].strip().lower()
    inner = parts[:-1]
    if first in HOME_WORDS and all(len(p.split()) <= MAX_SECTION_WORDS for p in inner):
        return True
    return len(parts) >= 3 and all(len(p.split()) <= MAX_SECTION_WORDS for p in parts)


def _breadcrumb_title(line: str) -> str | None:
    """Trails often end with the article's headline; keep it as the title."""
    last = BREADCRUMB_SEPARATORS.split(line)[-1].strip()
    return last if len(last.split()) > MAX_SECTION_WORDS else None


def _is_byline(line: str) -> bool:
    words = line.split()
    if not words:
        return False
    if BYLINE_PREFIXES.match(line) and len(words) <= MAX_BYLINE_WORDS + 3:
        return True
    return len(words) <= MAX_BYLINE_WORDS and bool(LATIN_NAME.match(line)) and not line.endswith(".")


def remove_boilerplate(text: str) -> BoilerplateResult:
    """Remove boilerplate lines from stored-form text (see module docstring)."""
    lines = text.split("\n")
    content_idx = [i for i, ln in enumerate(lines) if ln.strip()]
    if not content_idx:
        return BoilerplateResult(text=text)
    arabic_doc = arabic_share(text) > 0.5
    head = set(content_idx[:EDGE_LINES])
    tail = set(content_idx[-EDGE_LINES:])
    result = BoilerplateResult(text="")
    keep: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            keep.append(line)
            continue
        if i in head and _is_breadcrumb(s):
            result.removed.append(Removed(s, "breadcrumb"))
            result.title = result.title or _breadcrumb_title(s)
            continue
        if (i in head or i in tail) and len(content_idx) > 1 and _is_byline(s):
            result.removed.append(Removed(s, "byline"))
            result.byline = result.byline or BYLINE_PREFIXES.sub("", s).strip()
            continue
        if i in tail and (m := SOURCE_CREDIT.match(s)):
            result.removed.append(Removed(s, "source_credit"))
            result.source_credit = m.group(1).strip()
            continue
        if s.strip(" .:!-").lower() in UI_LINES:
            result.removed.append(Removed(s, "interface"))
            continue
        if arabic_doc and len(content_idx) > 1 and arabic_share(s) < FOREIGN_SHARE and any(
                ch.isalpha() for ch in s):
            lang = detect_language(s)
            if lang != "ar":
                reason = "caption" if CAPTION_CUES.search(s) or len(s.split()) <= 30 else "foreign_text"
                result.removed.append(Removed(s, reason, {"lang": lang}))
                if reason == "caption":
                    result.captions.append({"text": s, "lang": lang})
                continue
        keep.append(line)
    result.text = "\n".join(keep)
    return result


def source_outlet(credit: str) -> str:
    """The outlet named first in a source credit: "الجزيرة + وكالات" -> "الجزيرة"."""
    first = re.split(r"\s*(?:\+|،|,|/|\s-\s)\s*", credit)[0]
    return first.strip()
