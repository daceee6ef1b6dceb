"""Arabic named-entity recognition: a CRF over word, affix, clitic, cluster and
gazetteer features (rasid.nlp.ner_features), trained on ANERcorp
(scripts/train_ner.py), plus a demonym lexicon (روسي -> Russia, RUS).

Span convention. ANERcorp keeps proclitics inside entity tokens (وإسرائيل is
B-LOC as a whole). rasid reports the name without a leading conjunction or
preposition (إسرائيل), because that is what a reader and the entity resolver
call the name; the article ال stays (الأمم المتحدة) and so does لل, whose
alef is gone from the text. A letter is only cut when the frequency lexicon
says the rest is the more common word, so لبنان and بشار keep their first
letter.
"""
from __future__ import annotations

import csv
import gzip
import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from rasid.model import Document, Mention
from rasid.paths import ARTIFACTS
from rasid.pipeline import DocumentComponent
from rasid.text.clitics import split_proclitics
from rasid.text.normalize import normalize

MODEL_FILE = ARTIFACTS / "ner_crf.model.gz"  # gzip of a crfsuite model, opened in memory
DEMONYMS_FILE = ARTIFACTS / "demonyms.tsv"
TYPE_MAP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
# Proclitics that are not part of a name, longest first (normalised letters).
NAME_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


# --- data sets and scoring (shared by training and bench) -------------------
def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """ANERcorp-style ``token TAG`` lines, blank lines between sentences."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cur.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
    if cur:
        sents.append(cur)
    return sents


@dataclass(frozen=True)
class TokenSpan:
    """An entity over token indices [start, end) with its type."""

    start: int
    end: int
    label: str


def bio_spans(tags: list[str]) -> list[TokenSpan]:
    """Entity spans from BIO tags, seqeval-style: an I- that does not continue
    an entity of the same type starts a new one."""
    spans = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        typ = TYPE_MAP.get(typ, typ)
        if label is not None and (prefix != "I" or typ != label):
            spans.append(TokenSpan(start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and label is None:
            start, label = i, typ
    return spans


@dataclass
class SpanScore:
    precision: float
    recall: float
    f1: float
    per_type_f1: dict[str, float] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_spans(gold: list[list[TokenSpan]], pred: list[list[TokenSpan]]) -> SpanScore:
    """Entity-level micro P/R/F1: a hit needs the exact span and type."""
    tp = n_pred = n_gold = 0
    per: dict[str, list[int]] = {}
    for g, p in zip(gold, pred):
        gs, ps = set(g), set(p)
        tp += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
        for s in gs:
            per.setdefault(s.label, [0, 0, 0])[2] += 1
        for s in ps:
            per.setdefault(s.label, [0, 0, 0])[1] += 1
        for s in gs & ps:
            per[s.label][0] += 1
    p, r, f = _prf(tp, n_pred, n_gold)
    return SpanScore(p, r, f, {k: _prf(*v)[2] for k, v in sorted(per.items())},
                     {k: v[2] for k, v in sorted(per.items())})


# --- two person names run together ------------------------------------------
# Words after which a given name continues the same name (عبد الله، أبو بكر،
# بن سلمان) and article words that close a compound given name (زين الدين،
# جار النبي، عبد الرحمن): a split there would cut one person in two.
NAME_LINKS = frozenset({"عبد", "ابو", "ابي", "ام", "بن", "ابن", "بنت", "ال", "اب"})
COMPOUND_ENDS = frozenset({"الدين", "الله", "النبي", "الرحمن", "الرحيم", "الاسلام", "الحق", "العزيز",
                           "الكريم", "الملك", "السلام", "الهادي", "القادر"})


def person_split_points(words: list[str]) -> list[int]:
    """Token indices where a PER span is two names run together.

    Two patterns, both of a given name starting a second person:
    - a list joined by و: «عباس عثمان ونور الدين علي» — a word that is و
      plus a native given name (and not itself a name, like وليد);
    - «رئيس وفد نظام الأسد بشار الجعفري»: a surname with the article
      (الأسد), then a native given name (بشار) that starts a full name of at
      least two words. Arabic full names put given names first, so a given
      name after an article-bearing surname begins another person, unless the
      article word is the second half of a compound name (زين الدين) or
      follows a link word (عبد، أبو، بن).
    On ANERcorp train the rules fire inside 3 of 2,733 gold person spans
    (0.1 %), so they rarely cut a real name.
    """
    from rasid.link.names import native_names

    native = native_names()
    raw = [normalize(w) for w in words]
    cuts = [i for i in range(1, len(raw)) if raw[i].startswith("و") and raw[i] not in native
            and (raw[i][1:] in native or raw[i][1:].startswith("عبد"))]
    points = list(cuts)
    bounds = [0, *cuts, len(raw)]
    for lo, hi in zip(bounds, bounds[1:]):
        for i in range(lo + 1, hi - 1):  # at least two words after the cut
            prev, cur = raw[i - 1], raw[i]
            if not prev.startswith("ال") or len(prev) < 5 or prev in COMPOUND_ENDS:
                continue
            if cur.startswith("ال") or cur not in native or (i - 2 >= lo and raw[i - 2] in NAME_LINKS):
                continue
            points.append(i)
    return sorted(points)


def split_person_spans(spans: list[TokenSpan], words: list[str]) -> list[TokenSpan]:
    """PER spans cut at ``person_split_points``; other spans unchanged."""
    out = []
    for span in spans:
        if span.label != "PER" or span.end - span.start < 2:
            out.append(span)
            continue
        start = span.start
        for p in person_split_points(words[span.start:span.end]):
            out.append(TokenSpan(start, span.start + p, "PER"))
            start = span.start + p
        out.append(TokenSpan(start, span.end, "PER"))
    return out


# Particles of European names (دي ميستورا، دو فيلبان، دا سيلفا): a person's
# name never ends with one, so a span that does was cut one word short. None
# of the 2,733 gold person spans of ANERcorp train ends with one of these.
NAME_PARTICLES = frozenset({"دي", "دو", "دا", "دل", "ديل", "ديلا"})
# Title heads that never double as given names or surnames; a person span
# that ends with one has swallowed the start of an apposition («دي ميستورا
# مبعوث ...»). Titles that are also names (امام، سلطان، امين، شيخ) are left out.
TRAILING_TITLES = frozenset({"مبعوث", "مبعوثه", "وزير", "وزيره", "مندوب", "سفير", "متحدث", "ناطق",
                             "مستشار", "مساعد", "نايب", "قايد", "زعيم", "مسوول", "عضو", "مدير"})


def _is_particle(word: str, allow_conjunction: bool = False) -> bool:
    norm = normalize(word)
    if allow_conjunction and norm.startswith("و") and norm[1:] in NAME_PARTICLES:
        return True
    return norm in NAME_PARTICLES


def repair_person_bounds(spans: list[TokenSpan], words: list[str]) -> list[TokenSpan]:
    """Person spans repaired at their ends.

    A name particle belongs to the name on its right: a span ending on one
    grows by the next word (or joins the person span that follows, as the
    tagger often tags «ستافان دي» and «ميستورا» apart), and a particle just
    before a span joins it («دي ميستورا», «ودي ميستورا»). A span ending on a
    title head loses it when a name remains.
    """
    spans = sorted(spans, key=lambda sp: sp.start)
    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    out: list[TokenSpan] = []
    for span in spans:
        if span.label == "PER":
            start = span.start
            if start > 0 and start - 1 not in taken and _is_particle(words[start - 1], allow_conjunction=True):
                start -= 1
            prev = out[-1] if out else None
            if (prev is not None and prev.label == "PER" and prev.end == start
                    and _is_particle(words[prev.end - 1])):
                out.pop()
                start = prev.start
            span = TokenSpan(start, span.end, "PER")
            last = normalize(words[span.end - 1])
            bare_last = last[2:] if last.startswith("ال") else last
            nxt = span.end
            if (_is_particle(last) and nxt < len(words) and nxt not in taken
                    and any(ch.isalpha() for ch in words[nxt])):
                span = TokenSpan(span.start, nxt + 1, "PER")
            elif bare_last in TRAILING_TITLES and span.end - span.start >= 2:
                span = TokenSpan(span.start, span.end - 1, "PER")
        out.append(span)
    return out


# --- the model ----------------------------------------------------------------
class NerModel:
    """The CRF tagger with its lexicons; ``tag`` takes one sentence's surfaces."""

    def __init__(self, model_file: Path = MODEL_FILE, use_clusters: bool = True):
        import pycrfsuite

        from rasid.nlp.ner_features import load_lexicons

        if not model_file.exists():
            raise FileNotFoundError(f"{model_file} missing: run scripts/train_ner.py")
        self.lexicons = load_lexicons(use_clusters=use_clusters)
        self._tagger = pycrfsuite.Tagger()
        if model_file.suffix == ".gz":
            with gzip.open(model_file, "rb") as fh:
                # crfsuite reads the buffer in place: it must outlive the tagger
                self._model_bytes = fh.read()
            self._tagger.open_inmemory(self._model_bytes)
        else:
            self._tagger.open(str(model_file))
        self._lock = threading.Lock()  # a crfsuite Tagger is not thread-safe

    def tag(self, surfaces: list[str]) -> list[str]:
        from rasid.nlp.ner_features import sentence_features

        if not surfaces:
            return []
        feats = sentence_features(surfaces, self.lexicons)
        with self._lock:
            return self._tagger.tag(feats)

    def spans(self, surfaces: list[str]) -> list[TokenSpan]:
        """Entity spans of one sentence: the tagger's BIO spans, with person
        spans that run two names together cut apart and their ends repaired."""
        spans = split_person_spans(bio_spans(self.tag(surfaces)), surfaces)
        return repair_person_bounds(spans, surfaces)

    def spans_many(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        """``spans`` of each sentence (the neural model batches them)."""
        return [self.spans(words) for words in sentences]


_MODEL: NerModel | None = None
_MODEL_LOCK = threading.Lock()


def get_model() -> NerModel:
    """The shared model, loaded on first use: the numpy BiLSTM-CRF
    (rasid.nlp.ner_nn, same interface), or the CRF when RASID_NER=crf.

    Why the neural tagger by default: chosen by measured F1 (ANERcorp dev
    77.6 vs 71.0-73.9 for the CRF; test 73.1 vs 70.7) at 28,000 tokens/s a
    sentence at a time, above the 20,000 the issue asks; docs/BENCHMARKS.md."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            if os.environ.get("RASID_NER", "nn").lower() == "crf":
                _MODEL = NerModel()
            else:
                from rasid.nlp.ner_nn import NeuralNerModel

                _MODEL = NeuralNerModel()
        return _MODEL


# --- demonyms -----------------------------------------------------------------
@dataclass(frozen=True)
class DemonymCountry:
    """The country a nationality adjective stands for."""

    name: str  # Arabic country name
    iso3: str


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, DemonymCountry]:
    table: dict[str, DemonymCountry] = {}
    with open(DEMONYMS_FILE, encoding="utf-8") as fh:
        for row in csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            if len(row) >= 3:
                table[normalize(row[0])] = DemonymCountry(row[1], row[2])
    return table


# Feminine, dual and plural endings of a nisba adjective, in normalised letters.
_NISBA_ENDINGS = ("يتين", "يتان", "يون", "يين", "يات", "يان", "يه", "ي")


@lru_cache(maxsize=50_000)
def demonym_country(word: str) -> DemonymCountry | None:
    """The country of a nationality adjective (الروسية, والأمريكيون) or None."""
    norm = normalize(word)
    table = _demonyms()
    for candidate in (norm, split_proclitics(norm)[1]):
        for ending in _NISBA_ENDINGS:
            if candidate.endswith(ending) and len(candidate) > len(ending) + 1:
                hit = table.get(candidate[: len(candidate) - len(ending)] + "ي")
                if hit:
                    return hit
    return None


# --- the component ------------------------------------------------------------
def name_start(surface: str, frequency) -> int:
    """How many leading characters of a mention's first token are a proclitic
    outside the name (و in وإسرائيل), judged by corpus frequency.

    Frequency alone cuts names whose first letter looks like a clitic onto a
    common word (ليلى -> يلى "follows", وليد -> يد "hand", فيدل -> يدل
    "indicates"), so a token that is itself a known given name stays whole,
    and a two-letter stem must be a name particle (ودي ميستورا, وبن سلمان):
    other two-letter stems are words far more often than names."""
    norm = normalize(surface)
    if len(norm) != len(surface):  # diacritics or odd letters: offsets would drift
        return 0
    # Lazy import: rasid.link.names is light, but ner must not load it at import.
    from rasid.link.names import native_names
    native = native_names()
    # three-letter tokens are left to the stem rule: ودي (و + دي) is listed
    # as a name, yet in news it is nearly always «ودي ميستورا»
    if len(norm) > 3 and _name_form(norm) in native:
        return 0
    for pre in NAME_PROCLITICS:
        if norm.startswith(pre) and len(norm) - len(pre) >= 2:
            stem = norm[len(pre):]
            if pre.endswith("ل") and stem.startswith("ل"):
                continue  # لل + noun: the article's alef is gone, keep it whole
            if len(stem) < MIN_NAME_STEM and stem not in SHORT_NAME_PARTICLES:
                continue
            if frequency(stem) > 2 * frequency(norm):
                return len(pre)
    return 0


# Shortest stem a proclitic may leave: two-letter stems (يد, هد) are words far
# more often than the rest of a name, except the particles that open names.
MIN_NAME_STEM = 3
SHORT_NAME_PARTICLES = frozenset({"دي", "دو", "دا", "دل", "لا", "لو", "بن", "ال"})


def _name_form(norm: str) -> str:
    """A normalised token as the native-names list spells it (ة -> ه, ى -> ي)."""
    return norm.replace("ة", "ه").replace("ى", "ي")


KNOWN_NAMES_FILE = ARTIFACTS / "name_equivalents.tsv"
# Known names shorter than this (in words) are not matched: one word (حماس،
# فتح "opened") is too often an ordinary word; the tagger decides those.
MIN_KNOWN_NAME_WORDS = 2


@dataclass(frozen=True)
class KnownName:
    """A multi-word name from rasid/data/name_equivalents.tsv, as the bare
    (clitic- and article-free, normalised) forms of its words."""

    words: tuple[str, ...]
    label: str


@lru_cache(maxsize=1)
def known_names() -> dict[str, list[KnownName]]:
    """Multi-word Arabic names of the equivalents table, indexed by their
    first bare word, longest first."""
    from rasid.text.segment import tokenize  # noqa: PLC0415 - the same token forms as documents

    out: dict[str, list[KnownName]] = {}
    for line in KNOWN_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, names = line.partition("\t")
        for name in names.split("|"):
            words = tuple(t.bare for t in tokenize(name.strip()))
            # letter acronyms (أ ب) match ordinary letters and clitic debris
            if len(words) >= MIN_KNOWN_NAME_WORDS and all(words) and max(map(len, words)) >= 3:
                out.setdefault(words[0], []).append(KnownName(words, label.strip()))
    for entries in out.values():
        entries.sort(key=lambda k: -len(k.words))
    return out


def known_name_spans(tokens: list, taken: list[bool]) -> list[TokenSpan]:
    """Token spans of known multi-word names the tagger left untagged (no
    token of the span, nor a token beside it, is in a mention already)."""
    table = known_names()
    found = []
    i = 0
    while i < len(tokens):
        for entry in table.get(tokens[i].bare, ()):
            end = i + len(entry.words)
            # a range touching a tagged token is part of the tagger's own
            # mention, cut elsewhere: the tagger's reading stands
            touched = taken[max(0, i - 1):end + 1]
            if end <= len(tokens) and not any(touched) and \
                    all(tokens[i + k].bare == w for k, w in enumerate(entry.words)):
                found.append(TokenSpan(i, end, entry.label))
                i = end - 1
                break
        i += 1
    return found


def _mention(doc: Document, sent_tokens: list, span: TokenSpan, frequency) -> Mention:
    """The mention a token span of a sentence covers, a leading proclitic
    outside the name left out (name_start)."""
    first, last = sent_tokens[span.start], sent_tokens[span.end - 1]
    start = first.start + name_start(doc.text[first.start:first.end], frequency)
    return Mention(start, last.end, label=span.label, text=doc.text[start:last.end])


class EntityRecognizer(DocumentComponent):
    """Tags each sentence's tokens with the shared model (rasid.nlp.ner_nn by
    default, the CRF when RASID_NER=crf) and emits PER/ORG/LOC/MISC
    mentions; mentions holding a nationality adjective get attrs["country"].
    Multi-word names of the equivalents table that the tagger left untagged
    are added with attrs["source"] = "known_names"."""

    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("doc.tokens", "doc.sentences")
    assigns: ClassVar[tuple[str, ...]] = ("doc.entities",)

    def process_document(self, doc: Document) -> Document:
        model = get_model()
        freq = model.lexicons.frequency
        mentions: list[Mention] = []
        sentences = [toks for _i, _sent, toks in doc.sentence_tokens() if toks]
        tagged = model.spans_many([[doc.text[t.start:t.end] for t in toks] for toks in sentences])
        for sent_tokens, sent_spans in zip(sentences, tagged):
            for span in sent_spans:
                mention = _mention(doc, sent_tokens, span, freq)
                for tok in sent_tokens[span.start:span.end]:
                    country = demonym_country(doc.text[tok.start:tok.end])
                    if country:
                        mention.attrs["country"] = country.iso3
                        break
                mentions.append(mention)
            # A well-known name the tagger missed (تنظيم الدولة: "the State
            # organisation", two common words) is still that entity.
            taken = [False] * len(sent_tokens)
            for span in sent_spans:
                taken[span.start:span.end] = [True] * (span.end - span.start)
            for span in known_name_spans(sent_tokens, taken):
                mention = _mention(doc, sent_tokens, span, freq)
                mention.attrs["source"] = "known_names"
                mentions.append(mention)
        mentions.sort(key=lambda m: (m.start, m.end))
        doc.entities = mentions
        return doc
