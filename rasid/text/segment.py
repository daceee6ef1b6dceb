"""Paragraphs, sentences and tokens with character offsets.

Sentences end at . ! ? ؟ … and at line breaks, except
- inside «...» or "..." quotes (a quoted statement stays in the sentence that
  introduces it; an unclosed quote stops holding after ``MAX_QUOTE_HOLD``
  characters, because scraped text often loses a closing mark);
- after an abbreviation (single letters such as د. or U.S., listed words) or
  inside numbers (3.5).
Tokens are words (Arabic or Latin letters with marks), numbers, and single
punctuation characters; each carries matching forms (see rasid.model.Token).
"""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from typing import ClassVar

from rasid.model import Document, Span, Token
from rasid.pipeline import DocumentComponent
from rasid.text.clitics import SINGLE_PREFIXES, split_proclitics
from rasid.text.normalize import normalize

SENTENCE_END = ".!?؟…"
OPENING_QUOTES = {"«": "»", "“": "”", "„": "“"}
# A straight double quote opens or closes depending on parity.
STRAIGHT_QUOTE = '"'
# An unclosed quote stops protecting sentence ends after this many characters.
MAX_QUOTE_HOLD = 600
# Abbreviations that end in a period but not a sentence (normalised forms).
ABBREVIATIONS = frozenset({"د", "م", "ه", "ص", "ق", "ج", "أ", "ا", "س", "ت", "mr", "dr", "st", "no", "vs", "etc",
                           "jr", "inc", "co", "ltd", "u.s", "u.n", "e.g", "i.e"})

TOKEN_RE = re.compile(
    r"""
    \d+(?:[.,٫٬]\d+)*%?            # numbers (ASCII digits), 3.5, 1,000
    | [\u0660-\u0669\u06F0-\u06F9]+(?:[٫٬.,][\u0660-\u0669\u06F0-\u06F9]+)*  # Eastern Arabic digits
    | [\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]+  # words with their marks
    | \S                             # any other single character
    """,
    re.VERBOSE,
)


_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation or a number?"""
    if dot + 1 < len(text) and text[dot + 1].isdigit() and dot > 0 and text[dot - 1].isdigit():
        return True
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."
                         or unicodedata.category(text[start - 1]) == "Mn"):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # أ.د. (professor), ص.ب. (P.O. box): abbreviations joined by periods
    if "." in word and all(part in ABBREVIATIONS for part in word.split(".")):
        return True
    # a period between Latin letters or digits with no space is inside a web
    # or e-mail address (www.uod.edu.sa); Arabic sentences glued by scraping
    # (انتهى.وقال) still split
    if 0 < dot < len(text) - 1 and _LATIN_OR_DIGIT.match(text[dot + 1]) and _LATIN_OR_DIGIT.match(text[dot - 1]):
        return True
    # U.S. / A.F.P: letters separated by periods
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_paragraphs(text: str) -> list[Span]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append(Span(m.start(), m.end(), "paragraph"))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans over ``text[start:end]`` (one paragraph or more)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    sent_start = start
    expect_close: list[str] = []
    open_at = 0
    straight_open = False
    i = start

    def close(at: int) -> None:
        nonlocal sent_start
        s, e = sent_start, at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e, "sentence"))
        sent_start = at

    while i < end:
        ch = text[i]
        if ch == "\n":
            close(i)
            expect_close.clear()
            straight_open = False
            i += 1
            continue
        if ch in OPENING_QUOTES:
            expect_close.append(OPENING_QUOTES[ch])
            open_at = i
        elif expect_close and ch == expect_close[-1]:
            expect_close.pop()
        elif ch == STRAIGHT_QUOTE:
            straight_open = not straight_open
            if straight_open:
                open_at = i
        elif ch in SENTENCE_END:
            quoted = (expect_close or straight_open) and i - open_at < MAX_QUOTE_HOLD
            if not quoted:
                if expect_close or straight_open:  # give up on an unclosed quote
                    expect_close.clear()
                    straight_open = False
                if ch == "." and _is_abbreviation(text, i):
                    i += 1
                    continue
                j = i + 1
                while j < end and (text[j] in SENTENCE_END or text[j] in "»”\"')"):
                    j += 1
                close(j)
                i = j
                continue
        i += 1
    close(end)
    return spans


# A single proclitic (و ف ب ل ك and pairs) is stripped only if what remains
# is a word the lexicon has seen this many times more often than the whole:
# ولافروف (10) -> لافروف (154), but ليلى (133) stays, though يلي (279) is a
# word, and so do فبراير, لبنان, وسام.
STRIP_FREQUENCY_RATIO = 3
# A stem shorter than this is too often a word by chance (وليد -> يد, كما -> ما).
MIN_LEXICON_STEM = 3


@lru_cache(maxsize=200_000)
def _token_forms(surface: str) -> tuple[str, str, str]:
    """(norm, prefix, bare) of a surface form. News repeats its words, so the
    cache saves most of tokenisation's work."""
    norm = normalize(surface)
    prefix, stem = _split_for_matching(norm)
    return norm, prefix, stem


def _split_for_matching(norm: str) -> tuple[str, str]:
    """(prefix, stem) of a normalised word, judged by the word-frequency
    lexicon (rasid.text.lexicon): letters that only look like a proclitic
    (the ف of فبراير) stay. The article and لل are always split; a word the
    lexicon does not know, nor any stem of it, falls back to the length rule
    of rasid.text.clitics."""
    from rasid.text.lexicon import frequency  # noqa: PLC0415 - loads the lexicon on first use

    prefix, stem = split_proclitics(norm, frequency)
    if prefix.endswith(("ال", "لل")):
        return prefix, stem
    # a single proclitic: weigh every reading, not only the first that fits
    readings = [(pre, norm[len(pre):]) for pre in SINGLE_PREFIXES
                if norm.startswith(pre) and len(norm) - len(pre) >= MIN_LEXICON_STEM]
    if not readings:
        return "", norm
    # the reading whose stem the lexicon knows best: و+كوباني, not وك+وباني
    best_prefix, best_stem = max(readings, key=lambda r: (frequency(r[1]), -len(r[0])))
    word_count, stem_count = frequency(norm), frequency(best_stem)
    if stem_count > STRIP_FREQUENCY_RATIO * word_count:
        return best_prefix, best_stem
    if word_count == 0 and stem_count == 0:
        return split_proclitics(norm)  # unknown word: strip if a long stem remains
    return "", norm


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    tokens = []
    for m in TOKEN_RE.finditer(text, start, end):
        norm, prefix, stem = _token_forms(m.group())
        tokens.append(Token(m.start(), m.end(), "token", norm=norm, bare=stem, prefix=prefix))
    return tokens


class Segmenter(DocumentComponent):
    """Fills paragraphs, sentences and tokens of a cleaned document."""

    name: ClassVar[str] = "segment"
    requires: ClassVar[tuple[str, ...]] = ("doc.text",)
    assigns: ClassVar[tuple[str, ...]] = ("doc.paragraphs", "doc.sentences", "doc.tokens")

    def process_document(self, doc: Document) -> Document:
        text = doc.text
        paragraphs = split_paragraphs(text)
        # keep a language label if cleaning already identified it
        known = {(p.start, p.end): p for p in doc.paragraphs}
        doc.paragraphs = [known.get((p.start, p.end), p) for p in paragraphs]
        doc.sentences = []
        for p in paragraphs:
            doc.sentences.extend(split_sentences(text, p.start, p.end))
        doc.tokens = tokenize(text)
        return doc
