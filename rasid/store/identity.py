"""A stored document's identity.

Why not the content hash alone: two outlets that publish the same wire text
are two reports (who carried a story is what a monitor watches), so the same
cleaned text from a different outlet or URL must stay a separate document, to
be marked a duplicate by rasid.link.dedup. The same text from the same place
(same outlet and URL, or neither known) is one document, so re-running the
same input replaces it instead of adding a copy: the key is a pure function of
(content hash, outlet, url) and never of when or in which run it was seen.
"""
from __future__ import annotations

import hashlib

# Separator that cannot occur in a hex digest, an outlet name or a URL.
_SEP = "\x1f"


def document_key(content_hash: str, outlet: str | None, url: str | None) -> str:
    """The store key of a document: sha256 of its content hash and its place."""
    place = _SEP.join((content_hash or "", (outlet or "").strip(), (url or "").strip()))
    return hashlib.sha256(place.encode("utf-8")).hexdigest()


def record_key(record: dict) -> str:
    """``document_key`` of a --json document record."""
    return document_key(record.get("content_hash") or "", record.get("outlet"), record.get("url"))
