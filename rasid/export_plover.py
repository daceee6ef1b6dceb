"""PLOVER-style event records from an analysed corpus.

Why a separate export: PLOVER consumers expect flat records (id, date, actor,
recipient, event, mode, event_loc, evidence, document id and URL), not
rasid's span-centred JSON.
"""
from __future__ import annotations

from typing import Any

from rasid.model import Argument, Corpus


def _actor(arg: Argument | None) -> dict[str, Any] | None:
    if arg is None:
        return None
    return {"entity_text": arg.text, "entity": arg.entity, "code": arg.code}


def plover_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per event, in document order; ids are ``<doc>:<n>``."""
    records = []
    for doc in corpus.documents:
        for n, e in enumerate(doc.events):
            records.append({
                "id": f"{doc.id}:{n}",
                "date": e.date,
                "date_source": e.date_source,
                "actor": _actor(e.actor),
                "recipient": _actor(e.recipient),
                "event": e.label,
                "mode": e.mode,
                "aux": {k: bool(e.attrs.get(k)) for k in ("negated", "future", "hypothetical")},
                "event_loc": ({"name": e.location.text, "entity": e.location.entity}
                              if e.location is not None else None),
                "evidence": {"text": e.text, "span": [e.start, e.end], "sentence": e.sentence},
                "cameo": e.attrs.get("cameo"),
                "document": {"id": doc.id, "url": doc.url, "outlet": doc.outlet, "published": doc.published},
            })
    return records
