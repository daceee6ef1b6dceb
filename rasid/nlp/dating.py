"""Give each event and quote the date it refers to.

A statement or event is dated by a time expression in its own sentence when
there is one (``وقال لافروف أمس`` → the day before publication); otherwise it
takes the publication date, marked ``date_source = "published"`` so that a
reader can tell a date the text states from one rasid assumed. Without a
publication date and without a date in the sentence it stays undated.
"""
from __future__ import annotations

from rasid.model import Document, TimeExpr
from rasid.pipeline import DocumentComponent

# Values that fix a point on the calendar: a day, a datetime, a month or a
# year (not a duration, a set, or an unvalued "later").
_POINT_LABELS = frozenset({"DATE", "TIME"})


def _is_point(t: TimeExpr) -> bool:
    return t.label in _POINT_LABELS and bool(t.value) and t.value[:4].isdigit()


def _precision(value: str) -> int:
    """How fine a value is: a datetime beats a day beats a month beats a year."""
    return len(value)


def date_for_span(doc: Document, start: int, end: int, anchor: int | None = None) -> TimeExpr | None:
    """The time expression of the sentence holding ``start`` that best dates
    the span: the nearest to ``anchor`` (default: the span's start) among the
    finest-grained ones, so ``أمس`` beats ``عام 2015`` in the same sentence."""
    index = doc.sentence_index_at(start)
    if index is None:
        return None
    sentence = doc.sentences[index]
    candidates = [t for t in doc.times if sentence.start <= t.start < sentence.end and _is_point(t)]
    if not candidates:
        return None
    pivot = start if anchor is None else anchor
    # A day-level date wins over a bare year: "in 2015" frames, "yesterday" dates.
    best = max(_precision(t.value[:10]) for t in candidates)
    finest = [t for t in candidates if _precision(t.value[:10]) == best]
    return min(finest, key=lambda t: min(abs(t.start - pivot), abs(t.end - pivot)))


class DateAnchor(DocumentComponent):
    """Fills ``date`` and ``date_source`` of quotes and events."""

    name = "dating"
    requires = ("doc.times", "doc.sentences")
    optional = ("doc.quotes", "doc.events")
    assigns = ("doc.quotes.date", "doc.events.date")

    def process_document(self, doc: Document) -> Document:
        published = doc.published[:10] if doc.published else None
        for quote in doc.quotes:
            # A quote's time is stated with its speech verb (قال أمس), which
            # may sit in another sentence than a long quotation's first words.
            cue = quote.cue_span[0] if quote.cue_span else quote.start
            self._date(doc, quote, cue, cue, published)
        for event in doc.events:
            self._date(doc, event, event.start, event.start, published)
        return doc

    @staticmethod
    def _date(doc: Document, item, start: int, anchor: int, published: str | None) -> None:
        found = date_for_span(doc, start, item.end, anchor)
        if found is not None:
            item.date, item.date_source = found.value[:10], "text"
            item.attrs["date_evidence"] = {"start": found.start, "end": found.end, "text": found.text}
        elif published:
            item.date, item.date_source = published, "published"
        else:
            item.date, item.date_source = None, None
