"""Spelling-normalised full-text search: index form, query form, snippets.

Arabic news spells one word several ways (الأسد/الاسد, مستشفى/مستشفي,
الحكومة/الحكومه, with or without diacritics); FTS5's tokenizer folds none of
them, and treats a diacritic as a word break. The index therefore holds the
matching normalisation of rasid.text.normalize, the query's words get the same
treatment (its FTS5 syntax kept), and the snippet is cut from the stored,
original text by matching its words in their normalised form.
"""
from __future__ import annotations

import re

from rasid.text.normalize import normalize

SNIPPET_WORDS = 12
ELLIPSIS = "…"


def search_form(text: str | None) -> str:
    """The spelling-normalised text the full-text index holds (alef, hamza,
    yeh, teh marbuta, diacritics, digits, case folded: rasid.text.normalize).

    Uses the uncached body of ``normalize``: the cache is meant for words, and
    whole documents would only fill it.
    """
    if not text:
        return ""
    return normalize.__wrapped__(text)


# FTS5 query syntax that must survive normalisation: the operators are upper
# case and casefolding would turn them into search terms.
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# A word as FTS5's unicode61 tokenizer sees it, with Arabic diacritics and
# tatweel inside it (they are removed by the normalisation).
_WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]+")


def query_terms(norm_query: str) -> list[tuple[str, bool]]:
    """(term, is_prefix) of a normalised query, operators and column names left out."""
    terms = []
    for m in _WORD.finditer(norm_query):
        word = m.group(0)
        after = norm_query[m.end():m.end() + 1]
        if word in _FTS_OPERATORS or after == ":":
            continue
        terms.append((word, after == "*"))
    return terms


def snippet(text: str, norm_query: str, words: int = SNIPPET_WORDS) -> str:
    """A window of ``words`` words of the original ``text`` around the most
    query terms, each matching word in [brackets] as FTS5's snippet() did."""
    terms = query_terms(norm_query)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text or "")]
    if not spans:
        return ""

    def hit(span: tuple[int, int]) -> bool:
        form = normalize(text[span[0]:span[1]])
        return any(form.startswith(t) if prefix else form == t for t, prefix in terms)

    hits = [hit(s) for s in spans]
    # The window with most matching words; the earliest on ties.
    best_start, best_count = 0, -1
    count = sum(hits[:words])
    for start in range(0, max(1, len(spans) - words + 1)):
        if start:
            count += hits[start + words - 1] if start + words - 1 < len(spans) else 0
            count -= hits[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    window = range(best_start, min(len(spans), best_start + words))
    out = [ELLIPSIS] if best_start else []
    pos = spans[window[0]][0]
    for k in window:
        s, e = spans[k]
        out.append(text[pos:s])
        out.append(f"[{text[s:e]}]" if hits[k] else text[s:e])
        pos = e
    if window[-1] < len(spans) - 1:
        out.append(ELLIPSIS)
    return "".join(out)


def search_query(query: str) -> str:
    """Normalise the words of an FTS5 query as the index was normalised,
    leaving its syntax alone: quotes, parentheses, ``*`` prefixes, ``^``,
    ``column:`` filters and the operators AND, OR, NOT, NEAR."""
    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in _FTS_OPERATORS:
            return word
        return search_form(word)

    out = []
    # Text inside double quotes is a phrase: normalised too, but an operator
    # word there is a plain word, so it is folded like the others.
    for i, part in enumerate(re.split(r'("(?:[^"]|"")*")', query)):
        if i % 2:
            out.append(_WORD.sub(lambda m: search_form(m.group(0)), part))
        else:
            out.append(_WORD.sub(fold, part))
    return "".join(out)
