"""Mention clean-up before resolution: recogniser spans trimmed to the name.

Why a step of its own: a tagger's span may carry punctuation, a function word
or a lone clitic at its edges (قال: محمد، الأسد في), or be nothing name-like
at all (و، بال، a title alone such as الأمير). Resolution compares names, so
debris there would become an entity's canonical name or link two entities.
``clean_mentions`` trims each mention of a document in place, keeping
``doc.text[m.start:m.end] == m.text``, and drops what is left with no name.
"""
from __future__ import annotations

import re
import unicodedata

from rasid.link.names import (CLITIC_DEBRIS, LATIN_ACRONYM, PATRONYMIC_PARTICLES, function_word_form,
                              function_words, is_garbage_name, native_names, only_honorifics)
from rasid.model import Document, Mention
from rasid.text.normalize import normalize


def _is_edge_junk(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PSC"


def _debris_word(word: str) -> bool:
    """A function word or lone clitic at the edge of a name span (قال محمد،
    الأسد في): recogniser debris, never part of the name."""
    w = normalize(word)
    return w not in PATRONYMIC_PARTICLES and (function_word_form(word) in function_words() or w in CLITIC_DEBRIS)


CLOSING = {")": "(", "»": "«", "]": "[", "”": "“"}


def _closes_inside(span: str) -> bool:
    """The span's last character belongs to it: the period of U.S., or a
    bracket or quote opened inside the span (جنيف (2))."""
    last = span[-1]
    if last == ".":
        return bool(LATIN_ACRONYM.fullmatch(span))
    return last in CLOSING and CLOSING[last] in span[:-1]


def trim_mention(text: str, m: Mention) -> tuple[int, int]:
    """Offsets of ``m`` without punctuation or function words at its edges
    (U.S. keeps its final period)."""
    s, e = m.start, m.end
    for _ in range(4):  # punctuation and words may alternate: «قال: محمد»
        while s < e and _is_edge_junk(text[s]):
            s += 1
        while e > s and _is_edge_junk(text[e - 1]) and not _closes_inside(text[s:e]):
            e -= 1
        words = [(w.start() + s, w.end() + s) for w in re.finditer(r"\S+", text[s:e])]
        if len(words) > 1 and _debris_word(text[words[0][0]:words[0][1]]):
            s = words[1][0]
        elif len(words) > 1 and (_debris_word(text[words[-1][0]:words[-1][1]])
                                 or normalize(text[words[-1][0]:words[-1][1]]) in PATRONYMIC_PARTICLES):
            e = words[-2][1]
        else:
            break
    if m.label == "PER" and s < e:
        s += _glued_conjunction(text[s:e])
    return s, e


def _glued_conjunction(name: str) -> int:
    """1 when a person's name starts with و/ف glued to a known given name
    (وابتسام عبدالله -> ابتسام), which the recogniser may keep in the span;
    0 otherwise (وليد, وسام are names themselves)."""
    first = name.split()[0] if name.split() else ""
    w = normalize(first)
    if len(w) < 4 or first[0] not in "وف" or w in native_names():
        return 0
    return 1 if w[1:] in native_names() else 0


def clean_mentions(doc: Document) -> int:
    """Trim debris off the edges of ``doc``'s mentions and drop those that
    are no name at all (a lone clitic, particle, function word, digits,
    punctuation, or a person written only as a title: الأمير). Spans stay
    exact: ``doc.text[m.start:m.end] == m.text``. Returns how many were dropped."""
    kept = []
    for m in doc.entities:
        s, e = trim_mention(doc.text, m)
        if (s, e) != (m.start, m.end):
            m.attrs.setdefault("trimmed_from", [m.start, m.end])
            m.start, m.end, m.text = s, e, doc.text[s:e]
        if is_garbage_name(m.text) or (m.label == "PER" and only_honorifics(m.text)):
            continue
        kept.append(m)
    dropped = len(doc.entities) - len(kept)
    doc.entities = kept
    return dropped
