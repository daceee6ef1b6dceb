"""Benchmark glued-word repair (rasid.text.repair) on held-out SaudiNewsNet days.

Clean held-out articles (days the lexicon was not counted on) get random
adjacent Arabic word pairs glued (the space between them removed); repair
must find exactly those and split them at the right place.

- precision: repairs that restore a glued pair exactly / all repairs
- recall: glued pairs restored exactly / glued pairs
- false-split rate: repairs on tokens we did not glue / those tokens
  (the source text has a few real glues of its own, so this is an upper bound)

The split model is fitted on the dev day (scripts/build_lexicon.py); report test.

    .venv/bin/python bench/repair.py --split test      # report
    .venv/bin/python bench/repair.py --split dev       # tune here
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.paths import data_dir  # noqa: E402
from rasid.text.lexicon import ARABIC_WORD, HELD_OUT_DAYS, load_lexicon  # noqa: E402
from rasid.text.normalize import clean_for_storage  # noqa: E402
import rasid.text.repair as repair_module  # noqa: E402
from rasid.text.repair import GluedText, glue_adjacent_words, load_model, repair_text  # noqa: E402

SPLITS = {"dev": HELD_OUT_DAYS[0], "test": HELD_OUT_DAYS[1]}


@dataclass
class Scores:
    articles: int
    tokens: int
    glued: int
    repairs: int
    correct: int
    false_splits: int
    ms_per_article: float

    @property
    def precision(self) -> float:
        return self.correct / self.repairs if self.repairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.glued if self.glued else 1.0

    @property
    def false_split_rate(self) -> float:
        untouched = self.tokens - self.glued
        return self.false_splits / untouched if untouched else 0.0


def load_articles(day: str, limit: int) -> list[str]:
    texts = []
    with gzip.open(data_dir() / "saudinewsnet" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = clean_for_storage(json.loads(line).get("content") or "")
            if text:
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def evaluate(articles: list[GluedText]) -> Scores:
    load_lexicon()  # loading time is not per-article cost
    repairs = correct = false_splits = 0
    t0 = time.perf_counter()
    results = [repair_text(a.text) for a in articles]
    elapsed = time.perf_counter() - t0
    for art, res in zip(articles, results):
        for rep in res.repairs:
            repairs += 1
            truth = art.glued.get((rep.start, rep.end))
            if truth is None:
                false_splits += 1
            elif truth == rep.replacement:
                correct += 1
    return Scores(articles=len(articles), tokens=sum(a.words for a in articles),
                  glued=sum(len(a.glued) for a in articles), repairs=repairs, correct=correct,
                  false_splits=false_splits, ms_per_article=1000 * elapsed / max(1, len(articles)))


def build_set(split: str, limit: int, rate: float, seed: int) -> list[GluedText]:
    rng = random.Random(seed)
    return [glue_adjacent_words(t, rng, rate) for t in load_articles(SPLITS[split], limit)]


def main() -> None:
    parser = argparse.ArgumentParser(description="glued-word repair benchmark")
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--limit", type=int, default=2000, help="articles")
    parser.add_argument("--rate", type=float, default=0.05, help="chance to glue each adjacent pair")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=None,
                        help="override the model's decision cut (tune on dev only)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    load_lexicon()
    model = load_model()
    if args.threshold is not None:
        # repair_text reads the cached model; swap the cut in for this run only
        load_model.cache_clear()
        patched = dataclasses.replace(model, threshold=args.threshold)
        repair_module.load_model = lambda: patched
    load_s = time.perf_counter() - t0
    articles = build_set(args.split, args.limit, args.rate, args.seed)
    s = evaluate(articles)
    print(f"split={args.split} day={SPLITS[args.split]} articles={s.articles} word tokens={s.tokens} "
          f"glued pairs={s.glued} repairs={s.repairs}")
    print(f"precision={s.precision:.4f} recall={s.recall:.4f} "
          f"false-split rate={100 * s.false_split_rate:.3f}% ({s.false_splits} of {s.tokens - s.glued} tokens)")
    print(f"speed: {s.ms_per_article:.3f} ms/article (lexicon load {load_s:.2f} s, once)")
    print(f"decision threshold {repair_module.load_model().threshold}")
    if args.show_errors:
        shown = 0
        for art in articles:
            res = repair_text(art.text)
            done = {(r.start, r.end): r for r in res.repairs}
            for r in res.repairs:
                truth = art.glued.get((r.start, r.end))
                if truth != r.replacement and shown < args.show_errors:
                    print("WRONG ", r.original, "->", r.replacement, "| truth:", truth)
                    shown += 1
            for span, truth in art.glued.items():
                if span not in done and shown < args.show_errors:
                    print("MISSED", art.text[span[0]:span[1]], "| truth:", truth)
                    shown += 1


if __name__ == "__main__":
    main()
