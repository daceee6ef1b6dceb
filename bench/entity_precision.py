"""Merge precision of entity resolution on real news (issue 3, QA's wrong merges).

    .venv/bin/python bench/entity_precision.py --day 2015-07-22 [--limit N]
        [--cache /tmp/snn.pkl] [--sample 60] [--seed 1] [--judged tests/data/entity_merges_dev.jsonl]
        [--dump /tmp/sample.jsonl]
    .venv/bin/python bench/entity_precision.py --day 2015-07-22 --token-speed

One saudinewsnet day is ingested, cleaned, segmented, tagged by the
recogniser (rasid.nlp.ner) and resolved by rasid.link.entities.EntityResolver.
Only the components resolution needs run, so a half-finished component
elsewhere in the pipeline does not block this measure. ``--cache`` keeps the
tagged documents (before resolution) so that resolver changes can be measured
again in seconds.

Printed:
- counts of entities, multi-alias entities, and garbage canonical names
  (rasid.link.entities.is_garbage_name), which must be 0;
- a deterministic sample (``--sample``, ``--seed``) of multi-alias entities,
  one per line, to judge by hand; ``--dump`` writes them as JSON lines in the
  judgement format (type, name, aliases, verdict "", why "");
- with ``--judged``: merge precision = ok / (ok + wrong) over the sampled
  entities whose alias set (type + sorted aliases) has a judgement; "junk"
  (not an entity at all: a recogniser error) is counted apart. Sampled
  entities without a judgement are marked "?" so they can be judged.

Judgement file (tests/data/entity_merges_*.jsonl): one object a line,
{"type", "name", "aliases": [..], "verdict": "ok" | "wrong" | "junk", "why": "..."}.
"""
from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.clean import article_to_document  # noqa: E402
from rasid.ingest import IngestOptions, iter_articles  # noqa: E402
from rasid.ingest.problems import Problem  # noqa: E402
from rasid.model import Corpus, Entity  # noqa: E402
from rasid.paths import data_dir  # noqa: E402


def tagged_documents(day: str, limit: int | None) -> list:
    """Documents of one saudinewsnet day through segment + NER + quotes."""
    from rasid.nlp.ner import EntityRecognizer
    from rasid.nlp.quotes import QuoteExtractor
    from rasid.text.segment import Segmenter

    path = data_dir() / "saudinewsnet" / f"{day}.jsonl.gz"
    components = [Segmenter(), EntityRecognizer(), QuoteExtractor()]
    docs, seen = [], set()
    for item in iter_articles([str(path)], IngestOptions()):
        if isinstance(item, Problem):
            continue
        doc = article_to_document(item)
        if not doc.text.strip() or doc.content_hash in seen:
            continue
        seen.add(doc.content_hash)
        for c in components:
            doc = c.process_document(doc)
        docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def token_speed(day: str, limit: int) -> None:
    """Tokenisation time over one day's texts with a cold per-surface cache:
    Token.bare by the lexicon (now) against the length rule alone (before),
    and the lexicon's one-time load (item 4 of issue 3)."""
    import time as _time

    from rasid.text import segment
    from rasid.text.clitics import split_proclitics
    from rasid.text.lexicon import load_lexicon

    texts = []
    with gzip.open(data_dir() / "saudinewsnet" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("content") or "")
            if limit and len(texts) >= limit:
                break
    t0 = _time.perf_counter()
    load_lexicon()
    load_s = _time.perf_counter() - t0
    lexicon_split = segment._split_for_matching
    timings = {}
    for label, split in (("length rule", lambda norm: split_proclitics(norm)), ("lexicon", lexicon_split)):
        segment._split_for_matching = split
        segment._token_forms.cache_clear()
        t0 = _time.perf_counter()
        n = sum(len(segment.tokenize(t)) for t in texts)
        timings[label] = _time.perf_counter() - t0
    segment._split_for_matching = lexicon_split
    for label, secs in timings.items():
        print(f"tokenize {len(texts)} documents ({n} tokens), {label}: {secs:.2f} s ({n / secs:,.0f} tokens/s)")
    print(f"lexicon load (once per process): {load_s:.2f} s")


def alias_key(etype: str, aliases) -> str:
    return etype + "\t" + "|".join(sorted(aliases))


def multi_alias(entities: list[Entity]) -> list[Entity]:
    return [e for e in entities if len(e.aliases) > 1]


def sample_entities(entities: list[Entity], n: int, seed: int) -> list[Entity]:
    """Deterministic sample, ordered by id so the same run gives the same list."""
    pool = sorted(multi_alias(entities), key=lambda e: e.id)
    rng = random.Random(seed)
    return sorted(rng.sample(pool, min(n, len(pool))), key=lambda e: -sum(e.aliases.values()))


def load_judgements(path: Path) -> dict[str, dict]:
    out = {}
    for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
        if line.strip():
            j = json.loads(line)
            out[alias_key(j["type"], j["aliases"])] = j
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--day", default="2015-07-22")
    ap.add_argument("--limit", type=int, default=0, help="documents (0: the whole day)")
    ap.add_argument("--cache", help="pickle of the tagged documents (read if present, else written)")
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--judged", help="judgement JSONL to score the sample against")
    ap.add_argument("--dump", help="write the sample as judgement-format JSON lines")
    ap.add_argument("--grep", help="also list every entity with an alias containing this string")
    ap.add_argument("--token-speed", action="store_true", help="time Token.bare forms and stop")
    args = ap.parse_args()
    if args.token_speed:
        token_speed(args.day, args.limit)
        return

    t0 = time.perf_counter()
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        docs = pickle.loads(cache.read_bytes())
    else:
        docs = tagged_documents(args.day, args.limit or None)
        if cache:
            cache.write_bytes(pickle.dumps(docs))
    t1 = time.perf_counter()
    for d in docs:  # resolution is re-run from scratch on cached documents
        for m in d.entities:
            m.entity = None
        for q in d.quotes:
            if q.speaker is not None:
                q.speaker.entity = None
    from rasid.link.entities import EntityResolver
    from rasid.link.names import is_garbage_name

    corpus = EntityResolver().process_corpus(Corpus(documents=docs))
    t2 = time.perf_counter()
    ents = corpus.entities
    multi = multi_alias(ents)
    garbage = [e for e in ents if is_garbage_name(e.name)]
    n_mentions = sum(len(d.entities) for d in docs)
    speakers = [q.speaker for d in docs for q in d.quotes if q.speaker and q.speaker.start is not None]
    print(f"day {args.day}: {len(docs)} documents, {n_mentions} mentions -> {len(ents)} entities, "
          f"{len(multi)} with more than one alias (tag {t1 - t0:.0f} s, resolve {t2 - t1:.1f} s)")
    print(f"garbage canonical names: {len(garbage)} {[e.name for e in garbage[:10]]}")
    print(f"quote speakers with a span: {len(speakers)}, linked to an entity: "
          f"{sum(1 for s in speakers if s.entity)}")
    sample = sample_entities(ents, args.sample, args.seed)
    judged = load_judgements(Path(args.judged)) if args.judged else {}
    ok = wrong = junk = 0
    unjudged = []
    for e in sample:
        j = judged.get(alias_key(e.type, e.aliases))
        verdict = j["verdict"] if j else "?"
        ok += verdict == "ok"
        wrong += verdict == "wrong"
        junk += verdict == "junk"
        if not j:
            unjudged.append(e)
        top = ", ".join(f"{a}×{n}" for a, n in list(e.aliases.items())[:12])
        more = f" (+{len(e.aliases) - 12})" if len(e.aliases) > 12 else ""
        print(f"[{verdict}] {e.type} {e.name} :: {top}{more}")
    if args.judged:
        n = ok + wrong
        print(f"merge precision on the judged sample: {ok}/{n} = {ok / n if n else 0:.3f} "
              f"({junk} junk, {len(unjudged)} unjudged)")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for e in sample:
                fh.write(json.dumps({"type": e.type, "name": e.name, "aliases": sorted(e.aliases),
                                     "verdict": "", "why": ""}, ensure_ascii=False) + "\n")
    if args.grep:
        for e in ents:
            if any(args.grep in a for a in e.aliases):
                print("grep:", e.type, e.name, dict(list(e.aliases.items())[:15]))


if __name__ == "__main__":
    main()
