"""Titles and roles in apposition to a person's name.

News names a person with a role beside the name: before it
(«وزير الخارجية الروسي سيرغي لافروف») or after a comma
(«محمد علوش، رئيس وفد المعارضة،»). The role is what a monitor needs to tell
two people with one surname apart and to describe a speaker, so it is kept as
an attribute of the mention and counted on the entity. Head words are data
(rasid/data/titles.txt).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.model import Document, Mention
from rasid.paths import ARTIFACTS
from rasid.link.names import strip_article
from rasid.text.normalize import normalize

# Punctuation that ends an apposition.
STOP_PUNCT = set("،,.:;؛!?؟«»\"“”()[]\n-–—")
# A role before a name is at most this many words long.
MAX_ROLE_TOKENS = 8
_WORD = re.compile(r"[^\s،,.:;؛!?؟«»\"“”()\[\]\-–—]+|[،,.:;؛!?؟«»\"“”()\[\]\-–—\n]")


@dataclass
class Role:
    """A role phrase found beside a mention: ``text`` is ``doc.text[start:end]``."""

    text: str
    start: int
    end: int
    position: str  # "before" | "after"


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    path = ARTIFACTS / "titles.txt"
    heads = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            heads.add(strip_article(normalize(line)))
    return frozenset(heads)


def _is_head(word: str) -> bool:
    w = normalize(word)
    heads = title_heads()
    if strip_article(w) in heads:
        return True
    # a conjunction or preposition glued before the head: ووزير, لرئيس
    return len(w) > 3 and w[0] in "وفلب" and strip_article(w[1:]) in heads


# A word the frequency lexicon has seen fewer times than this, without an
# article, just before a name is taken as part of the name (a transliterated
# given name: ستفان 0 times, while even لسوريا has 35).
RARE_WORD = 10


@lru_cache(maxsize=1)
def _person_name_words() -> frozenset[str]:
    """Native given names and transliterated words typed only PER (ANETAC)."""
    from rasid.link.names import native_names  # noqa: PLC0415
    from rasid.nlp.ner_features import read_name_words  # noqa: PLC0415

    return frozenset(native_names()) | {word for word, types in read_name_words().items() if types == "PER"}


def _given_name_word(word: str) -> bool:
    """Whether a word at the end of a role phrase, next to the name, is a
    given name the recogniser left out rather than part of the title."""
    from rasid.text.lexicon import frequency  # noqa: PLC0415

    w = normalize(word)
    if w.startswith("ال") or _is_head(word) or not w.isalpha() or w in RANK_ORDINALS:
        return False
    if w in _person_name_words() or w.replace("ة", "ه") in _person_name_words():
        return True
    # rare only because of a glued proclitic (كصوت): an ordinary word
    if w[0] in "وفبلك" and frequency(w[1:]) >= RARE_WORD:
        return False
    return frequency(w) < RARE_WORD


# Ordinals that complete a rank (الفريق أول، ملازم ثان), not given names.
RANK_ORDINALS = frozenset({"اول", "ثاني", "ثان", "ثالث"})

# Words after which the next word names a place (منطقة عسير), with or
# without the article or a glued preposition.
PLACE_DESIGNATORS = frozenset({"منطقه", "محافظه", "مدينه", "ولايه", "اماره", "بلده", "قريه", "حي", "مركز",
                               "مديريه", "اقليم", "جزيره", "عاصمه"})


def _place_word(word: str) -> bool:
    w = strip_article(normalize(word).replace("ة", "ه"))
    if w in PLACE_DESIGNATORS:
        return True
    return len(w) > 2 and w[0] in "وفبل" and strip_article(w[1:]) in PLACE_DESIGNATORS


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group())
            for m in _WORD.finditer(text[start:end])]


def _blocked(s: int, e: int, others: list[Mention]) -> bool:
    """A role phrase may not run over another person's name."""
    return any(o.label == "PER" and o.start < e and s < o.end for o in others)


def role_before(doc: Document, m: Mention, window_start: int, persons: list[Mention]) -> Role | None:
    """Nearest head word left of the name, extended over heads directly before
    it (نائب وزير الخارجية), with no punctuation between it and the name."""
    words = _words(doc.text, window_start, m.start)[-MAX_ROLE_TOKENS:]
    head_index = None
    for i in range(len(words) - 1, -1, -1):
        w = words[i][2]
        if w in STOP_PUNCT:
            break
        if _is_head(w):
            head_index = i
            while head_index > 0 and _is_head(words[head_index - 1][2]):
                head_index -= 1
            break
    if head_index is None:
        return None
    # the recogniser may leave a given name out of the span (ستفان in «...
    # لسوريا ستفان دي ميستورا»): it belongs to the name, not to the role
    last = len(words) - 1
    while last > head_index and _given_name_word(words[last][2]) and not _place_word(words[last - 1][2]):
        last -= 1
    s, e = words[head_index][0], words[last][1]
    if _blocked(s, e, persons):
        return None
    return Role(doc.text[s:e], s, e, "before")


def role_after(doc: Document, m: Mention, window_end: int, persons: list[Mention]) -> Role | None:
    """A head word right after «name،» or «name (»; the role runs to the next
    punctuation."""
    words = _words(doc.text, m.end, window_end)
    if len(words) < 2 or words[0][2] not in {"،", ",", "("} or not _is_head(words[1][2]):
        return None
    span = []
    for w in words[1:MAX_ROLE_TOKENS + 2]:
        if w[2] in STOP_PUNCT:
            break
        span.append(w)
    if not span:
        return None
    s, e = span[0][0], span[-1][1]
    if _blocked(s, e, persons):
        return None
    return Role(doc.text[s:e], s, e, "after")


def find_roles(doc: Document) -> dict[int, Role]:
    """Roles of the PER mentions of ``doc``, keyed by index in ``doc.entities``."""
    persons = [m for m in doc.entities if m.label == "PER"]
    out: dict[int, Role] = {}
    for i, m in enumerate(doc.entities):
        if m.label != "PER":
            continue
        sent = doc.sentence_index_at(m.start) if doc.sentences else None
        lo = doc.sentences[sent].start if sent is not None else max(0, m.start - 200)
        hi = doc.sentences[sent].end if sent is not None else min(len(doc.text), m.end + 200)
        others = [p for p in persons if p is not m]
        role = role_before(doc, m, lo, others) or role_after(doc, m, hi, others)
        if role is not None:
            out[i] = role
    return out


def role_head(role_text: str) -> str:
    """The normalised head word of a role (for comparing roles)."""
    for w in role_text.split():
        if _is_head(w):
            return strip_article(normalize(w))
    return ""
