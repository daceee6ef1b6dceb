"""Rebuild the named-entity recogniser's artifacts (one command).

    .venv/bin/python scripts/train_ner.py            # clusters + CRF
    .venv/bin/python scripts/train_ner.py clusters   # word clusters + frequencies only
    .venv/bin/python scripts/train_ner.py crf [--no-clusters] [--c1 X --c2 Y]

Steps
1. ``clusters``: word2vec (gensim) on SaudiNewsNet article text, k-means over
   the vectors of the most frequent words; writes
   rasid/data/ner_clusters.tsv.gz (normalised word, cluster id, count).
   The counts double as the frequency lexicon used to tell a proclitic from a
   word's first letter (وإسرائيل vs لبنان).
2. ``crf``: sklearn-crfsuite on ANERcorp train minus its last 10 % of
   sentences (dev); prints dev scores, then refits on all of train and writes
   rasid/data/ner_crf.model. The test file is never read here (bench/ner.py).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.paths import ARTIFACTS, data_dir  # noqa: E402
from rasid.text.normalize import normalize  # noqa: E402

WORD_RE = re.compile(r"[\w\u064B-\u065F\u0670]+")
CLUSTER_WORDS = 100_000
N_CLUSTERS = 400


def saudinewsnet_sentences():
    for path in sorted((data_dir() / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                content = json.loads(line).get("content") or ""
                for para in re.split(r"[\n.!?؟]+", content):
                    words = [normalize(w) for w in WORD_RE.findall(para)]
                    if len(words) > 2:
                        yield words


def build_clusters(out: Path) -> None:
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    t0 = time.time()
    sentences = list(saudinewsnet_sentences())
    counts = Counter(w for s in sentences for w in s)
    print(f"{len(sentences)} sentences, {sum(counts.values())} tokens, {len(counts)} types "
          f"({time.time() - t0:.0f}s)", flush=True)
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=3, workers=2, epochs=3, sg=0, seed=1)
    print(f"word2vec done ({time.time() - t0:.0f}s)", flush=True)
    words = [w for w, _ in counts.most_common() if w in model.wv][:CLUSTER_WORDS]
    vectors = model.wv[words]
    vectors /= (((vectors ** 2).sum(1, keepdims=True)) ** 0.5 + 1e-9)
    km = MiniBatchKMeans(n_clusters=N_CLUSTERS, random_state=1, batch_size=4096, n_init=3).fit(vectors)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for w, c in zip(words, km.labels_):
            fh.write(f"{w}\t{c}\t{counts[w]}\n")
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


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    from rasid.nlp.ner import read_conll as _read

    return _read(path)


def train_and_save(use_clusters: bool, c1: float, c2: float, dev_only: bool, max_iter: int = 150) -> None:
    import sklearn_crfsuite

    from rasid.nlp.ner import bio_spans, score_spans
    from rasid.nlp.ner_features import load_lexicons, sentence_features

    t0 = time.time()
    sents = read_conll(data_dir() / "anercorp" / "ANERcorp_train_original.txt")
    cut = int(len(sents) * 0.9)
    lex = load_lexicons(use_clusters=use_clusters)

    def featurise(batch):
        return [sentence_features([w for w, _ in s], lex) for s in batch], [[t for _, t in s] for s in batch]

    def fit(batch, model_filename=None):
        X, y = featurise(batch)
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=max_iter,
                                   all_possible_transitions=True, model_filename=model_filename)
        crf.fit(X, y)
        return crf

    crf = fit(sents[:cut])
    Xd, yd = featurise(sents[cut:])
    pred = crf.predict(Xd)
    gold = [bio_spans(t) for t in yd]
    got = [bio_spans(t) for t in pred]
    result = score_spans(gold, got)
    print(f"dev (clusters={use_clusters}, c1={c1}, c2={c2}): P={result.precision:.4f} R={result.recall:.4f} "
          f"F1={result.f1:.4f} per-type={ {k: round(v, 4) for k, v in result.per_type_f1.items()} } "
          f"({time.time() - t0:.0f}s)", flush=True)
    if dev_only:
        return
    target = ARTIFACTS / "ner_crf.model"
    fit(sents, model_filename=str(target))
    print(f"wrote {target} ({target.stat().st_size // 1024} KiB, {time.time() - t0:.0f}s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", nargs="?", default="all", choices=["all", "clusters", "crf"])
    ap.add_argument("--no-clusters", action="store_true")
    ap.add_argument("--c1", type=float, default=0.2)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--dev-only", action="store_true", help="score on dev, do not write the model")
    args = ap.parse_args()
    if args.step in ("all", "clusters"):
        build_clusters(ARTIFACTS / "ner_clusters.tsv.gz")
    if args.step in ("all", "crf"):
        build_gazetteer(ARTIFACTS / "ner_gazetteer.tsv.gz")
        build_name_words(ARTIFACTS / "ner_namewords.tsv.gz", ARTIFACTS / "ner_clusters.tsv.gz")
        train_and_save(use_clusters=not args.no_clusters, c1=args.c1, c2=args.c2, dev_only=args.dev_only,
                       max_iter=args.max_iter)


if __name__ == "__main__":
    main()
