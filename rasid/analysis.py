"""Library entry points: from inputs to an analysed, stored ``Corpus``.

``analyze`` is what ``rasid analyze`` runs:
1. read inputs (rasid.ingest) -> Articles, or Problems with reasons;
2. clean each Article into a Document (rasid.clean) and run the document
   components of the pipeline on it;
3. store documents in batches, one transaction each (a crash loses at most
   the batch in flight, never a stored document);
4. load every stored document and run the corpus components (entity
   resolution, duplicates, stories, summaries, framing, timelines) over the
   whole store, so that a new article joins the stories already there;
5. save the catalogue and the links, and return this run's documents.

``document_from_text`` is the quickest way to get a cleaned, segmented
document (used by tests and by components' own benchmarks).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rasid.clean import article_to_document
from rasid.ingest import IngestOptions, Problem, iter_articles
from rasid.model import Article, Corpus, Document
from rasid.output import corpus_dict, document_dict, document_from_dict
from rasid.pipeline import Pipeline
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


def analyze_articles(articles: Iterable[Article | Problem], pipeline: Pipeline | None = None,
                     store: Any = None, progress: Progress | None = None,
                     run_inputs: Iterable[str] = (), repair: bool = True) -> AnalysisResult:
    pipeline = pipeline or Pipeline()
    progress = progress or Progress()
    result = AnalysisResult(corpus=Corpus())
    run_id = store.start_run(run_inputs) if store is not None else None
    batch: list[tuple[dict[str, Any], bytes, str]] = []
    run_docs: dict[str, Document] = {}

    def flush() -> None:
        if store is not None and batch:
            result.stored += store.save_documents(batch, run_seq=run_id or 0)
        batch.clear()

    for item in articles:
        if isinstance(item, Problem):
            result.problems.append(item)
            result.skipped += item.kind == "skipped"
            progress.on_problem(item)
            continue
        doc = article_to_document(item, repair=repair)
        if not doc.text.strip():
            problem = Problem(item.source, "nothing left after removing boilerplate (only navigation, bylines "
                                           "or captions); kept in the raw input only")
            result.problems.append(problem)
            result.skipped += 1
            progress.on_problem(problem)
            continue
        doc = pipeline.process_document(doc)
        run_docs[doc.content_hash] = doc  # the same content twice is one document
        batch.append((document_dict(doc), item.raw, item.format))
        progress.on_document(doc)
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    if store is None and pipeline.corpus_components:
        progress.on_stage("linking documents")
        docs = list(run_docs.values())
        _unique_ids(docs)
        corpus = pipeline.process_corpus(Corpus(documents=docs), progress.on_stage)
        result.corpus = corpus
    elif store is not None and pipeline.corpus_components:
        result.corpus = link_store(store, pipeline, list(run_docs), progress)
    else:
        result.corpus = Corpus(documents=list(run_docs.values()))
    if store is not None:
        store.add_problems(run_id, [p.as_dict() for p in result.problems])
        store.finish_run(run_id, result.stored, result.skipped)
    result.corpus.problems = [p.as_dict() for p in result.problems]
    return result


def load_corpus(store: Any, segment: bool = True) -> Corpus:
    """Every stored document as model objects (re-segmented, for linking)."""
    segmenter = Segmenter()
    docs = []
    for stored in store.iter_documents():
        doc = document_from_dict(stored.record)
        docs.append(segmenter.process_document(doc) if segment else doc)
    return Corpus(documents=docs)


def link_store(store: Any, pipeline: Pipeline, run_hashes: list[str], progress: Progress) -> Corpus:
    """Run the corpus components over the whole store and save their results.

    Returns a Corpus of this run's documents (in input order) with the
    store-wide entities and stories that concern them.
    """
    progress.on_stage("loading stored documents")
    corpus = load_corpus(store)
    _unique_ids(corpus.documents)
    corpus = pipeline.process_corpus(corpus, progress.on_stage)
    records = {d.content_hash: document_dict(d) for d in corpus.documents}
    store.update_links([(h, r.get("story"), r.get("duplicate_of"), {k: v for k, v in r.items() if k != "text"})
                        for h, r in records.items()])
    full = corpus_dict(corpus)
    store.replace_catalogue(full["entities"], full["stories"])
    by_hash = {d.content_hash: d for d in corpus.documents}
    run_docs = [by_hash[h] for h in run_hashes if h in by_hash]
    return restrict(corpus, run_docs)


def restrict(corpus: Corpus, docs: list[Document]) -> Corpus:
    """A corpus view with only ``docs`` and the entities and stories they touch."""
    ids = {d.id for d in docs}
    entity_ids = {m.entity for d in docs for m in d.entities if m.entity}
    return Corpus(
        documents=docs,
        entities=[e for e in corpus.entities if e.id in entity_ids],
        stories=[s for s in corpus.stories if ids & set(s.documents)],
    )


def analyze(paths: Iterable[str], db: str | None = None, options: IngestOptions | None = None,
            pipeline: Pipeline | None = None, progress: Progress | None = None) -> AnalysisResult:
    """Analyse files/directories/globs/"-" into the store at ``db`` (or in memory)."""
    from rasid.store import open_store  # noqa: PLC0415

    paths = list(paths)
    options = options or IngestOptions()
    articles = iter_articles(paths, options)
    if db is None:
        return analyze_articles(articles, pipeline, None, progress, paths, options.repair)
    with open_store(db) as store:
        return analyze_articles(articles, pipeline, store, progress, paths, options.repair)


def stored_corpus(db: str) -> Corpus:
    """The whole store as a Corpus (documents, entities, stories) for reports."""
    from rasid.model import Entity, Story, SummarySentence, TimelineEntry  # noqa: PLC0415
    from rasid.store import open_store  # noqa: PLC0415

    with open_store(db) as store:
        corpus = load_corpus(store, segment=False)
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
        corpus.problems = store.problems()
    return corpus
