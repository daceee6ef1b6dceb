"""The analysis pipeline: components that declare what they need and provide.

Two kinds of component:
- a document component reads and fills one ``Document`` (``process_document``);
- a corpus component works across documents (``process_corpus``): entity
  resolution, deduplication, stories, summaries, framing, timelines.

Each declares ``requires`` and ``assigns`` as names of the attributes it reads
and writes, such as ``"doc.sentences"`` or ``"corpus.entities"``. ``Pipeline``
checks when it is built that each requirement was assigned by an earlier
component (or is given by ingest), so a wrong order fails at once with a clear
message instead of producing empty results.

Components are named by "module:Class" strings and imported only when a
pipeline is built, so importing rasid does no model loading.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rasid.model import Corpus, Document

# What ingest and cleaning give every document before any component runs.
GIVEN = frozenset({"doc.text", "doc.id", "doc.published", "doc.title", "doc.outlet", "doc.url"})


class PipelineError(Exception):
    """A pipeline whose components cannot run in the given order."""


class Component:
    """Base class; subclasses set ``name``, ``requires`` and ``assigns``."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    # Requirements used when present but not needed (e.g. quote speakers use
    # entity mentions if a recogniser ran); they are not checked.
    optional: ClassVar[tuple[str, ...]] = ()


class DocumentComponent(Component):
    def process_document(self, doc: Document) -> Document:  # pragma: no cover - interface
        raise NotImplementedError


class CorpusComponent(Component):
    def process_corpus(self, corpus: Corpus) -> Corpus:  # pragma: no cover - interface
        raise NotImplementedError


# The default analysis, in order. Each entry is "module:Class".
DEFAULT_DOCUMENT_COMPONENTS: tuple[str, ...] = (
    "rasid.text.segment:Segmenter",
    "rasid.nlp.ner:EntityRecognizer",
    "rasid.nlp.quotes:QuoteExtractor",
    "rasid.nlp.events:EventCoder",
    "rasid.nlp.times:TimeTagger",
    "rasid.nlp.dating:DateAnchor",
)
DEFAULT_CORPUS_COMPONENTS: tuple[str, ...] = (
    "rasid.link.entities:EntityResolver",
    "rasid.link.dedup:Deduplicator",
    "rasid.link.stories:StoryClusterer",
    "rasid.link.summary:StorySummarizer",
    "rasid.link.framing:FramingAnalyzer",
    "rasid.link.timeline:TimelineBuilder",
)


def load_component(spec: str | Component) -> Component:
    if isinstance(spec, Component):
        return spec
    module_name, _, class_name = spec.partition(":")
    if not class_name:
        raise PipelineError(f"component spec {spec!r} is not of the form 'module:Class'")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)()


def check_order(components: Sequence[Component], given: Iterable[str] = GIVEN) -> None:
    """Raise PipelineError if a component requires what no earlier one assigns."""
    available = set(given)
    for comp in components:
        missing = [r for r in comp.requires if r not in available]
        if missing:
            raise PipelineError(
                f"component {comp.name or type(comp).__name__!r} requires {', '.join(missing)}, "
                "which no earlier component assigns; reorder the pipeline or add the provider"
            )
        available.update(comp.assigns)


class Pipeline:
    """An ordered, checked list of document components then corpus components."""

    def __init__(
        self,
        document_components: Sequence[str | Component] = DEFAULT_DOCUMENT_COMPONENTS,
        corpus_components: Sequence[str | Component] = DEFAULT_CORPUS_COMPONENTS,
    ):
        self.document_components = [load_component(c) for c in document_components]
        self.corpus_components = [load_component(c) for c in corpus_components]
        for c in self.document_components:
            if not isinstance(c, DocumentComponent):
                raise PipelineError(f"{c.name!r} is not a document component")
        for c in self.corpus_components:
            if not isinstance(c, CorpusComponent):
                raise PipelineError(f"{c.name!r} is not a corpus component")
        check_order([*self.document_components, *self.corpus_components])

    @property
    def names(self) -> list[str]:
        return [c.name for c in (*self.document_components, *self.corpus_components)]

    def process_document(self, doc: Document) -> Document:
        for comp in self.document_components:
            doc = comp.process_document(doc)
        return doc

    def process_corpus(self, corpus: Corpus,
                       progress: Callable[[str], None] | None = None) -> Corpus:
        for comp in self.corpus_components:
            if progress:
                progress(comp.name)
            corpus = comp.process_corpus(corpus)
        return corpus

    def run(self, docs: Iterable[Document]) -> Corpus:
        corpus = Corpus(documents=[self.process_document(d) for d in docs])
        return self.process_corpus(corpus)
