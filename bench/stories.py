"""Story clustering benchmark.

1. ANS headline pairs: same-story = cosine of headline TF-IDF vectors >= t;
   t tuned for accuracy on train, reported on dev (agree = same story).
2. The five seeds: do they form one story?
3. All of SaudiNewsNet: time to build documents (tokens only), time and peak
   memory to dedup + cluster.

    .venv/bin/python bench/stories.py
"""
from __future__ import annotations

import csv
import gzip
import json
import random
import resource
import time
from collections import Counter
from pathlib import Path

from rasid.analysis import document_from_text
from rasid.link.dedup import Deduplicator
from rasid.link.stories import StoryClusterer, _bares
from rasid.model import Corpus, Document
from rasid.paths import data_dir, shared_dir
from rasid.text.normalize import clean_for_storage
from rasid.text.segment import tokenize


def ans_pairs(split: str) -> list[tuple[str, str, bool]]:
    with open(data_dir() / "ans" / f"{split}.csv", encoding="utf-8") as fh:
        return [(r["s1"], r["s2"], r["stance"] == "agree") for r in csv.DictReader(fh)]


def pair_scores(pairs, clusterer: StoryClusterer) -> list[float]:
    vec = lambda s: clusterer.vector(Counter(_bares(tokenize(s))))  # noqa: E731
    return [clusterer.cosine(vec(a), vec(b)) for a, b, _ in pairs]


def accuracy(scores, pairs, t: float) -> float:
    return sum((s >= t) == y for s, (_, _, y) in zip(scores, pairs)) / len(pairs)


def main() -> None:
    sc = StoryClusterer()
    train, dev = ans_pairs("train"), ans_pairs("dev")
    tr_scores = pair_scores(train, sc)
    best_t = max((t / 100 for t in range(5, 95)), key=lambda t: accuracy(tr_scores, train, t))
    dev_scores = pair_scores(dev, sc)
    base = max(sum(y for *_, y in dev), sum(not y for *_, y in dev)) / len(dev)
    print(f"ANS: tuned threshold {best_t:.2f} (train acc {accuracy(tr_scores, train, best_t):.3f}); "
          f"dev acc {accuracy(dev_scores, dev, best_t):.3f} (majority baseline {base:.3f}); "
          f"dev acc at shipped threshold {sc.threshold:.2f}: {accuracy(dev_scores, dev, sc.threshold):.3f}")

    seeds = [document_from_text(p.read_text(encoding="utf-8"), id=p.stem)
             for p in sorted((shared_dir() / "seeds").glob("*.txt"))]
    StoryClusterer().process_corpus(Corpus(documents=seeds))
    print(f"Seeds: {len({d.story for d in seeds})} story/stories for {len(seeds)} seeds")

    t0 = time.perf_counter()
    docs = []
    for path in sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                r = json.loads(line)
                text = clean_for_storage(r.get("content") or "")
                docs.append(Document(id=f"{path.stem}#{i}", text=text, title=r.get("title"),
                                     outlet=r.get("source"), published=r.get("date_extracted", "").replace(" ", "T") or None,
                                     tokens=tokenize(text)))
    t_build = time.perf_counter() - t0
    corpus = Corpus(documents=docs)
    t0 = time.perf_counter()
    Deduplicator().process_corpus(corpus)
    t_dedup = time.perf_counter() - t0
    t0 = time.perf_counter()
    StoryClusterer().process_corpus(corpus)
    t_story = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sizes = Counter(len(s.documents) for s in corpus.stories)
    multi = [s for s in corpus.stories if len(s.documents) > 1]
    print(f"SaudiNewsNet: {len(docs)} docs; build (tokenize only) {t_build:.1f} s; dedup {t_dedup:.1f} s; "
          f"stories {t_story:.1f} s; peak RSS {peak:.0f} MiB")
    print(f"Stories: {len(corpus.stories)} stories, {len(multi)} with >1 document, "
          f"{sum(len(s.documents) for s in multi)} docs in them; largest {max(sizes)}; "
          f"multi-outlet {sum(1 for s in multi if len(s.outlets) > 1)}")
    by_id = {d.id: d for d in docs}
    rng = random.Random(7)
    for s in rng.sample(multi, min(20, len(multi))):
        print(f"--- {s.id} {len(s.documents)} docs {s.outlets[:4]} {s.first_seen} .. {s.last_seen}")
        for did in s.documents[:4]:
            print("   ", (by_id[did].title or "")[:90])


if __name__ == "__main__":
    main()
