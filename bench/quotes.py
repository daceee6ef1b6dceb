"""Score QuoteExtractor against gold: bench/quotes.py GOLD.json [--docs DIR] [--with-ner].

Why: quote F1 / speaker / kind accuracy with the shared scorer, plus speed.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.analysis import document_from_text  # noqa: E402
from rasid.model import Corpus  # noqa: E402
from rasid.nlp.quotes import QuoteExtractor  # noqa: E402
from rasid.output import corpus_dict  # noqa: E402
from rasid.paths import shared_dir  # noqa: E402


def load_scorer():
    spec = importlib.util.spec_from_file_location("rasid_score", shared_dir() / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rasid_score"] = mod  # dataclasses look the module up
    spec.loader.exec_module(mod)
    return mod


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--docs", default=None)
    ap.add_argument("--with-ner", action="store_true")
    args = ap.parse_args(argv)
    gold = json.loads(Path(args.gold).read_text("utf-8"))
    docs_dir = Path(args.docs) if args.docs else shared_dir() / gold["collection"]
    components = []
    if args.with_ner:
        try:
            from rasid.nlp.ner import EntityRecognizer
            components.append(EntityRecognizer())
        except Exception as exc:  # NER is optional
            print(f"NER unavailable: {exc}")
    components.append(QuoteExtractor())
    texts = [(g["doc"], (docs_dir / g["doc"]).read_text("utf-8")) for g in gold["documents"]]
    docs = [document_from_text(t, id=name) for name, t in texts]
    t0 = time.perf_counter()
    for d in docs:
        for c in components:
            c.process_document(d)
    dt = time.perf_counter() - t0
    system = corpus_dict(Corpus(documents=docs))
    result = load_scorer().score(gold, system, areas=("quotes",))["quotes"]
    det = result["detection"]
    print(f"quotes P={det['precision']:.3f} R={det['recall']:.3f} F1={det['f1']:.3f}")
    print(f"speaker accuracy={result['speaker']['accuracy']}  kind accuracy={result['kind']['accuracy']}")
    what = "NER + quotes" if len(components) > 1 else "quote component only"
    print(f"{len(docs) / dt:.0f} articles/s ({what}, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
