"""Framing comparison: the words each outlet uses for the same actors, and
whom each outlet quotes.

Outlets on different sides of a conflict name the same party differently —
«الحكومة السورية» or «نظام الأسد», «المعارضة المسلحة» or «الجماعات
الإرهابية» — and quote different people. A monitor wants this side by side
per story. A fixed list of such words would miss the next conflict's, so the
terms are learned per story from the text:

1. **candidate actor phrases**: a collective head noun (rasid/data/
   framing_sides.json ``heads``: نظام، قوات، فصائل، مسلحين ...) with its
   genitive (نظام الأسد، قوات المعارضة) and agreeing adjectives (الفصائل
   السورية المسلحة). A conjunction, punctuation or a function word ends it.
2. **head-match co-reference** to a few generic side anchors (``sides``):
   a phrase whose words include all the (clitic-stripped, nisba-folded) words
   of an anchor refers to that side: «قوات النظام» and «نظام الأسد» corefer
   with «النظام»; «الوفد الحكومي» with «الحكومة» (حكومي ~ حكومة).
3. **home qualifier**: «الجيش الروسي» is not the Syrian government side, so
   the commonest nationality adjective of each side in the story is learned
   (السوري) and phrases qualified by another nationality are dropped.
4. **genitive metonymy**: «حكومة دمشق» teaches that دمشق stands for the
   government side in this story; دمشق is then counted where it is not a
   place (not after a preposition).
5. **entity co-reference**: when NER and entity resolution ran, a mention
   inside a side phrase ties its entity to the side, and every other mention
   of that entity counts for the side with its own surface form. Resolved
   entities reported by several outlets are also actors of their own, so the
   table shows e.g. how each outlet names Staffan de Mistura.

Outlets are ``doc.outlet``, or ``"?" + doc.id`` when unknown (two unknown
outlets are not merged).

Shape of ``Story.framing`` (JSON-friendly)::

    {
      "actors": [
        {"actor": "government side", "side": "government_side",
         "terms_by_outlet": {"outlet A": {"نظام الأسد": 3, "النظام": 5}, ...},
         "learned": {"qualifier": "سوري", "metonyms": ["دمشق"], "entities": ["E12"]}},
        {"actor": "Staffan de Mistura", "entity": "E7",
         "terms_by_outlet": {"outlet A": {"دي ميستورا": 2}}}
      ],
      "speakers_by_outlet": {"outlet A": {"سيرغي لافروف": 4, "مصادر في المعارضة": 1}}
    }
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from rasid.model import Corpus, Document, Entity, Token
from rasid.paths import ARTIFACTS
from rasid.pipeline import CorpusComponent
from rasid.text.clitics import split_proclitics
from rasid.text.normalize import normalize, remove_diacritics

# Endings folded so that nisba adjectives and plurals meet their noun:
# حكومي/حكومية/حكومة -> حكوم, مسلحين/مسلحة -> مسلح. Longest first.
FOLD_ENDINGS = ("يين", "يون", "ين", "ون", "يه", "ات", "ه", "ي")
MIN_FOLDED = 3
# Words an actor phrase may have (head + genitive + adjectives).
MAX_PHRASE_TOKENS = 4
# Entity actors shown besides the sides (by number of outlets naming them).
MAX_ENTITY_ACTORS = 8
UNKNOWN_SPEAKER = "(unnamed)"


def fold(bare: str) -> str:
    """A clitic-stripped normalised word with nisba/plural/feminine endings off."""
    for end in FOLD_ENDINGS:
        if bare.endswith(end) and len(bare) - len(end) >= MIN_FOLDED:
            return bare[:-len(end)]
    return bare


def _word_key(word: str) -> str:
    return fold(split_proclitics(normalize(word))[1])


@dataclass(frozen=True)
class Side:
    name: str
    label: str
    anchors: tuple[frozenset[str], ...]  # folded keys of each anchor phrase


@dataclass(frozen=True)
class FramingLexicon:
    sides: tuple[Side, ...]
    heads: frozenset[str]  # clitic-stripped normalised forms, exact (ارهاب the concept is no head)
    participles: frozenset[str]  # heads that also serve as adjectives: الفصائل المعارضة
    metonym_heads: frozenset[str]
    location_prepositions: frozenset[str]  # normalised

    @property
    def anchor_keys(self) -> frozenset[str]:
        """Words of any anchor: not nationality qualifiers (الحكومي، الإرهابية)."""
        return frozenset(k for side in self.sides for anchor in side.anchors for k in anchor)


@lru_cache(maxsize=1)
def lexicon() -> FramingLexicon:
    data = json.loads((ARTIFACTS / "framing_sides.json").read_text(encoding="utf-8"))
    sides = tuple(
        Side(name, spec["label"], tuple(frozenset(_word_key(w) for w in a.split()) for a in spec["anchors"]))
        for name, spec in data["sides"].items())
    return FramingLexicon(
        sides=sides,
        heads=frozenset(normalize(w) for w in data["heads"]),
        participles=frozenset(normalize(w) for w in data["participles"]),
        metonym_heads=frozenset(_word_key(w) for w in data["metonym_heads"]),
        location_prepositions=frozenset(normalize(w) for w in data["location_prepositions"]),
    )


def _stop() -> frozenset[str]:
    from rasid.link.summary import stopwords  # noqa: PLC0415 - shared function-word list
    return stopwords()


def _is_word(t: Token) -> bool:
    return bool(t.norm) and t.norm[0].isalpha()


def _stems(t: Token) -> tuple[str, str]:
    """The clitic-stripped form and, because stripping without a lexicon can
    eat a root letter (فصائل -> ف + صائل), the form without only the article."""
    prefix = t.prefix
    if prefix.endswith("ال") or prefix.endswith("لل"):
        return t.bare, t.bare
    return t.bare, t.norm


def _is_head(t: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in _stems(t))


def _definite(t: Token) -> bool:
    return t.prefix.endswith("ال") or t.prefix.endswith("لل")


def _conjunction(t: Token) -> bool:
    return t.prefix[:1] in ("و", "ف")


def _adjectival(t: Token, lex: FramingLexicon) -> bool:
    """Nisba adjectives (السوري، الحكومية) and participles of derived verbs,
    which start with م (المسلحة، الموالية، المعارضة); a head noun is not an
    adjective (الوفد | الحكومة) unless it is a participle itself."""
    if _is_head(t, lex.heads) and not _is_head(t, lex.participles):
        return False
    if t.bare.endswith(("ي", "يه", "يين", "يون")):
        return True
    return t.bare.startswith("م") and t.bare.endswith(("ه", "ين", "ون"))


def display(tokens: Sequence[Token], text: str) -> str:
    """A phrase as written, without a leading conjunction or preposition
    (وبالنظام -> النظام, لقوات -> قوات), so one term is counted once."""
    first = tokens[0]
    surface = text[first.start:first.end]
    prefix = first.prefix
    if prefix.endswith("لل"):
        keep = "ال"
        drop = len(prefix)
    elif prefix.endswith("ال"):
        keep = ""
        drop = len(prefix) - 2
    else:
        keep = ""
        drop = len(prefix)
    head = keep + surface[drop:] if drop <= len(surface) else surface
    rest = text[first.end:tokens[-1].end]
    return remove_diacritics(head + rest)


@dataclass
class Phrase:
    """One occurrence of an actor phrase in a document."""

    doc: Document
    tokens: list[Token]
    term: str
    keys: frozenset[str]
    qualifiers: frozenset[str]  # nationality-like adjectives (folded)
    side: str | None = None

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def actor_phrases(doc: Document, lex: FramingLexicon | None = None) -> list[Phrase]:
    """Candidate actor phrases of a document (step 1 of the module docstring)."""
    lex = lex or lexicon()
    stop = _stop()
    toks = doc.tokens
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not _is_word(t) or not _is_head(t, lex.heads):
            i += 1
            continue
        phrase = [t]
        j = i + 1
        while j < len(toks) and len(phrase) < MAX_PHRASE_TOKENS:
            nxt = toks[j]
            if (not _is_word(nxt) or nxt.norm in stop or nxt.bare in stop or _conjunction(nxt)
                    or nxt.prefix[:1] in ("ب", "ل", "ك") or toks[j - 1].end != nxt.start - 1):
                break
            prev = phrase[-1]
            genitive = len(phrase) == 1 and not _definite(prev)
            agreeing = _definite(nxt) == _definite(prev) and _adjectival(nxt, lex)
            if not (genitive or agreeing):
                break
            phrase.append(nxt)
            j += 1
        keys = frozenset(fold(x.bare) for x in phrase)
        anchor_keys = lex.anchor_keys
        qualifiers = frozenset(fold(x.bare) for x in phrase[1:]
                               if x.bare.endswith(("ي", "يه")) and not _is_head(x, lex.heads)
                               and fold(x.bare) not in anchor_keys)
        out.append(Phrase(doc, phrase, display(phrase, doc.text), keys, qualifiers))
        i = j
    return out


def _side_of(keys: frozenset[str], lex: FramingLexicon, metonyms: dict[str, str]) -> str | None:
    votes: Counter[str] = Counter()
    for side in lex.sides:
        for anchor in side.anchors:
            if anchor <= keys:
                votes[side.name] += len(anchor)
    for key in keys:
        if key in metonyms:
            votes[metonyms[key]] += 1
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # «الحكومة والمعارضة»-like mixtures say nothing about either
    return ranked[0][0]


def _commonest(counts: Counter) -> str | None:
    """The most frequent key; ties go to the alphabetically first. Not
    ``most_common(1)``: on ties it returns the first inserted, and qualifiers
    are inserted from frozensets, whose order changes from one process to the
    next (string hashing is salted), so runs over the same input disagreed."""
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], k))


def outlet_of(doc: Document) -> str:
    return doc.outlet or f"?{doc.id}"


@dataclass
class SideResult:
    side: Side
    terms_by_outlet: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    qualifier: str | None = None
    metonyms: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)


def analyse_sides(docs: Sequence[Document], lex: FramingLexicon | None = None) -> list[SideResult]:
    """Steps 1-5 of the module docstring for one story's documents."""
    lex = lex or lexicon()
    phrases = [p for d in docs for p in actor_phrases(d, lex)]
    metonyms: dict[str, str] = {}
    for p in phrases:
        p.side = _side_of(p.keys, lex, {})
    # 4. genitive metonymy: «حكومة دمشق»: a bare proper-noun genitive of a side head
    for p in phrases:
        if p.side and len(p.tokens) == 2 and fold(p.tokens[0].bare) in lex.metonym_heads:
            gen = p.tokens[1]
            if not _definite(gen) and not gen.prefix and not _is_head(gen, lex.heads):
                metonyms[fold(gen.bare)] = p.side
    if metonyms:
        for p in phrases:
            p.side = _side_of(p.keys, lex, metonyms)
    results = {s.name: SideResult(s) for s in lex.sides}
    # 3. home qualifier per side
    for name, res in results.items():
        quals = Counter(q for p in phrases if p.side == name for q in p.qualifiers)
        res.qualifier = _commonest(quals)
        res.metonyms = {m for m, s in metonyms.items() if s == name}
    for p in phrases:
        if not p.side:
            continue
        res = results[p.side]
        if p.qualifiers and res.qualifier not in p.qualifiers:
            continue  # another country's government or army
        res.terms_by_outlet[outlet_of(p.doc)][p.term] += 1
        # «وفد المعارضة السورية» also uses «المعارضة السورية»: count the
        # genitive when it names the same side on its own
        inner = p.tokens[1:]
        if inner and not _definite(p.tokens[0]) and _definite(inner[0]):
            keys = frozenset(fold(x.bare) for x in inner)
            if _side_of(keys, lex, metonyms) == p.side:
                res.terms_by_outlet[outlet_of(p.doc)][display(inner, p.doc.text)] += 1
    # metonyms standing alone, where they are not a place
    for d in docs:
        for k, t in enumerate(d.tokens):
            side = metonyms.get(fold(t.bare)) if _is_word(t) else None
            if not side or t.prefix:
                continue
            prev = d.tokens[k - 1] if k else None
            if prev is not None and (prev.norm in lex.location_prepositions or _is_head(prev, lex.heads)):
                continue  # «في دمشق» is a place; «حكومة دمشق» was counted as a phrase
            results[side].terms_by_outlet[outlet_of(d)][d.text[t.start:t.end]] += 1
    # 5. entity co-reference
    _entity_coreference(docs, phrases, results)
    return [r for r in results.values()]


def _entity_coreference(docs: Sequence[Document], phrases: list[Phrase], results: dict[str, SideResult]) -> None:
    entity_side: dict[str, Counter] = defaultdict(Counter)
    by_doc: dict[str, list[Phrase]] = defaultdict(list)
    for p in phrases:
        if p.side:
            by_doc[p.doc.id].append(p)
    for d in docs:
        for m in d.entities:
            if not m.entity or m.label == "PER":
                continue  # a leader is a person, not the side itself
            for p in by_doc.get(d.id, []):
                if p.start <= m.start and m.end <= p.end:
                    entity_side[m.entity][p.side] += 1
    side_of_entity = {e: _commonest(v) for e, v in entity_side.items()}
    for entity, side in side_of_entity.items():
        results[side].entities.add(entity)
    if not entity_side:
        return
    for d in docs:
        covered = [(p.start, p.end) for p in by_doc.get(d.id, [])]
        for m in d.entities:
            side = side_of_entity.get(m.entity or "")
            if side is None or any(s <= m.start and m.end <= e for s, e in covered):
                continue  # already counted as part of a phrase
            results[side].terms_by_outlet[outlet_of(d)][m.text or d.text[m.start:m.end]] += 1


def entity_actors(docs: Sequence[Document], entities: dict[str, Entity]) -> list[dict[str, Any]]:
    """Resolved entities named by at least two outlets, with each outlet's names for them."""
    terms: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for d in docs:
        for m in d.entities:
            if m.entity:
                terms[m.entity][outlet_of(d)][m.text or d.text[m.start:m.end]] += 1
    ranked = sorted((e for e in terms if len(terms[e]) >= 2),
                    key=lambda e: (-len(terms[e]), -sum(sum(c.values()) for c in terms[e].values()), e))
    out = []
    for e in ranked[:MAX_ENTITY_ACTORS]:
        ent = entities.get(e)
        out.append({"actor": ent.name if ent else e, "entity": e, "type": ent.type if ent else None,
                    "terms_by_outlet": {o: dict(c.most_common()) for o, c in sorted(terms[e].items())}})
    return out


def speakers_by_outlet(docs: Sequence[Document], entities: dict[str, Entity]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for q in d.quotes:
            sp = q.speaker
            if sp is None:
                name = UNKNOWN_SPEAKER
            elif sp.entity and sp.entity in entities:
                name = entities[sp.entity].name
            else:
                name = sp.text or UNKNOWN_SPEAKER
            out[outlet_of(d)][name] += 1
    return {o: dict(c.most_common()) for o, c in sorted(out.items())}


def story_framing(docs: Sequence[Document], entities: Sequence[Entity] = ()) -> dict[str, Any]:
    """The framing dict of one story (shape in the module docstring)."""
    catalogue = {e.id: e for e in entities}
    actors: list[dict[str, Any]] = []
    for res in analyse_sides(docs):
        if not res.terms_by_outlet:
            continue
        actors.append({
            "actor": res.side.label, "side": res.side.name,
            "terms_by_outlet": {o: dict(c.most_common()) for o, c in sorted(res.terms_by_outlet.items())},
            "learned": {"qualifier": res.qualifier, "metonyms": sorted(res.metonyms),
                        "entities": sorted(res.entities)},
        })
    actors.extend(entity_actors(docs, catalogue))
    return {"actors": actors, "speakers_by_outlet": speakers_by_outlet(docs, catalogue)}


def framing_table(framing: dict[str, Any], top: int = 6) -> str:
    """A Markdown table of a story's framing (for reports and docs)."""
    lines = ["| actor | outlet | terms (count) |", "|---|---|---|"]
    for actor in framing.get("actors", []):
        for outlet, terms in actor.get("terms_by_outlet", {}).items():
            shown = ", ".join(f"{t} ({n})" for t, n in list(terms.items())[:top])
            lines.append(f"| {actor['actor']} | {outlet} | {shown} |")
    speakers = framing.get("speakers_by_outlet", {})
    if speakers:
        lines += ["", "| outlet | speakers quoted (count) |", "|---|---|"]
        for outlet, names in speakers.items():
            lines.append(f"| {outlet} | {', '.join(f'{s} ({n})' for s, n in list(names.items())[:top])} |")
    return "\n".join(lines)


class FramingAnalyzer(CorpusComponent):
    """Fills ``Story.framing`` for every story of the corpus."""

    name: ClassVar[str] = "framing"
    requires: ClassVar[tuple[str, ...]] = ("corpus.stories", "doc.tokens")
    optional: ClassVar[tuple[str, ...]] = ("doc.entities", "doc.quotes", "corpus.entities")
    assigns: ClassVar[tuple[str, ...]] = ("story.framing",)

    def process_corpus(self, corpus: Corpus) -> Corpus:
        by_id = {d.id: d for d in corpus.documents}
        for story in corpus.stories:
            # a duplicate repeats its original's words: count the original once
            docs = [by_id[i] for i in story.documents if i in by_id and not by_id[i].duplicate_of]
            story.framing = story_framing(docs, corpus.entities) if docs else {}
        return corpus
