"""Exact and near-duplicate detection: MinHash over word shingles, LSH banding.

Why MinHash: wire copies re-published by several outlets differ by a byline,
a dateline or a truncated tail; Jaccard similarity of word 5-gram shingles
stays high under such edits while different stories share almost none. The
signatures are plain numpy arrays (stable across processes: shingles are
hashed with crc32, not Python's salted ``hash``) so a store can persist them
and match new documents against old ones (``DuplicateIndex``).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from rasid.model import Corpus, Document
from rasid.pipeline import CorpusComponent

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidate pairs from Jaccard ~0.5 up
SHINGLE = 5
THRESHOLD = 0.5  # estimated Jaccard at which two documents are copies
# Texts shorter than one shingle (empty bodies of feed items whose content was
# not fetched, one-line stubs) all get the same degenerate signature; they are
# not compared, or hundreds of unrelated stubs become one "duplicate" group.
MIN_TOKENS = SHINGLE
_PRIME = (1 << 61) - 1
_MASK32 = np.uint64(0xFFFFFFFF)


def _permutations(num_perm: int = NUM_PERM, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    a = rng.randint(1, 1 << 31, size=num_perm, dtype=np.uint64)
    b = rng.randint(0, 1 << 31, size=num_perm, dtype=np.uint64)
    return a, b


_A, _B = _permutations()


def shingles(words: list[str], size: int = SHINGLE) -> set[str]:
    """Word n-grams of normalised tokens; short texts fall back to one shingle."""
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature_of_words(words: list[str]) -> np.ndarray:
    """A MinHash signature (uint32[NUM_PERM]) of the word shingles."""
    sh = shingles(words)
    if not sh:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in sh), dtype=np.uint64, count=len(sh))
    # (a*h + b) mod 2^32 per permutation: universal hashing on 32-bit values,
    # computed in uint64 so the products do not overflow.
    perm = (np.outer(_A, h) + _B[:, None]) & _MASK32
    return perm.min(axis=1).astype(np.uint32)


def signature(doc: Document) -> np.ndarray:
    return signature_of_words([t.norm or doc.text[t.start:t.end] for t in doc.tokens])


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class DuplicateMatch:
    doc_id: str
    similarity: float


@dataclass
class DuplicateIndex:
    """LSH index of signatures: ``add`` stored documents, ``query`` new ones.

    ``signatures`` maps doc id -> numpy signature, for persisting.
    """

    threshold: float = THRESHOLD
    signatures: dict[str, np.ndarray] = field(default_factory=dict)
    _buckets: dict[tuple[int, bytes], list[str]] = field(default_factory=dict)

    def _keys(self, sig: np.ndarray) -> list[tuple[int, bytes]]:
        rows = len(sig) // BANDS
        return [(i, sig[i * rows:(i + 1) * rows].tobytes()) for i in range(BANDS)]

    def add(self, doc_id: str, sig: np.ndarray) -> None:
        self.signatures[doc_id] = sig
        for key in self._keys(sig):
            self._buckets.setdefault(key, []).append(doc_id)

    def query(self, sig: np.ndarray) -> list[DuplicateMatch]:
        """Indexed documents whose estimated Jaccard with ``sig`` reaches the threshold."""
        seen: set[str] = set()
        out = []
        for key in self._keys(sig):
            for other in self._buckets.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(sig, self.signatures[other])
                if sim >= self.threshold:
                    out.append(DuplicateMatch(other, sim))
        out.sort(key=lambda m: -m.similarity)
        return out


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class Deduplicator(CorpusComponent):
    """Groups duplicate documents; each copy points to the earliest one.

    Two kinds: "exact" (the same cleaned text, ``content_hash``: the same wire
    copy stored by two outlets or under two urls, which the store keeps as two
    documents) and "near" (MinHash estimate at or above ``threshold``).
    Earliest = smallest ``published`` (documents without a date sort last),
    then input order. The earliest copy itself keeps ``duplicate_of = None``;
    each copy gets ``meta["duplicate"] = {"reason": "exact"|"near",
    "similarity": ...}`` (the model has no field for the reason).
    """

    name = "dedup"
    requires = ("doc.tokens",)
    assigns = ("doc.duplicate_of",)

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.index = DuplicateIndex(threshold)

    def process_corpus(self, corpus: Corpus) -> Corpus:
        self.index = DuplicateIndex(self.threshold)
        groups = _UnionFind()
        signatures: dict[str, np.ndarray] = {}
        first_with_text: dict[str, str] = {}  # content hash -> first document id with it
        for doc in corpus.documents:
            if len(doc.tokens) < MIN_TOKENS:
                continue
            if doc.content_hash and doc.content_hash in first_with_text:
                # An exact copy: no need to hash it, it matches what its twin matches.
                groups.union(first_with_text[doc.content_hash], doc.id)
                continue
            if doc.content_hash:
                first_with_text[doc.content_hash] = doc.id
            sig = signatures[doc.id] = signature(doc)
            for match in self.index.query(sig):
                groups.union(match.doc_id, doc.id)
            self.index.add(doc.id, sig)
        order = {d.id: (d.published is None, d.published or "", i) for i, d in enumerate(corpus.documents)}
        by_id = {d.id: d for d in corpus.documents}
        members: dict[str, list[str]] = {}
        for d in corpus.documents:
            members.setdefault(groups.find(d.id), []).append(d.id)
        earliest = {root: min(ids, key=order.__getitem__) for root, ids in members.items()}
        for d in corpus.documents:
            first = earliest[groups.find(d.id)]
            d.meta.pop("duplicate", None)
            if first == d.id:
                d.duplicate_of = None
                continue
            d.duplicate_of = first
            original = by_id[first]
            if d.content_hash and d.content_hash == original.content_hash:
                d.meta["duplicate"] = {"reason": "exact", "similarity": 1.0}
            else:
                a = signatures.get(first_with_text.get(d.content_hash, d.id))
                b = signatures.get(first_with_text.get(original.content_hash, first))
                sim = similarity(a, b) if a is not None and b is not None else None
                d.meta["duplicate"] = {"reason": "near", "similarity": sim}
        return corpus
