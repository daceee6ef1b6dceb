"""Build the word-frequency lexicon used to repair glued Arabic words.

One command rebuilds ``rasid/data/lexicon.unigrams.tsv.gz`` and
``rasid/data/lexicon.bigrams.tsv.gz`` from SaudiNewsNet (CC BY-NC-SA 4.0):

    .venv/bin/python scripts/build_lexicon.py

Counts are over normalised forms (rasid.text.normalize.normalize). The last
two days are held out (dev and test of bench/repair.py), so the benchmark
never sees text the lexicon was counted on. It then fits the split model
of rasid.text.repair (``lexicon.repair_weights.json``: a logistic regression
over split features) on synthetic glues of the dev day only. Pruning keeps the files small:
bigrams seen fewer than ``--min-bigram`` times are dropped; all words are
kept by default, because on the dev day even words seen once helped the
repair (a hapax part is still evidence, a hapax whole says "real word").
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from rasid.paths import ARTIFACTS, data_dir
import random

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from rasid.text.lexicon import (ARABIC_WORD, BIGRAMS_FILE, HELD_OUT_DAYS, UNIGRAMS_FILE, iter_word_pairs,
                                load_lexicon)
from rasid.text.normalize import clean_for_storage, normalize
from rasid.text.repair import FEATURES, WEIGHTS_FILE, glue_adjacent_words, split_candidates

# Chance that each adjacent pair is glued in the synthetic training text.
GLUE_RATE = 0.05
# Decision cut on the model's probability, chosen on the dev day (the
# precision/recall trade-off is printed by bench/repair.py --split dev).
THRESHOLD = 0.75
REGULARISATION = 0.1


def day_files(held_out: tuple[str, ...] = HELD_OUT_DAYS) -> list[Path]:
    """SaudiNewsNet day files used for counting (the held-out days excluded)."""
    files = sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz"))
    return [f for f in files if f.name.split(".")[0] not in held_out]


def count(files: list[Path]) -> tuple[Counter, Counter]:
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                article = json.loads(line)
                for field in ("title", "content"):
                    text = article.get(field) or ""
                    for word, previous in iter_word_pairs(text):
                        unigrams[word] += 1
                        if previous is not None:
                            bigrams[previous + " " + word] += 1
    return unigrams, bigrams


def write_counts(path: Path, counts: Counter, min_count: int) -> int:
    rows = [(w, c) for w, c in counts.items() if c >= min_count]
    rows.sort(key=lambda r: (-r[1], r[0]))
    # mtime=0: the same data gives the same bytes, so rebuilds do not churn git.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write("".join(f"{w}\t{c}\n" for w, c in rows).encode("utf-8"))
    return len(rows)


def fit_split_model(day: str, seed: int = 7) -> dict:
    """Logistic regression: is this split point the one where a space was lost?

    Rows are the candidate split points of every rare long token of the
    day's articles with synthetic glues; positives are exact glue points.
    """
    load_lexicon.cache_clear()
    lex = load_lexicon()
    rng = random.Random(seed)
    rows: list[list[float]] = []
    labels: list[int] = []
    with gzip.open(data_dir() / "saudinewsnet" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = clean_for_storage(json.loads(line).get("content") or "")
            glued = glue_adjacent_words(text, rng, GLUE_RATE)
            for match in ARABIC_WORD.finditer(glued.text):
                truth = glued.glued.get((match.start(), match.end()))
                true_at = len(normalize(truth.split(" ")[0])) if truth else None
                for cand in split_candidates(normalize(match.group()), lex):
                    rows.append(cand.features)
                    labels.append(int(cand.at == true_at))
    # Standardise, expand to pairwise products, standardise again, then a
    # regularised logistic regression (C chosen on half of the dev day).
    raw = StandardScaler().fit(np.array(rows))
    raw.scale_[raw.scale_ == 0] = 1.0
    poly = PolynomialFeatures(2)
    expanded = poly.fit_transform(raw.transform(np.array(rows)))
    second = StandardScaler().fit(expanded)
    second.scale_[second.scale_ == 0] = 1.0
    clf = LogisticRegression(max_iter=5000, C=REGULARISATION).fit(second.transform(expanded), np.array(labels))
    r6 = lambda values: [round(float(v), 6) for v in values]  # noqa: E731
    return {"features": list(FEATURES), "weights": r6(clf.coef_[0]),
            "bias": round(float(clf.intercept_[0]), 6), "threshold": THRESHOLD,
            "mean": r6(raw.mean_), "scale": r6(raw.scale_),
            "expanded_mean": r6(second.mean_), "expanded_scale": r6(second.scale_),
            "fitted_on": f"saudinewsnet {day}, synthetic glues rate {GLUE_RATE}, {len(rows)} split points"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=1)
    parser.add_argument("--min-bigram", type=int, default=3)
    parser.add_argument("--model-only", action="store_true",
                        help="refit the split model on the committed lexicon without recounting it")
    args = parser.parse_args()
    if args.model_only:
        model = fit_split_model(HELD_OUT_DAYS[0])
        (ARTIFACTS / WEIGHTS_FILE).write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        print(f"split model: {model['fitted_on']}")
        return
    files = day_files()
    unigrams, bigrams = count(files)
    n_uni = write_counts(ARTIFACTS / UNIGRAMS_FILE, unigrams, args.min_count)
    n_bi = write_counts(ARTIFACTS / BIGRAMS_FILE, bigrams, args.min_bigram)
    model = fit_split_model(HELD_OUT_DAYS[0])
    (ARTIFACTS / WEIGHTS_FILE).write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} day files, {sum(unigrams.values())} words; "
          f"kept {n_uni} words (>= {args.min_count}), {n_bi} bigrams (>= {args.min_bigram}); "
          f"split model: {model['fitted_on']}")


if __name__ == "__main__":
    main()
