"""Train the neural NER tagger (BiLSTM + char-CNN + CRF) and export it for numpy.

One command (torch is a training-time dependency only, in its own venv):

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch numpy gensim
    nice -n 10 /tmp/torchenv/bin/python scripts/train_ner_nn.py

Steps
1. Word vectors: gensim skip-gram word2vec (64 dimensions, window 3, 4 epochs)
   on the normalised SaudiNewsNet paragraphs plus ANERcorp train
   (scripts/train_ner.py's ``training_sentences``; never test), cached under
   build/ner_nn/. The exported table keeps the most frequent words (--vocab)
   plus every ANERcorp train word that has a vector.
2. Tagger: trained on ANERcorp train minus its dev tenth (tenth 9, exactly as
   scripts/train_ner.py carves it), word vectors fine-tuned, entity F1 on
   dev after every epoch, early stopping (patience 4); then, as for the CRF,
   retrained on all of train for the best epoch count (--no-refit exports
   the best dev epoch instead; --dev-only writes nothing). Dev is scored by
   rasid.nlp.ner_nn.NeuralNerModel on the exported (quantised) arrays: the
   numpy code that ships, not torch. About 15-45 s an epoch on one loaded
   core (torch with one thread: two OpenMP threads on a shared machine ran
   20x slower).
3. Export: rasid/data/ner_nn.npz (float16 weights, int8 word table).
The test file is never read here (bench/ner.py --model nn reads it).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rasid.nlp.ner import bio_spans, read_conll, score_spans  # noqa: E402
from rasid.nlp.ner_features import load_lexicons, word_forms  # noqa: E402
from rasid.nlp.ner_nn import FREQ_BUCKETS, N_CLUSTERS, SHAPES, FeatureEncoder, NeuralNerModel  # noqa: E402
from rasid.paths import ARTIFACTS, REPO_ROOT, data_dir  # noqa: E402
from rasid.text.clitics import ARTICLE_PREFIXES, LAM_ARTICLE_PREFIXES, SINGLE_PREFIXES  # noqa: E402

CACHE = REPO_ROOT / "build" / "ner_nn"
LABELS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
DEV_TENTH = 9


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S ") + msg, flush=True)


# --- word vectors ---------------------------------------------------------------
def word_vectors(dim: int, rebuild: bool):
    """gensim KeyedVectors (frequency-ordered), trained once and cached."""
    from gensim.models import KeyedVectors, Word2Vec

    path = CACHE / f"w2v{dim}.kv"
    if path.exists() and not rebuild:
        return KeyedVectors.load(str(path))
    from train_ner import training_sentences

    CACHE.mkdir(parents=True, exist_ok=True)
    sentences = list(training_sentences())
    log(f"word2vec on {len(sentences)} sentences")
    model = Word2Vec(sentences, vector_size=dim, window=3, min_count=3, workers=2, epochs=4, sg=1, seed=3)
    model.wv.save(str(path))
    return model.wv


def build_vocab(kv, train_sents, lex, n_words: int) -> tuple[dict, np.ndarray]:
    """Vocabularies (JSON-able) and the word table: frequent words + train words."""
    train_forms = Counter()
    chars = Counter()
    for sent in train_sents:
        for w, _ in sent:
            norm, _, bare = word_forms(w)
            train_forms.update((norm, bare))
            chars.update(norm)
    words = list(kv.index_to_key[:n_words])
    seen = set(words)
    words += sorted(w for w in train_forms if w not in seen and w in kv.key_to_index)
    vecs = np.stack([kv[w] for w in words]).astype(np.float32)
    vecs /= vecs.std()
    table = np.concatenate([np.zeros((2, vecs.shape[1]), np.float32), vecs])  # pad, unknown
    gaz = sorted({p + t for t in set(lex.gazetteer.values()) for p in ("B-", "I-")})
    vocab = {
        "labels": LABELS,
        "words": words,
        "chars": [c for c, n in chars.most_common() if n >= 2],
        "prefixes": ["", *LAM_ARTICLE_PREFIXES, *ARTICLE_PREFIXES, *SINGLE_PREFIXES],
        "gaz": gaz,
        "name_words": sorted(set(lex.name_words.values())),
    }
    return vocab, table


# --- the torch model (mirrors NeuralNerModel's numpy forward) ---------------------
def make_model(vocab: dict, table: np.ndarray, args):
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.word_emb = nn.Embedding.from_pretrained(torch.tensor(table), freeze=not args.tune_words,
                                                         padding_idx=0)
            self.char_emb = nn.Embedding(len(vocab["chars"]) + 2, args.char_dim, padding_idx=0)
            self.char_conv = nn.Conv1d(args.char_dim, args.char_filters, 3, padding=1)
            small = args.feat_dim
            self.prefix_emb = nn.Embedding(len(vocab["prefixes"]) + 2, small)
            self.gaz_emb = nn.Embedding(len(vocab["gaz"]) + 2, small, padding_idx=0)
            self.name_emb = nn.Embedding(len(vocab["name_words"]) + 2, small)
            self.freq_emb = nn.Embedding(FREQ_BUCKETS + 1, small)
            self.shape_emb = nn.Embedding(len(SHAPES) + 2, 4)
            self.cluster_emb = nn.Embedding(N_CLUSTERS + 1, args.cluster_dim)
            in_dim = 2 * table.shape[1] + args.char_filters + 4 * small + 4 + args.cluster_dim
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(in_dim, args.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * args.hidden, len(LABELS))
            n = len(LABELS)
            self.trans = nn.Parameter(torch.zeros(n, n))
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))

        def emissions(self, t):
            b, s, c = t["chars"].shape
            ce = self.char_emb(t["chars"].view(b * s, c)).transpose(1, 2)
            conv = self.char_conv(ce).transpose(1, 2)  # [N, C, F]
            mask = torch.arange(c)[None, :] < t["char_len"].view(-1)[:, None]
            conv = conv.masked_fill(~mask[:, :, None], -1e4)
            chars = torch.tanh(conv.max(dim=1).values).view(b, s, -1)
            x = torch.cat([self.word_emb(t["word"]), self.word_emb(t["bare"]), chars,
                           self.prefix_emb(t["prefix"]), self.gaz_emb(t["gaz"]), self.name_emb(t["name_word"]),
                           self.freq_emb(t["freq"]), self.shape_emb(t["shape"]), self.cluster_emb(t["cluster"])],
                          dim=2)
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(x, t["lengths"], batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=s)
            return self.out(self.drop(h))

        def nll(self, t, y):
            """CRF negative log-likelihood, summed over the batch."""
            em = self.emissions(t)
            b, s, n = em.shape
            mask = torch.arange(s)[None, :] < t["lengths"][:, None]
            idx = torch.arange(b)
            gold = self.start[y[:, 0]] + em[idx, 0, y[:, 0]]
            alpha = self.start[None, :] + em[:, 0]
            for step in range(1, s):
                m = mask[:, step]
                gold = gold + torch.where(m, self.trans[y[:, step - 1], y[:, step]] + em[idx, step, y[:, step]],
                                          torch.zeros_like(gold))
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], dim=1) + em[:, step]
                alpha = torch.where(m[:, None], nxt, alpha)
            last = y[idx, t["lengths"] - 1]
            gold = gold + self.end[last]
            log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
            return (log_z - gold).sum()

    return Tagger()


def to_tensors(batch):
    import torch

    return {k: torch.from_numpy(getattr(batch, k)) for k in
            ("word", "bare", "chars", "char_len", "prefix", "gaz", "name_word", "freq", "shape", "cluster",
             "lengths")}


def export_arrays(model, vocab: dict) -> dict[str, np.ndarray]:
    """Weights as NeuralNerModel reads them (float16; word table int8 per row)."""
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    f16 = lambda a: a.astype(np.float16)  # noqa: E731
    table = sd["word_emb.weight"]
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    out = {
        "word_emb_q": np.round(table / scale[:, None]).astype(np.int8),
        "word_emb_scale": scale.astype(np.float16),
        "char_emb": f16(sd["char_emb.weight"]),
        # Conv1d weight [F, E, 3] -> [3E, F] to match windows laid out tap by tap
        "char_conv_w": f16(sd["char_conv.weight"].transpose(2, 1, 0).reshape(-1, sd["char_conv.weight"].shape[0])),
        "char_conv_b": f16(sd["char_conv.bias"]),
        "prefix_emb": f16(sd["prefix_emb.weight"]),
        "gaz_emb": f16(sd["gaz_emb.weight"]),
        "name_emb": f16(sd["name_emb.weight"]),
        "freq_emb": f16(sd["freq_emb.weight"]),
        "shape_emb": f16(sd["shape_emb.weight"]),
        "cluster_emb": f16(sd["cluster_emb.weight"]),
        "out_w": f16(sd["out.weight"].T),
        "out_b": f16(sd["out.bias"]),
        "crf_trans": f16(sd["trans"]),
        "crf_start": f16(sd["start"]),
        "crf_end": f16(sd["end"]),
    }
    for suffix, tag in (("", "f"), ("_reverse", "b")):
        out[f"lstm_w_ih_{tag}"] = f16(sd[f"lstm.weight_ih_l0{suffix}"].T)
        out[f"lstm_w_hh_{tag}"] = f16(sd[f"lstm.weight_hh_l0{suffix}"].T)
        out[f"lstm_b_{tag}"] = f16(sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"])
    out["meta"] = np.frombuffer(json.dumps(vocab, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    return out


def dev_score(arrays, lex, dev):
    model = NeuralNerModel(arrays=arrays, lexicons=lex)
    pred = model.tag_many([[w for w, _ in s] for s in dev])
    return score_spans([bio_spans([t for _, t in s]) for s in dev], [bio_spans(p) for p in pred])


def batches(order, batch_size):
    for lo in range(0, len(order), batch_size):
        yield order[lo:lo + batch_size]


def train(args, vocab, table, lex, train_sents, dev, epochs: int, patience: int):
    """Returns (best exported arrays, best epoch, best dev score or None)."""
    import torch

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    model = make_model(vocab, table, args)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    encoder = FeatureEncoder(vocab, lex)
    label_id = {lab: i for i, lab in enumerate(LABELS)}
    # sentences sorted by length, cut into batches once; batch order shuffled each epoch
    by_len = sorted(range(len(train_sents)), key=lambda i: len(train_sents[i]))
    prepared = []
    for idx in batches(by_len, args.batch):
        sents = [train_sents[i] for i in idx]
        enc = encoder.encode([[w for w, _ in s] for s in sents])
        y = np.zeros(enc.word.shape, dtype=np.int64)
        for k, s in enumerate(sents):
            y[k, :len(s)] = [label_id[t] for _, t in s]
        prepared.append((to_tensors(enc), torch.from_numpy(y)))
    best, best_epoch, best_f1, best_score, bad = None, 0, -1.0, None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        random.shuffle(prepared)
        total, t0 = 0.0, time.time()
        for t, y in prepared:
            opt.zero_grad()
            loss = model.nll(t, y)
            (loss / len(y)).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        model.eval()
        arrays = export_arrays(model, vocab)
        if dev:
            score = dev_score(arrays, lex, dev)
            per = {k: round(100 * v, 1) for k, v in score.per_type_f1.items()}
            log(f"epoch {epoch}: loss {total:.0f} ({time.time() - t0:.0f}s) dev P={100 * score.precision:.1f} "
                f"R={100 * score.recall:.1f} F1={100 * score.f1:.1f} {per}")
            if score.f1 > best_f1:
                best, best_epoch, best_f1, best_score, bad = arrays, epoch, score.f1, score, 0
            else:
                bad += 1
                if bad >= patience:
                    log(f"early stop: best epoch {best_epoch} (dev F1 {100 * best_f1:.1f})")
                    break
        else:
            log(f"epoch {epoch}: loss {total:.0f} ({time.time() - t0:.0f}s)")
            best, best_epoch = arrays, epoch
    return best, best_epoch, best_score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dim", type=int, default=64, help="word2vec dimensions")
    ap.add_argument("--vocab", type=int, default=40_000, help="most frequent words kept in the table")
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--char-dim", type=int, default=24)
    ap.add_argument("--char-filters", type=int, default=50)
    ap.add_argument("--feat-dim", type=int, default=8)
    ap.add_argument("--cluster-dim", type=int, default=16)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    # one thread: on a shared, loaded machine two OpenMP threads ran 20x slower (spin-waiting)
    ap.add_argument("--threads", type=int, default=1)
    # the shipped settings: word vectors fine-tuned (dev 77+ vs 76.7 frozen), then a refit on all of train
    ap.add_argument("--freeze-words", dest="tune_words", action="store_false",
                    help="keep the word2vec table frozen")
    ap.add_argument("--no-refit", dest="refit", action="store_false",
                    help="export the best dev epoch instead of retraining on all of train")
    ap.add_argument("--refit-epochs", type=int, default=0,
                    help="skip the dev run: train on all of train for this many epochs")
    ap.add_argument("--rebuild-vectors", action="store_true")
    ap.add_argument("--out", type=Path, default=ARTIFACTS / "ner_nn.npz")
    ap.add_argument("--dev-only", action="store_true", help="score on dev, write nothing")
    args = ap.parse_args()
    log(f"args {vars(args)}")

    sents = read_conll(data_dir() / "anercorp" / "ANERcorp_train_original.txt")
    lo, hi = len(sents) * DEV_TENTH // 10, len(sents) * (DEV_TENTH + 1) // 10
    train_part, dev = sents[:lo] + sents[hi:], sents[lo:hi]
    lex = load_lexicons()
    kv = word_vectors(args.dim, args.rebuild_vectors)
    vocab, table = build_vocab(kv, sents, lex, args.vocab)
    vocab["hidden"] = args.hidden
    log(f"vocab {len(vocab['words'])} words, {len(vocab['chars'])} chars; train {len(train_part)} sentences, "
        f"dev {len(dev)}")
    if args.refit_epochs:  # the epoch count is already known: skip the dev run
        best_epoch = args.refit_epochs
    else:
        arrays, best_epoch, _ = train(args, vocab, table, lex, train_part, dev, args.epochs, args.patience)
    if args.dev_only:
        return
    if args.refit or args.refit_epochs:
        log(f"refit on all {len(sents)} train sentences for {best_epoch} epochs")
        arrays, _, _ = train(args, vocab, table, lex, sents, [], best_epoch, best_epoch)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    args.out.write_bytes(buf.getvalue())
    log(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
