"""Each story's timeline: its dated events and statements in order.

Entries come from every document of the story, each keeping the document and
character span it was read from. When several outlets carry the same event or
statement on the same date (wire copy), it appears once, crediting every
document that reports it. Entries dated only by their publication date sort
with the stated dates but keep ``date_source = "published"``; undated entries
come last.
"""
from __future__ import annotations

from rasid.model import Corpus, Document, Event, Quote, TimelineEntry
from rasid.pipeline import CorpusComponent
from rasid.text.normalize import normalize

# How much of an entry's text identifies it across outlets: wire copies share
# their opening words even when later words are edited.
SAME_ENTRY_CHARS = 60


def _event_entry(doc: Document, event: Event) -> TimelineEntry:
    attrs = {"type": event.label, "mode": event.mode,
             "actor": event.actor.text if event.actor else None,
             "recipient": event.recipient.text if event.recipient else None,
             "location": event.location.text if event.location else None}
    actor = f"{event.actor.text} " if event.actor else ""
    recipient = f" ← {event.recipient.text}" if event.recipient else ""
    return TimelineEntry(date=event.date, kind="event", text=f"{event.label}: {actor}{recipient}".strip()
                         + f" — {event.text}", document=doc.id, start=event.start, end=event.end,
                         date_source=event.date_source, attrs={k: v for k, v in attrs.items() if v})


def _quote_entry(doc: Document, quote: Quote) -> TimelineEntry:
    speaker = quote.speaker.text if quote.speaker else None
    text = f"{speaker}: {quote.text}" if speaker else quote.text
    attrs = {"kind": quote.label, "speaker": speaker, "speaker_entity": quote.speaker.entity if quote.speaker else None}
    return TimelineEntry(date=quote.date, kind="quote", text=text, document=doc.id, start=quote.start,
                         end=quote.end, date_source=quote.date_source, attrs={k: v for k, v in attrs.items() if v})


def _identity(entry: TimelineEntry) -> tuple:
    key_attr = entry.attrs.get("type") or entry.attrs.get("speaker_entity") or entry.attrs.get("speaker")
    return (entry.kind, entry.date, key_attr, normalize(entry.text)[:SAME_ENTRY_CHARS])


def _sort_key(entry: TimelineEntry, order: dict[str, int]) -> tuple:
    # Undated last; a stated date before a publication-date guess on the same day.
    return (entry.date is None, entry.date or "", entry.date_source == "published",
            order.get(entry.document, 0), entry.start)


def build_timeline(docs: list[Document]) -> list[TimelineEntry]:
    """The ordered, de-duplicated timeline of a story's documents."""
    order = {d.id: i for i, d in enumerate(sorted(docs, key=lambda d: (d.published or "", d.id)))}
    entries: list[TimelineEntry] = []
    seen: dict[tuple, TimelineEntry] = {}
    for doc in docs:
        items = [_event_entry(doc, e) for e in doc.events] + [_quote_entry(doc, q) for q in doc.quotes]
        for entry in items:
            key = _identity(entry)
            if key in seen:
                first = seen[key]
                if entry.document != first.document:
                    also = first.attrs.setdefault("also_in", [])
                    if entry.document not in also:
                        also.append(entry.document)
                continue
            seen[key] = entry
            entries.append(entry)
    entries.sort(key=lambda e: _sort_key(e, order))
    return entries


class TimelineBuilder(CorpusComponent):
    """Assigns ``story.timeline`` from the dated events and quotes of its documents."""

    name = "timeline"
    requires = ("corpus.stories",)
    optional = ("doc.quotes.date", "doc.events.date")
    assigns = ("corpus.stories.timeline",)

    def process_corpus(self, corpus: Corpus) -> Corpus:
        by_id = {d.id: d for d in corpus.documents}
        for story in corpus.stories:
            docs = [by_id[i] for i in story.documents if i in by_id]
            if docs:
                story.timeline = build_timeline(docs)
        return corpus
