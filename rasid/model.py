"""rasid's data model: plain dataclasses, no behaviour beyond small views.

Every extracted fact is a span over ``Document.text`` (the stored, cleaned
text): ``text[start:end]`` is its evidence. Components fill the lists of a
``Document``; cross-document components fill a ``Corpus``.

Conventions
- Offsets are Python string indices into ``Document.text``.
- ``attrs`` dictionaries hold component-specific extras; they are serialised
  as they are, so keep them JSON-friendly.
- Entity ids (``Mention.entity``) are the ids of ``Corpus.entities``; they are
  set by the cross-document entity resolver, ``None`` before it runs.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """A labelled stretch of a document's text: ``text[start:end]``."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def text_of(self, text: str) -> str:
        return text[self.start:self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span | int") -> bool:
        if isinstance(other, int):
            return self.start <= other < self.end
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Token(Span):
    """A token as written (``text[start:end]``) plus forms for matching.

    ``norm`` is the matching normalisation of the surface (rasid.text.normalize);
    ``bare`` is ``norm`` without proclitics (و ف ب ل ك ال), e.g. وبالأمم -> امم.
    ``prefix`` is what was stripped (normalised), e.g. "وبال".
    """

    norm: str = ""
    bare: str = ""
    prefix: str = ""


@dataclass
class Removed:
    """Text that cleaning took out of the document, kept with its reason."""

    text: str
    reason: str  # breadcrumb | byline | caption | source_credit | boilerplate | ...
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    """One input item before cleaning, as a source gave it.

    ``raw`` is kept verbatim (bytes as read, or the record's JSON text);
    ``text`` is the decoded main text the extractor found (may contain
    boilerplate, not yet normalised).
    """

    id: str
    text: str
    raw: bytes = b""
    source: str = ""  # where it came from: a path, path#record, or "-"
    format: str = "text"  # text | html | feed | jsonl | warc
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date or datetime; None when unknown
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mention(Span):
    """A named-entity mention. ``label`` is its type: PER, ORG, LOC, MISC."""

    text: str = ""
    entity: str | None = None  # catalogue id, set by entity resolution


@dataclass
class Argument:
    """An event argument or a speaker: text as written, with its span and
    entity id when known, plus an actor code (e.g. "SYR GOV")."""

    text: str
    start: int | None = None
    end: int | None = None
    entity: str | None = None
    code: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Quote(Span):
    """A statement: ``text[start:end]`` is the quoted or reported content.

    ``label`` is the kind: "direct" or "indirect". ``speaker`` is None for an
    anonymous or unknown speaker (``speaker.text`` keeps what was written, such
    as "مصادر في المعارضة", with attrs["anonymous"] = True).
    """

    text: str = ""
    cue: str = ""
    cue_span: tuple[int, int] | None = None
    speaker: Argument | None = None
    sentence: int | None = None  # index into Document.sentences
    date: str | None = None
    date_source: str | None = None  # "text" | "published" | None

    @property
    def kind(self) -> str:
        return self.label


@dataclass
class Event(Span):
    """A PLOVER event; ``text[start:end]`` is its evidence. ``label`` is the
    PLOVER type (ASSAULT, CONSULT, ...)."""

    text: str = ""
    mode: str | None = None
    actor: Argument | None = None
    recipient: Argument | None = None
    location: Argument | None = None
    date: str | None = None
    date_source: str | None = None  # "text" | "published" | None
    sentence: int | None = None

    @property
    def type(self) -> str:
        return self.label


@dataclass
class TimeExpr(Span):
    """A temporal expression; ``label`` is DATE, TIME, DURATION or SET and
    ``value`` its TimeML-like value (2017-02-15, 2017-02, P6Y, ...) or None."""

    text: str = ""
    value: str | None = None


@dataclass
class Document:
    """A cleaned article and everything extracted from it."""

    id: str
    text: str
    source: str = ""
    format: str = "text"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    content_hash: str = ""  # sha256 of the cleaned text: the document's identity in the store
    raw_hash: str = ""  # sha256 of the raw input item
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[Span] = field(default_factory=list)  # label: language code ("ar", "en", ...)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    story: str | None = None
    duplicate_of: str | None = None

    def span_text(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def sentence_tokens(self) -> "Iterator[tuple[int, Span, list[Token]]]":
        """(index, sentence, its tokens) for each sentence, in one linear pass
        (sentences and tokens are both in text order)."""
        tokens = self.tokens
        ti = 0
        for i, sent in enumerate(self.sentences):
            while ti < len(tokens) and tokens[ti].start < sent.start:
                ti += 1
            tj = ti
            while tj < len(tokens) and tokens[tj].end <= sent.end:
                tj += 1
            yield i, sent, tokens[ti:tj]
            ti = tj

    def tokens_in(self, span: Span) -> list[Token]:
        return [t for t in self.tokens if t.start >= span.start and t.end <= span.end]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.entities if m.start >= start and m.end <= end]


@dataclass
class Entity:
    """One real-world entity across documents."""

    id: str
    name: str  # canonical display name: the most complete common form
    type: str  # PER, ORG, LOC, MISC
    aliases: dict[str, int] = field(default_factory=dict)  # surface -> count
    documents: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)  # roles, country, code ...


@dataclass
class SummarySentence:
    text: str
    document: str
    start: int
    end: int
    outlets: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class TimelineEntry:
    date: str | None
    kind: str  # "event" | "quote"
    text: str
    document: str
    start: int
    end: int
    date_source: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Story:
    id: str
    title: str
    documents: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    summary: list[SummarySentence] = field(default_factory=list)
    framing: dict[str, Any] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)


@dataclass
class Corpus:
    """The documents of one analysis run plus the cross-document results."""

    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)  # skipped inputs with reasons

    def document(self, doc_id: str) -> Document | None:
        for d in self.documents:
            if d.id == doc_id:
                return d
        return None
