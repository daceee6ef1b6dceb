"""Token features for the CRF named-entity recogniser, and the lexicons they use.

Features are plain strings ("w=...", "c-1=..."), the cheapest form crfsuite
takes, because feature extraction in Python is what bounds tagging speed.
Every word is compared in its matching normalisation (rasid.text.normalize)
and, separately, without proclitics, since ANERcorp and news text keep
و/ب/ل/ال attached to names (وإسرائيل, لبنان, بالأمم).

Lexicons (all under rasid/data, loaded once, lazily):
- ner_clusters.tsv.gz: word2vec + k-means clusters of SaudiNewsNet words at
  four granularities (64, 256, 1024, 2048 clusters: coarse ones generalise,
  fine ones separate given names from surnames), with counts (a frequency
  lexicon: rare words are more often names);
- ner_gazetteer.tsv.gz: normalised phrases with a type (PER/ORG/LOC), from the
  ANERgazet lists and the UniversalPetrarch actor dictionary;
- ner_namewords.tsv.gz: single transliterated name words with their type
  (ANETAC), which covers foreign names the gazetteers miss.
"""
from __future__ import annotations

import gzip
import math
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.paths import ARTIFACTS
from rasid.text.clitics import split_proclitics
from rasid.text.normalize import normalize

CLUSTERS_FILE = ARTIFACTS / "ner_clusters.tsv.gz"
GAZETTEER_FILE = ARTIFACTS / "ner_gazetteer.tsv.gz"
NAME_WORDS_FILE = ARTIFACTS / "ner_namewords.tsv.gz"
MAX_GAZ_WORDS = 5
# Cluster columns of ner_clusters.tsv.gz after the word: CBOW word2vec at four
# granularities, then skip-gram word2vec (a second view of the same words).
CLUSTER_LEVELS = ("64", "256", "1024", "2048", "sg")
# Columns also given for the neighbours at distance 1 and 2.
NEAR_LEVELS = (1, 2, 4)
FAR_LEVELS = (1,)
_NO_CLUSTER = ("-",) * len(CLUSTER_LEVELS)
_PUNCT = set("()[]{}«»\"'.,،;؛:!?؟-–—/\\|*")


@dataclass
class Lexicons:
    """What the features look words up in; empty lexicons give valid features."""

    # word -> its cluster ids, coarse to fine (CLUSTER_LEVELS)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # phrase (tuple of bare normalised words) -> types joined ("LOC" or "LOC|PER")
    gazetteer: dict[tuple[str, ...], str] = field(default_factory=dict)
    # single transliterated name words (ANETAC) -> types ("PER", "LOC|PER")
    name_words: dict[str, str] = field(default_factory=dict)
    use_clusters: bool = True

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)


def load_lexicons(use_clusters: bool = True) -> Lexicons:
    lex = Lexicons(use_clusters=use_clusters)
    if CLUSTERS_FILE.exists():
        with gzip.open(CLUSTERS_FILE, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                lex.clusters[parts[0]] = tuple(parts[1:-1])
                lex.counts[parts[0]] = int(parts[-1])
    if GAZETTEER_FILE.exists():
        with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as fh:
            for line in fh:
                phrase, types = line.rstrip("\n").split("\t")
                lex.gazetteer[tuple(phrase.split(" "))] = types
    lex.name_words.update(read_name_words())
    return lex


def read_name_words() -> dict[str, str]:
    """ner_namewords.tsv.gz: transliterated name word -> its types ("PER",
    "LOC|PER"); empty when the file is absent."""
    out: dict[str, str] = {}
    if NAME_WORDS_FILE.exists():
        with gzip.open(NAME_WORDS_FILE, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, types = line.rstrip("\n").split("\t")
                out[word] = types
    return out


@lru_cache(maxsize=200_000)
def word_forms(surface: str) -> tuple[str, str, str]:
    """(norm, prefix, bare) of a surface token, cached: news repeats words."""
    norm = normalize(surface)
    prefix, bare = split_proclitics(norm)
    return norm, prefix, bare


def _shape(surface: str) -> str:
    if surface.isdigit():
        return "digit"
    if all(ch in _PUNCT for ch in surface):
        return "punct"
    if surface.isascii():
        return "latin"
    if any(ch.isdigit() for ch in surface):
        return "mixed"
    return "ar"


def gazetteer_tags(bares: list[str], lex: Lexicons) -> list[str]:
    """Greedy longest match of gazetteer phrases over bare forms: B-/I- tags."""
    tags = [""] * len(bares)
    gaz = lex.gazetteer
    if not gaz:
        return tags
    i, n = 0, len(bares)
    while i < n:
        for length in range(min(MAX_GAZ_WORDS, n - i), 0, -1):
            types = gaz.get(tuple(bares[i:i + length]))
            if types:
                tags[i] = "B-" + types
                for k in range(i + 1, i + length):
                    tags[k] = "I-" + types
                i += length
                break
        else:
            i += 1
    return tags


def sentence_features(surfaces: list[str], lex: Lexicons) -> list[list[str]]:
    """One list of feature strings per token of a sentence.

    The set was chosen on a dev split of ANERcorp train (scripts/train_ner.py,
    docs/MODELS.md): word, bare word and affixes; gazetteer and name-word tags
    in a ±2 window; clusters at four granularities for the word and at the
    middle ones for its neighbours.
    """
    forms = [word_forms(s) for s in surfaces]
    norms = [f[0] for f in forms]
    bares = [f[2] for f in forms]
    gaz = gazetteer_tags(bares, lex)
    clusters = lex.clusters if lex.use_clusters else {}
    cl = [clusters.get(nm) or clusters.get(b) or _NO_CLUSTER for nm, b in zip(norms, bares)]
    names = lex.name_words
    nw = [names.get(b) or names.get(nm, "-") for nm, b in zip(norms, bares)]
    n = len(surfaces)
    out = []
    for i, surface in enumerate(surfaces):
        norm, prefix, bare_w = forms[i]
        freq = lex.counts.get(norm, 0)
        f = [
            "b",
            "w=" + norm,
            "bare=" + bare_w,
            "pre=" + prefix,
            "s2=" + bare_w[-2:],
            "s3=" + bare_w[-3:],
            "s4=" + bare_w[-4:],
            "p2=" + bare_w[:2],
            "p3=" + bare_w[:3],
            "p4=" + bare_w[:4],
            "n1=" + norm[:1],
            "ns1=" + norm[-1:],
            "ns2=" + norm[-2:],
            "shape=" + _shape(surface),
            "len=" + str(min(len(bare_w), 8)),
            "freq=" + str(int(math.log2(freq + 1)) if freq else -1),
            "gaz=" + gaz[i],
            "nw=" + nw[i],
        ]
        if i == 0:
            f.append("BOS")
        elif i == n - 1:
            f.append("EOS")
        if lex.use_clusters:
            if cl[i] is _NO_CLUSTER:
                f.append("c=none")
            else:
                f.extend(f"c{level}=" + cid for level, cid in zip(CLUSTER_LEVELS, cl[i]))
            bare_cl = clusters.get(bare_w)
            if bare_cl and bare_w != norm:
                f.append("cb=" + bare_cl[2])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"w{d}=" + norms[j])
                f.append(f"bare{d}=" + bares[j])
                f.append(f"gaz{d}=" + gaz[j])
                if d in (-1, 1):
                    f.append(f"nw{d}=" + nw[j])
                    f.append(f"w{d}|w=" + norms[j] + "|" + norm)
                if lex.use_clusters:
                    for level in (NEAR_LEVELS if d in (-1, 1) else FAR_LEVELS):
                        if level < len(cl[j]):
                            f.append(f"c{d}.{level}=" + cl[j][level])
            else:
                f.append(f"w{d}=<pad>")
        out.append(f)
    return out
