"""Incremental linking: time to add one article to a store of SaudiNewsNet days.

Builds (or reuses) a store from the first ``--days`` day files, then times:
1. adding one new article (the first record of the next day file);
2. re-running that same article (nothing changed: linking is skipped);
3. with ``--full``, a forced full re-link of the unchanged store.
``--fast-lookup`` swaps in an equivalent ``EntityIndex.lookup`` that
prepares its alias list once instead of per call (the fallback scan sorts and
tokenises every alias of every entity for each unlinked speaker or argument:
most of the linking time on a store of one day); it shows what that fix,
which belongs in rasid/link/entities.py, would give.
Each step works on a copy of the built store, so steps do not feed each other.
Runs with any rasid that has ``rasid.analysis.analyze(paths, db)``, so the
same script measures an older checkout (PYTHONPATH=/path/to/old).

    nice -n 10 .venv/bin/python bench/incremental.py --days 1 --store /tmp/day1.db
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

from rasid.analysis import analyze
from rasid.paths import data_dir


def day_files(n: int) -> tuple[list[Path], Path]:
    files = sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz"))
    return files[:n], files[n]


def first_record(path: Path, out: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        out.write_text(fh.readline(), encoding="utf-8")
    return str(out)


def use_fast_lookup() -> None:
    """Same result as EntityIndex.lookup: first entity in catalogue order,
    its aliases longest first, whose tokens occur as whole words."""
    from rasid.link import entities as ent  # noqa: PLC0415

    def aliases(index) -> list[tuple[str, str]]:
        cached = index.__dict__.get("_bench_aliases")
        if cached is None:
            cached = []
            for e in index.entities:
                for alias in sorted(e.aliases, key=len, reverse=True):
                    a = " ".join(ent.name_tokens(alias))
                    if len(a) >= 4:
                        cached.append((f" {a} ", e.id))
            index.__dict__["_bench_aliases"] = cached
        return cached

    def lookup(self, text: str):
        k = ent.compact_key(text)
        if not k:
            return None
        if k in self.by_key:
            return self.by_key[k]
        words = f" {' '.join(ent.name_tokens(text))} "
        for a, eid in aliases(self):
            if a in words:
                return eid
        return None

    ent.EntityIndex.lookup = lookup


def timed(label: str, fn) -> float:
    # CPU time beside wall time: the machine is shared, and CPU seconds of
    # this single-threaded process are what load does not inflate.
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    docs = len(result.corpus.documents)
    print(f"{label}: {took:.1f} s wall, {cpu:.1f} s CPU ({docs} documents in the run, "
          f"{len(result.corpus.stories)} stories touched)")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--store", help="store built from the days (reused if it exists)")
    ap.add_argument("--full", action="store_true", help="also time a forced full re-link")
    ap.add_argument("--fast-lookup", action="store_true", help="patch EntityIndex.lookup (see the docstring)")
    args = ap.parse_args()
    if args.fast_lookup:
        use_fast_lookup()
    days, nxt = day_files(args.days)
    work = Path(tempfile.mkdtemp(prefix="rasid-incr-"))
    store = Path(args.store) if args.store else work / "base.db"
    if not store.exists():
        timed(f"build store from {', '.join(p.name for p in days)}", lambda: analyze([str(p) for p in days], str(store)))
    import sqlite3  # noqa: PLC0415

    n = sqlite3.connect(store).execute("SELECT count(*) FROM documents").fetchone()[0]
    print(f"store: {n} documents")
    new = first_record(nxt, work / "one.jsonl")

    def copy(name: str) -> str:
        target = work / name
        shutil.copy(store, target)
        return str(target)

    added = copy("add.db")
    timed(f"add one article ({nxt.name} line 1)", lambda: analyze([new], added))
    timed("re-run the same article", lambda: analyze([new], added))
    if args.full:
        from rasid.analysis import analyze_articles  # noqa: PLC0415
        from rasid.ingest import IngestOptions, iter_articles  # noqa: PLC0415
        from rasid.store import open_store  # noqa: PLC0415

        with open_store(added) as st:
            timed("forced full re-link", lambda: analyze_articles(iter_articles([new], IngestOptions()), store=st,
                                                                  relink=True))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
