"""What the web UI and the API read: the store's corpus, indexed, reloaded
when the store changes, and cut into pages.

Why reload on a file signature: ``rasid serve`` keeps the corpus in memory
for fast pages, but a later ``rasid analyze`` on the same store must show up
without a restart. Comparing (inode, mtime, size) of the database file and
its WAL journal costs two ``stat`` calls per request; SQLite in WAL mode
touches the ``-wal`` file on every commit, and the main file on checkpoints.
Reading the store does not change either, so pages stay cached between runs.
"""
from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rasid.model import Corpus, Document, Entity, Quote, Story

T = TypeVar("T")
PAGE_SIZE = 50


class StoreMissing(Exception):
    """The store file is gone (deleted or moved) since the server started."""


@dataclass
class QuoteRef:
    """A statement with the document it comes from."""

    document: Document
    quote: Quote


@dataclass
class Page(Generic[T]):
    """One page of a longer list; ``number`` counts from 1."""

    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """1-based position of the first item, for "items 51–100 of 2805"."""
        return (self.number - 1) * self.size + 1 if self.items else 0


def paginate(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` of ``items``; a number past the end gives the last page."""
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(list(items[start:start + size]), number, size, len(items))


def _mentions(entity: Entity) -> int:
    return sum(entity.aliases.values())


@dataclass
class CorpusView:
    """A corpus with the lookups the pages need (all built once per load)."""

    corpus: Corpus
    documents: dict[str, Document] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    documents_by_date: list[Document] = field(default_factory=list)  # newest first, undated last
    stories_by_size: list[Story] = field(default_factory=list)
    entities_by_mentions: list[Entity] = field(default_factory=list)
    quotes_by_speaker: dict[str, list[QuoteRef]] = field(default_factory=dict)
    documents_by_entity: dict[str, list[Document]] = field(default_factory=dict)

    @classmethod
    def build(cls, corpus: Corpus) -> "CorpusView":
        view = cls(corpus)
        view.documents = {d.id: d for d in corpus.documents}
        view.stories = {s.id: s for s in corpus.stories}
        view.entities = {e.id: e for e in corpus.entities}
        dated = sorted((d for d in corpus.documents if d.published), key=lambda d: d.published or "", reverse=True)
        view.documents_by_date = dated + [d for d in corpus.documents if not d.published]
        view.stories_by_size = sorted(corpus.stories, key=lambda s: (-len(s.documents), s.id))
        view.entities_by_mentions = sorted(corpus.entities, key=lambda e: (-_mentions(e), e.id))
        for d in corpus.documents:
            for q in d.quotes:
                if q.speaker and q.speaker.entity:
                    view.quotes_by_speaker.setdefault(q.speaker.entity, []).append(QuoteRef(d, q))
            for entity_id in dict.fromkeys(m.entity for m in d.entities if m.entity):
                view.documents_by_entity.setdefault(entity_id, []).append(d)
        return view

    def entity_documents(self, entity: Entity) -> list[Document]:
        """Documents that mention ``entity``: from the mentions, else the catalogue's list."""
        found = self.documents_by_entity.get(entity.id)
        if found:
            return found
        return [self.documents[i] for i in entity.documents if i in self.documents]


def store_signature(db: str) -> tuple[Any, ...] | None:
    """(inode, mtime, size) of the database and its WAL file; None if the database is gone."""
    parts: list[Any] = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(db + suffix)
        except FileNotFoundError:
            if not suffix:
                return None
            parts.append(None)
            continue
        parts.append((st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(parts)


class StoreWatcher:
    """The store's corpus as a ``CorpusView``, reloaded when the store changed.

    The signature is taken *before* loading: a run that commits while we load
    changes it again, so the next request loads once more and sees the rest.
    While one request reloads (seconds on thousands of documents), the others
    are served the previous view instead of waiting; only the very first load
    makes requests wait.
    """

    def __init__(self, db: str, loader: Callable[[str], Corpus]):
        self.db = db
        self.loader = loader
        self.loads = 0  # how many times the store was read (tests and benchmarks look at it)
        self._lock = threading.Lock()  # one load at a time
        self._view: CorpusView | None = None
        self._signature: tuple[Any, ...] | None = None

    def view(self) -> CorpusView:
        signature = store_signature(self.db)
        if signature is None:
            raise StoreMissing(self.db)
        current = self._view
        if current is not None and signature == self._signature:
            return current
        if not self._lock.acquire(blocking=current is None):
            return current  # another request is reloading: serve the previous view meanwhile
        try:
            if self._view is None or signature != self._signature:
                self._view = CorpusView.build(self.loader(self.db))
                self._signature = signature
                self.loads += 1
            return self._view
        finally:
            self._lock.release()
