"""The ``--json`` output format (documented in docs/OUTPUT.md; keep it stable).

Serialisation only: turns a ``Corpus`` into plain dicts. New fields may be
added; existing ones keep their names and meaning.
"""
from __future__ import annotations

from typing import Any

from rasid.model import Argument, Corpus, Document, Entity, Event, Mention, Quote, Story, TimeExpr

FORMAT_VERSION = 1


def argument_dict(arg: Argument | None) -> dict[str, Any] | None:
    if arg is None:
        return None
    out: dict[str, Any] = {"text": arg.text, "entity": arg.entity, "code": arg.code,
                           "start": arg.start, "end": arg.end}
    if arg.attrs:
        out["attrs"] = arg.attrs
    return out


def mention_dict(m: Mention) -> dict[str, Any]:
    out = {"start": m.start, "end": m.end, "text": m.text, "type": m.label, "entity": m.entity}
    if m.attrs:
        out["attrs"] = m.attrs
    return out


def quote_dict(q: Quote) -> dict[str, Any]:
    speaker = q.speaker
    return {
        "start": q.start, "end": q.end, "text": q.text,
        "speaker": speaker.entity if speaker else None,
        "speaker_text": speaker.text if speaker else None,
        "speaker_role": (speaker.attrs.get("role") if speaker else None),
        "speaker_span": ([speaker.start, speaker.end] if speaker and speaker.start is not None else None),
        "anonymous": bool(speaker and speaker.attrs.get("anonymous")),
        # A speaker named by title only («وزير الخارجية») whose name the same
        # document gives beside the title: the person as written, with its span.
        "speaker_person": ({"text": speaker.attrs["person"], "span": speaker.attrs.get("person_span")}
                           if speaker and speaker.attrs.get("person") else None),
        "cue": q.cue, "kind": q.kind, "sentence": q.sentence,
        "date": q.date, "date_source": q.date_source, "date_evidence": q.attrs.get("date_evidence"),
    }


def event_dict(e: Event) -> dict[str, Any]:
    return {
        "type": e.type, "mode": e.mode, "start": e.start, "end": e.end, "text": e.text,
        "actor": argument_dict(e.actor), "recipient": argument_dict(e.recipient),
        "location": argument_dict(e.location), "date": e.date, "date_source": e.date_source,
        "negated": bool(e.attrs.get("negated")), "attrs": e.attrs or {},
    }


def time_dict(t: TimeExpr) -> dict[str, Any]:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.label, "value": t.value,
            "attrs": dict(t.attrs)}


def document_dict(doc: Document, with_text: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc.id, "source": doc.source, "format": doc.format, "url": doc.url,
        "title": doc.title, "outlet": doc.outlet, "author": doc.author,
        "published": doc.published, "content_hash": doc.content_hash, "raw_hash": doc.raw_hash,
        "story": doc.story, "duplicate_of": doc.duplicate_of,
    }
    if with_text:
        out["text"] = doc.text
    out["removed"] = [{"text": r.text, "reason": r.reason, **({"attrs": r.attrs} if r.attrs else {})}
                      for r in doc.removed]
    out["meta"] = doc.meta
    out["paragraphs"] = [{"start": p.start, "end": p.end, "lang": p.attrs.get("lang", p.label)}
                         for p in doc.paragraphs]
    out["sentences"] = [{"start": s.start, "end": s.end} for s in doc.sentences]
    out["entities"] = [mention_dict(m) for m in doc.entities]
    out["quotes"] = [quote_dict(q) for q in doc.quotes]
    out["events"] = [event_dict(e) for e in doc.events]
    out["times"] = [time_dict(t) for t in doc.times]
    return out


def entity_dict(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type,
            "aliases": sorted(e.aliases, key=lambda a: (-e.aliases[a], a)),
            "alias_counts": e.aliases, "documents": e.documents, "attrs": e.attrs}


def story_dict(s: Story) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title, "documents": s.documents, "outlets": s.outlets,
        "first_seen": s.first_seen, "last_seen": s.last_seen,
        "summary": [vars(x).copy() for x in s.summary],
        "framing": s.framing,
        "timeline": [vars(x).copy() for x in s.timeline],
    }


def corpus_dict(corpus: Corpus, with_text: bool = True) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "documents": [document_dict(d, with_text) for d in corpus.documents],
        "entities": [entity_dict(e) for e in corpus.entities],
        "stories": [story_dict(s) for s in corpus.stories],
        "problems": corpus.problems,
    }


# --- reading records back (store -> model) -----------------------------------
def _argument(d: dict[str, Any] | None) -> Argument | None:
    if not d:
        return None
    return Argument(text=d.get("text") or "", start=d.get("start"), end=d.get("end"), entity=d.get("entity"),
                    code=d.get("code"), attrs=d.get("attrs") or {})


def document_from_dict(d: dict[str, Any]) -> Document:
    """Inverse of ``document_dict`` for what later stages need (not tokens:
    re-segment with rasid.text.segment.Segmenter)."""
    from rasid.model import Removed, Span  # noqa: PLC0415

    doc = Document(
        id=d["id"], text=d.get("text") or "", source=d.get("source") or "", format=d.get("format") or "text",
        title=d.get("title"), url=d.get("url"), outlet=d.get("outlet"), author=d.get("author"),
        published=d.get("published"), content_hash=d.get("content_hash") or "", raw_hash=d.get("raw_hash") or "",
        removed=[Removed(r["text"], r["reason"], r.get("attrs") or {}) for r in d.get("removed") or []],
        meta=d.get("meta") or {}, story=d.get("story"), duplicate_of=d.get("duplicate_of"),
    )
    doc.paragraphs = [Span(p["start"], p["end"], "paragraph", {"lang": p.get("lang")}) for p in d.get("paragraphs") or []]
    doc.entities = [Mention(m["start"], m["end"], m.get("type") or "", m.get("attrs") or {}, text=m.get("text") or "",
                            entity=m.get("entity")) for m in d.get("entities") or []]
    for q in d.get("quotes") or []:
        speaker = None
        if q.get("speaker_text") or q.get("speaker"):
            speaker = Argument(text=q.get("speaker_text") or "", entity=q.get("speaker"),
                               start=(q.get("speaker_span") or [None, None])[0],
                               end=(q.get("speaker_span") or [None, None])[1],
                               attrs={"role": q.get("speaker_role"), "anonymous": q.get("anonymous", False)})
            if q.get("speaker_person"):
                speaker.attrs["person"] = q["speaker_person"].get("text")
                speaker.attrs["person_span"] = q["speaker_person"].get("span")
        quote_attrs = {"date_evidence": q["date_evidence"]} if q.get("date_evidence") else {}
        doc.quotes.append(Quote(q["start"], q["end"], q.get("kind") or "", quote_attrs, text=q.get("text") or "",
                                cue=q.get("cue") or "", speaker=speaker, sentence=q.get("sentence"),
                                date=q.get("date"), date_source=q.get("date_source")))
    for e in d.get("events") or []:
        doc.events.append(Event(e["start"], e["end"], e.get("type") or "", e.get("attrs") or {}, text=e.get("text") or "",
                                mode=e.get("mode"), actor=_argument(e.get("actor")),
                                recipient=_argument(e.get("recipient")), location=_argument(e.get("location")),
                                date=e.get("date"), date_source=e.get("date_source")))
    doc.times = [TimeExpr(t["start"], t["end"], t.get("type") or "", dict(t.get("attrs") or {}),
                          text=t.get("text") or "", value=t.get("value"))
                 for t in d.get("times") or []]
    return doc
