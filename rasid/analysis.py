"""Library entry points: from inputs to an analysed ``Corpus``.

``document_from_text`` is the quickest way to get a cleaned, segmented
document (used by tests and by components' own benchmarks).
"""
from __future__ import annotations

from rasid.model import Document
from rasid.text.normalize import clean_for_storage
from rasid.text.segment import Segmenter


def document_from_text(text: str, id: str = "doc", published: str | None = None,
                       outlet: str | None = None, title: str | None = None) -> Document:
    """A stored-form, segmented Document for ``text`` (no boilerplate removal)."""
    doc = Document(id=id, text=clean_for_storage(text), published=published, outlet=outlet, title=title)
    return Segmenter().process_document(doc)
