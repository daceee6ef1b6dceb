"""PLOVER v2 event coding straight from Arabic: trigger lexicon, clause,
actor/recipient/location, auxiliary modes (negated, future, hypothetical).

Why rules: the only Arabic event gold (UniversalPetrarch validation, ASSAULT
and PROTEST) is too small to train a tagger for sixteen types, so triggers come
from data files measured by bench/events.py:
- rasid/data/event_lexicon.tsv: verbs of the UniversalPetrarch Arabic CAMEO
  dictionary typed with PLOVER through CAMEO2PLOVER (generated); off by
  default (cues "generated_lexicon"): on saudinewsnet 1 of 43 hand-judged
  hits from it was right (tests/data/events_precision.jsonl);
- rasid/data/event_lexicon.hand.tsv: hand stems and phrases, which win;
- rasid/data/event_lexicon.cues.json: negation/future/hypothetical cues,
  clause breaks and generic actor nouns.
Precision rules (issue 5): judicial/figurative vetoes for ASSAULT, and types
other than ASSAULT/PROTEST fire only with an actor or recipient that carries
an actor code (a state, a force, an organisation), because loose verbs such as
دعم, زيارة, اتفاق mostly describe software, sport or business otherwise.
Then an event filter (rasid/data/event_filter.json.gz, a logistic regression
trained on hand-judged hard negatives, tests/data/events_hard.jsonl) drops
ASSAULT/PROTEST events whose sentence shows a figurative, generic, private or
off-topic use. A cue inside a direct quotation is kept with attrs["quoted"]:
the speaker's account, not an event the newspaper observed.
Arguments use doc.entities when a recogniser ran, else actor-dictionary
phrases (rasid.nlp.actors). Dates are left to the DateAnchor component.
"""
from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from rasid.model import Argument, Document, Event, Mention, Token
from rasid.nlp.actors import code_for_text, combine_codes, find_actors, token_key
from rasid.nlp.event_rules import possibility, private_violence, rule_context, veto
from rasid.paths import ARTIFACTS
from rasid.pipeline import DocumentComponent
from rasid.text.normalize import normalize

# Verb suffixes (subject/object pronouns, plural) tried when matching stems.
SUFFIXES = ("تموها", "وها", "وهم", "تها", "ته", "تهم", "هما", "هم", "ها", "وا", "ون", "ين", "ان", "تا", "ت", "ن",
            "ه", "ا")  # not ي: stripping it turns nisba adjectives (الاجتماعي) into nouns
IMPERFECT = ("ي", "ت", "ن", "ا", "سي", "ست", "سن")
PROCLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")
WINDOW = 12  # tokens either side of the trigger kept in the evidence
ARG_REACH = 8  # how far (tokens) an actor or recipient may be from the trigger
LOC_MARKERS = frozenset({"مدينه", "بلده", "محافظه", "قريه", "منطقه", "حي", "ولايه", "مخيم", "عاصمه"})


@dataclass
class LexEntry:
    words: tuple[str, ...]
    type: str
    mode: str | None
    pos: str  # V verb, N noun, A agent noun (only when nothing else fires)
    cameo: str | None
    source: str  # "hand" | "cameo"


@dataclass
class Lexicon:
    by_first: dict[str, list[LexEntry]]
    cues: dict


def _load_cues() -> dict:
    return json.loads((ARTIFACTS / "event_lexicon.cues.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_lexicon(generated: bool | None = None) -> Lexicon:
    """Hand lexicon, plus the generated CAMEO verbs when ``generated`` (None:
    the cues file's "generated_lexicon" setting)."""
    cues = _load_cues()
    if generated is None:
        generated = bool(cues.get("generated_lexicon", False))
    by_first: dict[str, list[LexEntry]] = {}
    seen: set[tuple[str, ...]] = set()
    files = [("event_lexicon.hand.tsv", "hand")]
    if generated:
        files.append(("event_lexicon.tsv", "cameo"))
    for name, source in files:
        for line in (ARTIFACTS / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            words = tuple(normalize(w) for w in cols[0].split())
            if words in seen:
                continue
            seen.add(words)
            if len(cols) > 1 and cols[1] == "STOP":
                continue  # a stop form blocks the generated entry of that form
            if source == "hand":
                entry = LexEntry(words, cols[1], cols[2] or None, cols[3] if len(cols) > 3 else "V", None, source)
            else:
                entry = LexEntry(words, cols[1], cols[2] or None, "V", cols[3], source)
            by_first.setdefault(words[0], []).append(entry)
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e.words))
    return Lexicon(by_first, cues)


# -- event filter: is this ASSAULT/PROTEST trigger a real event in its sentence? --
FILTER_FILE = "event_filter.json.gz"
MASK = "_"  # stands for a trigger token: the filter judges the context, not the cue word
QUOTE_PAIRS = {"«": "»", "“": "”"}
MIN_QUOTE_TOKENS = 4  # «داعش» or “العربية” name a group or a channel; a quotation is longer


def filter_features(norms: list[str], masked: set[int]) -> set[str]:
    """Binary features of a sentence: word unigrams and character 2-4-grams of
    each word (with word-boundary marks), trigger tokens replaced by MASK, plus
    a few shape cues."""
    feats: set[str] = set()
    for i, w in enumerate(norms):
        if i in masked:
            feats.add("w=" + MASK)
            continue
        if not any(ch.isalnum() for ch in w):
            if w in ("؟", "?"):
                feats.add("#question")
            elif w in ('"', "«", "»", "“", "”"):
                feats.add("#quote")
            continue
        if any(ch.isdigit() for ch in w):
            feats.add("#number")
            continue
        feats.add("w=" + w)
        padded = f"<{w}>"
        for n in (2, 3, 4):
            for j in range(len(padded) - n + 1):
                feats.add(padded[j:j + n])
    return feats


def event_features(toks: list[Token], event: Event) -> set[str]:
    """Features of one coded event for the event filter: the sentence
    (filter_features, own trigger masked) plus what the hard cases turn on
    (tests/data/events_hard.jsonl): the cue and its surface form, the words
    right next to it (يقتل الطموح, هجوم المالكي, الهجوم المرتد), numbers nearby
    (casualty counts), whether actor/recipient carry an actor code, the
    auxiliary modes and quotation. Shared by training
    (scripts/train_event_filter.py) and coding, so both see the same input."""
    t0, t1 = event.attrs["trigger"]
    trig = [i for i, t in enumerate(toks) if t.start >= t0 and t.end <= t1]
    norms = [t.norm for t in toks]
    feats = filter_features(norms, set(trig))
    k, end_k = trig[0], trig[-1]
    feats.add("type=" + event.label)
    feats.add(f"mode={event.mode}")
    feats.add("cue=" + str(event.attrs.get("cue")))
    feats.add("trig=" + norms[k])
    for d in (1, 2, 3):
        if k - d >= 0:
            feats.add(f"L{d}=" + norms[k - d])
        if end_k + d < len(norms):
            feats.add(f"R{d}=" + norms[end_k + d])
    for j in range(max(0, k - 6), min(len(norms), end_k + 7)):
        if not k <= j <= end_k:
            if any(ch.isdigit() for ch in norms[j]):
                feats.add("#num_near")
            else:
                feats.add("near=" + norms[j])
    if k == 0:
        feats.add("#first")
    for role, arg in (("actor", event.actor), ("recipient", event.recipient), ("location", event.location)):
        if arg is not None:
            feats.add(f"#{role}")
            if arg.code:
                feats.add(f"#{role}_coded")
    for flag in ("negated", "future", "hypothetical", "quoted"):
        if event.attrs.get(flag):
            feats.add("#" + flag)
    return feats


def quoted_at(text: str, pos: int) -> bool:
    """Whether ``pos`` of a sentence lies inside a direct quotation: an open
    «/“ (or an odd number of straight quotes) before it whose quoted stretch
    has at least MIN_QUOTE_TOKENS words (shorter ones quote names)."""
    stack: list[int] = []
    straight: int | None = None
    for i, ch in enumerate(text[:pos]):
        if ch in QUOTE_PAIRS:
            stack.append(i)
        elif ch in QUOTE_PAIRS.values() and stack:
            stack.pop()
        elif ch == '"':
            straight = None if straight is not None else i
    opened = stack[-1] if stack else straight
    if opened is None:
        return False
    closers = set(QUOTE_PAIRS.values()) | {'"'}
    end = next((i for i in range(pos, len(text)) if text[i] in closers), len(text))
    return len(text[opened + 1:end].split()) >= MIN_QUOTE_TOKENS


@dataclass
class EventFilter:
    """Logistic regression over event_features (weights from
    scripts/train_event_filter.py): rows are L2-normalised binary vectors, so
    the score is bias + sum of weights / sqrt(number of known features)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    types: frozenset[str]

    def probability(self, feats: set[str]) -> float:
        known = [self.weights[f] for f in feats if f in self.weights]
        z = self.bias + (sum(known) / math.sqrt(len(known)) if known else 0.0)
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_filter() -> EventFilter | None:
    path = ARTIFACTS / FILTER_FILE
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return EventFilter(data["weights"], data["bias"], data["threshold"], frozenset(data["types"]))


@lru_cache(maxsize=200_000)
def stems(norm: str, taa: bool = False) -> tuple[str, ...]:
    """Candidate dictionary forms of a normalised token (clitics, affixes off).

    ``taa``: the token was written with a final ة, so its ه is no pronoun
    (وزارة is not و + زار + ه)."""
    bases = {norm}
    if norm.startswith("ال") and len(norm) > 4:
        bases.add(norm[2:])
    for pre in PROCLITICS:
        if norm.startswith(pre) and len(norm) - len(pre) >= 3:
            rest = norm[len(pre):]
            bases.add(rest)
            if rest.startswith("ال") and len(rest) > 4:
                bases.add(rest[2:])
    out = set(bases)
    for b in bases:
        for suf in SUFFIXES:
            if taa and suf.endswith("ه"):
                continue
            if b.endswith(suf) and len(b) - len(suf) >= 3:
                out.add(b[: -len(suf)])
    for c in list(out):
        for pre in IMPERFECT:
            if c.startswith(pre) and len(c) - len(pre) >= 3:
                rest = c[len(pre):]
                out.add(rest)
                if len(rest) >= 4:
                    out.add("ا" + rest)  # forms VII-X: يجتمع -> اجتمع
                for suf in ("ون", "وا", "ان", "ن"):
                    if rest.endswith(suf) and len(rest) - len(suf) >= 3:
                        out.add(rest[: -len(suf)])
    return tuple(sorted(out, key=len, reverse=True))


@dataclass
class Candidate:
    """An argument candidate: tokens [first, last] of the sentence."""

    first: int
    last: int
    code: str | None
    entity: Mention | None = None
    is_place: bool = False


def _vocalised(text: str) -> float:
    """Share of Arabic letters followed by a short-vowel mark (harakat)."""
    letters = marks = 0
    for ch in text:
        if "\u0621" <= ch <= "\u064A":
            letters += 1
        elif "\u064B" <= ch <= "\u0650":
            marks += 1
    return marks / letters if letters else 0.0


@lru_cache(maxsize=16)
def _cue_set_cached(name: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in load_lexicon().cues.get(name, ()))


def _cue_set(lex: Lexicon, name: str) -> frozenset[str]:
    return _cue_set_cached(name)


@lru_cache(maxsize=1)
def _precision_rules() -> dict:
    """cues "precision_rules" with every word list normalised (and as a set),
    loaded once: rasid.nlp.event_rules compares them with token norms."""
    rules = {}
    for key, value in load_lexicon().cues.get("precision_rules", {}).items():
        if isinstance(value, list):  # type names (ASSAULT) and actor codes stay as written
            value = frozenset(value if key.endswith(("_types", "_codes")) else (normalize(w) for w in value))
        rules[key] = value
    return rules


def _has(toks: list[Token], c: Candidate, words: frozenset[str]) -> bool:
    return any(t.bare in words or t.norm in words for t in toks[c.first:c.last + 1])


class EventCoder(DocumentComponent):
    """Codes PLOVER events per sentence; see the module docstring."""

    name = "events"
    requires = ("doc.sentences", "doc.tokens")
    optional = ("doc.entities", "doc.times")
    assigns = ("doc.events",)

    def __init__(self, generated: bool | None = None, require_coded_argument: bool = True,
                 use_filter: bool | None = None, filter_threshold: float | None = None,
                 precision_rules: bool = True):
        """``generated``: also fire the generated CAMEO verbs (None: the cues
        file decides); ``require_coded_argument``: drop events of types not in
        cues "exempt_from_coded_argument" whose actor and recipient lack a code;
        ``use_filter``: drop events of the filter's types (ASSAULT, PROTEST)
        that the event filter scores below its threshold (or
        ``filter_threshold``); None: cues "sentence_filter" decides (on). Each
        kept gated event has its score in attrs["filter"]. ``precision_rules``:
        apply the vetoes of rasid.nlp.event_rules (cues "precision_rules")."""
        self.generated = generated
        self.require_coded_argument = require_coded_argument
        self.use_filter = use_filter
        self.filter_threshold = filter_threshold
        self.precision_rules = precision_rules

    def process_document(self, doc: Document) -> Document:
        lex = load_lexicon(self.generated)
        events: list[Event] = []
        for si, _sent, sent_tokens in doc.sentence_tokens():
            events.extend(self._sentence_events(doc, sent_tokens, si, lex))
        doc.events = events
        return doc

    # -- per sentence ------------------------------------------------------
    def _sentence_events(self, doc: Document, toks: list[Token], si: int, lex: Lexicon) -> list[Event]:
        if not toks:
            return []
        norms = [t.norm for t in toks]
        words = set(norms) | {t.bare for t in toks}
        breaks = set(lex.cues["clause_breaks"])
        clause_of = []
        clause = 0
        for k, t in enumerate(toks):
            if doc.text[t.start:t.end] in breaks:
                clause += 1
            clause_of.append(clause)
        if _vocalised(doc.text[toks[0].start:toks[-1].end]) > lex.cues["vocalised_share"]:
            return []  # fully vocalised text in news is scripture or verse being quoted, not a report
        taas = [doc.text[t.end - 1] == "ة" for t in toks]
        triggers = self._triggers(norms, lex, taas)
        if not triggers:
            return []
        cands = self._candidates(doc, toks, lex)
        use_filter = self.use_filter if self.use_filter is not None else bool(lex.cues.get("sentence_filter"))
        flt = load_filter() if use_filter else None
        threshold = self.filter_threshold if self.filter_threshold is not None else (flt.threshold if flt else 0.0)
        out: list[Event] = []
        taken: set[tuple[int, str]] = set()
        strong_clauses = {clause_of[k] for k, _, e in triggers if e.pos != "A"}
        context = lex.cues["context"]
        block = lex.cues["blocking_before"]
        suppress = lex.cues["suppress"]
        suppressed = {t for t, domain in suppress.items()
                      if not words.isdisjoint(domain)
                      and words.isdisjoint(lex.cues["suppress_unless"].get(t, ()))}
        if not words.isdisjoint(_cue_set(lex, "assault_veto")):
            suppressed.add("ASSAULT")  # an execution or a figure of speech, whatever weapons it names
        exempt = set(lex.cues.get("exempt_from_coded_argument", ()))
        blocked_forms = _cue_set(lex, "blocked_forms")
        call_words = _cue_set(lex, "assault_called_for")
        verbal = lex.cues.get("verbal_attack", {})
        needs_context = _cue_set(lex, "needs_context")
        for k, n, entry in triggers:
            c = clause_of[k]
            if norms[k] in blocked_forms or norms[k].lstrip("وف") in blocked_forms:
                continue  # a name or a noun that only looks like the verb (نزار, الطالب, توقعت)
            if (entry.type == "ASSAULT" and entry.words[0] in verbal.get("triggers", ())
                    and any(norms[j] in verbal["context"] or toks[j].bare in verbal["context"]
                            for j in range(max(0, k - verbal["reach"]), min(len(norms), k + n + verbal["reach"]))
                            if clause_of[j] == c and not k <= j < k + n)):
                # يهاجم في بيانه: an attack in words is a criticism.
                entry = replace(entry, type="ACCUSE", mode="disapprove", pos="V")
            if entry.type in suppressed:
                continue
            if (c, entry.type) in taken or (entry.pos == "A" and c in strong_clauses):
                continue
            if ((entry.pos == "C" or entry.words[0] in needs_context)
                    and words.isdisjoint(context.get(entry.type, ()))):
                continue
            if entry.type == "ASSAULT" and any(norms[j] in call_words and clause_of[j] == c
                                               for j in range(max(0, k - block["reach"] - 1), k)):
                continue  # دعا إلى شن هجمات: attacks called for, not carried out
            if entry.type == "ASSAULT" and k + n < len(norms) and norms[k + n] in lex.cues["assault_not_before"]:
                continue
            if entry.type == "ASSAULT" and k > 0 and norms[k - 1] in lex.cues.get("assault_not_after", ()):
                continue
            if entry.pos == "D" and (
                    (k + 1 < len(norms) and norms[k + 1] in lex.cues["time_guard"])
                    or (k > 0 and norms[k - 1] in lex.cues["time_guard"])):
                continue
            if entry.pos == "T" and not doc.text[toks[k].start:toks[k].end].endswith("ة"):
                continue
            if entry.type not in block["types"] and any(
                    e.type in block["types"] and 0 < k - j <= block["reach"] and clause_of[j] == c
                    for j, _, e in triggers):
                continue  # هددت باعتقال: threatened, not done
            rules = _precision_rules() if self.precision_rules else {}
            if rules:
                ctx = rule_context(toks, clause_of, k, n)
                if veto(ctx, entry.type, entry.words, rules):
                    continue  # possible, called for, ceasefire, habitual or a chant without a protest
            event = self._event(doc, toks, si, k, n, entry, cands, clause_of, lex)
            if rules:
                # A civilian code (امرأة -> CVL) does not make a crime political.
                coded = any(a is not None and a.code and a.code not in rules["private_codes"]
                            for a in (event.actor, event.recipient))
                if entry.type == "ASSAULT" and private_violence(ctx, rules, words, coded, event.actor is not None):
                    continue  # family violence or private crime, no armed group or state involved
                if possibility(ctx, rules):
                    event.attrs["hypothetical"] = True  # قد يزور: other types kept, flagged as possible
            # Multiword entries (وقف إطلاق النار, اتصالا هاتفيا) are specific enough alone.
            if (self.require_coded_argument and entry.type not in exempt and len(entry.words) == 1
                    and not any(a is not None and a.code for a in (event.actor, event.recipient))):
                continue  # no state, force or organisation involved: a loose verb, not a political event
            if flt is not None and entry.type in flt.types:
                score = flt.probability(event_features(toks, event))
                if score < threshold:
                    continue  # a loose, figurative, generic or private use of the cue
                event.attrs["filter"] = round(score, 3)
            taken.add((c, entry.type))
            out.append(event)
        return out

    def _triggers(self, norms: list[str], lex: Lexicon, taas: list[bool]) -> list[tuple[int, int, LexEntry]]:
        found = []
        k = 0
        while k < len(norms):
            hit = None
            nominal = taas[k] or norms[k].startswith(("ال", "وال", "بال", "فال", "لل", "كال", "ولل"))
            for stem in stems(norms[k], taas[k]):
                for entry in lex.by_first.get(stem, ()):
                    # Generated verb lemmas do not fire on nouns with the article or
                    # taa marbuta (العمل is work); hand verbs do, as their masdar (القتل).
                    if nominal and (entry.source == "cameo" or entry.pos == "D"):
                        continue
                    if entry.pos == "D" and stem != norms[k].lstrip("وف"):
                        continue  # فجرا, فجرها: only the bare verb form is ambiguous enough to guard
                    n = len(entry.words)
                    if n > 1:
                        if k + n > len(norms) or not all(
                                w in stems(norms[k + i], taas[k + i]) for i, w in enumerate(entry.words[1:], 1)):
                            continue
                    if hit is None or (n, entry.source == "hand") > (len(hit.words), hit.source == "hand"):
                        hit = entry
            if hit is not None:
                found.append((k, len(hit.words), hit))
                k += len(hit.words)
            else:
                k += 1
        return found

    def _candidates(self, doc: Document, toks: list[Token], lex: Lexicon) -> list[Candidate]:
        keys = [token_key(t.bare) for t in toks]
        cands: list[Candidate] = []
        if doc.entities:
            first_tok = {t.start: i for i, t in enumerate(toks)}
            last_tok = {t.end: i for i, t in enumerate(toks)}
            for m in doc.mentions_in(toks[0].start, toks[-1].end):
                a, b = first_tok.get(m.start), last_tok.get(m.end)
                if a is None or b is None:
                    continue
                code = m.attrs.get("code") or code_for_text(keys[a:b + 1])
                if m.attrs.get("country") and (not code or " " not in code):
                    code = f"{m.attrs['country']} {code}" if code and len(code) == 3 else m.attrs["country"]
                cands.append(Candidate(a, b, code, m, m.label == "LOC"))
        covered = {i for c in cands for i in range(c.first, c.last + 1)}
        nouns = {normalize(w) for w in lex.cues["actor_nouns"]}
        groups: list[list[int]] = []
        matches = [m for m in find_actors(keys) if not covered & set(range(m.first, m.last + 1))]
        codes_at = {}
        for m in matches:
            for i in range(m.first, m.last + 1):
                codes_at[i] = m.code
        for i, t in enumerate(toks):
            if i in covered:
                continue
            if t.bare in LOC_MARKERS:
                continue
            if i in codes_at or t.norm in nouns or t.bare in nouns:
                if groups and groups[-1][-1] == i - 1:
                    groups[-1].append(i)
                else:
                    groups.append([i])
        for g in groups:
            code_list = [codes_at[i] for i in g if i in codes_at]
            code = combine_codes(code_list)
            prev = toks[g[0] - 1].norm if g[0] > 0 else ""
            is_place = prev in ("في", "الي", "من") and code is not None and len(code) == 3 and code.isalpha()
            cands.append(Candidate(g[0], g[-1], code, None, is_place))
        # "مدينة درعا": a place word and the name after it.
        for i, t in enumerate(toks[:-1]):
            if t.bare in LOC_MARKERS and i + 1 not in covered:
                cands.append(Candidate(i + 1, i + 1, None, None, True))
        cands.sort(key=lambda c: c.first)
        return cands

    def _event(self, doc: Document, toks: list[Token], si: int, k: int, n: int, entry: LexEntry,
               cands: list[Candidate], clause_of: list[int], lex: Lexicon) -> Event:
        end_k = k + n - 1
        clause = clause_of[k]
        people = [c for c in cands if not c.is_place and (c.last < k or c.first > end_k)]
        before = [c for c in people if c.last < k and k - c.last <= ARG_REACH and clause_of[c.last] == clause]
        after = [c for c in people if c.first > end_k and c.first - end_k <= ARG_REACH]
        actor = recipient = None
        if entry.pos in ("V", "D") and after and after[0].first - end_k <= 2 and not before:
            actor = after[0]  # verb-subject order: قصفت مقاتلات روسية ...
            recipient = after[1] if len(after) > 1 else None
        else:
            actor = before[-1] if before and entry.pos in ("V", "D") else None
            recipient = after[0] if after else None
            if entry.pos != "V" and before and actor is None and entry.type == "PROTEST":
                actor = before[-1]
        # Role nouns decide over word order: protesters are a PROTEST's actor,
        # gunmen/bombers an ASSAULT's actor, people counted as casualties its target.
        role_actor = {"PROTEST": "protest_agents", "ASSAULT": "assault_agents"}.get(entry.type)
        if role_actor:
            agents = _cue_set(lex, role_actor)
            crowd = [c for c in cands if not c.is_place and _has(toks, c, agents)
                     and (clause_of[c.first] == clause or c.first <= k <= c.last)]
            if crowd:
                actor = min(crowd, key=lambda c: abs(c.first - k))
                if recipient is actor:
                    rest = [c for c in after if c is not actor]
                    recipient = rest[0] if rest else None
        if entry.type == "ASSAULT":
            victims = _cue_set(lex, "victims")
            hurt = [c for c in people if c is not actor and abs(c.first - k) <= ARG_REACH
                    and clause_of[c.first] == clause and _has(toks, c, victims)]
            if hurt and (recipient is None or not _has(toks, recipient, victims)):
                recipient = min(hurt, key=lambda c: abs(c.first - k))
        places = [c for c in cands if c.is_place and abs(c.first - k) <= WINDOW * 2]
        # The trigger's own clause first, then the nearest.
        location = min(places, key=lambda c: (clause_of[c.first] != clause, abs(c.first - k))) if places else None
        # Evidence: the trigger's clause, widened to its arguments, capped.
        lo = k
        while lo > 0 and clause_of[lo - 1] == clause and k - lo < WINDOW:
            lo -= 1
        hi = end_k
        while hi + 1 < len(toks) and clause_of[hi + 1] == clause and hi - end_k < WINDOW:
            hi += 1
        for c in (actor, recipient):
            if c is not None:
                lo, hi = min(lo, c.first), max(hi, c.last)
        while lo < k and doc.text[toks[lo].start:toks[lo].end] in lex.cues["clause_breaks"]:
            lo += 1
        while hi > end_k and not any(ch.isalnum() for ch in doc.text[toks[hi].start:toks[hi].end]):
            hi -= 1
        start, end = toks[lo].start, toks[hi].end
        flags = self._aux(toks, k, lo, hi, lex)
        sent_start = toks[0].start
        # A cue inside a direct quotation is the speaker's account: kept, flagged.
        flags["quoted"] = quoted_at(doc.text[sent_start:toks[-1].end], toks[k].start - sent_start)
        return Event(start, end, entry.type, {**flags, "cameo": entry.cameo, "trigger": [toks[k].start, toks[end_k].end],
                                              "lexicon": entry.source, "cue": " ".join(entry.words)},
                     text=doc.text[start:end], mode=entry.mode,
                     actor=self._argument(doc, toks, actor), recipient=self._argument(doc, toks, recipient),
                     location=self._argument(doc, toks, location), sentence=si)

    @staticmethod
    def _aux(toks: list[Token], k: int, lo: int, hi: int, lex: Lexicon) -> dict[str, bool]:
        before = [t.norm for t in toks[max(lo, k - 3):k]]
        clause_all = " ".join(t.norm for t in toks[lo:hi + 1])
        cues = lex.cues
        negated = any(w in before for w in cues["negated"])
        future = any(f" {c} " in f" {clause_all} " for c in cues["future"]) or any(
            toks[k].norm.startswith(p) and len(toks[k].norm) > 4 for p in cues["future_prefix"])
        # A question (هل الاعتداء على فنلندا ممكن؟) asks about an event, it does not report one.
        hypothetical = any(f" {c} " in f" {clause_all} " for c in cues["hypothetical"]) or any(
            t.norm in cues.get("question_marks", ()) for t in toks[hi + 1:hi + 3])
        return {"negated": negated, "future": future, "hypothetical": hypothetical}

    @staticmethod
    def _argument(doc: Document, toks: list[Token], c: Candidate | None) -> Argument | None:
        if c is None:
            return None
        start, end = toks[c.first].start, toks[c.last].end
        return Argument(doc.text[start:end], start, end, entity=c.entity.entity if c.entity else None, code=c.code)
