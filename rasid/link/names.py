"""Name forms and name similarity for entity resolution.

Arabic news spells the same foreign name many ways (سيرغي/سيرجي/سيرگي لافروف,
ستافان/ستيفان دي ميستورا/ديمستورا, أستانا/أستانة/الأستانة), while native
names that look alike are different names (محمد/محمود, حسن/حسين). So a name
is compared at three strengths:

- ``name_key``: matching normalisation (rasid.text.normalize), article and
  article-bearing proclitics stripped per token (للأمم المتحدة -> امم متحده);
- ``skeleton``: the key without spaces and long vowels (ا و ي), with the
  letters transliteration confuses folded into one class (g: غ ج گ ق,
  ط -> ت, ص -> س, ڤ -> ف, پ -> ب), so glued/split particles and vowel
  spellings compare equal;
- ``name_similarity``: a score in [0, 1] from rapidfuzz over those forms, for
  the remaining variants (tuned on JRC-Names pairs, bench/aliases.py).

Tokens that are both known native given names (a list derived from the
ANERGazet person gazetteer, rasid/data/native_names.txt) only match exactly:
their vowels are part of the name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from rasid.paths import ARTIFACTS
from rasid.text.normalize import normalize

# Letters outside the core Arabic alphabet that Persian, Urdu and Kurdish
# spellings of names use (JRC-Names pairs hold many), folded to Arabic ones.
EXTENDED_LETTERS = str.maketrans({
    "ۆ": "و", "ۇ": "و", "ۊ": "و", "ێ": "ي", "ې": "ي", "ے": "ي", "ۍ": "ي",
    "ە": "ه", "ھ": "ه", "ہ": "ه", "ۀ": "ه", "ة": "ه", "ٹ": "ت", "ٽ": "ت",
    "ڈ": "د", "ڑ": "ر", "ژ": "ز", "ں": "ن", "ڵ": "ل", "ڕ": "ر", "ٿ": "ت",
})
# Transliteration classes: letters used for the same foreign sound.
TRANSLIT_CLASSES = str.maketrans({
    "غ": "ج", "گ": "ج", "ڠ": "ج", "ق": "ج",  # g
    "ط": "ت",  # t
    "ص": "س",  # s
    "ض": "د",  # d
    "ظ": "ز", "ذ": "ز",  # z
    "ڤ": "ف", "ۋ": "ف",  # v
    "پ": "ب",  # p
    "چ": "ش",  # ch (also written تش)
    "ث": "س",  # th as s
})
LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None, "ى": None, "ء": None, "ٔ": None})
# Article and proclitic+article sequences (rasid.text.clitics), longest first.
ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "فكال", "فلل", "ولل", "وال", "فال", "بال", "كال", "لل", "ال")
MIN_STEM = 2
_NON_LETTER = re.compile(r"[^\w\s]|_")


def strip_article(token: str) -> str:
    """Drop the article (and a conjunction/preposition before it) from a
    normalised token; a lone ل/و is kept because it may be the name's own letter
    (لافروف, وليد)."""
    for pre in ARTICLE_PREFIXES:
        if token.startswith(pre) and len(token) - len(pre) >= MIN_STEM:
            return token[len(pre):]
    return token


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Normalised, article-free tokens of a name (punctuation dropped)."""
    norm = normalize(text).translate(EXTENDED_LETTERS)
    norm = _NON_LETTER.sub(" ", norm)
    return tuple(strip_article(t) for t in norm.split() if t)


def name_key(text: str) -> str:
    """Space-joined ``name_tokens``: equal keys are the same name."""
    return " ".join(name_tokens(text))


def compact_key(text: str) -> str:
    """``name_key`` without spaces: glued and split particles compare equal
    (عبد الله/عبدالله, الأمم المتحدة/الأممالمتحدة)."""
    return "".join(name_tokens(text))


def _fold(s: str) -> str:
    return s.translate(EXTENDED_LETTERS).translate(TRANSLIT_CLASSES)


def _dedupe_letters(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=200_000)
def token_skeleton(token: str) -> str:
    """Consonant skeleton of one normalised token (first letter kept even if a
    vowel letter, so ايران keeps its onset)."""
    folded = _fold(token)
    if not folded:
        return ""
    return _dedupe_letters(folded[0] + folded[1:].translate(LONG_VOWELS))


def skeleton(text: str) -> str:
    """Consonant skeleton of a whole name, spaces removed."""
    return _dedupe_letters(_fold("".join(name_tokens(text))).translate(LONG_VOWELS))


_NATIVE: frozenset[str] | None = None


def native_names() -> frozenset[str]:
    """Native Arabic given names/surnames (normalised, article-free); loaded once."""
    global _NATIVE
    if _NATIVE is None:
        path = ARTIFACTS / "native_names.txt"
        words: set[str] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    words.update(name_tokens(line))
        _NATIVE = frozenset(w for w in words if len(w) >= 3)
    return _NATIVE


def tokens_match(a: str, b: str) -> bool:
    """Whether two normalised, article-free tokens are spellings of one name part."""
    if a == b:
        return True
    native = native_names()
    if a in native and b in native:
        return False  # محمد/محمود, حسن/حسين: different names
    sa, sb = token_skeleton(a), token_skeleton(b)
    if len(sa) >= 2 and sa == sb:
        return True
    # long foreign tokens: one letter of slack (فيرشينين/فيرشنين, كورتس/كورتز)
    if min(len(sa), len(sb)) >= 4 and fuzz.ratio(sa, sb) >= 85:
        return True
    return False


@dataclass
class NameComparison:
    """How two names relate: ``score`` in [0, 1] and whether every token of
    the shorter name matches a token of the longer in order (``subset``)."""

    score: float
    same_skeleton: bool
    subset: bool


def _ordered_subset(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every token of ``short`` matches a distinct token of ``long``, in order."""
    j = 0
    for t in short:
        while j < len(long) and not tokens_match(t, long[j]):
            j += 1
        if j == len(long):
            return False
        j += 1
    return True


def compare_names(a: str, b: str) -> NameComparison:
    """Compare two names (see the module docstring for the forms used)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return NameComparison(0.0, False, False)
    ka, kb = "".join(ta), "".join(tb)
    ska, skb = skeleton(a), skeleton(b)
    same_skel = len(ska) >= 3 and ska == skb
    if ka == kb:
        return NameComparison(1.0, True, True)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    subset = _ordered_subset(short, long)
    # token-aligned agreement: for equal token counts every pair must match
    aligned = len(ta) == len(tb) and all(tokens_match(x, y) for x, y in zip(ta, tb))
    if aligned or same_skel and not _native_clash(ta, tb):
        score = 1.0 if aligned else 0.97
    else:
        score = max(fuzz.ratio(_fold(ka), _fold(kb)), fuzz.ratio(ska, skb)) / 100.0
        if _native_clash(ta, tb):
            score = min(score, 0.5)
    return NameComparison(score, same_skel, subset)


def _native_clash(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Two names whose first tokens are different native names (بشار/حافظ)."""
    native = native_names()
    return ta[0] != tb[0] and ta[0] in native and tb[0] in native


def name_similarity(a: str, b: str) -> float:
    """Similarity of two full names in [0, 1] (1: the same name)."""
    return compare_names(a, b).score
