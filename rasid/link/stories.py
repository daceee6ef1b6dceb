"""Incremental story clustering: a new article joins a live story or starts one.

Single pass in time order. Each document becomes a TF-IDF vector over the
clitic-stripped tokens (``Token.bare``) of the whole document, with extra
weight on its headline and lead and on its numbers (``FeatureWeights``).
Why the whole body: two outlets rewriting one wire story share its
vocabulary throughout. Why more than the body (issue #6): different outlets
reporting one event differ in wording, length and background paragraphs,
and body-only vectors of such pairs often score 0.1-0.3; what they share is
up front (the headline and first sentences name the actors, the place, the
casualty count) and in the numbers. Entity mentions can be extra terms too
(``FeatureWeights.entity``), off by default: no measurable gain on the
silver set.

A document is compared with the centroids of stories last seen within
``WINDOW_DAYS`` (time proximity: a story is a run of reports over days, and a
month-old cluster on the same topic is a different story); the best one above
``threshold`` takes it, otherwise it starts a story. A document marked
``duplicate_of`` joins its original's story: copies are one story by
definition.

Weights and threshold were tuned on two dev sets (bench/stories.py,
docs/BENCHMARKS.md): a silver set of SaudiNewsNet articles with the same
headline within three days, and a hand-judged cross-outlet set
(tests/data/stories_xoutlet_dev.jsonl) of reports of one event by different
outlets plus same-topic hard negatives. The window means a story told over
months (e.g. successive rounds of talks) becomes several stories, one per
burst of coverage.

IDF starts from a background table (rasid/data/idf.tsv.gz, built from
SaudiNewsNet by scripts/build_idf.py: a five-article batch cannot estimate
IDF) and is updated online with the documents seen, so new vocabulary counts.
"""
from __future__ import annotations

import gzip
import hashlib
import math
import re
from functools import lru_cache
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from rasid.model import Corpus, Document, Story
from rasid.pipeline import CorpusComponent

CENTROID_TERMS = 120
WINDOW_DAYS = 3.0  # tuned on the silver dev set (bench/stories.py): 1 and 7 days did worse
RETRIEVAL_TERMS = 10
# Mean of silver-dev and cross-outlet-dev B-cubed F1, full-density dev days
# (bench/stories.py --tune): 0.30 0.912, 0.35 0.916, 0.40 0.892; body-only
# vectors needed 0.40.
THRESHOLD = 0.35
# An entity mention can count as this many extra occurrences of an entity term
# ("@" + canonical name). Measured on the silver dev set with NER run: weights
# 1, 2 and 4 did not beat 0 (B-cubed F1 0.945-0.948 vs 0.951, within noise),
# so it is off by default; the silver stories share headlines, hence wording,
# which is where entity terms add least. Kept as a knob for re-tuning.
ENTITY_WEIGHT = 0.0
# "centroid", or "max": the best of centroid and member similarities
# (measured on the dev sets, see docs/BENCHMARKS.md).
LINKAGE = "centroid"
MAX_MEMBER_VECTORS = 20


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
    # Short forms, digits and function words carry no story identity.
    from rasid.link.summary import stopwords  # noqa: PLC0415 - one shared list

    stop = stopwords()
    return [t.bare for t in tokens
            if len(t.bare) > 2 and not t.bare.isdigit() and t.bare not in stop and t.norm not in stop]


def entity_term(doc: Document, mention, names: dict[str, str] | None = None) -> str:
    """The term of an entity mention: the canonical name of its corpus entity
    when resolution ran (so that «الأسد» and «بشار الأسد» are one term), else
    its own normalised text. A name, not the opaque id, so that its IDF can be
    estimated from the background table (see ``StoryClusterer._background``)."""
    from rasid.text.normalize import normalize  # noqa: PLC0415

    name = (names or {}).get(mention.entity or "") or mention.text or doc.text[mention.start:mention.end]
    return "@" + normalize(name)


def _tf(count: float) -> float:
    """Sublinear term frequency; weighted counts below 1 stay linear."""
    return 1 + math.log(count) if count >= 1 else count


def _day(published: str | None) -> float | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")[:19]).timestamp() / 86400.0
    except ValueError:
        return None


@dataclass(frozen=True)
class FeatureWeights:
    """How much each part of a document counts in its term vector.

    Why not the body alone: outlets reporting one event differ in length and
    background paragraphs, but their headline and lead name the same actors,
    place, numbers and key nouns; body-only vectors of such pairs score
    0.1-0.3 (the Astana seeds, the cross-outlet set in bench/stories.py).
    A token counts once in the body, plus ``lead`` more times within the
    first ``lead_tokens`` tokens, and each headline token counts ``title``
    times. Numbers (casualty counts, magnitudes, sums) are terms too
    (``number``), written "#27". Values tuned on the dev splits.
    """

    title: float = 0.0
    lead: float = 0.0
    lead_tokens: int = 60
    number: float = 0.0
    entity: float = 0.0
    max_terms: int = 60
    # Document frequencies below this count as this: a word seen once or
    # twice (a typo, one outlet's idiom, a transliteration variant) would
    # otherwise get the largest IDF and dominate the vector, while outlets
    # share the mid-frequency words of the event.
    min_df: int = 1


# Tuned on the dev sets (bench/stories.py): headline 2, lead 1 and numbers 1
# each raised cross-outlet dev B-cubed F1 (0.78 body-only -> 0.85-0.88) and
# did not lower the silver dev set; larger values, 120 terms per vector or an
# IDF floor changed the dev figures by less than 0.01-0.02 either way.
DEFAULT_WEIGHTS = FeatureWeights(title=2.0, lead=1.0, lead_tokens=60, number=1.0, entity=ENTITY_WEIGHT, max_terms=60)


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


_NUMBER = re.compile(r"^[وفبلك]*(\d+(?:[.,]\d+)?)$")


def number_terms(tokens) -> list[str]:
    """Numbers of two or more digits as "#27" ("و100" -> "#100"); one-digit
    numbers are too common to tell events apart."""
    out = []
    for t in tokens:
        m = _NUMBER.match(t.bare)
        if m and len(m.group(1)) >= 2:
            out.append("#" + m.group(1).replace(",", "."))
    return out


def features_of(doc: Document, entity_weight: float | None = None,
                names: dict[str, str] | None = None, weights: "FeatureWeights | None" = None) -> DocumentFeatures:
    """Weighted terms of a document (see ``FeatureWeights``); ``names`` maps
    corpus entity ids to canonical names. ``entity_weight`` overrides
    ``weights.entity`` (kept for callers of the older signature)."""
    from rasid.text.segment import tokenize  # noqa: PLC0415

    w = weights or DEFAULT_WEIGHTS
    ew = w.entity if entity_weight is None else entity_weight
    terms: Counter = Counter(_bares(doc.tokens))
    if w.lead > 0:
        lead_end = doc.tokens[w.lead_tokens - 1].end if len(doc.tokens) >= w.lead_tokens else len(doc.text)
        for t in _bares(t for t in doc.tokens if t.end <= lead_end):
            terms[t] += w.lead
    if w.number > 0:
        for t in number_terms(doc.tokens):
            terms[t] += w.number
    if w.title > 0 and doc.title:
        title_tokens = tokenize(doc.title)
        for t in _bares(title_tokens):
            terms[t] += w.title
        if w.number > 0:
            for t in number_terms(title_tokens):
                terms[t] += w.title
    if ew > 0:
        for m in doc.entities:
            terms[entity_term(doc, m, names)] += ew
    title = (doc.title or "").strip()
    if not title:
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
    member_vectors: list[dict[str, float]] = field(default_factory=list)  # the latest few, for linkage="max"
    first_seen: str | None = None
    last_seen: str | None = None
    last_day: float | None = None


class StoryClusterer(CorpusComponent):
    """Builds ``corpus.stories`` and sets ``doc.story``; ``add`` is incremental."""

    name = "stories"
    requires = ("doc.tokens",)
    optional = ("doc.entities", "doc.duplicate_of")
    assigns = ("corpus.stories", "doc.story")

    def __init__(self, threshold: float = THRESHOLD, window_days: float = WINDOW_DAYS,
                 entity_weight: float | None = None, weights: FeatureWeights | None = None,
                 linkage: str = LINKAGE):
        self.threshold = threshold
        self.linkage = linkage
        self.window_days = window_days
        self.weights = weights or DEFAULT_WEIGHTS
        self.entity_weight = self.weights.entity if entity_weight is None else entity_weight
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
        floor = self.weights.min_df
        weights = {t: _tf(c) * math.log((n + 1) / (max(floor, self.df.get(t, 0) + self._background(t, bg)) + 1))
                   for t, c in terms.items()}
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:self.weights.max_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top if w > 0}

    @staticmethod
    def _background(term: str, bg: dict[str, int]) -> int:
        """Background df; an entity term («@بشار الاسد») is not in the table, so
        it takes that of its rarest word (a name is at most as common as it)."""
        if not term.startswith("@"):
            return bg.get(term, 0)
        from rasid.text.clitics import split_proclitics  # noqa: PLC0415

        dfs = [bg.get(split_proclitics(w)[1], 0) for w in term[1:].split()]
        return min(dfs) if dfs else 0

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
        feats = doc if isinstance(doc, DocumentFeatures) else features_of(doc, self.entity_weight, weights=self.weights)
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
            if self.linkage == "max" and c.member_vectors:
                # A new report may match one member (its source outlet's
                # version) better than the story's average.
                score = max(score, max(self.cosine(vec, m) for m in c.member_vectors))
            if score > best_score:
                best, best_score = c, score
        if best is None:
            sid = "S" + hashlib.sha1(feats.doc_id.encode("utf-8")).hexdigest()[:12]
            best = self.clusters[sid] = _Cluster(sid, feats.title)
        self._join(best, feats, vec, day)
        return best.id

    def _join(self, c: _Cluster, feats: DocumentFeatures, vec: dict[str, float] | None,
              day: float | None) -> None:
        if vec and self.linkage == "max":
            c.member_vectors = (c.member_vectors + [vec])[-MAX_MEMBER_VECTORS:]
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
        names = {e.id: e.name for e in corpus.entities}
        feats = [features_of(corpus.documents[i], self.entity_weight, names, self.weights) for i in order]
        for f in feats:
            self.observe(f)  # batch IDF: early documents see the whole run's vocabulary
        for f in feats:
            self.add(f, observed=True)
        for d in corpus.documents:
            d.story = self.story_of.get(d.id)
        corpus.stories = self.stories()
        return corpus
