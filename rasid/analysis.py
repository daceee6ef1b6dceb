"""Library entry points: from inputs to an analysed, stored ``Corpus``.

``analyze`` is what ``rasid analyze`` runs:
1. read inputs (rasid.ingest) -> Articles, or Problems with reasons;
2. clean each Article into a Document (rasid.clean) and run the document
   components of the pipeline on it;
3. store documents in batches, one transaction each (a crash loses at most
   the batch in flight, never a stored document);
4. if the run stored a new or changed document, load every stored document
   and run the corpus components (entity resolution, duplicates, stories)
   over the whole store, so that a new article joins the stories already
   there; the per-story components (summaries, framing, timelines) run only
   for stories whose documents or entity names changed (``link_store``).
   A run that changed nothing reuses the stored links;
5. save the catalogue and the links, and return this run's documents.

A document's identity is its text, outlet and url (rasid.store.identity).

``document_from_text`` is the quickest way to get a cleaned, segmented
document (used by tests and by components' own benchmarks).
"""
from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rasid.clean import article_to_document
from rasid.ingest import IngestOptions, Problem, iter_articles
from rasid.model import Article, Corpus, Document, Entity, Story, SummarySentence, TimelineEntry
from rasid.output import corpus_dict, document_dict, document_from_dict
from rasid.pipeline import Pipeline
from rasid.store.identity import document_key
from rasid.store.sqlite import analysis_hash
from rasid.text.normalize import clean_for_storage
from rasid.text.segment import Segmenter

# Documents written per transaction: large enough to amortise commits, small
# enough that a crash loses little work.
BATCH_SIZE = 200


def document_from_text(text: str, id: str = "doc", published: str | None = None,
                       outlet: str | None = None, title: str | None = None) -> Document:
    """A stored-form, segmented Document for ``text`` (no boilerplate removal)."""
    doc = Document(id=id, text=clean_for_storage(text), published=published, outlet=outlet, title=title)
    return Segmenter().process_document(doc)


@dataclass
class AnalysisResult:
    corpus: Corpus  # this run's documents, with the whole store's entities and stories
    problems: list[Problem] = field(default_factory=list)
    stored: int = 0
    skipped: int = 0

    @property
    def failed(self) -> bool:
        return any(p.kind == "skipped" for p in self.problems)

    def as_dict(self, with_text: bool = True) -> dict[str, Any]:
        out = corpus_dict(self.corpus, with_text)
        out["problems"] = [p.as_dict() for p in self.problems]
        return out


@dataclass
class Progress:
    """Callbacks for long work; the CLI renders them with rich."""

    on_problem: Callable[[Problem], None] = lambda p: None
    on_document: Callable[[Document], None] = lambda d: None
    on_stage: Callable[[str], None] = lambda s: None


def _unique_ids(docs: list[Document]) -> None:
    """Two inputs with the same file name in different folders keep distinct ids."""
    seen: dict[str, int] = {}
    for d in docs:
        if d.id in seen:
            seen[d.id] += 1
            d.id = d.source or f"{d.id}#{seen[d.id]}"
        else:
            seen[d.id] = 0


def _duplicate_problem(source: str, first_source: str) -> Problem:
    return Problem(source, f"same text from the same outlet and url as {first_source}: stored once, as that "
                           "document", kind="duplicate")


def analyze_articles(articles: Iterable[Article | Problem], pipeline: Pipeline | None = None,
                     store: Any = None, progress: Progress | None = None,
                     run_inputs: Iterable[str] = (), repair: bool = True,
                     relink: bool | None = None) -> AnalysisResult:
    """Analyse ``articles``; with a ``store``, save them and link the store.

    A document is identified by its text, outlet and url (rasid.store.identity):
    the same text from the same place twice is analysed once and reported as
    a "duplicate" problem naming both sources; from another outlet or url it
    is a document of its own, which dedup marks ``duplicate_of`` the first.
    ``relink``: None links the store only when this run stored a new or
    changed document (or an earlier run died before linking); True always.
    """
    pipeline = pipeline or Pipeline()
    progress = progress or Progress()
    result = AnalysisResult(corpus=Corpus())
    run_id = store.start_run(run_inputs) if store is not None else None
    batch: list[tuple[dict[str, Any], bytes, str]] = []
    run_docs: dict[str, Document] = {}  # document key -> document analysed in this run
    run_keys: list[str] = []  # this run's documents in input order, including ones already stored
    first_source: dict[str, str] = {}  # document key -> the input it first came from in this run
    changed = False

    def report(problem: Problem) -> None:
        result.problems.append(problem)
        result.skipped += problem.kind == "skipped"
        progress.on_problem(problem)

    def flush() -> None:
        if store is not None and batch:
            result.stored += store.save_documents(batch, run_seq=run_id or 0)
        batch.clear()

    for item in articles:
        if isinstance(item, Problem):
            report(item)
            continue
        doc = article_to_document(item, repair=repair)
        if not doc.text.strip():
            report(Problem(item.source, "nothing left after removing boilerplate (only navigation, bylines "
                                        "or captions); kept in the raw input only"))
            continue
        key = document_key(doc.content_hash, doc.outlet, doc.url)
        if key in first_source:  # checked before the document components: no work twice
            report(_duplicate_problem(doc.source, first_source[key]))
            continue
        first_source[key] = doc.source
        run_keys.append(key)
        known = store.known([key]).get(key) if store is not None else None
        if known is not None and known.source != doc.source:
            # Stored from another input: it stays that document, as it was.
            report(_duplicate_problem(doc.source, known.source))
            continue
        doc = pipeline.process_document(doc)
        run_docs[key] = doc
        record = document_dict(doc)
        if store is not None and not changed and (known is None or known.analysis_hash != analysis_hash(record)):
            changed = True
            store.put_state(DIRTY, b"1")  # cleared once linked: a killed run is re-linked next time
        batch.append((record, item.raw, item.format))
        progress.on_document(doc)
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    if store is None and pipeline.corpus_components:
        progress.on_stage("linking documents")
        docs = list(run_docs.values())
        _unique_ids(docs)
        result.corpus = pipeline.process_corpus(Corpus(documents=docs), progress.on_stage)
    elif store is not None and pipeline.corpus_components:
        if relink or store.get_state(DIRTY):
            result.corpus = link_store(store, pipeline, run_keys, progress)
        else:
            progress.on_stage("store unchanged: reusing its links")
            result.corpus = stored_view(store, run_keys)
    else:
        result.corpus = Corpus(documents=list(run_docs.values()))
    if store is not None:
        store.add_problems(run_id, [p.as_dict() for p in result.problems])
        store.finish_run(run_id, result.stored, result.skipped)
    result.corpus.problems = [p.as_dict() for p in result.problems]
    return result


# link_state entry set while stored documents wait for linking.
DIRTY = "unlinked"
# link_state entry: story id -> fingerprint of what its per-story results were computed from.
STORY_FINGERPRINTS = "story_fingerprints"


def unlink(doc: Document) -> Document:
    """Forget what cross-document components set, so a stored document is
    linked afresh (a stale entity id would otherwise be kept by link_argument,
    which leaves an argument's entity alone once set)."""
    doc.story = None
    doc.duplicate_of = None
    doc.meta.pop("duplicate", None)
    for m in doc.entities:
        m.entity = None
    for q in doc.quotes:
        if q.speaker is not None:
            q.speaker.entity = None
    for ev in doc.events:
        for arg in (ev.actor, ev.recipient, ev.location):
            if arg is not None:
                arg.entity = None
    return doc


def load_corpus(store: Any, segment: bool = True) -> Corpus:
    """Every stored document as model objects (re-segmented and unlinked, for linking)."""
    segmenter = Segmenter()
    docs = []
    for stored in store.iter_documents():
        doc = document_from_dict(stored.record)
        docs.append(unlink(segmenter.process_document(doc)) if segment else doc)
    return Corpus(documents=docs)


# Story fields that are stored with the story and can be copied back.
REUSABLE_STORY_FIELDS = frozenset({"summary", "framing", "timeline"})


def _story_fields(component: Any) -> list[str]:
    """The Story fields a component assigns ("story.summary",
    "corpus.stories.timeline"); empty if it assigns anything else."""
    fields = []
    for a in component.assigns:
        head, _, name = a.rpartition(".")
        if head not in ("story", "corpus.stories"):
            return []
        fields.append(name)
    return fields


def _per_story(component: Any) -> bool:
    """A component whose only output is per story (summary, framing, timeline):
    a story whose inputs did not change keeps its stored result."""
    fields = _story_fields(component)
    return bool(fields) and set(fields) <= REUSABLE_STORY_FIELDS


def story_fingerprint(story: Story, by_id: dict[str, Document], records: dict[str, dict[str, Any]],
                      names: dict[str, tuple[str, str]]) -> str:
    """Hash of everything a per-story component reads: the story's documents
    (records with their links) and the names of the entities they mention."""
    parts: list[Any] = [story.id, story.title, story.documents]
    used: set[str] = set()
    for doc_id in story.documents:
        doc = by_id.get(doc_id)
        if doc is None:
            continue
        parts.append(records[doc_id])
        used.update(m.entity for m in doc.entities if m.entity)
        used.update(q.speaker.entity for q in doc.quotes if q.speaker and q.speaker.entity)
    parts.append([(e, names.get(e)) for e in sorted(used)])
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()


def link_store(store: Any, pipeline: Pipeline, run_keys: list[str], progress: Progress) -> Corpus:
    """Run the corpus components over the whole store and save their results.

    Entities, duplicates and stories are recomputed over the whole store (each
    is global: a new article can merge two entities or join a story). The
    per-story components (summary, framing, timeline) run only for stories
    whose documents or entity names changed; the others keep their stored
    results. Returns a Corpus of this run's documents (in input order) with
    the store-wide entities and stories that concern them.
    """
    progress.on_stage("loading stored documents")
    corpus = load_corpus(store)
    keys = [document_key(d.content_hash, d.outlet, d.url) for d in corpus.documents]
    _unique_ids(corpus.documents)
    stored_stories = {s["id"]: s for s in store.stories()}
    old_prints = json.loads(store.get_state(STORY_FINGERPRINTS) or b"{}")
    new_prints: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    for comp in pipeline.corpus_components:
        progress.on_stage(comp.name)
        if not (_per_story(comp) and corpus.stories):
            corpus = comp.process_corpus(corpus)
            continue
        if not new_prints:
            by_id = {d.id: d for d in corpus.documents}
            records = {d.id: document_dict(d, with_text=False) for d in corpus.documents}
            names = {e.id: (e.name, e.type) for e in corpus.entities}
            new_prints = {s.id: story_fingerprint(s, by_id, records, names) for s in corpus.stories}
        stale = [s for s in corpus.stories if old_prints.get(s.id) != new_prints[s.id] or s.id not in stored_stories]
        for s in corpus.stories:
            if s not in stale:
                _reuse_story_results(s, stored_stories[s.id], comp)
        comp.process_corpus(Corpus(documents=corpus.documents, entities=corpus.entities, stories=stale,
                                   problems=corpus.problems))
    progress.on_stage("saving links")
    full = corpus_dict(corpus, with_text=False)
    with store.transaction():  # links, catalogue and fingerprints agree, or none changed
        store.update_links([(k, r.get("story"), r.get("duplicate_of"), r)
                            for k, r in zip(keys, full["documents"])])
        store.replace_catalogue(full["entities"], full["stories"])
        store.put_state(STORY_FINGERPRINTS, json.dumps(new_prints, sort_keys=True).encode("utf-8"))
        store.put_state(DIRTY, b"")
    by_key = dict(zip(keys, corpus.documents))
    return restrict(corpus, [by_key[k] for k in run_keys if k in by_key])


def _reuse_story_results(story: Story, stored: dict[str, Any], component: Any) -> None:
    """Copy a per-story component's stored output onto an unchanged story."""
    for field_name in _story_fields(component):
        if field_name == "summary":
            story.summary = [SummarySentence(**x) for x in stored.get("summary") or []]
        elif field_name == "timeline":
            story.timeline = [TimelineEntry(**x) for x in stored.get("timeline") or []]
        else:
            story.framing = stored.get("framing") or {}


def stored_view(store: Any, run_keys: list[str]) -> Corpus:
    """This run's documents as stored (with their links) and the stored
    entities and stories that concern them: the result of a run that changed
    nothing."""
    docs = [document_from_dict(s.record) for s in store.iter_documents(keys=run_keys)]
    catalogue = Corpus()
    _load_catalogue(store, catalogue)
    return restrict(catalogue, docs)


def restrict(corpus: Corpus, docs: list[Document]) -> Corpus:
    """A corpus view with only ``docs`` and the entities and stories they touch."""
    ids = {d.id for d in docs}
    entity_ids = {m.entity for d in docs for m in d.entities if m.entity}
    return Corpus(
        documents=docs,
        entities=[e for e in corpus.entities if e.id in entity_ids],
        stories=[s for s in corpus.stories if ids & set(s.documents)],
    )


# Allocations between two passes of Python's youngest garbage collection
# during an analysis (the default is 700). A document makes hundreds of
# thousands of small objects (tokens, spans) that hold no reference cycles,
# so frequent passes only rescan them: this setting cut ingest CPU time by a
# quarter (bench/ingest.py). Objects are still collected; memory grows by at
# most this many objects between passes.
GC_YOUNG_THRESHOLD = 50_000


@contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Raise the youngest-generation GC threshold for the block, then restore it."""
    before = gc.get_threshold()
    gc.set_threshold(max(GC_YOUNG_THRESHOLD, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def analyze(paths: Iterable[str], db: str | None = None, options: IngestOptions | None = None,
            pipeline: Pipeline | None = None, progress: Progress | None = None) -> AnalysisResult:
    """Analyse files/directories/globs/"-" into the store at ``db`` (or in memory)."""
    from rasid.store import open_store  # noqa: PLC0415

    paths = list(paths)
    options = options or IngestOptions()
    articles = iter_articles(paths, options)
    with fewer_gc_passes():
        if db is None:
            return analyze_articles(articles, pipeline, None, progress, paths, options.repair)
        with open_store(db) as store:
            return analyze_articles(articles, pipeline, store, progress, paths, options.repair)


def stored_corpus(db: str) -> Corpus:
    """The whole store as a Corpus (documents, entities, stories) for reports;
    its problems are those of the latest finished run."""
    from rasid.store import open_store  # noqa: PLC0415

    with open_store(db) as store:
        corpus = load_corpus(store, segment=False)
        _load_catalogue(store, corpus)
        corpus.problems = store.problems()
    return corpus


def _load_catalogue(store: Any, corpus: Corpus) -> None:
    """Append the stored entities and stories to ``corpus`` as model objects."""
    for e in store.entities():
        counts = e.get("alias_counts") or {a: 1 for a in e.get("aliases", [])}
        corpus.entities.append(Entity(e["id"], e["name"], e.get("type") or "", counts,
                                      e.get("documents") or [], e.get("attrs") or {}))
    for s in store.stories():
        corpus.stories.append(Story(
            s["id"], s.get("title") or "", s.get("documents") or [], s.get("outlets") or [],
            s.get("first_seen"), s.get("last_seen"),
            [SummarySentence(**x) for x in s.get("summary") or []], s.get("framing") or {},
            [TimelineEntry(**x) for x in s.get("timeline") or []]))
