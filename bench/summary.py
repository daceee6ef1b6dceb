"""ROUGE-1/2/L of rasid's summariser against lead and TextRank on EASC.

EASC (El-Haj et al. 2010): Arabic articles in ``Articles/`` and up to five
human extracts each in ``Summaries/NAME_A.txt`` .. ``_E.txt``; article and
summary names differ in case and extension (``.TXT``), so they are matched on
the lower-cased stem. Articles without any extract are skipped (counted).

Every system gets the same budget: the mean length in words of the article's
references; each system's sentences are taken in its own order until the
budget is met and the word list is cut at the budget, so no system gains from
longer output.

ROUGE is computed here (no Perl ROUGE for Arabic): tokens are rasid's word
tokens, normalised with rasid.text.normalize (variant ``norm``) and also with
proclitics stripped (variant ``bare``, rasid.text.clitics). Each score is the
F1 against each reference, averaged over the references (``avg``); the max
over references is printed too. Headline: ROUGE-2 F1, ``bare``, ``avg``, on
the test half.

Split: articles sorted by name, even positions = dev (tuning the summariser's
weights on a small grid), odd positions = test (reported).

    .venv/bin/python bench/summary.py [--easc DIR] [--no-tune]
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.analysis import document_from_text  # noqa: E402
from rasid.link.summary import (FEATURES, SummaryWeights, build_units, score_units,  # noqa: E402
                                select, sentence_features, _tfidf, textrank)
from rasid.model import Document  # noqa: E402
from rasid.paths import data_dir  # noqa: E402
from rasid.text.segment import tokenize  # noqa: E402

ENCODINGS = ("utf-8-sig", "utf-16", "cp1256")


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


@dataclass
class Item:
    name: str
    doc: Document
    references: list[str]
    budget: int


def load_titles(root: Path) -> dict[str, str]:
    """Titles.txt: one ``NAME*title`` a line (names lower-cased for matching)."""
    path = root / "Titles.txt"
    if not path.exists():
        return {}
    out = {}
    for line in read_text(path).splitlines():
        name, sep, title = line.partition("*")
        if sep and title.strip():
            out[name.strip().lower()] = title.strip()
    return out


def load_easc(root: Path) -> tuple[list[Item], int]:
    titles = load_titles(root)
    summaries: dict[str, list[Path]] = {}
    for p in sorted((root / "Summaries").iterdir()):
        stem = p.stem
        if len(stem) > 2 and stem[-2] == "_":
            summaries.setdefault(stem[:-2].lower(), []).append(p)
    items, missing = [], 0
    for p in sorted((root / "Articles").iterdir(), key=lambda q: q.name.lower()):
        refs = [read_text(s) for s in summaries.get(p.stem.lower(), [])]
        refs = [r for r in refs if r.strip()]
        if not refs:
            missing += 1
            continue
        doc = document_from_text(read_text(p), id=p.stem, title=titles.get(p.stem.lower()))
        budget = round(sum(len(words(r, "norm")) for r in refs) / len(refs))
        items.append(Item(p.stem, doc, refs, budget))
    return items, missing


def words(text: str, variant: str) -> list[str]:
    out = []
    for t in tokenize(text):
        if t.norm[:1].isalnum():
            out.append(t.bare if variant == "bare" else t.norm)
    return out


# --- ROUGE ---------------------------------------------------------------
def _f1(overlap: float, n_sys: int, n_ref: int) -> float:
    if not overlap or not n_sys or not n_ref:
        return 0.0
    p, r = overlap / n_sys, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(sys_words: list[str], ref_words: list[str], n: int) -> float:
    s = Counter(tuple(sys_words[i:i + n]) for i in range(len(sys_words) - n + 1))
    r = Counter(tuple(ref_words[i:i + n]) for i in range(len(ref_words) - n + 1))
    return _f1(sum((s & r).values()), sum(s.values()), sum(r.values()))


def lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(sys_words: list[str], ref_words: list[str]) -> float:
    return _f1(lcs(sys_words, ref_words), len(sys_words), len(ref_words))


@dataclass
class Scores:
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.values.setdefault(key, []).append(value)

    def mean(self, key: str) -> float:
        v = self.values.get(key, [])
        return sum(v) / len(v) if v else 0.0


def score_summary(text: str, item: Item, scores: Scores, quick: bool = False) -> None:
    """Add the summary's ROUGE to ``scores``; ``quick``: R2/bare only (tuning)."""
    if quick:
        sys_words = words(text, "bare")[:item.budget]
        vals = [rouge_n(sys_words, words(ref, "bare"), 2) for ref in item.references]
        scores.add("R2/bare/avg", sum(vals) / len(vals))
        return
    for variant in ("norm", "bare"):
        sys_words = words(text, variant)[:item.budget]
        per_ref = {"R1": [], "R2": [], "RL": []}
        for ref in item.references:
            ref_words = words(ref, variant)
            per_ref["R1"].append(rouge_n(sys_words, ref_words, 1))
            per_ref["R2"].append(rouge_n(sys_words, ref_words, 2))
            per_ref["RL"].append(rouge_l(sys_words, ref_words))
        for metric, vals in per_ref.items():
            scores.add(f"{metric}/{variant}/avg", sum(vals) / len(vals))
            scores.add(f"{metric}/{variant}/max", max(vals))


# --- systems ---------------------------------------------------------------
def take(doc: Document, spans: list[tuple[int, int]], budget: int) -> str:
    """Sentences taken in the system's order of preference until the budget
    (in words) is met, then shown in document order (as a reader sees them)."""
    chosen, total = [], 0
    for start, end in spans:
        if total >= budget:
            break
        chosen.append((start, end))
        total += len(words(doc.text[start:end], "norm"))
    return " ".join(doc.text[s:e] for s, e in sorted(chosen))


def lead(item: Item) -> str:
    return take(item.doc, [(s.start, s.end) for s in item.doc.sentences], item.budget)


def textrank_baseline(item: Item) -> str:
    units = build_units([item.doc])
    _tfidf(units)
    ranked = sorted(zip(textrank(units), range(len(units))), key=lambda x: (-x[0], x[1]))
    return take(item.doc, [(units[i].start, units[i].end) for _, i in ranked], item.budget)


def rasid_summary(item: Item, weights: SummaryWeights) -> str:
    # Selection order (not document order) decides what the budget cut keeps.
    units = build_units([item.doc])
    score_units(units, weights)
    chosen = select(units, item.budget, weights)
    return take(item.doc, [(u.start, u.end) for u in chosen], item.budget)


def evaluate(items: list[Item], system, quick: bool = False) -> Scores:
    scores = Scores()
    for item in items:
        score_summary(system(item), item, scores, quick)
    return scores


def sentence_labels(item: Item, units) -> list[float]:
    """Share of the item's references that contain each unit's sentence
    (normalised word sequence; the extracts are whole sentences of the article)."""
    refs = [" " + " ".join(words(r, "norm")) + " " for r in item.references]
    out = []
    for u in units:
        w = " " + " ".join(words(u.text, "norm")) + " "
        out.append(sum(w in r for r in refs) / len(refs))
    return out


def fit_features(dev: list[Item], alpha: float = 1.0) -> dict[str, float]:
    """Ridge regression of the sentence labels on the features (dev half)."""
    import numpy as np  # noqa: PLC0415
    from sklearn.linear_model import Ridge  # noqa: PLC0415

    x, y = [], []
    for item in dev:
        units = build_units([item.doc])
        feats = sentence_features(units)
        x += [[f[name] for name in FEATURES] for f in feats]
        y += sentence_labels(item, units)
    model = Ridge(alpha=alpha).fit(np.array(x), np.array(y))
    return {name: round(float(w), 3) for name, w in zip(FEATURES, model.coef_)}


def tune(dev: list[Item]) -> tuple[SummaryWeights, float]:
    """Small grid over the MMR trade-off and the weights of position,
    centrality and the first sentence, for dev ROUGE-2."""
    best, best_score = SummaryWeights(), -1.0
    for lam, pos, cen, lead1 in itertools.product((0.5, 0.6, 0.8), (1.0, 2.0, 3.0), (0.5, 1.0), (0.0, 1.0)):
        w = SummaryWeights(mmr_lambda=lam, features={"position": pos, "centrality": cen, "lead1": lead1})
        s = evaluate(dev, lambda it: rasid_summary(it, w), quick=True).mean("R2/bare/avg")
        if s > best_score:
            best, best_score = w, s
    return best, best_score


def fit_report(dev: list[Item], test: list[Item]) -> None:
    """The ridge-fitted weights (all features) and their dev/test ROUGE-2:
    shown to document why they are not the shipped weights."""
    for alpha in (1.0, 10.0):
        w = SummaryWeights(mmr_lambda=0.6, features=fit_features(dev, alpha))
        d = evaluate(dev, lambda it: rasid_summary(it, w), quick=True).mean("R2/bare/avg")
        t = evaluate(test, lambda it: rasid_summary(it, w), quick=True).mean("R2/bare/avg")
        print(f"ridge alpha {alpha:g}: dev R2/bare/avg {d:.4f}, test {t:.4f}; weights {w.features}")


# --- framing check against the seeds' gold `framing` fields -------------------
GOLD_SIDE = {"syrian_government": "government_side", "armed_opposition": "armed_opposition"}


def framing_check(seeds: Path, gold_path: Path) -> None:
    """Per seed (each taken as its own outlet, all five as one story): the
    learned terms per side against the gold terms, matched after
    rasid.text.normalize (exact phrase). A check, not a tuning target."""
    import json  # noqa: PLC0415

    from rasid.link.framing import framing_table, story_framing  # noqa: PLC0415
    from rasid.text.normalize import normalize_phrase  # noqa: PLC0415

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = [document_from_text(read_text(seeds / g["doc"]), id=g["doc"], outlet=g["doc"][:3])
            for g in gold["documents"]]
    framing = story_framing(docs)
    predicted = {a["side"]: a["terms_by_outlet"] for a in framing["actors"] if a.get("side")}
    tp = fp = fn = 0
    print("\nFraming check on the 5 seeds (gold: seeds.json `framing`; exact normalised phrase match)")
    for g in gold["documents"]:
        outlet = g["doc"][:3]
        for gold_side, side in GOLD_SIDE.items():
            want = {normalize_phrase(t) for t in g["framing"].get(gold_side, [])}
            got = {normalize_phrase(t) for t in predicted.get(side, {}).get(outlet, {})}
            tp += len(want & got)
            fp += len(got - want)
            fn += len(want - got)
            print(f"  {outlet} {gold_side:18} gold {len(want):2} found {len(got):2} matched {len(want & got):2}; "
                  f"missed: {' | '.join(sorted(want - got))}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"  terms: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn})")
    print(framing_table(framing, top=8))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--easc", type=Path, default=data_dir() / "easc")
    ap.add_argument("--no-tune", action="store_true", help="use the module defaults")
    ap.add_argument("--fit", action="store_true", help="also report the ridge-fitted feature weights")
    ap.add_argument("--framing", action="store_true",
                    help="only the framing check against the seeds' gold framing fields")
    args = ap.parse_args()
    if args.framing:
        from rasid.paths import gold_dir, shared_dir  # noqa: PLC0415
        framing_check(shared_dir() / "seeds", gold_dir() / "seeds.json")
        return
    t0 = time.time()
    items, missing = load_easc(args.easc)
    dev, test = items[0::2], items[1::2]
    print(f"EASC: {len(items)} articles with references ({missing} without), "
          f"{sum(len(i.references) for i in items)} references; dev {len(dev)} / test {len(test)}; "
          f"mean budget {sum(i.budget for i in items) / len(items):.0f} words")
    if args.fit:
        fit_report(dev, test)
    if args.no_tune:
        weights = SummaryWeights()
    else:
        weights, dev_score = tune(dev)
        print(f"tuned on dev: {weights} (dev R2/bare/avg {dev_score:.4f})")
    systems = {"lead": lead, "textrank": textrank_baseline, "rasid": lambda it: rasid_summary(it, weights)}
    for split_name, split in (("dev", dev), ("test", test)):
        results = {name: evaluate(split, fn) for name, fn in systems.items()}
        print(f"\n[{split_name}] F1, mean over articles of the mean over references (max over refs in brackets)")
        print(f"{'system':10} {'variant':7} {'R1':>15} {'R2':>15} {'RL':>15}")
        for name, sc in results.items():
            for variant in ("norm", "bare"):
                cells = [f"{sc.mean(f'{m}/{variant}/avg'):.4f} ({sc.mean(f'{m}/{variant}/max'):.4f})"
                         for m in ("R1", "R2", "RL")]
                print(f"{name:10} {variant:7} " + " ".join(f"{c:>15}" for c in cells))
        for variant in ("norm", "bare"):
            lead_r2 = results["lead"].mean(f"R2/{variant}/avg")
            ours = results["rasid"].mean(f"R2/{variant}/avg")
            tr = results["textrank"].mean(f"R2/{variant}/avg")
            print(f"R2/{variant}/avg relative to lead: rasid {100 * (ours / lead_r2 - 1):+.1f} %, "
                  f"textrank {100 * (tr / lead_r2 - 1):+.1f} %")
    print(f"\n{time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
