"""Diff two versions of the time tagger on unannotated news: bench/times_diff.py OLD_TIMES.py OLD_LEXICON.json DAY [DAY ...].

Why: a rule that fixes a gold set can misfire on news nobody annotated. Keep
a copy of ``rasid/nlp/times.py`` and ``rasid/data/time_lexicon.json`` from
before a change (e.g. ``cp rasid/nlp/times.py /tmp/times_old.py``), change
the tagger, then run this: it loads the old copy beside the current module,
runs both ``TimeGrammar.find`` (no NER) on the same saudinewsnet articles
(every --stride-th article of each DAY, at most --limit in all) and prints
every expression added, removed or revalued, then counts. With
--speed-rounds N it also times both grammars on the same texts in
interleaved rounds in one process, so machine load hits both alike.
Never imported by rasid/.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.nlp import times as current  # noqa: E402
from rasid.paths import data_dir  # noqa: E402


def load_old(module_path: str, lexicon_path: str):
    """The old grammar, built from its own module file and lexicon file."""
    spec = importlib.util.spec_from_file_location("rasid_times_old", module_path)
    old = importlib.util.module_from_spec(spec)
    sys.modules["rasid_times_old"] = old  # its dataclasses look the module up
    spec.loader.exec_module(old)
    lexicon = json.loads(Path(lexicon_path).read_text("utf-8"))
    return old.TimeGrammar(old.Lexicon(lexicon))


def articles(days: list[str], stride: int, limit: int) -> list[tuple[str, str]]:
    out = []
    for day in days:
        with gzip.open(data_dir() / "saudinewsnet" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh][::stride]
        out += [(r["content"], r["date_extracted"][:10]) for r in rows]
    return out[:limit]


def context(text: str, start: int, end: int) -> str:
    return repr(text[max(0, start - 40):end + 25])


def diff(docs, old_grammar, new_grammar, show: bool) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for text, day in docs:
        before = {(x.start, x.end): x for x in old_grammar.find(text, day)}
        after = {(x.start, x.end): x for x in new_grammar.find(text, day)}
        counts["before"] += len(before)
        for key in before.keys() - after.keys():
            counts["removed"] += 1
            if show:
                print("REMOVED", context(text, *key), "|", before[key].text, before[key].value)
        for key in after.keys() - before.keys():
            counts["added"] += 1
            if show:
                print("ADDED", context(text, *key), "|", after[key].text, after[key].label, after[key].value)
        for key in before.keys() & after.keys():
            if before[key].value != after[key].value:
                counts["value changed"] += 1
                if show:
                    print("VALUE", context(text, *key), "|", after[key].text, before[key].value, "->", after[key].value)
    return counts


def speed(docs, grammars: dict, rounds: int) -> dict[str, float]:
    """Best M chars/s of each grammar over interleaved rounds."""
    chars = sum(len(t) for t, _ in docs)
    best = dict.fromkeys(grammars, 0.0)
    for rnd in range(rounds):
        for name in (list(grammars) if rnd % 2 == 0 else list(grammars)[::-1]):
            t0 = time.perf_counter()
            for text, day in docs:
                grammars[name].find(text, day)
            rate = chars / (time.perf_counter() - t0) / 1e6
            best[name] = max(best[name], rate)
            print(f"round {rnd} {name}: {rate:.3f} M chars/s", file=sys.stderr)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old_module", help="copy of rasid/nlp/times.py from before the change")
    ap.add_argument("old_lexicon", help="copy of rasid/data/time_lexicon.json from before the change")
    ap.add_argument("days", nargs="+", help="saudinewsnet days, e.g. 2015-07-25")
    ap.add_argument("--stride", type=int, default=2, help="take every n-th article of a day")
    ap.add_argument("--limit", type=int, default=1000, help="articles in all")
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--speed-rounds", type=int, default=0, help="also time both grammars, interleaved")
    args = ap.parse_args(argv)
    docs = articles(args.days, args.stride, args.limit)
    grammars = {"old": load_old(args.old_module, args.old_lexicon), "new": current.grammar()}
    counts = diff(docs, grammars["old"], grammars["new"], show=not args.quiet)
    chars = sum(len(t) for t, _ in docs)
    print(f"{len(docs)} articles, {chars} chars, {counts['before']} expressions before: "
          f"{counts['added']} added, {counts['removed']} removed, {counts['value changed']} values changed")
    if args.speed_rounds:
        best = speed(docs, grammars, args.speed_rounds)
        print("best M chars/s:", {k: round(v, 3) for k, v in best.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
