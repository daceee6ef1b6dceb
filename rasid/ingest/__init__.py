"""Sources -> Articles: text, Markdown, HTML, RSS/Atom, JSON(L), WARC."""
from rasid.ingest.problems import Problem
from rasid.ingest.sources import IngestOptions, iter_articles

__all__ = ["IngestOptions", "Problem", "iter_articles"]
