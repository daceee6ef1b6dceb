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
   (rasid.link.names) and are of one type, and only if no full name of one
   conflicts with a full name of the other (no chaining A~B~C unless A~C); a
   cluster known only by a short name joins a corpus entity only if exactly
   one candidate fits, and for a person only by the surname (a bare given
   name stays in its document).

Precision rules (issue 3): a patronymic chain (بن/آل/أبو) is part of the
name, never a surname alone; honorifics (الملك، الأمير, rasid/data/
honorifics.txt) are peeled off before comparing and never link; types never
mix; short place and organisation names (< 6 letters) match only when equal
after normalisation (المنيا ≠ ألمانيا); mentions are trimmed of punctuation
and function words and dropped when nothing name-like is left
(``clean_mentions``), so canonical names are well-formed.

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

from rasid.link.mentions import clean_mentions
from rasid.link.names import (PATRONYMIC_PARTICLES, compact_key, compare_names, cross_script_match, cross_skeleton,
                              is_latin_name, name_tokens, native_names, person_core_text, skeleton, strip_article,
                              surface_words, token_skeleton, tokens_match)
from rasid.link.roles import find_roles
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
    if etype == "PER" and ts and tl and _nisba_pair(ts[-1], tl[-1]):
        return False
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
        if all(t in LOC_DESIGNATORS for t in ts):
            return False  # a bare محافظة or مدينة names no particular place
        # find where the short name sits in the long one
        for i in range(len(tl) - len(ts) + 1):
            window, ks = compact_key(" ".join(tl[i:i + len(ts)])), compact_key(" ".join(ts))
            if window == ks or _long_enough_for_fuzzy_place(window, ks) and \
                    compare_names(" ".join(tl[i:i + len(ts)]), " ".join(ts)).score >= 0.97:
                before, after = tl[:i], tl[i + len(ts):]
                # an adjective after a place is definite (كوباني السورية);
                # a bare word ending in ي is another name (لوس أنجليس جالاكسي)
                written = surface_words(long)
                definite = len(written) == len(tl) and all(w.startswith("ال") for w in written[i + len(ts):])
                if all(t in LOC_DESIGNATORS for t in before) and definite and \
                        all(nisba_stem(t) is not None for t in after):
                    return True
        return False
    if etype == "PER":
        return _person_short_form(short, long)
    # ORG / MISC: the short form must keep the long form's head (first word) or
    # be its distinctive end (جبهة النصرة -> النصرة); a lone generic word in
    # the middle of a long name is not a reference to it.
    # Its words must be one stretch of the long name: الاتحاد الأوروبي is
    # not «اتحاد الطاقة الأوروبي».
    positions = _aligned_positions(ts, tl)
    if positions is None or positions != list(range(positions[0], positions[0] + len(ts))):
        return False
    if compare_names(ts[-1], tl[-1]).score >= 0.97:
        return True  # the distinctive end: النصرة of جبهة النصرة
    if compare_names(ts[0], tl[0]).score < 0.97:
        return False
    # the head alone: سامسونج of سامسونج للإلكترونيات, but not a common noun
    # that heads many names (الجيش، الأهلي، البنك)
    return len(ts) > 1 or _word_frequency(short) < GENERIC_HEAD_FREQUENCY


# A one-word head seen this often in the news lexicon (rasid.text.lexicon) is
# a common noun (الجيش 1,000s) rather than a brand or a club's own name.
GENERIC_HEAD_FREQUENCY = 1000


def _word_frequency(word: str) -> int:
    from rasid.text.lexicon import frequency  # noqa: PLC0415 - loads the lexicon on first use

    return frequency(word.strip())


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
    if name_tokens(short)[:1] == ("ال",):
        return False  # a family name alone (آل سعود) is no one's short form
    written = surface_words(long)
    if len(name_tokens(short)) == 1 and written and _has_article(short) != _has_article(written[-1]):
        return False  # فيصل is not the الفيصل of سعود الفيصل
    # a tail starting after بن/آل/أبو is a father's or family name, not a surname
    return any(compare_names(" ".join(tl[k:]), short).score >= 0.97 for k in range(1, len(tl))
               if tl[k - 1] not in PATRONYMIC_PARTICLES and _surname_tail(tl[k:]))


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
    if positions is None or not _keeps_patronymic_chains(ts, tl, positions) \
            or _nisba_pair(ts[-1], tl[positions[-1]]):
        return False
    if len(ts) == 1 and len(words) == len(tl) and _has_article(short) != _has_article(words[positions[0]]):
        return False  # فيصل is not the الفيصل of سعود الفيصل (his father was فيصل)
    if positions[-1] == len(tl) - 1:
        if len(ts) == 1 and ts[0] in COMPOUND_ENDS:
            return False  # النبي of جمال حسب النبي is half a name
        return positions[0] == 0 or _surname_tail(ts)
    given_first = positions == list(range(len(ts))) and words and not words[0].startswith("ال")
    return bool(given_first)


@lru_cache(maxsize=500_000)
def surname_form_of(short: str, long: str) -> bool:
    """``short`` refers to the person ``long`` by the surname end (علوش,
    دي ميستورا), the form that may link across documents; a given name alone
    (جورج، محمد) is left to the document that wrote both."""
    if not short_form_of(short, long, "PER"):
        return False
    ts, tl = name_tokens(short), name_tokens(long)
    positions = _aligned_positions(ts, tl)
    if positions is None:
        return True  # a surname with its particle glued or split
    # the surname end, or more than the given name (محمد بن فهد for محمد بن فهد بن عبدالعزيز)
    return positions[-1] == len(tl) - 1 or len(ts) > 1


# Particles that begin a foreign surname (دي ميستورا، دا سيلفا، فان دايك).
SURNAME_PARTICLES = frozenset({"دي", "دا", "دو", "ديل", "فان", "فون", "لا", "لو", "سان", "مك", "ماك"})
# Second words of compound names (الجار الله، نور الدين): one name in two words.
COMPOUND_ENDS = frozenset({"له", "دين", "نبي", "رحمن", "رسول"})


def _surname_tail(ts: tuple[str, ...]) -> bool:
    """Whether the words ``ts`` ending a longer name can be a surname on their
    own: one word, or a particle surname (دي ميستورا، أبو رأس، عبد الرحمن)
    or a compound (الجار الله). Two plain words after a given name are the
    father's name and the family (عبدالله سالم القرني -> سالم القرني is the
    father), not a short form of the son."""
    if len(ts) == 1:
        return True
    if ts[0] == "عبد":  # عبد الرحمن is one name; عبدالله العمري is the father and the family
        return len(ts) == 2
    if ts[0] in PATRONYMIC_PARTICLES or ts[0] in SURNAME_PARTICLES:
        return True
    return len(ts) == 2 and ts[1] in COMPOUND_ENDS


def _keeps_patronymic_chains(ts: tuple[str, ...], tl: tuple[str, ...], positions: list[int]) -> bool:
    """A short form may drop whole links of a patronymic chain (زياد البازعي
    for زياد بن عبد المحسن البازعي) but not start or resume inside one: the
    word after بن/آل/أبو names a father or a family, so سلطان الشريف is not
    ناصر بن سلطان الشريف, فهد بن عبد العزيز is not فهد بن سلطان بن عبد العزيز,
    and a family name alone (آل سعود) is no one's short form."""
    if ts[0] == "ال":
        return False
    if positions[0] > 0 and tl[positions[0] - 1] in PATRONYMIC_PARTICLES:
        return False
    for k in range(1, len(positions)):
        if positions[k] > positions[k - 1] + 1:  # words skipped before ts[k]
            if ts[k] in PATRONYMIC_PARTICLES or tl[positions[k] - 1] in PATRONYMIC_PARTICLES:
                return False
    return True


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
    if etype == "PER" and len(name_tokens(a)) == 1 == len(name_tokens(b)) and _has_article(a) != _has_article(b):
        return False  # جمال (a given name) is not الجمال (a family)
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
    if etype in ("LOC", "ORG") and not _long_enough_for_fuzzy_place(ka, kb):
        return False  # آبل is not أوبل, المنيا is not ألمانيا
    if etype == "PER" and _nisba_pair(ta[-1], tb[-1]):
        return False
    if etype == "PER" and len(ta) == len(tb) and any(
            (x in native_names() or y in native_names()) and not tokens_match(x, y) for x, y in zip(ta, tb)):
        return False  # عبدالله حسون / عبدالله حسين: a known name differs
    return compare_names(a, b).score >= threshold


def _has_article(name: str) -> bool:
    word = normalize(name).split()[0] if name.split() else ""
    return word != strip_article(word)


def _nisba_pair(x: str, y: str) -> bool:
    """A family name and its nisba are two families (زهران/الزهراني)."""
    return x + "ي" == y or y + "ي" == x


# Place names shorter than this (compact key) match only when equal after
# normalisation: one letter tells المنيا from ألمانيا, مالي from مالطا.
MIN_FUZZY_PLACE = 6


def _long_enough_for_fuzzy_place(ka: str, kb: str) -> bool:
    """Spelling variants of a place (أستانا/أستانة) are accepted only for
    names long enough that a letter's difference is spelling, and that begin
    with the same letter (an article stripped from ألمانيا leaves مانيا)."""
    return min(len(ka), len(kb)) >= MIN_FUZZY_PLACE and ka[0] == kb[0]


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
    # a capital spelled like a country (عمان = Amman and عُمان = Oman, «سلطنة
    # عمان») cannot stand for one country without vowel marks
    countries = {w for c in set(out.values()) for w in (compact_key(c), *name_tokens(c))}
    return {k: v for k, v in out.items() if k not in countries}


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
    ترفض، أعلنت أنقرة، حلفاء دمشق), None when it is a place (في موسكو,
    محادثات أستانة, العاصمة الكازاخية أستانا).

    A capital after a speech/stance verb is the government. Elsewhere it is
    the government unless the words around make it a place: a locative word
    before it, an apposition to «العاصمة» (the text is presenting the city),
    or a clause opened by the capital with no verb after it (a heading
    «أستانة.. منجزات» names the venue; «موسكو ترفض» is the government)."""
    if m.label != "LOC":
        return None
    country = capitals().get(compact_key(m.text))
    if country is None:
        return None
    if name_tokens(m.text) and m.text[:1] in "بل" and compact_key(m.text[1:]) in capitals():
        return None  # بأستانا, لموسكو: a place
    before = doc.text[max(0, m.start - 40):m.start].split()
    after = doc.text[m.end:m.end + 30].split()
    verb_after = bool(after) and after[0][:1].isalpha() and _is_verb_after(after[0])
    if not before or before[-1][-1:] in "«»\"“”'.:،,(–-":
        # clause start: «موسكو ترفض» vs a heading «أستانة.. منجزات»; the verb
        # cues are Arabic, so a Latin-script capital keeps the actor reading
        return country if verb_after or is_latin_name(m.text) else None
    if _is_actor_verb_before(before[-1]):
        return country
    toks = name_tokens(before[-1])
    prev = toks[-1] if toks else ""
    # the word before may carry a conjunction or preposition: ومباحثات، لمؤتمر
    if prev in LOCATIVE_BEFORE or (len(prev) > 3 and prev[0] in "وفلب" and
                                   strip_article(prev[1:]) in LOCATIVE_BEFORE):
        return None
    # «العاصمة الكازاخية أستانا», «العاصمة الروسية موسكو»: the city presented
    if len(before) >= 2 and strip_article(" ".join(name_tokens(before[-2]))) == "عاصمه":
        return None
    return country


# Perfect-tense words ending in ت that are not verbs (تحت "under", وقت "time").
_NOT_FEMININE_VERBS = frozenset({"تحت", "وقت", "بيت", "ذات", "صوت", "موت", "ثبت", "سبت", "بات"})


def _is_actor_verb_before(word: str) -> bool:
    """A verb whose subject follows it: a speech/stance cue (أعلنت، نفت) or a
    third-person feminine perfect (رفضت، استضافت) - a capital is feminine."""
    norm = normalize(word)
    bare = norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm
    if norm in actor_verbs() or bare in actor_verbs():
        return True
    return (bare.endswith("ت") and not bare.endswith(("ات", "يت", "وت")) and 4 <= len(bare) <= 7
            and not bare.startswith("ال") and bare not in _NOT_FEMININE_VERBS)


def _is_verb_after(word: str) -> bool:
    """A verb whose subject comes before it: a speech cue (قالت) or an imperfect
    with the feminine prefix ت (موسكو ترفض، أنقرة تتهم)."""
    norm = normalize(word)
    bare = norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm
    if norm in actor_verbs() or bare in actor_verbs():
        return True
    return bare.startswith("ت") and len(bare) >= 4 and not bare.endswith(("ه", "ات"))


@lru_cache(maxsize=1)
def actor_verbs() -> frozenset[str]:
    """Speech and stance verbs (normalised) from rasid/data/quote_cues.json."""
    import json
    cues = json.loads((ARTIFACTS / "quote_cues.json").read_text(encoding="utf-8"))
    words = (set(cues["cue_stems"]) | set(cues["object_cues"]) | set(cues["prepositional_cues"])
             | set(cues["attribution_verbs"]))
    return frozenset(normalize(w) for w in words if " " not in w)


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
            # a person is matched by the name without honorifics: titles
            # describe a person, they never identify one (الملك سلمان = سلمان)
            own = person_core_text(m.text) if m.label == "PER" else m.text
            match_of[i] = country or forces.get(m.text) or own
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


def _merge_across(clusters: list[Cluster]) -> list[Cluster]:
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
    # (a) full names that match. Only each cluster's fullest names are
    # compared: a shared short form (سواريز in one article about لويس سواريز
    # and in another about ماريو سواريز) is no evidence that two full names
    # are one; bare short forms are left to (b), which needs one candidate.
    full = [_full_names(n) for n in names]
    group_full: dict[int, list[str]] = {i: full[i] for i in range(len(clusters))}

    def union_if_compatible(i: int, j: int, etype: str) -> bool:
        """Join two groups only if every full name of one agrees with every
        full name of the other: A~B and B~C do not chain A to C unless A~C."""
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            return True
        if not _compatible(group_full[ri], group_full[rj], etype):
            return False
        uf.union(ri, rj)
        r = uf.find(ri)
        group_full[r] = _full_names(list({compact_key(n): n for n in group_full[ri] + group_full[rj]}.values()))
        return True

    for i, c in enumerate(clusters):
        # candidates in document order: the gated union depends on order, and
        # set order would change with the hash seed from run to run
        for j in sorted({j for k in keys_of[i] for j in index[k] if j > i}):
            if uf.find(i) == uf.find(j):
                continue
            # people and organisations by their full names only (a shared
            # short form, سواريز or الاتحاد الأوروبي, is no evidence);
            # places by any name, since their groups gather equivalents
            # and adjectives (أمريكا، الولايات المتحدة، أمريكيون)
            ni, nj = (names[i], names[j]) if c.type == "LOC" else (full[i], full[j])
            if c.type == "PER" and (_bare_given_name(full[i]) or _bare_given_name(full[j])):
                continue  # خالد in one article and خالد in another: two people, maybe
            if any(same_name(a, b, c.type) for a in ni for b in nj):
                union_if_compatible(i, j, c.type)
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
                if any(_cross_short_form(sn, n, etype) for sn in shorts for n in group_names[h])
                and all(any(_cross_short_form(x, n, etype) or same_name(x, n, etype) for n in group_names[h])
                        for x in group_names[g])]
        # two full names share the short form: it is ambiguous, left alone
        # (roles or neighbours are not enough: two princes share both)
        if len(fits) == 1:
            links.append((g, fits[0]))
    for g, h in links:
        rg, rh = uf.find(g), uf.find(h)
        if rg == rh:
            continue
        # the target may have grown through another link: every name of the
        # short group must still fit one of its full names (no chaining)
        if all(any(short_form_of(x, n, etype) or same_name(x, n, etype) for n in group_full[rh])
               for x in group_names[g] for etype in (clusters[g].type,)):
            uf.union(rg, rh)
            group_full[uf.find(rg)] = group_full[rh]
    merged: dict[int, Cluster] = {}
    for i, c in enumerate(clusters):
        r = uf.find(i)
        if r not in merged:
            merged[r] = Cluster(type=c.type)
        merged[r].absorb(c)
    return list(merged.values())


# How many times more mentions the dominant type needs before a differently
# typed cluster of the same name joins it (issue 3: أستانا LOC x10 vs PER x1).
TYPE_DOMINANCE = 2
# ORG and LOC share many names for real (روما the city and the club, ليون,
# موناكو): between them the majority must be overwhelming.
ORG_LOC_DOMINANCE = 5


def _type_key(name: str) -> str:
    """A strict spelling key for names across types: the compact key with a
    final ه (ة) read as ا (أستانا = أستانة = الأستانة). Looser rules (nisba,
    fuzzy surnames) would join سعود to السعودية or البلوشي to البلوشية."""
    key = compact_key(name)
    return key[:-1] + "ا" if len(key) > 3 and key[-1] == "ه" else key


def _agree_types(merged: list[Cluster]) -> list[Cluster]:
    """Pass 3: one name, one type. The recogniser types the same place or
    person differently from mention to mention (أستانا LOC in most articles,
    PER or ORG in one; الأستانة MISC), and passes 1-2 never mix types, so
    the entity splits. A cluster joins the largest differently typed cluster
    spelled the same (_type_key) when that one has at least TYPE_DOMINANCE
    times the mentions of it and of every other such cluster.

    A minority person never moves when it has a role, a name of two words or
    more, or a native given name (تركي, سعود, ناصر are people as often as
    they echo a place)."""
    keys = [{_type_key(n) for n in c.names} - {""} for c in merged]
    index: dict[str, set[int]] = defaultdict(set)
    for i, ks in enumerate(keys):
        for k in ks:
            index[k].add(i)
    native = native_names()
    absorbed: set[int] = set()
    # smallest first: a target has more mentions, so it is visited later and
    # still stands when a smaller cluster joins it
    for i in sorted(range(len(merged)), key=lambda i: (len(merged[i].mentions), i)):
        c = merged[i]
        if c.type == "PER" and (c.roles or any(len(name_tokens(n)) != 1 or name_tokens(n)[0] in native
                                               for n in c.names)):
            continue
        fits = sorted({j for k in keys[i] for j in index[k]
                       if j != i and j not in absorbed and merged[j].type != c.type})
        if not fits:
            continue
        # the others sharing the name (PER أستانا, MISC الأستانة) are minorities
        # too: the target must dominate each of them, and be alone in its type
        target = max(fits, key=lambda j: (len(merged[j].mentions), -j))
        rivals = [len(merged[j].mentions) for j in fits if j != target]
        need = ORG_LOC_DOMINANCE if {c.type, merged[target].type} == {"ORG", "LOC"} else TYPE_DOMINANCE
        if len(merged[target].mentions) < need * max([len(c.mentions), *rivals]) or \
                any(merged[j].type == merged[target].type for j in fits if j != target):
            continue
        merged[target].absorb(c)
        absorbed.add(i)
    return [c for i, c in enumerate(merged) if i not in absorbed]


def _bare_given_name(full: list[str]) -> bool:
    """A person known only by one native given name without the article
    (خالد، محمد): too common to join across documents by itself."""
    return all(len(name_tokens(n)) == 1 and not _has_article(n) and name_tokens(n)[0] in native_names()
               for n in full)


def _cross_short_form(short: str, long: str, etype: str) -> bool:
    """Short forms that may link documents: for a person only the surname."""
    return surname_form_of(short, long) if etype == "PER" else short_form_of(short, long, etype)


def _full_names(names: list[str]) -> list[str]:
    """The names with the most words: what a group's other names shorten."""
    if not names:
        return []
    longest = max(_word_count(n) for n in names)
    return [n for n in names if _word_count(n) == longest]


def _word_count(name: str) -> int:
    """Words of a name; a Latin name's article (al-, el-) is not a word."""
    return len(cross_skeleton(name)) if is_latin_name(name) else len(name_tokens(name))


def _compatible(a: list[str], b: list[str], etype: str) -> bool:
    """No full name of ``a`` conflicts with one of ``b``: two names of more
    than one word that are neither spellings of one name nor a short and a
    full form of one (لويس سواريز / ماريو سواريز, الدولار الأمريكي / الدولار
    النيوزيلندي). One-word names (أمريكا، روسي) are the equivalents and
    adjectives a group gathers and do not block."""
    return not any(_conflict(x, y, etype) for x in a for y in b)


@lru_cache(maxsize=500_000)
def _conflict(x: str, y: str, etype: str) -> bool:
    if len(name_tokens(x)) < 2 or len(name_tokens(y)) < 2:
        return False
    return not (same_name(x, y, etype) or short_form_of(x, y, etype) or short_form_of(y, x, etype))


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
        # alias word sequence -> (catalogue rank, entity id): the best-known
        # entity wins when a description holds aliases of several
        self.by_words: dict[tuple[str, ...], tuple[int, str]] = {}
        self.longest = 1
        for rank, e in enumerate(entities):
            for alias in e.aliases:
                words = name_tokens(alias)
                if len(" ".join(words)) >= 4 and words not in self.by_words:
                    self.by_words[words] = (rank, e.id)
                    self.longest = max(self.longest, len(words))

    def lookup(self, text: str) -> str | None:
        k = compact_key(text)
        if not k:
            return None
        if k in self.by_key:
            return self.by_key[k]
        # a description holding a known name («وزير الخارجية الروسي سيرغي لافروف»):
        # an alias found as whole words inside it (every word span is looked up,
        # not every alias scanned: speakers are many and catalogues large)
        words = name_tokens(text)
        hits = [self.by_words[words[i:j]] for i in range(len(words))
                for j in range(i + 1, min(len(words), i + self.longest) + 1) if words[i:j] in self.by_words]
        return min(hits)[1] if hits else None


def link_argument(doc: Document, arg: Argument | None,
                  entities: "list[Entity] | EntityIndex") -> str | None:
    """Set and return ``arg.entity``: the entity of the resolved mention that
    overlaps the argument's span most, else the entity whose name the
    argument's text matches. Leaves an already set entity alone."""
    if arg is None:
        return None
    if arg.entity:
        return arg.entity
    if _link_person_span(doc, arg, entities):
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


def _link_person_span(doc: Document, arg: Argument, entities: "list[Entity] | EntityIndex") -> bool:
    """A title speaker («وزير الخارجية») whose person the quote extractor found
    where the title introduces a name («وزير الخارجية عادل الجبير», here or
    earlier in the document) carries attrs["person_span"]: the speaker is that
    person, not the ministry whose mention overlaps the title. Link the PER
    mention inside the person span, else the entity the person's text names."""
    span = arg.attrs.get("person_span")
    if not (isinstance(span, (list, tuple)) and len(span) == 2):
        return False
    ps, pe = span
    # the person must be introduced by this very title somewhere («وزير
    # الخارجية عادل الجبير»): the extractor's role memory also pairs a title
    # with a person named after another title (خادم الحرمين → a king met)
    title = " ".join(arg.text.split())
    if not (0 <= ps < pe <= len(doc.text)) or not title or \
            not " ".join(doc.text[max(0, ps - len(arg.text) - 8):ps].split()).endswith(title):
        return False
    inside = [m for m in doc.entities
              if m.entity is not None and m.label == "PER" and min(m.end, pe) - max(m.start, ps) > 0]
    if inside:
        arg.entity = max(inside, key=lambda m: (min(m.end, pe) - max(m.start, ps), -m.start)).entity
        return True
    person = arg.attrs.get("person") or doc.text[ps:pe]
    index = entities if isinstance(entities, EntityIndex) else EntityIndex(entities)
    arg.entity = index.lookup(person) if person else None
    return arg.entity is not None


class EntityResolver(CorpusComponent):
    """Builds ``corpus.entities`` and sets ``Mention.entity`` everywhere, then
    links quote speakers and event arguments to the catalogue."""

    name = "resolve_entities"
    requires = ("doc.entities",)
    optional = ("doc.quotes", "doc.events")
    # doc.entities too: mentions with debris at their edges are trimmed and
    # those with nothing name-like left are dropped (clean_mentions)
    assigns = ("corpus.entities", "doc.entities", "doc.entities.entity", "doc.quotes.speaker.entity",
               "doc.events.arguments.entity")

    def process_corpus(self, corpus: Corpus) -> Corpus:
        clusters: list[Cluster] = []
        for doc in corpus.documents:
            clean_mentions(doc)
            roles = find_roles(doc)
            for i, r in roles.items():
                doc.entities[i].attrs["role"] = r.text
            local = _document_clusters(doc, roles)
            clusters.extend(local)
        merged = _agree_types(_merge_across(clusters))
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
