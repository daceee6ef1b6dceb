"""Score the time tagger against gold: bench/times.py GOLD.json [--docs DIR] [--errors].

Why: detection F1 and value accuracy of temporal expressions with the shared
scorer (../shared/tools/score.py, area "times"), each document valued against
its gold ``dct`` given as the publication date, plus the tagger's speed.
GOLD is any file in the ../shared/gold/SCHEMA.md format; the documents are
read from --docs, or from the gold's ``collection`` folder under ../shared, or
from a ``text`` field in each gold document.
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
from rasid.nlp.times import TimeTagger  # noqa: E402
from rasid.output import corpus_dict  # noqa: E402
from rasid.paths import shared_dir  # noqa: E402


def load_scorer():
    spec = importlib.util.spec_from_file_location("rasid_score", shared_dir() / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rasid_score"] = mod  # its dataclasses look the module up
    spec.loader.exec_module(mod)
    return mod


def gold_texts(gold: dict, docs_dir: Path | None) -> list[tuple[str, str, str | None]]:
    out = []
    for g in gold["documents"]:
        text = g.get("text")
        if text is None:
            folder = docs_dir or shared_dir() / gold["collection"]
            text = (folder / g["doc"]).read_text("utf-8")
        out.append((g["doc"], text, g.get("dct")))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--docs", default=None, help="folder of the gold's documents")
    ap.add_argument("--errors", action="store_true", help="print each miss, extra and wrong value")
    ap.add_argument("--no-ner", action="store_true",
                    help="skip the NER pass that the pipeline runs first (its names veto times inside them)")
    args = ap.parse_args(argv)
    gold = json.loads(Path(args.gold).read_text("utf-8"))
    texts = gold_texts(gold, Path(args.docs) if args.docs else None)
    docs = [document_from_text(text, id=name, published=dct) for name, text, dct in texts]
    if not args.no_ner:
        from rasid.nlp.ner import EntityRecognizer  # noqa: PLC0415

        ner = EntityRecognizer()
        for d in docs:
            ner.process_document(d)
    tagger = TimeTagger()
    # Load the grammar and the tense lexicon outside the timing.
    tagger.process_document(document_from_text("سيعقد الاجتماع الخميس", published="2017-01-01"))
    t0 = time.perf_counter()
    for d in docs:
        tagger.process_document(d)
    elapsed = time.perf_counter() - t0
    system = corpus_dict(Corpus(documents=docs))
    result = load_scorer().score(gold, system, areas=("times",), keep_errors=args.errors)["times"]
    det, val = result["detection"], result["value"]
    n_gold = sum(len(g.get("times") or []) for g in gold["documents"])
    n_sys = sum(len(d.times) for d in docs)
    print(f"{Path(args.gold).name}: {len(docs)} documents, {n_gold} gold and {n_sys} system expressions")
    print(f"times detection P={det['precision']:.3f} R={det['recall']:.3f} F1={det['f1']:.3f}")
    print(f"value accuracy={val['accuracy']} ({val.get('correct')}/{val.get('total')} matched)")
    chars = sum(len(d.text) for d in docs)
    print(f"speed: {len(docs) / elapsed:.0f} articles/s, {chars / elapsed / 1e6:.2f} M chars/s (tagger only, one core)")
    if args.errors:
        for e in result.get("errors", []):
            print("  ", json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
