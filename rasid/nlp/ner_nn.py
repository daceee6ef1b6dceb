"""A neural named-entity tagger (BiLSTM + char-CNN + CRF) run in numpy.

Why a second tagger: the CRF (rasid.nlp.ner) sees words only through
string features and clusters; a BiLSTM reads the whole sentence through
dense word vectors and characters, which is what the literature credits for
the jump from ~70 to ~80 F1 on ANERcorp. Training needs torch
(scripts/train_ner_nn.py, run in its own environment); inference here needs
numpy only, so the project's run-time dependencies do not change.

Inputs per token, all derived from the same normal forms the CRF uses
(rasid.nlp.ner_features.word_forms and its lexicons), so training and run time
agree: the word and its clitic-stripped form looked up in a frozen word2vec
table (SaudiNewsNet), the word's letters (char-CNN), and small embeddings of
its proclitic, gazetteer and name-word tags, log-frequency bucket, shape and
1024-way word cluster.

The weights live in rasid/data/ner_nn.npz: float16 matrices, the word table
int8 with one scale per row, and a JSON blob with the vocabularies and sizes.
"""
from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from rasid.nlp.ner import TokenSpan, bio_spans, repair_person_bounds, split_person_spans
from rasid.nlp.ner_features import Lexicons, _shape, gazetteer_tags, load_lexicons, word_forms
from rasid.paths import ARTIFACTS

MODEL_FILE = ARTIFACTS / "ner_nn.npz"
MAX_CHARS = 16  # longer words keep their first 16 letters: enough to tell names by shape
PAD, UNK = 0, 1  # ids shared by every vocabulary
SHAPES = ("digit", "punct", "latin", "mixed", "ar")
CLUSTER_LEVEL = 2  # the 1024-way CBOW clusters of ner_clusters.tsv.gz
N_CLUSTERS = 1024
FREQ_BUCKETS = 26  # int(log2(count + 1)) + 1, 0 for a word the lexicon lacks
# Sentences per numpy batch: big enough that per-step overhead is shared,
# small enough that padding to the longest sentence stays cheap.
BATCH_SIZE = 64


def _fast_shape(surface: str) -> str:
    """ner_features._shape with a shortcut for plain words (most tokens): a
    string of letters has no digits and no punctuation, so only the script
    decides. Must agree with _shape, which training used."""
    if surface.isalpha():
        return "latin" if surface.isascii() else "ar"
    return _shape(surface)


def _index(items: list[str]) -> dict[str, int]:
    """Vocabulary lists store real entries from id 2 on (0 pad, 1 unknown)."""
    return {item: i + 2 for i, item in enumerate(items)}


@dataclass
class EncodedBatch:
    """Padded integer inputs of a batch of sentences, shape [B, T] unless said."""

    word: np.ndarray
    bare: np.ndarray
    chars: np.ndarray  # [B, T, MAX_CHARS]
    char_len: np.ndarray
    prefix: np.ndarray
    gaz: np.ndarray
    name_word: np.ndarray
    freq: np.ndarray
    shape: np.ndarray
    cluster: np.ndarray
    lengths: np.ndarray  # [B]


@dataclass
class TypeBatch:
    """Run-time inputs: distinct surfaces once ([U, 8 + MAX_CHARS] ints, see
    FeatureEncoder.type_row), tokens as indices into them, gazetteer tags."""

    type_rows: np.ndarray
    token_type: np.ndarray  # [B, T]
    gaz: np.ndarray  # [B, T]
    lengths: np.ndarray  # [B]


@dataclass(frozen=True)
class TokenIds:
    """The context-free ids of one surface token (everything but the gazetteer tag)."""

    word: int
    bare: int
    chars: tuple[int, ...]
    prefix: int
    name_word: int
    freq: int
    shape: int
    cluster: int


class FeatureEncoder:
    """Surface tokens -> integer ids; shared by training and run time so both
    see the same normal forms, vocabularies and lexicon lookups."""

    def __init__(self, vocab: dict, lexicons: Lexicons):
        self.vocab = vocab
        self.lexicons = lexicons
        self.words = _index(vocab["words"])
        self.chars = _index(vocab["chars"])
        self.prefixes = _index(vocab["prefixes"])
        self.gaz_tags = _index(vocab["gaz"])
        self.name_tags = _index(vocab["name_words"])
        self.shapes = _index(list(SHAPES))
        self._cache: dict[str, TokenIds] = {}
        self._rows: dict[str, list[int]] = {}

    def clear_caches(self) -> None:
        self._cache.clear()
        self._rows.clear()

    def token_ids(self, surface: str) -> TokenIds:
        hit = self._cache.get(surface)
        if hit is not None:
            return hit
        norm, prefix, bare = word_forms(surface)
        lex = self.lexicons
        letters = norm or surface or "?"
        count = lex.counts.get(norm, 0)
        clusters = lex.clusters.get(norm) or lex.clusters.get(bare)
        ids = TokenIds(
            word=self.words.get(norm) or self.words.get(bare, UNK),
            bare=self.words.get(bare, UNK),
            chars=tuple(map(self.chars.get, letters[:MAX_CHARS], repeat(UNK))),
            prefix=self.prefixes.get(prefix, UNK),
            name_word=self.name_tags.get(lex.name_words.get(bare) or lex.name_words.get(norm, ""), UNK),
            freq=int(math.log2(count + 1)) + 1 if count else 0,
            shape=self.shapes.get(_fast_shape(surface), UNK),
            cluster=int(clusters[CLUSTER_LEVEL]) + 1 if clusters and clusters[CLUSTER_LEVEL] != "-" else 0,
        )
        if len(self._cache) > 200_000:  # news vocabularies are open: bound the memory
            self._cache.clear()
        self._cache[surface] = ids
        return ids

    def type_row(self, surface: str) -> list[int]:
        """A surface's TokenIds flattened for np.array: word, bare, prefix,
        name word, frequency, shape, cluster, number of letters, then the
        letters padded to MAX_CHARS. Cached beside token_ids."""
        row = self._rows.get(surface)
        if row is None:
            ids = self.token_ids(surface)
            row = [ids.word, ids.bare, ids.prefix, ids.name_word, ids.freq, ids.shape, ids.cluster,
                   len(ids.chars), *ids.chars, *[PAD] * (MAX_CHARS - len(ids.chars))]
            if len(self._rows) > 200_000:
                self._rows.clear()
            self._rows[surface] = row
        return row

    def encode_types(self, sentences: list[list[str]]) -> TypeBatch:
        """The run-time encoding: each distinct surface once, tokens as indices
        into them, since news repeats words and the costly part of the network
        (letters, embeddings, input projection) depends on the word alone."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        b, t = len(sentences), int(lengths.max()) if len(sentences) else 0
        slot: dict[str, int] = {}
        rows: list[list[int]] = []
        token_type = np.zeros((b, t), dtype=np.int64)
        gaz = np.zeros((b, t), dtype=np.int64)
        gaz_index = self.gaz_tags
        for i, sent in enumerate(sentences):
            types = []
            for surface in sent:
                k = slot.get(surface)
                if k is None:
                    k = slot[surface] = len(rows)
                    rows.append(self.type_row(surface))
                types.append(k)
            token_type[i, :len(sent)] = types
            tags = gazetteer_tags([word_forms(w)[2] for w in sent], self.lexicons)
            if any(tags):
                gaz[i, :len(sent)] = [gaz_index.get(tag, UNK) if tag else PAD for tag in tags]
        return TypeBatch(np.array(rows, dtype=np.int64).reshape(len(rows), -1), token_type, gaz, lengths)

    def encode(self, sentences: list[list[str]]) -> EncodedBatch:
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        b, t = len(sentences), int(lengths.max()) if len(sentences) else 0
        arrays = {k: np.zeros((b, t), dtype=np.int64)
                  for k in ("word", "bare", "char_len", "prefix", "gaz", "name_word", "freq", "shape", "cluster")}
        chars = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
        for i, sent in enumerate(sentences):
            bares = [word_forms(s)[2] for s in sent]
            for j, (surface, gaz) in enumerate(zip(sent, gazetteer_tags(bares, self.lexicons))):
                ids = self.token_ids(surface)
                arrays["word"][i, j] = ids.word
                arrays["bare"][i, j] = ids.bare
                chars[i, j, :len(ids.chars)] = ids.chars
                arrays["char_len"][i, j] = len(ids.chars)
                arrays["prefix"][i, j] = ids.prefix
                arrays["gaz"][i, j] = self.gaz_tags.get(gaz, UNK) if gaz else PAD
                arrays["name_word"][i, j] = ids.name_word
                arrays["freq"][i, j] = ids.freq
                arrays["shape"][i, j] = ids.shape
                arrays["cluster"][i, j] = ids.cluster
        return EncodedBatch(chars=chars, lengths=lengths, **arrays)


# --- numpy inference --------------------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # one tanh: cheaper than exp and never overflows


def lstm_direction(x_proj: np.ndarray, w_hh: np.ndarray, lengths: np.ndarray, reverse: bool) -> np.ndarray:
    """One LSTM direction over a padded batch, torch gate order (i, f, g, o).

    ``x_proj`` [B, T, 4H] already holds x @ W_ih + biases for every step, so
    each step is one [B, H] @ [H, 4H] product. Padded steps keep the state at
    zero, which makes the backward direction start at each sentence's end.
    """
    b, t, four_h = x_proj.shape
    h_size = four_h // 4
    h = np.zeros((b, h_size), dtype=np.float32)
    c = np.zeros((b, h_size), dtype=np.float32)
    out = np.zeros((b, t, h_size), dtype=np.float32)
    steps = range(t - 1, -1, -1) if reverse else range(t)
    for step in steps:
        gates = x_proj[:, step] + h @ w_hh
        i = _sigmoid(gates[:, :h_size])
        f = _sigmoid(gates[:, h_size:2 * h_size])
        g = np.tanh(gates[:, 2 * h_size:3 * h_size])
        o = _sigmoid(gates[:, 3 * h_size:])
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        live = (step < lengths)[:, None]
        c = np.where(live, c_new, c)
        h = np.where(live, h_new, h)
        out[:, step] = h
    return out


def viterbi(emissions: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
            end: np.ndarray) -> list[list[int]]:
    """Best label paths of a padded batch; trans[i, j] scores label i -> j."""
    b, t, n_labels = emissions.shape
    score = start[None, :] + emissions[:, 0]
    back = np.zeros((b, t, n_labels), dtype=np.int64)
    for step in range(1, t):
        cand = score[:, :, None] + trans[None]  # [B, from, to]
        best_prev = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best_prev[:, None, :], axis=1)[:, 0] + emissions[:, step]
        live = (step < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, step] = best_prev
    score = score + end[None, :]
    paths = []
    for k in range(b):
        n = int(lengths[k])
        label = int(score[k].argmax())
        path = [label]
        for step in range(n - 1, 0, -1):
            label = int(back[k, step, label])
            path.append(label)
        paths.append(path[::-1])
    return paths


class NeuralNerModel:
    """The BiLSTM-CRF tagger with NerModel's interface (tag, spans, lexicons),
    so rasid.nlp.ner.EntityRecognizer can use either."""

    def __init__(self, model_file: Path = MODEL_FILE, lexicons: Lexicons | None = None,
                 arrays: dict[str, np.ndarray] | None = None):
        """Loads ``model_file``, or takes ``arrays`` as the training script
        exports them (so dev scoring runs the very code that ships)."""
        if arrays is None:
            if not model_file.exists():
                raise FileNotFoundError(f"{model_file} missing: run scripts/train_ner_nn.py")
            with np.load(model_file) as z:
                arrays = {k: z[k] for k in z.files}
        arrays = dict(arrays)
        self.config = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
        self.labels: list[str] = self.config["labels"]
        self.lexicons = lexicons if lexicons is not None else load_lexicons()
        self.encoder = FeatureEncoder(self.config, self.lexicons)
        w = {k: v.astype(np.float32) for k, v in arrays.items() if not k.startswith("word_emb")}
        # int8 rows times their scale; rows 0 (padding) and 1 (unknown) are zero
        w["word_emb"] = (arrays["word_emb_q"].astype(np.float32)
                         * arrays["word_emb_scale"].astype(np.float32)[:, None])
        self.w = w
        self._prepare_fast_path()
        self._lock = threading.Lock()

    # -- network -----------------------------------------------------------------
    def _prepare_fast_path(self) -> None:
        """Weights rearranged for the run-time path (same function as
        ``emissions_reference``, fewer and bigger numpy operations):
        - both directions' input projections in one [D, 8H] matrix, with the
          gazetteer rows split off into a per-tag table (the gazetteer tag is
          the only input that depends on context);
        - gates i, f, o scaled by 1/2 so that one tanh over all gates gives
          sigmoid(x) = (tanh(x/2) + 1) / 2 for them and tanh(x) for g.
        """
        w = self.w
        dims = [w["word_emb"].shape[1], w["word_emb"].shape[1], w["char_conv_w"].shape[1],
                w["prefix_emb"].shape[1], w["gaz_emb"].shape[1], w["name_emb"].shape[1],
                w["freq_emb"].shape[1], w["shape_emb"].shape[1], w["cluster_emb"].shape[1]]
        gaz_lo = sum(dims[:4])
        gaz_hi = gaz_lo + dims[4]
        hidden = w["lstm_w_hh_f"].shape[0]
        gate_scale = np.ones(4 * hidden, dtype=np.float32)
        gate_scale[:2 * hidden] = 0.5
        gate_scale[3 * hidden:] = 0.5
        w_ih = np.concatenate([w["lstm_w_ih_f"] * gate_scale, w["lstm_w_ih_b"] * gate_scale], axis=1)
        bias = np.concatenate([w["lstm_b_f"] * gate_scale, w["lstm_b_b"] * gate_scale])
        self._w_static = np.ascontiguousarray(np.concatenate([w_ih[:gaz_lo], w_ih[gaz_hi:]]))
        self._gaz_proj = w["gaz_emb"] @ w_ih[gaz_lo:gaz_hi] + bias  # [n_gaz, 8H], bias folded in
        self._w_hh = (w["lstm_w_hh_f"] * gate_scale, w["lstm_w_hh_b"] * gate_scale)
        self._hidden = hidden

    def _char_features(self, chars: np.ndarray, char_len: np.ndarray) -> np.ndarray:
        """Char-CNN (width 3, same padding) max-pooled over each word's letters."""
        w = self.w
        n, length = chars.shape
        emb = w["char_emb"][chars]  # [N, C, E]
        padded = np.pad(emb, ((0, 0), (1, 1), (0, 0)))
        windows = np.concatenate([padded[:, k:k + length] for k in range(3)], axis=2)  # [N, C, 3E]
        conv = windows @ w["char_conv_w"] + w["char_conv_b"]  # [N, C, F]
        mask = np.arange(length)[None, :] < char_len[:, None]
        conv = np.where(mask[:, :, None], conv, -1e4)
        return np.tanh(conv.max(axis=1))

    def _type_vectors(self, rows: np.ndarray) -> np.ndarray:
        """Input vectors (without the gazetteer tag) of distinct surfaces [U, D-g]."""
        w = self.w
        longest = max(1, int(rows[:, 7].max())) if len(rows) else 1
        parts = [w["word_emb"][rows[:, 0]], w["word_emb"][rows[:, 1]],
                 self._char_features(rows[:, 8:8 + longest], rows[:, 7]),
                 w["prefix_emb"][rows[:, 2]], w["name_emb"][rows[:, 3]], w["freq_emb"][rows[:, 4]],
                 w["shape_emb"][rows[:, 5]], w["cluster_emb"][rows[:, 6]]]
        return np.concatenate(parts, axis=1)

    def _recur(self, x_proj: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
        """Forward LSTM steps over x_proj [B, T, 4H] (gates pre-scaled, see
        _prepare_fast_path). No masking: padding sits after each sentence's
        end, so it never reaches a real position."""
        b, t, _ = x_proj.shape
        hs = self._hidden
        h = np.zeros((b, hs), dtype=np.float32)
        c = np.zeros((b, hs), dtype=np.float32)
        out = np.empty((b, t, hs), dtype=np.float32)
        for step in range(t):
            act = np.tanh(x_proj[:, step] + h @ w_hh)
            sig = act * 0.5 + 0.5
            c = sig[:, hs:2 * hs] * c + sig[:, :hs] * act[:, 2 * hs:3 * hs]
            h = sig[:, 3 * hs:] * np.tanh(c)
            out[:, step] = h
        return out

    def fast_emissions(self, batch: TypeBatch) -> np.ndarray:
        """Label scores [B, T, L] of a TypeBatch."""
        w = self.w
        hs4 = 4 * self._hidden
        static = self._type_vectors(batch.type_rows) @ self._w_static  # [U, 8H]
        x_proj = static[batch.token_type] + self._gaz_proj[batch.gaz]  # [B, T, 8H]
        b, t = batch.token_type.shape
        # the backward direction runs forward over each sentence reversed in place
        pos = np.arange(t)[None, :]
        rev = np.where(pos < batch.lengths[:, None], batch.lengths[:, None] - 1 - pos, pos)
        rows = np.arange(b)[:, None]
        fwd = self._recur(x_proj[:, :, :hs4], self._w_hh[0])
        bwd = self._recur(x_proj[rows, rev, hs4:], self._w_hh[1])[rows, rev]
        return np.concatenate([fwd, bwd], axis=2) @ w["out_w"] + w["out_b"]

    def _inputs(self, batch: EncodedBatch) -> np.ndarray:
        w = self.w
        live = batch.lengths[:, None] > np.arange(batch.word.shape[1])[None, :]
        flat = live.ravel()  # only real tokens go through the char-CNN
        b, t = batch.word.shape
        chars = np.zeros((b * t, w["char_conv_w"].shape[1]), dtype=np.float32)
        chars[flat] = self._char_features(batch.chars.reshape(b * t, -1)[flat], batch.char_len.ravel()[flat])
        parts = [
            w["word_emb"][batch.word], w["word_emb"][batch.bare], chars.reshape(b, t, -1),
            w["prefix_emb"][batch.prefix], w["gaz_emb"][batch.gaz], w["name_emb"][batch.name_word],
            w["freq_emb"][batch.freq], w["shape_emb"][batch.shape], w["cluster_emb"][batch.cluster],
        ]
        return np.concatenate(parts, axis=2)

    def emissions_reference(self, batch: EncodedBatch) -> np.ndarray:
        """The network written the way the training script's torch model is
        (one token at a time, masked LSTM steps): the specification that
        ``fast_emissions`` is tested against."""
        w = self.w
        x = self._inputs(batch)
        fwd = lstm_direction(x @ w["lstm_w_ih_f"] + w["lstm_b_f"], w["lstm_w_hh_f"], batch.lengths, False)
        bwd = lstm_direction(x @ w["lstm_w_ih_b"] + w["lstm_b_b"], w["lstm_w_hh_b"], batch.lengths, True)
        return np.concatenate([fwd, bwd], axis=2) @ w["out_w"] + w["out_b"]

    # -- NerModel interface --------------------------------------------------------------
    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags of many sentences, batched by length so padding stays small."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        w = self.w
        for lo in range(0, len(order), BATCH_SIZE):
            idx = order[lo:lo + BATCH_SIZE]
            batch = self.encoder.encode_types([sentences[i] for i in idx])
            paths = viterbi(self.fast_emissions(batch), batch.lengths, w["crf_trans"], w["crf_start"],
                            w["crf_end"])
            for i, path in zip(idx, paths):
                out[i] = [self.labels[k] for k in path]
        return out

    def tag(self, surfaces: list[str]) -> list[str]:
        if not surfaces:
            return []
        with self._lock:  # the encoder's cache is shared
            return self.tag_many([surfaces])[0]

    def spans(self, surfaces: list[str]) -> list[TokenSpan]:
        """Entity spans with the same person-span repairs as the CRF's."""
        spans = split_person_spans(bio_spans(self.tag(surfaces)), surfaces)
        return repair_person_bounds(spans, surfaces)

    def spans_many(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        """``spans`` of many sentences in one batched pass: a document's
        sentences together run about twice as fast as one by one."""
        with self._lock:
            tagged = self.tag_many(sentences)
        return [repair_person_bounds(split_person_spans(bio_spans(tags), words), words)
                for tags, words in zip(tagged, sentences)]
