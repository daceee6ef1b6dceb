"""Word-frequency lexicon counted on SaudiNewsNet (see scripts/build_lexicon.py).

Why: deciding whether ``الأممالمتحدة`` is one word or two, or whether a
proclitic can be stripped, needs to know which forms Arabic news actually
uses and how often. Counts are over normalised forms (rasid.text.normalize),
so ``frequency`` accepts any surface form and folds it first.

The files are loaded on first use and cached; nothing happens at import.
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rasid.paths import ARTIFACTS
from rasid.text.normalize import normalize

UNIGRAMS_FILE = "lexicon.unigrams.tsv.gz"
BIGRAMS_FILE = "lexicon.bigrams.tsv.gz"
# SaudiNewsNet days kept out of the counts: dev and test of bench/repair.py.
HELD_OUT_DAYS = ("2015-08-08", "2015-08-09")

# An Arabic word: letters with their marks (harakat, tatweel, dagger alef).
ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u064B-\u065F\u0670\u0640]+")
_WHITESPACE_ONLY = re.compile(r"\s+")


@dataclass(frozen=True)
class Lexicon:
    """Normalised word -> count, and "w1 w2" -> count for words written apart."""

    unigrams: dict[str, int]
    bigrams: dict[str, int]
    total: int

    def frequency(self, word: str) -> int:
        return self.unigrams.get(normalize(word), 0)

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams.get(normalize(first) + " " + normalize(second), 0)


def _read_counts(name: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(ARTIFACTS / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, _, value = line.rstrip("\n").rpartition("\t")
            counts[key] = int(value)
    return counts


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The committed lexicon (read once per process)."""
    unigrams = _read_counts(UNIGRAMS_FILE)
    return Lexicon(unigrams=unigrams, bigrams=_read_counts(BIGRAMS_FILE), total=sum(unigrams.values()))


def frequency(word: str) -> int:
    """Corpus count of a word (any surface form; 0 if unknown or rare).

    Usable as ``rasid.text.clitics.split_proclitics(word, frequency=frequency)``.
    """
    return load_lexicon().frequency(word)


def iter_word_pairs(text: str) -> Iterator[tuple[str, str | None]]:
    """Normalised Arabic words of ``text`` with the previous word when only
    whitespace separates them (else None): the unit the lexicon counts."""
    previous: str | None = None
    last_end = -1
    for match in ARABIC_WORD.finditer(text):
        word = normalize(match.group())
        if not word:
            previous = None
            continue
        gap = text[last_end:match.start()] if last_end >= 0 else ""
        adjacent = previous is not None and bool(_WHITESPACE_ONLY.fullmatch(gap))
        yield word, (previous if adjacent else None)
        previous, last_end = word, match.end()
