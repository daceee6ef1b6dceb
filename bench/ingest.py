"""Ingest throughput and peak memory over saudinewsnet.

    python bench/ingest.py [--days N] [--db FILE] [--no-repair]

Reads the saudinewsnet day files (JSONL, gzip), cleans (boilerplate, glued
words, language per paragraph), segments and stores every article in a fresh
SQLite store, with only the foundation components (no NER, quotes, events),
as issue 2 defines the target: >= 300 articles/s on one core. Prints articles,
seconds, articles/s and peak RSS. Speed is also given as a ratio to a baseline
measured in the same process: plain JSON decoding of the same files.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
from collections import Counter
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.analysis import analyze  # noqa: E402
from rasid.ingest import IngestOptions  # noqa: E402
from rasid.paths import data_dir  # noqa: E402
from rasid.pipeline import Pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=0, help="only the first N day files (0: all)")
    ap.add_argument("--db", default=None, help="store file (default: a temporary file)")
    ap.add_argument("--no-repair", action="store_true", help="skip glued-word repair")
    args = ap.parse_args()
    files = sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz"))
    if not files:
        sys.exit(f"no saudinewsnet files under {data_dir()}")
    if args.days:
        files = files[: args.days]

    t0 = time.perf_counter()
    n_json = 0
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            n_json += sum(1 for line in fh if line.strip() and json.loads(line))
    baseline = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        pipeline = Pipeline(("rasid.text.segment:Segmenter",), ())
        t0, c0 = time.perf_counter(), time.process_time()
        result = analyze([str(f) for f in files], db, IngestOptions(repair=not args.no_repair), pipeline=pipeline)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = Path(db).stat().st_size
    n = len(result.corpus.documents)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {len(files)}  records: {n_json}  documents stored: {n}  skipped: {result.skipped}")
    print(f"ingest+clean+segment+store: {elapsed:.1f} s  ->  {n / elapsed:.0f} articles/s (one process, one core)")
    # CPU seconds of this process: what one free core would take on a machine
    # that other jobs share (wall time then includes waiting for a core)
    print(f"CPU time: {cpu:.1f} s  ->  {n / cpu:.0f} articles per CPU second")
    kinds = Counter(p.kind for p in result.problems)
    reasons = Counter(p.reason.split(":")[0][:60] for p in result.problems)
    print("problems by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("most common reasons: " + "; ".join(f"{r} ({v})" for r, v in reasons.most_common(5)))
    print(f"baseline (gzip+JSON decode only): {baseline:.2f} s; rasid/baseline time ratio: {elapsed / baseline:.1f}x")
    print(f"peak RSS: {peak_mb:.0f} MB; store size: {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
