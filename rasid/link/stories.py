"""Incremental story clustering: a new article joins a live story or starts one.

Single pass in time order. Each document becomes a TF-IDF vector over its
clitic-stripped tokens (``Token.bare``) from the headline (weighted up: the
headline names the story) and the lead (first ``LEAD_TOKENS`` tokens: wire
stories put the who/what/where there). It is compared with the centroids of
stories last seen within ``WINDOW_DAYS``; the best one above ``threshold``
takes it, otherwise it starts a story. Shared entity ids (when entity
resolution ran) add a bonus. A document marked ``duplicate_of`` simply joins
its original's story: copies are one story by definition.

IDF starts from a background table (rasid/data/idf.tsv.gz, built from
SaudiNewsNet by scripts/build_idf.py: a five-article batch cannot estimate
IDF) and is updated online with the documents seen, so new vocabulary counts.
"""
from __future__ import annotations

import gzip
import hashlib
import math
from functools import lru_cache
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from rasid.model import Corpus, Document, Story
from rasid.pipeline import CorpusComponent

LEAD_TOKENS = 80
TITLE_WEIGHT = 2.0
MAX_TERMS = 40  # terms kept per document vector
CENTROID_TERMS = 80
WINDOW_DAYS = 4.0
RETRIEVAL_TERMS = 8
THRESHOLD = 0.30  # tuned on ANS train headline pairs (bench/stories.py)
ENTITY_BONUS = 0.05  # per shared entity id, capped at 3


@lru_cache(maxsize=1)
def background_df() -> tuple[int, dict[str, int]]:
    """(N, term -> document frequency) from the shipped table; loaded once."""
    path = Path(__file__).resolve().parents[1] / "data" / "idf.tsv.gz"
    if not path.exists():
        return 0, {}
    df: dict[str, int] = {}
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            if term == "__N__":
                n = int(count)
            else:
                df[term] = int(count)
    return n, df


def _bares(tokens) -> list[str]:
    # Short forms and digits carry no story identity.
    return [t.bare for t in tokens if len(t.bare) > 2 and not t.bare.isdigit()]


def _day(published: str | None) -> float | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")[:19]).timestamp() / 86400.0
    except ValueError:
        return None


@dataclass
class DocumentFeatures:
    """What the clusterer keeps of a document: its terms and metadata."""

    doc_id: str
    terms: Counter
    title: str
    outlet: str | None = None
    published: str | None = None
    entities: frozenset[str] = frozenset()
    duplicate_of: str | None = None


def features_of(doc: Document) -> DocumentFeatures:
    from rasid.text.segment import tokenize  # noqa: PLC0415

    terms: Counter = Counter(_bares(doc.tokens[:LEAD_TOKENS]))
    title = (doc.title or "").strip()
    if title:
        for w in _bares(tokenize(title)):
            terms[w] += TITLE_WEIGHT
    else:
        title = doc.text[doc.sentences[0].start:doc.sentences[0].end] if doc.sentences else doc.text[:120]
    return DocumentFeatures(doc.id, terms, title.strip(), doc.outlet, doc.published,
                            frozenset(m.entity for m in doc.entities if m.entity), doc.duplicate_of)


@dataclass
class _Cluster:
    id: str
    title: str
    centroid: dict[str, float] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    first_seen: str | None = None
    last_seen: str | None = None
    last_day: float | None = None


class StoryClusterer(CorpusComponent):
    """Builds ``corpus.stories`` and sets ``doc.story``; ``add`` is incremental."""

    name = "stories"
    requires = ("doc.tokens",)
    optional = ("doc.entities", "doc.duplicate_of")
    assigns = ("corpus.stories", "doc.story")

    def __init__(self, threshold: float = THRESHOLD, window_days: float = WINDOW_DAYS):
        self.threshold = threshold
        self.window_days = window_days
        self.df: Counter = Counter()
        self.n_docs = 0
        self.clusters: dict[str, _Cluster] = {}
        self.story_of: dict[str, str] = {}
        self._postings: dict[str, set[str]] = {}  # term -> story ids with it in their centroid

    # -- vectors -----------------------------------------------------------
    def observe(self, feats: DocumentFeatures) -> None:
        """Count a document's terms for IDF (done before ``add`` in batches)."""
        self.n_docs += 1
        self.df.update(feats.terms.keys())

    def vector(self, terms: Counter) -> dict[str, float]:
        bg_n, bg = background_df()
        n = self.n_docs + bg_n
        weights = {t: (1 + math.log(c)) * math.log((n + 1) / (self.df.get(t, 0) + bg.get(t, 0) + 1))
                   for t, c in terms.items()}
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:MAX_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top if w > 0}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        dot = sum(w * b.get(t, 0.0) for t, w in a.items())
        nb = math.sqrt(sum(w * w for w in b.values())) or 1.0
        return dot / nb

    # -- clustering --------------------------------------------------------
    def add(self, doc: Document | DocumentFeatures, observed: bool = False) -> str:
        """Place one document; returns its story id. Call in publication order."""
        feats = doc if isinstance(doc, DocumentFeatures) else features_of(doc)
        if not observed:
            self.observe(feats)
        day = _day(feats.published)
        if feats.duplicate_of and feats.duplicate_of in self.story_of:
            cluster = self.clusters[self.story_of[feats.duplicate_of]]
            self._join(cluster, feats, None, day)
            return cluster.id
        vec = self.vector(feats.terms)
        best, best_score = None, self.threshold
        candidates: set[str] = set()
        # Retrieve through the document's strongest terms only: a story that
        # shares none of them cannot pass the threshold in practice, and
        # common terms would drag in every story.
        for t in list(vec)[:RETRIEVAL_TERMS]:
            candidates |= self._postings.get(t, set())
        for sid in candidates:
            c = self.clusters[sid]
            if day is not None and c.last_day is not None and abs(day - c.last_day) > self.window_days:
                continue
            score = self.cosine(vec, c.centroid)
            if feats.entities:
                score += ENTITY_BONUS * min(3, sum(1 for e in feats.entities if e in c.entities))
            if score > best_score:
                best, best_score = c, score
        if best is None:
            sid = "S" + hashlib.sha1(feats.doc_id.encode("utf-8")).hexdigest()[:12]
            best = self.clusters[sid] = _Cluster(sid, feats.title)
        self._join(best, feats, vec, day)
        return best.id

    def _join(self, c: _Cluster, feats: DocumentFeatures, vec: dict[str, float] | None,
              day: float | None) -> None:
        if vec:
            # Running mean of member vectors, pruned to the strongest terms so
            # that comparisons stay cheap as stories grow.
            k = len(c.documents)
            merged = {t: w * k for t, w in c.centroid.items()}
            for t, w in vec.items():
                merged[t] = merged.get(t, 0.0) + w
            top = sorted(merged.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS]
            for t in c.centroid:
                self._postings.get(t, set()).discard(c.id)
            c.centroid = {t: w / (k + 1) for t, w in top}
            for t in c.centroid:
                self._postings.setdefault(t, set()).add(c.id)
        c.documents.append(feats.doc_id)
        if feats.outlet and feats.outlet not in c.outlets:
            c.outlets.append(feats.outlet)
        c.entities.update(feats.entities)
        if feats.published:
            c.first_seen = min(filter(None, [c.first_seen, feats.published]))
            c.last_seen = max(filter(None, [c.last_seen, feats.published]))
        if day is not None:
            c.last_day = max(day, c.last_day or day)
        self.story_of[feats.doc_id] = c.id

    def stories(self) -> list[Story]:
        return [Story(id=c.id, title=c.title, documents=list(c.documents), outlets=list(c.outlets),
                      first_seen=c.first_seen, last_seen=c.last_seen) for c in self.clusters.values()]

    def process_corpus(self, corpus: Corpus) -> Corpus:
        order = sorted(range(len(corpus.documents)),
                       key=lambda i: (corpus.documents[i].published is None,
                                      corpus.documents[i].published or "", i))
        feats = [features_of(corpus.documents[i]) for i in order]
        for f in feats:
            self.observe(f)  # batch IDF: early documents see the whole run's vocabulary
        for f in feats:
            self.add(f, observed=True)
        for d in corpus.documents:
            d.story = self.story_of.get(d.id)
        corpus.stories = self.stories()
        return corpus
