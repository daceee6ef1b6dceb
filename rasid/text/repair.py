"""Repair Arabic words that scraping glued together (الأممالمتحدة -> الأمم المتحدة).

Why: HTML extraction drops spaces at tag boundaries and line breaks, and a
glued pair is invisible to every later matcher (names, events, gazetteers).
The only evidence that a token is two words is the language itself, so the
decision comes from the SaudiNewsNet lexicon (rasid.text.lexicon):

- only tokens that are long and rare (unknown, or seen at most a handful of
  times) are candidates, which keeps the cost per article small and spares
  ordinary words (والاستثمارات, بالمسؤولية);
- each split point into two known words is described by the parts' counts,
  how often they were written apart (bigram count), the whole token's count,
  whether the parts look like clitics or suffixes, and whether the token
  stripped of a clitic is a known word; a logistic regression fitted on
  synthetic glues of a held-out day (scripts/build_lexicon.py) scores it, and
  the token is split only above a high cut (else left alone: لواشنطنن);
- letters that only end a word (ة ى, tanwin) inside a token show where the
  space was lost, since normalisation hides them from the lexicon.

The repair only inserts one space inside a token; everything else (spaces,
punctuation, diacritics) is kept, and each repair records its offsets in the
original text so that the caller can log it in the document's metadata.
"""
from __future__ import annotations

import json
import math
import random

import numpy as np
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.paths import ARTIFACTS
from rasid.text.lexicon import ARABIC_WORD, Lexicon, load_lexicon
from rasid.text.normalize import DIACRITICS, normalize


WEIGHTS_FILE = "lexicon.repair_weights.json"
# Never split tokens shorter than this (letters), nor into parts shorter than
# MIN_PART: single letters are proclitics that attach in correct Arabic.
MIN_LETTERS = 5
MIN_PART = 2
# A token seen more often than this is a word, not a glue.
MAX_WHOLE_COUNT = 20
# Clitics and suffixes: a split that only separates one of these is usually an
# inflected word (صالحان = صالح + dual ان), and an unknown word whose stripped
# form is known is a real word, not a glue.
PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "بال", "فال", "كال", "لل", "ول",
                        "وب", "وس", "لا", "ما", "يا", "وبال", "فبال", "ولل", "فلل", "وك", "فب", "فل"})
SUFFIXES = frozenset({"ها", "هم", "هما", "هن", "ان", "ين", "ون", "ات", "نا", "كم", "وا", "تم", "ني", "يه",
                      "ته", "يا", "يات", "يين", "يون", "تها", "تهم", "يه", "ه", "ي", "ك"})
# Normalised forms the lexicon counts (from stray spacing) but that never
# stand alone: the article ال.
NEVER_WORDS = frozenset({"ال"})
# Letters and marks that only end a word (see word_end_cuts).
WORD_FINAL_LETTERS = frozenset("ةى")
TANWIN = frozenset("\u064B\u064C\u064D")
# Cut used when the spelling shows the boundary (tuned on the dev day).
FORCED_THRESHOLD = 0.1
_PROCLITICS_LONGEST = sorted(PROCLITICS, key=len, reverse=True)
_SUFFIXES_LONGEST = sorted(SUFFIXES, key=len, reverse=True)
FEATURES = ("log_stripped_whole", "log_first", "log_second", "log_bigram", "log_whole",
            "first_2", "second_2", "first_3", "second_3", "first_len", "second_len",
            "second_article", "second_suffix", "first_proclitic", "bigram_seen", "first_ends_heh",
            "log_first_x_log_second",
            # How this split compares with the token's other candidate splits,
            # and how strongly its two parts attract each other (PMI): a glue
            # usually has one split far better than the rest.
            "pmi", "product_gap", "n_candidates", "best_margin",
            "first_ends_vowel_letter", "second_starts_imperfect", "token_len")


@dataclass(frozen=True)
class SplitModel:
    """Logistic regression over the standardised FEATURES and their pairwise
    products (degree-2 expansion), fitted by scripts/build_lexicon.py on
    synthetic glues of the dev day; ``threshold`` is the decision cut.

    The products let a linear model weigh one count against another (a rare
    first part is fine when the bigram was seen), which gained about one point
    of recall at equal precision over the plain features on the dev day.
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float
    mean: tuple[float, ...] = ()  # standardisation of the raw features
    scale: tuple[float, ...] = ()
    expanded_mean: tuple[float, ...] = ()  # standardisation of the expansion
    expanded_scale: tuple[float, ...] = ()

    def probability(self, features: list[float]) -> float:
        return self.probabilities([features])[0]

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """Probabilities for a token's candidate splits, in one numpy pass."""
        x = np.asarray(rows, dtype=float)
        if self.mean:
            linear, quadratic, bias = self._folded()
            x = (x - np.asarray(self.mean)) / np.asarray(self.scale)
            z = bias + x @ linear + np.einsum("ki,ij,kj->k", x, quadratic, x)
        else:
            z = self.bias + x @ np.asarray(self.weights)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))).tolist()

    def _folded(self) -> tuple[np.ndarray, np.ndarray, float]:
        """The expansion's weights as a constant, a vector and an upper-
        triangular matrix over the standardised features (computed once)."""
        cached = _FOLDED.get(id(self))
        if cached is not None:
            return cached
        n = len(self.mean)
        w = np.asarray(self.weights) / np.asarray(self.expanded_scale)
        bias = self.bias - float(np.dot(w, np.asarray(self.expanded_mean)))
        # PolynomialFeatures(2) order: 1, x_i, then x_i * x_j for i <= j.
        bias += float(w[0])
        linear = w[1:n + 1].copy()
        quadratic = np.zeros((n, n))
        k = n + 1
        for i in range(n):
            for j in range(i, n):
                quadratic[i, j] = w[k]
                k += 1
        _FOLDED[id(self)] = (linear, quadratic, bias)
        return linear, quadratic, bias


_FOLDED: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}


@lru_cache(maxsize=1)
def load_model() -> SplitModel:
    data = json.loads((ARTIFACTS / WEIGHTS_FILE).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE} was fitted on other features; rerun scripts/build_lexicon.py")
    return SplitModel(tuple(data["weights"]), data["bias"], data["threshold"],
                      tuple(data.get("mean", ())), tuple(data.get("scale", ())),
                      tuple(data.get("expanded_mean", ())), tuple(data.get("expanded_scale", ())))


def stripped_count(norm: str, lex: Lexicon) -> int:
    """Highest count of the token without one proclitic group or one suffix."""
    best = 0
    for pre in _PROCLITICS_LONGEST:
        if norm.startswith(pre) and len(norm) - len(pre) >= 3:
            best = max(best, lex.unigrams.get(norm[len(pre):], 0))
    for suf in _SUFFIXES_LONGEST:
        if norm.endswith(suf) and len(norm) - len(suf) >= 3:
            best = max(best, lex.unigrams.get(norm[:-len(suf)], 0))
    return best


@dataclass
class SplitCandidate:
    at: int  # index in the normalised token where the space goes
    features: list[float]


def split_candidates(norm: str, lex: Lexicon) -> list[SplitCandidate]:
    """Split points of a rare, long token into two known words, with features."""
    if len(norm) < MIN_LETTERS:
        return []
    whole = lex.unigrams.get(norm, 0)
    if whole > MAX_WHOLE_COUNT:
        return []
    out: list[SplitCandidate] = []
    stripped = None
    for i in range(MIN_PART, len(norm) - MIN_PART + 1):
        a, b = norm[:i], norm[i:]
        if a in NEVER_WORDS or b in NEVER_WORDS:
            continue
        fa = lex.unigrams.get(a, 0)
        if not fa:
            continue
        fb = lex.unigrams.get(b, 0)
        if not fb:
            continue
        if stripped is None:
            stripped = stripped_count(norm, lex)
        bg = lex.bigrams.get(a + " " + b, 0)
        la, lb = math.log1p(fa), math.log1p(fb)
        out.append(SplitCandidate(i, [
            math.log1p(stripped), la, lb, math.log1p(bg), math.log1p(whole),
            float(len(a) == 2), float(len(b) == 2), float(len(a) == 3), float(len(b) == 3),
            float(min(len(a), 8)), float(min(len(b), 8)),
            float(b.startswith("ال")), float(b in SUFFIXES), float(a in PROCLITICS), float(bg > 0),
            float(a.endswith("ه")), la * lb,
        ]))
    _add_context_features(norm, out, lex)
    return out


def _add_context_features(norm: str, candidates: list[SplitCandidate], lex: Lexicon) -> None:
    """Append the features that compare a split with its token's other splits."""
    if not candidates:
        return
    log_total = math.log(max(lex.total, 2))
    products = sorted((c.features[1] + c.features[2] for c in candidates), reverse=True)
    margin = products[0] - products[1] if len(products) > 1 else 5.0
    for cand in candidates:
        a, b = norm[:cand.at], norm[cand.at:]
        la, lb, lbg = cand.features[1], cand.features[2], cand.features[3]
        cand.features.extend([
            lbg - (la + lb - log_total), (la + lb) - products[0], float(len(candidates)), margin,
            float(a[-1] in "هيا"), float(b[:1] in "يتنا"), float(len(norm)),
        ])


@dataclass(frozen=True)
class Repair:
    """One split: ``original`` was at text[start:end]; ``replacement`` replaced it."""

    start: int
    end: int
    original: str
    replacement: str


@dataclass
class RepairResult:
    text: str
    repairs: list[Repair] = field(default_factory=list)


def best_split(norm: str, lex: Lexicon | None = None, model: SplitModel | None = None,
               required_at: int | None = None) -> int | None:
    """Index in the normalised token where a space belongs, or None.

    ``required_at``: the spelling already shows where a word ends (see
    ``word_end_cuts``), so only that split point is weighed, against a lower
    cut (``FORCED_THRESHOLD``): the spelling is itself strong evidence.
    """
    lex = lex or load_lexicon()
    candidates = split_candidates(norm, lex)
    if not candidates:
        return None
    model = model or load_model()
    if required_at is not None:
        for cand in candidates:
            if cand.at == required_at:
                p = model.probability(cand.features)
                return cand.at if p >= min(model.threshold, FORCED_THRESHOLD) else None
        return None
    scores = model.probabilities([c.features for c in candidates])
    best = max(range(len(candidates)), key=scores.__getitem__)
    return candidates[best].at if scores[best] >= model.threshold else None


def word_end_cuts(surface: str) -> list[int]:
    """Positions inside ``surface`` where a word must have ended.

    Taa marbuta (ة), alef maqsura (ى) and tanwin (ً ٌ ٍ, with the alef that
    carries tanwin fatha) occur only at the end of a word, so inside a token
    they mark a lost space. Normalisation folds ة and ى and drops the marks,
    so the split model cannot see this; the surface can.
    """
    cuts = []
    i, n = 0, len(surface)
    while i < n:
        ch = surface[i]
        if ch in WORD_FINAL_LETTERS or ch in TANWIN:
            j = i + 1
            # marks after the final letter, and the alef of ـًا, stay with it
            while j < n and (surface[j] in DIACRITICS or (surface[j] == "ا" and surface[j - 1] == "\u064B")):
                j += 1
            if j < n:
                cuts.append(j)
            i = j
        else:
            i += 1
    return cuts


def _surface_index(surface: str, norm_index: int) -> int | None:
    """Where the ``norm_index``-th normalised letter of ``surface`` starts.

    Marks (harakat, tatweel) normalise to nothing and stay with the letter
    before them, so the space goes right before the next letter.
    """
    seen = 0
    for i, ch in enumerate(surface):
        produced = len(normalize(ch))
        if produced and seen == norm_index:
            return i
        seen += produced
    return None


# Per model: surface -> where its space goes (None: leave it alone).
_CUTS: dict[int, dict[str, int | None]] = {}
MAX_CACHED_SURFACES = 500_000


def _surface_cut(surface: str, lex: Lexicon, model: SplitModel) -> int | None:
    """Index in ``surface`` where a space belongs, or None."""
    forced = word_end_cuts(surface)
    if len(forced) > 1:
        return None  # three or more words: beyond a two-way split
    required = len(normalize(surface[:forced[0]])) if forced else None
    at = best_split(normalize(surface), lex, model, required)
    if at is None:
        return None
    cut = _surface_index(surface, at)
    return cut or None


def repair_text(text: str, model: SplitModel | None = None) -> RepairResult:
    """Split glued Arabic words in ``text`` (see the module docstring)."""
    lex: Lexicon | None = None
    pieces: list[str] = []
    repairs: list[Repair] = []
    cursor = 0
    model = model or load_model()
    cache = _CUTS.setdefault(id(model), {})
    if len(cache) > MAX_CACHED_SURFACES:
        cache.clear()
    for match in ARABIC_WORD.finditer(text):
        surface = match.group()
        if len(surface) < MIN_LETTERS:
            continue
        # The decision depends on the surface alone, and news repeats its
        # words: most tokens are answered from the cache.
        if surface in cache:
            cut = cache[surface]
        else:
            lex = lex or load_lexicon()
            cut = cache[surface] = _surface_cut(surface, lex, model)
        if cut is None:
            continue
        replacement = surface[:cut] + " " + surface[cut:]
        repairs.append(Repair(match.start(), match.end(), surface, replacement))
        pieces.append(text[cursor:match.start()])
        pieces.append(replacement)
        cursor = match.end()
    if not repairs:
        return RepairResult(text=text)
    pieces.append(text[cursor:])
    return RepairResult(text="".join(pieces), repairs=repairs)


@dataclass
class GluedText:
    """Text with synthetic glues, for fitting and benchmarking the repair."""

    text: str
    # (start, end) in ``text`` of each glued token -> the pair as it was written
    glued: dict[tuple[int, int], str]
    words: int  # Arabic word tokens in ``text``


def glue_adjacent_words(text: str, rng: random.Random, rate: float) -> GluedText:
    """Remove the single space between random adjacent Arabic words (never
    three words into one), as scraping does."""
    words = list(ARABIC_WORD.finditer(text))
    cut_after: list[int] = []
    i = 0
    while i < len(words) - 1:
        if text[words[i].end():words[i + 1].start()] == " " and rng.random() < rate:
            cut_after.append(i)
            i += 2
        else:
            i += 1
    out: list[str] = []
    glued: dict[tuple[int, int], str] = {}
    cursor = length = 0
    for i in cut_after:
        a, b = words[i], words[i + 1]
        before = text[cursor:a.start()]
        joined = a.group() + b.group()
        out += [before, joined]
        start = length + len(before)
        length = start + len(joined)
        glued[(start, length)] = a.group() + " " + b.group()
        cursor = b.end()
    out.append(text[cursor:])
    return GluedText(text="".join(out), glued=glued, words=len(words) - len(cut_after))
