"""Rebuild the named-entity recogniser's artifacts (one command).

    nice .venv/bin/python scripts/train_ner.py            # clusters + CRF (~8 min on 2 cores)
    .venv/bin/python scripts/train_ner.py clusters   # word clusters + frequencies only
    .venv/bin/python scripts/train_ner.py crf [--no-clusters] [--c1 X --c2 Y] [--dev-folds 9,0]

Steps
1. ``clusters``: two word2vec models (gensim) on SaudiNewsNet article text
   plus ANERcorp train (never test): CBOW (window 5) clustered by k-means at
   64/256/1024/2048 clusters, and skip-gram (window 2) at 512 clusters;
   writes rasid/data/ner_clusters.tsv.gz (normalised word, five cluster ids,
   count). The counts double as the frequency lexicon used to tell a
   proclitic from a word's first letter (وإسرائيل vs لبنان).
2. ``crf``: python-crfsuite on ANERcorp train minus a dev tenth of its
   sentences (tenths 9 and 0 by default, each in turn); prints dev scores,
   then refits on all of train and writes rasid/data/ner_crf.model.gz. The
   test file is never read here (bench/ner.py).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.nlp.ner import read_conll  # noqa: E402
from rasid.paths import ARTIFACTS, data_dir  # noqa: E402
from rasid.text.normalize import normalize  # noqa: E402

WORD_RE = re.compile(r"[\w\u064B-\u065F\u0670]+")
CBOW_CLUSTERS = (64, 256, 1024, 2048)
SKIPGRAM_CLUSTERS = 512


def training_sentences():
    """SaudiNewsNet paragraphs and ANERcorp train sentences, normalised."""
    for path in sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                content = json.loads(line).get("content") or ""
                for para in re.split(r"[\n.!?؟]+", content):
                    words = [normalize(w) for w in WORD_RE.findall(para)]
                    if len(words) > 2:
                        yield words
    for sent in read_conll(data_dir() / "anercorp" / "ANERcorp_train_original.txt"):
        yield [normalize(w) for w, _ in sent]


def _kmeans_labels(vectors, k: int, seed: int = 1):
    from sklearn.cluster import MiniBatchKMeans

    return MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=8192, n_init=1,
                           max_iter=50).fit(vectors).labels_


def build_clusters(out: Path) -> None:
    """Words with cluster ids at several granularities from two word2vec views:
    coarse clusters generalise (all given names), fine ones keep apart what
    the coarse ones join (surnames vs given names); skip-gram with a narrow
    window groups words by the slots they fill next to each other."""
    import numpy as np
    from gensim.models import Word2Vec

    t0 = time.time()
    sentences = list(training_sentences())
    counts = Counter(w for s in sentences for w in s)
    print(f"{len(sentences)} sentences, {sum(counts.values())} tokens, {len(counts)} types "
          f"({time.time() - t0:.0f}s)", flush=True)
    cbow = Word2Vec(sentences, vector_size=100, window=5, min_count=3, workers=2, epochs=5, sg=0, seed=1)
    print(f"CBOW word2vec done ({time.time() - t0:.0f}s)", flush=True)
    sgram = Word2Vec(sentences, vector_size=100, window=2, min_count=3, workers=2, epochs=3, sg=1, seed=2)
    print(f"skip-gram word2vec done ({time.time() - t0:.0f}s)", flush=True)
    words = [w for w, _ in counts.most_common() if w in cbow.wv and w in sgram.wv]

    def unit(m):
        v = m.wv[words].astype(np.float32)
        return v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-9)

    columns = [_kmeans_labels(unit(cbow), k) for k in CBOW_CLUSTERS]
    columns.append(_kmeans_labels(unit(sgram), SKIPGRAM_CLUSTERS))
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for i, w in enumerate(words):
            fh.write(w + "\t" + "\t".join(str(col[i]) for col in columns) + f"\t{counts[w]}\n")
    print(f"wrote {out} ({len(words)} words, {time.time() - t0:.0f}s)")


# First words that make a dictionary actor an organisation (lemmatised, bare).
ORG_HEADS = {"حزب", "جبهه", "حركه", "وزاره", "بنك", "جريده", "صحيفه", "منظمه", "جامعه", "مجلس", "اتحاد",
             "شركه", "وكاله", "قناه", "هيئه", "جمعيه", "مؤسسه", "مصرف", "محكمه", "لجنه", "تنظيم", "كتائب",
             "كتيبه", "لواء", "تحالف", "ائتلاف", "رابطه", "نقابه", "مركز", "معهد", "صندوق", "برلمان"}
# Words that make a dated actor entry a role, not a person's name.
ROLE_WORDS = ORG_HEADS | {"رئيس", "وزير", "سكرتير", "عام", "امين", "قائد", "زعيم", "رئاسه", "ديوان", "نائب",
                          "مدير", "حكومه", "جيش", "شرطه", "قوه", "قوات", "ملك", "امير", "سفير", "متحدث",
                          "ناطق", "مسؤول", "عضو", "مستشار", "محافظ", "قاضي", "عمده", "قيادي"}


def _bare_phrase(text: str) -> str:
    from rasid.text.clitics import split_proclitics

    words = [split_proclitics(normalize(w))[1] for w in re.split(r"[_\s]+", text) if w]
    return " ".join(w for w in words if w)


def build_gazetteer(out: Path) -> None:
    """Phrases with types from ANERgazet and the UniversalPetrarch actor dictionary."""
    typed: dict[str, set[str]] = {}

    def add(phrase: str, typ: str) -> None:
        if len(phrase) > 2 and phrase.count(" ") < 5 and re.fullmatch(r"[\u0621-\u064A ]+", phrase):
            typed.setdefault(phrase, set()).add(typ)

    for name, typ in (("AlignedLocGazetteer.txt", "LOC"), ("AlignedOrgGazetteer.txt", "ORG"),
                      ("AlignedPersGazetteer.txt", "PER")):
        for line in (data_dir() / "anergazet" / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("="):
                add(_bare_phrase(line), typ)
    actor_file = data_dir() / "universalpetrarch_arabic" / "dictionaries" / "actor_dict_ar_v4.txt"
    lines = actor_file.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or line.startswith(("\t", " \t", "#")) or line.lstrip().startswith("["):
            continue
        m = re.match(r"\s*([^\[#]+?)\s*(?:\[([^\]]+)\])?\s*$", line)
        if not m:
            continue
        name, code = m.group(1), m.group(2)
        phrase = _bare_phrase(name)
        words = phrase.split()
        if not words:
            continue
        dated = code is None and i + 1 < len(lines) and lines[i + 1].lstrip().startswith("[")
        if dated and len(words) >= 2 and not (set(words) & ROLE_WORDS):
            add(phrase, "PER")
        elif code and re.fullmatch(r"[A-Z]{3}", code.strip()) and len(words) <= 2:
            add(phrase, "LOC")
        elif code and len(words) >= 2 and words[0] in ORG_HEADS:
            add(phrase, "ORG")
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for phrase in sorted(typed):
            fh.write(f"{phrase}\t{'|'.join(sorted(typed[phrase]))}\n")
    print(f"wrote {out} ({len(typed)} phrases)")


def build_name_words(out: Path, counts_file: Path) -> None:
    """Single-word transliterated names (ANETAC) by type, minus common words."""
    common = set()
    if counts_file.exists():
        with gzip.open(counts_file, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= 3000:
                    break
                common.add(line.split("\t", 1)[0])
    kinds = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
    typed: dict[str, set[str]] = {}
    for line in (data_dir() / "names" / "anetac" / "EN-AR_Named-entities.txt").open(encoding="utf-8"):
        parts = line.split()
        if len(parts) < 3 or parts[0] not in kinds:
            continue
        for word in parts[2:]:
            norm = normalize(word)
            if len(norm) >= 3 and norm not in common and re.fullmatch(r"[\u0621-\u064A]+", norm):
                typed.setdefault(norm, set()).add(kinds[parts[0]])
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for word in sorted(typed):
            fh.write(f"{word}\t{'|'.join(sorted(typed[word]))}\n")
    print(f"wrote {out} ({len(typed)} words)")


def _train_crf(X, y, c1: float, c2: float, max_iter: int):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in zip(X, y):
        trainer.append(xs, ys)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ner.crf"
        trainer.train(str(path))
        return path.read_bytes()


def train_and_save(use_clusters: bool, c1: float, c2: float, dev_only: bool, max_iter: int,
                   dev_folds: list[int]) -> None:
    import pycrfsuite

    from rasid.nlp.ner import bio_spans, score_spans
    from rasid.nlp.ner_features import load_lexicons, sentence_features

    t0 = time.time()
    sents = read_conll(data_dir() / "anercorp" / "ANERcorp_train_original.txt")
    lex = load_lexicons(use_clusters=use_clusters)
    X = [sentence_features([w for w, _ in s], lex) for s in sents]
    y = [[t for _, t in s] for s in sents]
    for fold in dev_folds:
        lo, hi = len(sents) * fold // 10, len(sents) * (fold + 1) // 10
        model = _train_crf(X[:lo] + X[hi:], y[:lo] + y[hi:], c1, c2, max_iter)
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model)
        result = score_spans([bio_spans(t) for t in y[lo:hi]], [bio_spans(tagger.tag(x)) for x in X[lo:hi]])
        print(f"dev tenth {fold} (clusters={use_clusters}, c1={c1}, c2={c2}): P={result.precision:.4f} "
              f"R={result.recall:.4f} F1={result.f1:.4f} "
              f"per-type={ {k: round(v, 4) for k, v in result.per_type_f1.items()} } "
              f"({time.time() - t0:.0f}s)", flush=True)
    if dev_only:
        return
    target = ARTIFACTS / "ner_crf.model.gz"
    model = _train_crf(X, y, c1, c2, max_iter)
    with gzip.open(target, "wb", compresslevel=9) as fh:
        fh.write(model)
    print(f"wrote {target} ({target.stat().st_size // 1024} KiB, {time.time() - t0:.0f}s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", nargs="?", default="all", choices=["all", "clusters", "crf"])
    ap.add_argument("--no-clusters", action="store_true")
    # chosen on dev tenths 9, 0, 3 and 6 (docs/MODELS.md)
    ap.add_argument("--c1", type=float, default=0.01)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--dev-folds", default="9,0", help="tenths of train to score as dev, e.g. 9,0")
    ap.add_argument("--max-iter", type=int, default=300)
    ap.add_argument("--dev-only", action="store_true", help="score on dev, do not write the model")
    args = ap.parse_args()
    if args.step in ("all", "clusters"):
        build_clusters(ARTIFACTS / "ner_clusters.tsv.gz")
    if args.step in ("all", "crf"):
        build_gazetteer(ARTIFACTS / "ner_gazetteer.tsv.gz")
        build_name_words(ARTIFACTS / "ner_namewords.tsv.gz", ARTIFACTS / "ner_clusters.tsv.gz")
        train_and_save(use_clusters=not args.no_clusters, c1=args.c1, c2=args.c2, dev_only=args.dev_only,
                       max_iter=args.max_iter, dev_folds=[int(f) for f in args.dev_folds.split(",") if f])


if __name__ == "__main__":
    main()
