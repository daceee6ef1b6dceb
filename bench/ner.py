"""Benchmark the named-entity recogniser on an ANERcorp-format file.

    .venv/bin/python bench/ner.py --test ../shared/data/anercorp/ANERcorp_test_original.txt

Prints entity-level micro P/R/F1 (exact token span and type, seqeval-style),
per-type F1, model load time and tagging speed (tokens/s, one process, one
core: feature extraction plus CRF decoding, as the component does it). Spans
are the component's (NerModel.spans: the CRF's, with person spans that run two
names together cut apart); the CRF's raw spans are scored on a second line.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.nlp.ner import NerModel, bio_spans, read_conll, score_spans, split_person_spans  # noqa: E402
from rasid.paths import data_dir  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", type=Path, default=data_dir() / "anercorp" / "ANERcorp_test_original.txt")
    args = ap.parse_args()
    sents = read_conll(args.test)

    t0 = time.perf_counter()
    model = NerModel()
    model.tag(["تجربة"])  # includes the first tagger call
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    pred = [model.tag([w for w, _ in s]) for s in sents]
    tag_s = time.perf_counter() - t0
    n_tokens = sum(len(s) for s in sents)

    gold = [bio_spans([t for _, t in s]) for s in sents]
    raw = [bio_spans(p) for p in pred]
    spans = [split_person_spans(r, [w for w, _ in s]) for r, s in zip(raw, sents)]
    result = score_spans(gold, spans)
    unsplit = score_spans(gold, raw)
    n_cut = sum(len(a) - len(b) for a, b in zip(spans, raw))
    print(f"file: {args.test}  sentences: {len(sents)}  tokens: {n_tokens}")
    print(f"entity-level micro  P={100 * result.precision:.1f}  R={100 * result.recall:.1f}  "
          f"F1={100 * result.f1:.1f}")
    for label, f1 in result.per_type_f1.items():
        print(f"  {label:5s} F1={100 * f1:.1f}  (gold {result.support.get(label, 0)})")
    print(f"CRF spans without the person split: F1={100 * unsplit.f1:.1f} ({n_cut} spans cut)")
    print(f"model load: {load_s:.2f} s")
    print(f"speed: {n_tokens / tag_s:,.0f} tokens/s ({tag_s:.2f} s, cold feature caches)")


if __name__ == "__main__":
    main()
