"""Rebuild rasid/data/idf.tsv.gz: document frequencies of clitic-stripped
tokens (Token.bare, function words dropped as the clusterer does) and of
number terms ("#27", rasid.link.stories.number_terms) over the whole text of
every SaudiNewsNet article.

Why: story clustering weighs terms by IDF; a small batch (five articles)
cannot estimate it, so the clusterer starts from this background table.

    .venv/bin/python scripts/build_idf.py
"""
from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from rasid.link.stories import _bares, number_terms
from rasid.paths import data_dir
from rasid.text.normalize import clean_for_storage
from rasid.text.segment import tokenize

MIN_DF = 3  # rarer terms get the idf of an unseen term anyway; keeps the table small


def main() -> None:
    df: Counter = Counter()
    n = 0
    for path in sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = clean_for_storage(rec.get("content") or "")
                tokens = tokenize(text)
                # Numbers too: without a background df, "#2015" in a
                # five-article batch would look as rare as a casualty count.
                terms = set(_bares(tokens)) | set(number_terms(tokens))
                df.update(terms)
                n += 1
    out = Path(__file__).resolve().parents[1] / "rasid" / "data" / "idf.tsv.gz"
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        fh.write(f"__N__\t{n}\n")
        for term, c in sorted(df.items(), key=lambda kv: -kv[1]):
            if c >= MIN_DF:
                fh.write(f"{term}\t{c}\n")
    print(f"{n} documents, {sum(1 for c in df.values() if c >= MIN_DF)} terms -> {out}")


if __name__ == "__main__":
    main()
