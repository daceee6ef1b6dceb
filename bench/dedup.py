"""Near-duplicate benchmark on SaudiNewsNet.

Planted: 500 distinct articles (one day, 2015-07-21, longest copy per title
dropped of real duplicates) each get one variant: a byline prefix, ~10% word
edits, or truncation to 60%. Pair precision/recall is over planted pairs
(original, variant) vs all predicted pairs among those 1,000 documents. Then
the real duplicate groups over all 27,644 articles, with a sample printed
for a manual check.

    .venv/bin/python bench/dedup.py
"""
from __future__ import annotations

import gzip
import json
import random
import time
from itertools import combinations
from pathlib import Path

from rasid.link.dedup import Deduplicator
from rasid.model import Corpus, Document
from rasid.paths import data_dir
from rasid.text.normalize import clean_for_storage
from rasid.text.segment import tokenize


def load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def make_doc(doc_id: str, text: str, published: str | None = None, title: str | None = None,
             outlet: str | None = None) -> Document:
    text = clean_for_storage(text)
    return Document(id=doc_id, text=text, published=published, title=title, outlet=outlet, tokens=tokenize(text))


def variant(text: str, kind: str, rng: random.Random) -> str:
    words = text.split()
    if kind == "byline":
        return "الرياض - واس - كتب محرر الشؤون المحلية: " + text
    if kind == "edit":
        for i in rng.sample(range(len(words)), max(1, len(words) // 10)):
            words[i] = rng.choice(["أيضا", "وقد", "حيث", "كما", "ذلك"])
        return " ".join(words)
    return " ".join(words[: max(1, len(words) * 6 // 10)])


def main() -> None:
    rng = random.Random(11)
    files = sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz"))
    day = load(files[0])
    # Distinct originals: real copies of each other would count as false positives.
    pre = Corpus(documents=[make_doc(str(i), r["content"]) for i, r in enumerate(day)])
    Deduplicator().process_corpus(pre)
    distinct = [day[int(d.id)] for d in pre.documents if d.duplicate_of is None and len(d.tokens) >= 60]
    originals = rng.sample(distinct, 500)
    docs, truth = [], set()
    kinds = ["byline", "edit", "truncate"]
    for i, r in enumerate(originals):
        kind = kinds[i % 3]
        docs.append(make_doc(f"o{i}", r["content"], "2015-07-21"))
        docs.append(make_doc(f"v{i}-{kind}", variant(r["content"], kind, rng), "2015-07-22"))
        truth.add(frozenset({f"o{i}", f"v{i}-{kind}"}))
    Deduplicator().process_corpus(Corpus(documents=docs))
    groups: dict[str, list[str]] = {}
    for d in docs:
        groups.setdefault(d.duplicate_of or d.id, []).append(d.id)
    predicted = {frozenset(p) for g in groups.values() for p in combinations(g, 2)}
    tp = len(predicted & truth)
    print(f"Planted: precision {tp / max(1, len(predicted)):.3f} recall {tp / len(truth):.3f} "
          f"({tp}/{len(truth)} pairs, {len(predicted)} predicted)")
    for kind in kinds:
        kt = {p for p in truth if any(kind in x for x in p)}
        print(f"  recall {kind}: {len(kt & predicted) / len(kt):.3f}")

    docs = []
    for path in files:
        for i, r in enumerate(load(path)):
            docs.append(make_doc(f"{path.stem}#{i}", r.get("content") or "", r.get("date_extracted"),
                                 r.get("title"), r.get("source")))
    t0 = time.perf_counter()
    Deduplicator().process_corpus(Corpus(documents=docs))
    elapsed = time.perf_counter() - t0
    groups = {}
    for d in docs:
        groups.setdefault(d.duplicate_of or d.id, []).append(d)
    multi = [g for g in groups.values() if len(g) > 1]
    print(f"Real: {len(docs)} docs, dedup {elapsed:.1f} s; {len(multi)} duplicate groups holding "
          f"{sum(len(g) for g in multi)} docs; cross-outlet groups {sum(1 for g in multi if len({d.outlet for d in g}) > 1)}")
    for g in rng.sample(multi, 15):
        print("---", len(g), sorted({d.outlet for d in g}))
        for d in g[:3]:
            print("   ", d.published, d.outlet, (d.title or "")[:70], "|", d.text[:60].replace("\n", " "))


if __name__ == "__main__":
    main()
