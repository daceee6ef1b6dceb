"""Benchmark the named-entity recogniser on an ANERcorp-format file.

    .venv/bin/python bench/ner.py --test ../shared/data/anercorp/ANERcorp_test_original.txt

Prints entity-level micro P/R/F1 (exact token span and type, seqeval-style),
per-type F1, model load time and tagging speed (tokens/s, one process, one
core: feature extraction plus CRF decoding, as the component does it). Spans
are the component's (NerModel.spans: the CRF's, with person spans that run two
names together cut apart); the CRF's raw spans are scored on a second line.

    .venv/bin/python bench/ner.py --model nn    # the neural tagger (rasid/nlp/ner_nn.py)

With ``--model nn`` the BiLSTM-CRF is scored the same way, and speed is given
twice: sentence by sentence (as EntityRecognizer calls it) and batched
(``tag_many``). BLAS is held to one thread so the figure is one core's.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: set before numpy is first imported
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.nlp.ner import NerModel, bio_spans, read_conll, score_spans, split_person_spans  # noqa: E402
from rasid.paths import data_dir  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", type=Path, default=data_dir() / "anercorp" / "ANERcorp_test_original.txt")
    ap.add_argument("--model", choices=["crf", "nn"], default="crf")
    args = ap.parse_args()
    sents = read_conll(args.test)
    if args.model == "nn":
        bench_neural(args.test, sents)
        return

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


def bench_neural(path: Path, sents) -> None:
    """Scores and times the numpy BiLSTM-CRF (rasid.nlp.ner_nn)."""
    from rasid.nlp.ner_nn import MODEL_FILE, NeuralNerModel

    t0 = time.perf_counter()
    model = NeuralNerModel()
    model.tag(["تجربة"])
    load_s = time.perf_counter() - t0
    surfaces = [[w for w, _ in s] for s in sents]
    n_tokens = sum(len(s) for s in sents)

    # wall time is what a user waits for; process time is this process's own
    # CPU seconds, the better estimate of one free core on a loaded machine
    t0, c0 = time.perf_counter(), time.process_time()
    pred = [model.tag(s) for s in surfaces]
    one_s, one_cpu = time.perf_counter() - t0, time.process_time() - c0
    model.encoder.clear_caches()  # the batched run starts as cold as the first
    t0, c0 = time.perf_counter(), time.process_time()
    batched = model.tag_many(surfaces)
    batch_s, batch_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert batched == pred, "batched and per-sentence tagging disagree"

    gold = [bio_spans([t for _, t in s]) for s in sents]
    raw = [bio_spans(p) for p in pred]
    spans = [split_person_spans(r, s) for r, s in zip(raw, surfaces)]
    result = score_spans(gold, spans)
    unsplit = score_spans(gold, raw)
    print(f"file: {path}  sentences: {len(sents)}  tokens: {n_tokens}  model: {MODEL_FILE.name} "
          f"({MODEL_FILE.stat().st_size / 1e6:.2f} MB)")
    print(f"entity-level micro  P={100 * result.precision:.1f}  R={100 * result.recall:.1f}  "
          f"F1={100 * result.f1:.1f}")
    for label, f1 in result.per_type_f1.items():
        print(f"  {label:5s} F1={100 * f1:.1f}  (gold {result.support.get(label, 0)})")
    print(f"tagger spans without the person split: F1={100 * unsplit.f1:.1f}")
    print(f"model load: {load_s:.2f} s (lexicons included)")
    print(f"speed, sentence by sentence (cold caches): {n_tokens / one_s:,.0f} tokens/s wall ({one_s:.2f} s), "
          f"{n_tokens / one_cpu:,.0f} tokens/s of CPU time")
    print(f"speed, batched (tag_many, cold encoder cache): {n_tokens / batch_s:,.0f} tokens/s wall "
          f"({batch_s:.2f} s), {n_tokens / batch_cpu:,.0f} tokens/s of CPU time")


if __name__ == "__main__":
    main()
