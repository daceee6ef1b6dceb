"""Entity resolution: one catalogue entity per real-world name.

Two passes, because the evidence differs:

1. Within a document a short form refers back to a full name written nearby
   (علوش -> محمد علوش): a mention whose tokens are an ordered subset of exactly
   one longer name of the same type joins it; if two longer names fit
   (الأسد with بشار الأسد and حافظ الأسد) it is left alone. A person's short
   form must be the surname end of the full name (particles glued or split:
   دي ميستورا / ستيفان ديمستورا) or the given name it starts with, so a word
   from inside another person's name does not join it.
2. Across documents the same name is spelled differently (ستافان دي ميستورا /
   ستيفان ديمستورا): document-level clusters merge when their full names match
   (rasid.link.names) and are of one type; a cluster known only by a short
   name joins a corpus entity only if one candidate fits, or if the roles and
   co-occurring entities single one out.

Well-known alternative names (داعش = تنظيم الدولة) come from
rasid/data/name_equivalents.tsv; country adjectives (روسي، الروسية،
الإيرانيين) join their country by the nisba rule; «head + country adjective»
institutions (الحكومة السورية = النظام السوري) by rasid/data/org_heads.tsv; a
capital used as an actor (موسكو ترفض) joins its country
(rasid/data/capitals.tsv) while «في موسكو» stays the city; Latin-script
names join Arabic ones by consonant skeleton (Tehran = طهران). Entity ids hash
the type and the canonical name's key, so re-running on the same corpus gives
the same ids.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.link.names import (compact_key, compare_names, cross_script_match, cross_skeleton,
                              is_latin_name, name_tokens, skeleton, strip_article, token_skeleton,
                              tokens_match)
from rasid.link.roles import find_roles, role_head
from rasid.model import Argument, Corpus, Document, Entity, Mention
from rasid.paths import ARTIFACTS
from rasid.pipeline import CorpusComponent
from rasid.text.normalize import normalize

# Full names at least this similar (rasid.link.names.compare_names) are one
# name. Chosen on the dev half of the JRC-Names pairs (bench/aliases.py) above
# the F1 optimum (0.75): precision first, a false merge joins two people.
MERGE_THRESHOLD = 0.85
# A short name that could be a shortening of more full names than this is
# ambiguous without looking further (a bare first name).
MAX_SHORT_FORM_CANDIDATES = 25
# Generic place words that may precede a place name without changing it.
LOC_DESIGNATORS = frozenset(" ".join(name_tokens(w)) for w in (
    "مدينة", "بلدة", "قرية", "حي", "منطقة", "محافظة", "ولاية", "عاصمة", "مخيم", "جزيرة", "إقليم",
    "العاصمة", "دولة", "جمهورية", "مملكة"))
# Endings of a nisba adjective or its plurals (روسي، روسيه، ايرانيين، سوريون).
NISBA_ENDINGS = ("يين", "يون", "يه", "ي")
# Endings of country names before the nisba (روسيا -> روس، امريكا -> امريك).
COUNTRY_ENDINGS = ("يا", "ا", "ه")


@lru_cache(maxsize=1)
def equivalence_groups() -> dict[tuple[str, str], int]:
    """(type, compact key) -> group number, from rasid/data/name_equivalents.tsv."""
    out: dict[tuple[str, str], int] = {}
    path = ARTIFACTS / "name_equivalents.tsv"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        etype, _, names = line.partition("\t")
        for name in names.split("|"):
            key = compact_key(name.strip())
            if key:
                out[(etype.strip(), key)] = n
    return out


@lru_cache(maxsize=1)
def institution_heads() -> dict[str, str]:
    """Normalised head phrase -> institution class, from rasid/data/org_heads.tsv."""
    out: dict[str, str] = {}
    for line in (ARTIFACTS / "org_heads.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, _, heads = line.partition("\t")
        for h in heads.split("|"):
            if h.strip():
                out[" ".join(name_tokens(h.strip()))] = cls.strip()
    return out


def institution_key(name: str) -> tuple[str, str] | None:
    """(class, country) for «head + country adjective» organisation names:
    الحكومة السورية and النظام السوري both give ("government", "سر")."""
    toks = name_tokens(name)
    if len(toks) < 2:
        return None
    cls = institution_heads().get(" ".join(toks[:-1]))
    stem = nisba_stem(toks[-1])
    if cls is None or stem is None:
        return None
    return cls, token_skeleton(stem)


def _digits(tokens: tuple[str, ...]) -> set[str]:
    return {t for t in tokens if t.isdigit()}


def nisba_stem(key: str) -> str | None:
    """The stem of a one-word adjective of origin (روسيه -> روس), else None."""
    for end in NISBA_ENDINGS:
        if key.endswith(end) and len(key) - len(end) >= 3:
            return key[: -len(end)]
    return None


def country_stem(key: str) -> str:
    for end in COUNTRY_ENDINGS:
        if key.endswith(end) and len(key) - len(end) >= 3:
            return key[: -len(end)]
    return key


@lru_cache(maxsize=500_000)
def short_form_of(short: str, long: str, etype: str) -> bool:
    """Whether ``short`` may be a shortened reference to ``long`` (same type).

    PER and ORG: the short name's tokens are an ordered subset of the long
    one's (علوش/محمد علوش, النصرة/جبهة النصرة). LOC: only generic place words
    may be dropped before it (حي المنشية/المنشية) or adjectives after it
    (الولايات المتحدة الأمريكية), so ريف دمشق stays apart from دمشق. Numbers
    must agree (جنيف 4 is not جنيف 5).
    """
    ts, tl = name_tokens(short), name_tokens(long)
    if etype == "PER" and ts and _digits(ts) == _digits(tl) and _glued_surname(short, long):
        return True
    if not ts or len(ts) >= len(tl) or _digits(ts) != _digits(tl):
        return False
    if len("".join(ts)) < 3:
        return False  # two letters are part of too many names
    cmp = compare_names(short, long)
    if not cmp.subset:
        return False
    if etype == "LOC":
        # find where the short name sits in the long one
        for i in range(len(tl) - len(ts) + 1):
            if compact_key(" ".join(tl[i:i + len(ts)])) == compact_key(" ".join(ts)) or \
                    compare_names(" ".join(tl[i:i + len(ts)]), " ".join(ts)).score >= 0.97:
                before, after = tl[:i], tl[i + len(ts):]
                if all(t in LOC_DESIGNATORS for t in before) and \
                        all(nisba_stem(t) is not None for t in after):
                    return True
        return False
    if etype == "PER":
        return _person_short_form(short, long)
    # ORG / MISC: the short form must keep the long form's head (first word) or
    # be its distinctive end (جبهة النصرة -> النصرة); a lone generic word in
    # the middle of a long name is not a reference to it.
    return compare_names(ts[0], tl[0]).score >= 0.97 or compare_names(ts[-1], tl[-1]).score >= 0.97


def surname_tails(name: str) -> list[str]:
    """Skeletons of the proper word tails of a person's name (ستيفان
    ديمستورا -> ديمستورا): the surname a short reference may use, with
    particles glued or split (دي ميستورا), since skeletons ignore spaces."""
    toks = name_tokens(name)
    return [skeleton(" ".join(toks[k:])) for k in range(1, len(toks))]


def _glued_surname(short: str, long: str) -> bool:
    """``short`` is the surname end of ``long`` written with its particle
    split or glued the other way (دي ميستورا / ستيفان ديمستورا)."""
    tl = name_tokens(long)
    if len(tl) < 2 or len(compact_key(short)) < 4 or len(compact_key(short)) >= len(compact_key(long)):
        return False
    return any(compare_names(" ".join(tl[k:]), short).score >= 0.97 for k in range(1, len(tl)))


def _aligned_positions(short: tuple[str, ...], long: tuple[str, ...]) -> list[int] | None:
    """Where each token of ``short`` matches ``long`` in order, taking the
    latest possible match for each (a surname is matched at the end)."""
    positions: list[int] = []
    j = len(long) - 1
    for t in reversed(short):
        while j >= 0 and not tokens_match(t, long[j]):
            j -= 1
        if j < 0:
            return None
        positions.append(j)
        j -= 1
    return positions[::-1]


def _person_short_form(short: str, long: str) -> bool:
    """A person is shortened to the surname end of the full name (علوش for
    محمد علوش, دي ميستورا for ستافان دي ميستورا) or to the given name(s) it
    starts with (بشار for بشار الأسد). A short name matching only the inside
    or the article-bearing start of a longer one (الأسد in «الأسد بشار
    الجعفري») does not refer to it: the longer name has name words of another
    person around it. Nor is a name that is two persons run together (see
    rasid.nlp.ner.person_split_points) the full form of anything."""
    from rasid.nlp.ner import person_split_points

    words = normalize(long).split()
    if person_split_points(words):
        return False
    ts, tl = name_tokens(short), name_tokens(long)
    positions = _aligned_positions(ts, tl)
    if positions is None:
        return False
    if positions[-1] == len(tl) - 1:
        return True
    given_first = positions == list(range(len(ts))) and words and not words[0].startswith("ال")
    return bool(given_first)


@dataclass
class Cluster:
    """Mentions taken to name one entity (within a document, then merged)."""

    type: str
    names: Counter = field(default_factory=Counter)  # surface -> count
    mentions: list[Mention] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    roles: Counter = field(default_factory=Counter)
    # names matched by but not written (the country of a capital used as
    # actor); the capital's own surface is then not matched by, so a metonym
    # does not chain the city and the country together
    extra_names: set = field(default_factory=set)
    literal_names: set = field(default_factory=set)

    def match_names(self) -> list[str]:
        return [*sorted(self.literal_names, key=lambda n: (-self.names[n], n)), *sorted(self.extra_names)]

    @property
    def canonical(self) -> str:
        """The most complete common form: a name used literally (not a capital
        standing for its country), Arabic script, most tokens, then most
        frequent, then fewest glued clitics (للأمم -> الأمم)."""
        return max(self.names, key=lambda n: (n in self.literal_names or not self.literal_names,
                                              not is_latin_name(n), len(name_tokens(n)), self.names[n],
                                              not n.startswith(("لل", "و", "ب")), -len(n), n))

    def role_heads(self) -> set[str]:
        return {h for r in self.roles if (h := role_head(r))}

    def absorb(self, other: "Cluster") -> None:
        self.names.update(other.names)
        self.mentions.extend(other.mentions)
        self.documents.extend(d for d in other.documents if d not in self.documents)
        self.roles.update(other.roles)
        self.extra_names |= other.extra_names
        self.literal_names |= other.literal_names


@lru_cache(maxsize=500_000)
def same_name(a: str, b: str, etype: str, threshold: float = MERGE_THRESHOLD) -> bool:
    """Whether two full names of one type are spellings of one name."""
    ka, kb = compact_key(a), compact_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    groups = equivalence_groups()
    ga, gb = groups.get((etype, ka)), groups.get((etype, kb))
    if ga is not None and ga == gb:
        return True
    if cross_script_match(a, b):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if _digits(ta) != _digits(tb):
        return False
    if etype == "MISC" and ta[0] == tb[0] and any(len(d) >= 3 for d in _digits(ta)):
        return True  # numbered documents: قرار مجلس الأمن 2254 = قرار الأمم المتحدة رقم 2254
    if etype == "ORG":
        ia, ib = institution_key(a), institution_key(b)
        if ia is not None and ib is not None:
            return ia == ib  # same institution of the same country, whatever the head word
    if etype != "PER" and len(ta) != len(tb) and not compare_names(a, b).same_skeleton:
        return False  # ORG/LOC: a different word count is a different name (ريف دمشق)
    if etype == "LOC" and len(ta) == 1 == len(tb):
        sa, sb = nisba_stem(ta[0]), nisba_stem(tb[0])
        # country and its adjective: روسيا/روسية, ايران/الايرانيين
        if sa and sa == sb:
            return True  # السعودي/السعودية
        if sa and (sa == country_stem(tb[0]) or sa == tb[0]):
            return True
        if sb and (sb == country_stem(ta[0]) or sb == ta[0]):
            return True
    return compare_names(a, b).score >= threshold


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital (compact key) -> its country's name, from rasid/data/capitals.tsv."""
    out: dict[str, str] = {}
    for line in (ARTIFACTS / "capitals.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, _, names = line.partition("\t")
        for n in names.split("|"):
            if compact_key(n.strip()) and compact_key(n.strip()) != compact_key(country):
                out[compact_key(n.strip())] = country.strip()
    return out


# Words before a place name that make it a place (في دمشق, محادثات أستانة),
# not a metonym for its government (دمشق ترفض).
LOCATIVE_BEFORE = frozenset(" ".join(name_tokens(w)) for w in (
    "في", "إلى", "من", "عن", "قرب", "نحو", "حتى", "داخل", "خارج", "شمال", "جنوب", "شرق",
    "غرب", "وسط", "بين", "عبر", "حول", "أمام", "مطار", "جامعة", "سفارة", "ريف", "مدينة", "عاصمة",
    "شوارع", "سكان", "أهالي", "حي", "in", "to", "from", "at",
    # meetings and processes named after their venue (محادثات أستانة, مسار جنيف)
    "محادثات", "مباحثات", "مفاوضات", "مؤتمر", "اجتماع", "اجتماعات", "لقاء", "لقاءات", "اتفاق",
    "اتفاقية", "مسار", "عملية", "جولة", "قمة", "منصة", "إعلان", "بيان", "منتدى", "معاهدة"))
def metonym_country(doc: Document, m: Mention) -> str | None:
    """The country a capital stands for when it is used as an actor (موسكو
    ترفض، أعلنت أنقرة), None when it is a place (في موسكو, محادثات أستانة)."""
    if m.label != "LOC":
        return None
    country = capitals().get(compact_key(m.text))
    if country is None:
        return None
    if name_tokens(m.text) and m.text[:1] in "بل" and compact_key(m.text[1:]) in capitals():
        return None  # بأستانا, لموسكو: a place
    before = doc.text[max(0, m.start - 30):m.start].split()
    if not before or before[-1][-1:] in "«»\"“”'.:،,(–-":
        return country  # clause start: «موسكو ترفض»
    toks = name_tokens(before[-1])
    prev = toks[-1] if toks else ""
    # the word before may carry a conjunction or preposition: ومباحثات، لمؤتمر
    if prev in LOCATIVE_BEFORE or (len(prev) > 3 and prev[0] in "وفلب" and
                                   strip_article(prev[1:]) in LOCATIVE_BEFORE):
        return None
    return country


def _government_forces(doc: Document) -> dict[str, str]:
    """«قوات النظام», «القوات الحكومية»: the forces of the one government the
    document names (النظام السوري, الحكومة العراقية), as «جيش + adjective»."""
    govs = {}
    for m in doc.entities:
        if m.label == "ORG":
            key = institution_key(m.text)
            if key and key[0] == "government":
                govs[key] = name_tokens(m.text)[-1]
    if len(govs) != 1:
        return {}
    adjective = next(iter(govs.values()))
    out = {}
    for m in doc.entities:
        toks = name_tokens(m.text)
        if m.label == "ORG" and len(toks) == 2 and institution_heads().get(toks[0]) == "military" \
                and toks[1] in ("نظام", "حكومه", "حكوميه"):
            out[m.text] = f"جيش {adjective}"
    return out


def _document_clusters(doc: Document, roles: dict[int, object]) -> list[Cluster]:
    """Cluster one document's mentions (pass 1).

    Each mention has a surface (what the text says) and a name to match by:
    the surface itself, or the country for a capital used as an actor, or «جيش
    + adjective» for the forces of the document's government.
    """
    forces = _government_forces(doc)
    # a capital the document mostly writes as a place (محادثات أستانة, في أستانة)
    # is the place throughout: the talks' venue, not the state
    usage: dict[str, Counter] = defaultdict(Counter)
    metonym: dict[int, str | None] = {}
    for i, m in enumerate(doc.entities):
        if m.label == "LOC" and compact_key(m.text) in capitals():
            metonym[i] = metonym_country(doc, m)
            usage[compact_key(m.text)][metonym[i] is None] += 1
    by_type: dict[str, list[int]] = defaultdict(list)
    match_of: dict[int, str] = {}
    for i, m in enumerate(doc.entities):
        if compact_key(m.text):
            by_type[m.label or "MISC"].append(i)
            country = metonym.get(i)
            if country and usage[compact_key(m.text)][True] > usage[compact_key(m.text)][False]:
                country = None
            match_of[i] = country or forces.get(m.text) or m.text
    clusters: list[Cluster] = []
    for etype, idx in by_type.items():
        entries = Counter((doc.entities[i].text, match_of[i]) for i in idx)
        # longest names first, so short forms find their full name
        order = sorted(entries, key=lambda e: (-len(name_tokens(e[1])), -len(e[1]), e))
        assigned: dict[tuple[str, str], Cluster] = {}
        local: list[Cluster] = []
        by_key: dict[tuple, list[int]] = defaultdict(list)  # blocking key -> local cluster
        by_word: dict[str, set[int]] = defaultdict(set)  # word skeleton -> local cluster
        for entry in order:
            surface, match = entry
            near = sorted({j for k in _blocking_keys(match, etype) for j in by_key[k]})
            target = next((local[j] for j in near
                           if any(same_name(match, n, etype) for n in local[j].match_names())), None)
            if target is None:
                words = [by_word.get(token_skeleton(t), set()) for t in name_tokens(match)]
                cands = set.intersection(*words) if words else set()
                if etype == "PER":  # a surname with its particle glued or split
                    cands |= by_word.get(("tail", skeleton(match)), set())
                cands = sorted(cands)
                fits = [local[j] for j in cands
                        if any(short_form_of(match, n, etype) for n in local[j].match_names())]
                if len(fits) == 1:
                    target = fits[0]
            if target is None:
                target = Cluster(type=etype, documents=[doc.id])
                local.append(target)
            j = next(x for x, c in enumerate(local) if c is target)
            for k in _blocking_keys(match, etype):
                by_key[k].append(j)
            for t in name_tokens(match):
                by_word[token_skeleton(t)].add(j)
            if etype == "PER":
                for tail in surname_tails(match):
                    by_word[("tail", tail)].add(j)
            target.names[surface] += entries[entry]
            if match != surface:
                target.extra_names.add(match)
            else:
                target.literal_names.add(surface)
            assigned[entry] = target
        for i in idx:
            c = assigned[(doc.entities[i].text, match_of[i])]
            c.mentions.append(doc.entities[i])
            if i in roles:
                c.roles[roles[i].text] += 1
        clusters.extend(local)
    return clusters


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@lru_cache(maxsize=200_000)
def _blocking_keys(name: str, etype: str) -> frozenset[tuple]:
    """Keys under which names that may match are found (avoids all pairs)."""
    keys = {(etype, "k", compact_key(name)), (etype, "s", skeleton(name)),
            (etype, "x", cross_skeleton(name))}
    toks = name_tokens(name)
    if toks:
        # a shared last word plus the first word's initial (fuzzy variants)
        keys.add((etype, "fl", skeleton(toks[-1]), token_skeleton(toks[0])[:1]))
        if _digits(toks):
            keys.add((etype, "head+num", toks[0], tuple(sorted(_digits(toks)))))
        if len(toks) == 1:
            stem = nisba_stem(toks[0])
            keys.add((etype, "nisba", stem or country_stem(toks[0])))
    inst = institution_key(name) if etype == "ORG" else None
    if inst is not None:
        keys.add((etype, "inst", inst))
    g = equivalence_groups().get((etype, compact_key(name)))
    if g is not None:
        keys.add((etype, "eq", g))
    return frozenset(keys)


def _merge_across(clusters: list[Cluster], cooc: list[set[int]]) -> list[Cluster]:
    """Pass 2: merge document clusters across documents."""
    uf = _UnionFind(len(clusters))
    index: dict[tuple, list[int]] = defaultdict(list)
    # every distinct name of a cluster takes part (a document may write both
    # الولايات المتحدة and أمريكا), one representative per key
    names = [list({compact_key(n): n for n in c.match_names()}.values()) for c in clusters]
    keys_of = [set().union(*(_blocking_keys(n, c.type) for n in names[i])) for i, c in enumerate(clusters)]
    for i in range(len(clusters)):
        for k in keys_of[i]:
            index[k].append(i)
    # (a) full names that match
    for i, c in enumerate(clusters):
        seen: set[int] = set()
        for k in keys_of[i]:
            for j in index[k]:
                if j <= i or j in seen or uf.find(i) == uf.find(j):
                    continue
                seen.add(j)
                if any(same_name(a, b, c.type) for a in names[i] for b in names[j]):
                    uf.union(i, j)
    # (b) clusters known only by a short name join a longer one if one fits.
    # Candidates hold every word of the short name (by word skeleton); a name
    # that fits too many (a bare محمد) is ambiguous and left alone.
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        groups[uf.find(i)].append(i)
    group_names = {g: sorted({n for i in members for n in names[i]}) for g, members in groups.items()}
    word_index: dict[tuple, set[int]] = defaultdict(set)
    for g, gnames in group_names.items():
        for n in gnames:
            toks = name_tokens(n)
            if len(toks) > 1:
                for t in toks:
                    word_index[(clusters[g].type, token_skeleton(t))].add(g)
                if clusters[g].type == "PER":
                    for tail in surname_tails(n):
                        word_index[("PER", "tail", tail)].add(g)
    links: list[tuple[int, int]] = []
    for g, members in groups.items():
        etype = clusters[g].type
        longest = max(len(name_tokens(n)) for n in group_names[g])
        shorts = [n for n in group_names[g] if len(name_tokens(n)) == longest]
        cands: set[int] = set()
        for sname in shorts:
            sets = [word_index.get((etype, token_skeleton(t)), set()) for t in name_tokens(sname)]
            if sets:
                cands |= set.intersection(*sets)
            if etype == "PER":
                cands |= word_index.get(("PER", "tail", skeleton(sname)), set())
        cands.discard(g)
        if not cands or len(cands) > MAX_SHORT_FORM_CANDIDATES:
            continue
        # every name of the short group must fit the long one, so a group that
        # already joins two names cannot chain unrelated entities together
        fits = [h for h in cands
                if any(short_form_of(sn, n, etype) for sn in shorts for n in group_names[h])
                and all(any(short_form_of(x, n, etype) or same_name(x, n, etype) for n in group_names[h])
                        for x in group_names[g])]
        if not fits:
            continue
        if len(fits) > 1:
            fits = _disambiguate(g, fits, groups, clusters, cooc, uf)
        if len(fits) == 1:
            links.append((g, fits[0]))
    for g, h in links:
        uf.union(g, h)
    merged: dict[int, Cluster] = {}
    for i, c in enumerate(clusters):
        r = uf.find(i)
        if r not in merged:
            merged[r] = Cluster(type=c.type)
        merged[r].absorb(c)
    return list(merged.values())


def _disambiguate(g: int, fits: list[int], groups: dict[int, list[int]], clusters: list[Cluster],
                  cooc: list[set[int]], uf: _UnionFind) -> list[int]:
    """Among several full names a short name could be, keep the one whose
    roles and co-occurring entities agree best with the short name's; none if
    nothing singles one out."""
    def context(group: int) -> tuple[set[str], set[int]]:
        heads: set[str] = set()
        near: set[int] = set()
        for i in groups[group]:
            heads |= clusters[i].role_heads()
            near |= {uf.find(j) for j in cooc[i]}
        return heads, near

    heads, near = context(g)
    scored = []
    for h in fits:
        h_heads, h_near = context(h)
        scored.append((len(heads & h_heads) * 2 + len(near & h_near), h))
    scored.sort(reverse=True)
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return [scored[0][1]]
    return []


def entity_id(etype: str, name: str) -> str:
    """Stable id: the same type and canonical name give the same id."""
    return "E" + hashlib.sha1(f"{etype}:{compact_key(name)}".encode("utf-8")).hexdigest()[:10]


class EntityIndex:
    """Lookup of catalogue entities by name, for linking arguments that have
    no span (a speaker or actor written only as text)."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_key: dict[str, str] = {}
        counts: dict[str, int] = {}
        for e in entities:
            for alias, n in {**e.aliases, e.name: max(e.aliases.values(), default=1)}.items():
                k = compact_key(alias)
                # a surface shared by two entities goes to the one using it most
                if k and n > counts.get(k, -1):
                    self.by_key[k] = e.id
                    counts[k] = n
        self.keys_by_length = sorted(self.by_key, key=len, reverse=True)

    def lookup(self, text: str) -> str | None:
        k = compact_key(text)
        if not k:
            return None
        if k in self.by_key:
            return self.by_key[k]
        # a description holding a known name («وزير الخارجية الروسي سيرغي لافروف»):
        # the longest alias found as whole words inside it
        words = f" {' '.join(name_tokens(text))} "
        for e in self.entities:
            for alias in sorted(e.aliases, key=len, reverse=True):
                a = " ".join(name_tokens(alias))
                if len(a) >= 4 and f" {a} " in words:
                    return e.id
        return None


def link_argument(doc: Document, arg: Argument | None,
                  entities: "list[Entity] | EntityIndex") -> str | None:
    """Set and return ``arg.entity``: the entity of the resolved mention that
    overlaps the argument's span most, else the entity whose name the
    argument's text matches. Leaves an already set entity alone."""
    if arg is None:
        return None
    if arg.entity:
        return arg.entity
    if arg.start is not None and arg.end is not None:
        best, best_overlap = None, 0
        for m in doc.entities:
            if m.entity is None:
                continue
            overlap = min(m.end, arg.end) - max(m.start, arg.start)
            if overlap > best_overlap or (overlap == best_overlap and overlap > 0 and best is not None
                                          and m.label == "PER" and best.label != "PER"):
                best, best_overlap = m, overlap
        if best is not None:
            arg.entity = best.entity
            return arg.entity
    index = entities if isinstance(entities, EntityIndex) else EntityIndex(entities)
    if arg.text and not arg.attrs.get("anonymous"):
        arg.entity = index.lookup(arg.text)
    return arg.entity


class EntityResolver(CorpusComponent):
    """Builds ``corpus.entities`` and sets ``Mention.entity`` everywhere, then
    links quote speakers and event arguments to the catalogue."""

    name = "resolve_entities"
    requires = ("doc.entities",)
    optional = ("doc.quotes", "doc.events")
    assigns = ("corpus.entities", "doc.entities.entity", "doc.quotes.speaker.entity",
               "doc.events.arguments.entity")

    def process_corpus(self, corpus: Corpus) -> Corpus:
        clusters: list[Cluster] = []
        cooc: list[set[int]] = []
        for doc in corpus.documents:
            roles = find_roles(doc)
            for i, r in roles.items():
                doc.entities[i].attrs["role"] = r.text
            local = _document_clusters(doc, roles)
            first = len(clusters)
            clusters.extend(local)
            ids = set(range(first, len(clusters)))
            cooc.extend(ids - {i} for i in range(first, len(clusters)))
        merged = _merge_across(clusters, cooc)
        corpus.entities = self._catalogue(merged)
        index = EntityIndex(corpus.entities)
        for doc in corpus.documents:
            for q in doc.quotes:
                link_argument(doc, q.speaker, index)
            for ev in doc.events:
                for arg in (ev.actor, ev.recipient, ev.location):
                    link_argument(doc, arg, index)
        return corpus

    @staticmethod
    def _catalogue(merged: list[Cluster]) -> list[Entity]:
        entities: list[Entity] = []
        used: set[str] = set()
        for c in sorted(merged, key=lambda c: (-sum(c.names.values()), c.canonical)):
            name = c.canonical
            eid = entity_id(c.type, name)
            n = 2
            while eid in used:  # two entities with one name (kept apart on purpose)
                eid = f"{entity_id(c.type, name)}-{n}"
                n += 1
            used.add(eid)
            for m in c.mentions:
                m.entity = eid
            attrs: dict = {}
            if c.roles:
                attrs["roles"] = dict(c.roles.most_common())
            entities.append(Entity(id=eid, name=name, type=c.type, aliases=dict(c.names.most_common()),
                                   documents=list(c.documents), attrs=attrs))
        return entities
