"""Score QuoteExtractor: bench/quotes.py GOLD.json [--dev tests/data/quotes_dev.jsonl] [--with-ner].

Why: quote F1 / speaker / kind accuracy with the shared scorer on the seeds
and on our own hand-annotated dev sentences (saudinewsnet), plus speed.
The dev file has one JSON object a line: {"text", "quotes": [{"quote",
"speaker" (a name, "UNKNOWN" or null for none), "kind"}]}; each text is one
document.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
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


def dev_gold(path: Path) -> tuple[dict, list[tuple[str, str]]]:
    """Shared-scorer gold for the dev file; each named speaker is a catalogue entry."""
    docs, texts, catalogue = [], [], {}
    for i, line in enumerate(path.read_text("utf-8").splitlines()):
        if not line.strip():
            continue
        item = json.loads(line)
        name = f"dev-{i:03d}"
        texts.append((name, item["text"]))
        docs.append({"doc": name, "quotes": item["quotes"]})
        for q in item["quotes"]:
            spk = q.get("speaker")
            if spk and spk != "UNKNOWN":
                catalogue.setdefault(spk, {"type": "PER", "aliases": [spk]})
    return {"collection": "dev", "documents": docs, "entities": catalogue}, texts


def components(with_ner: bool) -> list:
    comps = []
    if with_ner:
        try:
            from rasid.nlp.ner import EntityRecognizer
            comps.append(EntityRecognizer())
        except Exception as exc:  # NER is optional
            print(f"NER unavailable: {exc}")
    comps.append(QuoteExtractor())
    return comps


def run(label: str, gold: dict, texts: list[tuple[str, str]], comps: list, errors: bool,
        resolver: bool = False, title_person: bool = False) -> None:
    docs = [document_from_text(t, id=name) for name, t in texts]
    t0 = time.perf_counter()
    for d in docs:
        for c in comps:
            c.process_document(d)
    dt = time.perf_counter() - t0
    corpus = Corpus(documents=docs)
    if title_person:  # what a resolver that follows attrs["person_span"] would give
        for d in docs:
            for q in d.quotes:
                if q.speaker is not None and q.speaker.attrs.get("person_span"):
                    q.speaker.start, q.speaker.end = q.speaker.attrs["person_span"]
                    q.speaker.text = q.speaker.attrs["person"]
    if resolver:  # as in the full pipeline: speakers get catalogue ids (titles linked to people)
        from rasid.link.entities import EntityResolver
        corpus = EntityResolver().process_corpus(corpus)
    system = corpus_dict(corpus)
    scorer = load_scorer()
    result = scorer.Scorer(scorer.Gold.from_json(gold), scorer.System.from_json(system),
                           keep_errors=errors).quotes() if errors else \
        scorer.score(gold, system, areas=("quotes",))["quotes"]
    det = result["detection"]
    spk, kind = result["speaker"]["accuracy"], result["kind"]["accuracy"]
    print(f"[{label}] quotes P={det['precision']:.3f} R={det['recall']:.3f} F1={det['f1']:.3f}  "
          f"speaker accuracy={spk:.3f}  kind accuracy={kind:.3f}  (n_gold={det.get('gold', '?')})")
    what = "NER + quotes" if len(comps) > 1 else "quote component only"
    print(f"[{label}] {len(docs) / dt:.0f} articles/s ({what}, one core)")
    for e in result.get("errors") or []:
        print("   ", json.dumps(e, ensure_ascii=False)[:300])


def speed(n: int) -> None:
    """Articles/s of the quote component alone on real news (segmentation done beforehand)."""
    import gzip

    from rasid.paths import data_dir
    texts = []
    for path in sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            texts.extend(json.loads(line)["content"] for line in fh)
        if len(texts) >= n:
            break
    docs = [document_from_text(t) for t in texts[:n]]
    extractor = QuoteExtractor()
    t0 = time.perf_counter()
    found = sum(len(extractor.process_document(d).quotes) for d in docs)
    dt = time.perf_counter() - t0
    print(f"[speed] {len(docs)} saudinewsnet articles: {len(docs) / dt:.0f} articles/s, {found} quotes "
          "(quote component only, one core)")


# Speech verbs used only to draw the sample (independent of the cue lexicon, so
# that the sample does not favour what the extractor already knows).
_SAMPLE_SPEECH = re.compile(r"(?<!\w)[وف]?(?:قال|قالت|أكد|أكدت|أوضح|أوضحت|أشار|أشارت|أضاف|أضافت|أعلن|أعلنت|"
                            r"ذكر|ذكرت|صرح|صرحت|اعتبر|رأى|دعا|طالب|نفى|اتهم|حذر|كشف|أعرب|بحسب|وفق)(?!\w)")


def sample(day: str, n: int, seed: int) -> None:
    """Print ``n`` passages (paragraphs of 2-5 sentences) of saudinewsnet ``day``
    as unannotated JSONL, half with a speech verb, drawn with ``seed``."""
    import gzip
    import random

    from rasid.paths import data_dir
    from rasid.text.normalize import clean_for_storage
    from rasid.text.segment import split_paragraphs, split_sentences
    with gzip.open(data_dir() / "saudinewsnet" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh]
    rng = random.Random(seed)
    rng.shuffle(articles)
    want = {True: n - n // 2, False: n // 2}
    for art in articles:
        text = clean_for_storage(art["content"])
        paras = [text[p.start:p.end] for p in split_paragraphs(text)
                 if 2 <= len(split_sentences(text, p.start, p.end)) <= 5 and len(p) <= 900]
        if not paras:
            continue
        para = rng.choice(paras)
        has = bool(_SAMPLE_SPEECH.search(para))
        if want[has] > 0:
            want[has] -= 1
            print(json.dumps({"text": para, "quotes": [], "note": f"saudinewsnet {day} {art.get('url', '')}"},
                             ensure_ascii=False))
        if not any(want.values()):
            break


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=None, help="shared gold JSON (e.g. the seeds)")
    ap.add_argument("--docs", default=None)
    ap.add_argument("--dev", default=None, help="our dev sentences (JSONL)")
    ap.add_argument("--with-ner", action="store_true")
    ap.add_argument("--with-resolver", action="store_true",
                    help="also run the cross-document entity resolver (fills speaker ids, links titles)")
    ap.add_argument("--title-person", action="store_true",
                    help="score a bare-title speaker as the person it names elsewhere in the document "
                         "(attrs person_span), as a resolver using that hint would")
    ap.add_argument("--errors", action="store_true", help="print mismatches (dev only: never tune on seeds)")
    ap.add_argument("--speed", type=int, default=0, help="also time the component on N saudinewsnet articles")
    ap.add_argument("--sample", default=None, metavar="DAY",
                    help="print passages of saudinewsnet DAY to annotate (with --n, --seed)")
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    if args.sample:
        sample(args.sample, args.n, args.seed)
        return 0
    comps = components(args.with_ner)
    if args.speed:
        speed(args.speed)
    if args.dev:
        gold, texts = dev_gold(Path(args.dev))
        run(Path(args.dev).stem, gold, texts, comps, args.errors, args.with_resolver, args.title_person)
    if args.gold:
        gold = json.loads(Path(args.gold).read_text("utf-8"))
        docs_dir = Path(args.docs) if args.docs else shared_dir() / gold["collection"]
        texts = [(g["doc"], (docs_dir / g["doc"]).read_text("utf-8")) for g in gold["documents"]]
        run("gold", gold, texts, comps, False, args.with_resolver, args.title_person)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
