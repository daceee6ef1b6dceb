"""Actor coding: CAMEO-style codes (country plus sector, e.g. ``SYR GOV``,
``RUS MIL``) for argument phrases, from the UniversalPetrarch Arabic actor and
agent dictionaries (extracted into rasid/data/actors.tsv.gz by
scripts/build_event_lexicon.py).

Why a token-key match: the dictionaries list lemma-like phrases without the
article (وزير_خارجية_روسي), while news writes inflected forms (وزير الخارجية
الروسي, السوريين); each token is reduced to a key (normalised, proclitics off,
taa marbuta and nisba plurals folded) before phrase lookup.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache

from rasid.paths import ARTIFACTS

MAX_PHRASE = 4
# Plural/feminine endings folded to the nisba singular: السوريين -> سوري.
_NISBA_PLURALS = ("يين", "يون", "يه")
_PLURALS = ("ين", "ون", "ات")


@dataclass
class ActorMatch:
    """A dictionary phrase found at tokens [first, last] with its code."""

    first: int
    last: int
    code: str


@lru_cache(maxsize=1)
def actor_table() -> tuple[dict[str, str], frozenset[str]]:
    """Phrase -> code, and the vocabulary of words used in phrases."""
    table: dict[str, str] = {}
    with gzip.open(ARTIFACTS / "actors.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            phrase, code = line.rstrip("\n").split("\t", 1)
            key = " ".join(_fold(w) for w in phrase.split())
            table.setdefault(key, code)
    vocab = frozenset(w for k in table for w in k.split())
    return table, vocab


def _fold(word: str) -> str:
    if len(word) > 3 and word.endswith("ه"):
        word = word[:-1]
    return word


@lru_cache(maxsize=100_000)
def token_key(bare: str) -> str:
    """The dictionary word a token stands for, or its folded form."""
    table, vocab = actor_table()
    word = _fold(bare)
    if word in table:
        return word
    for suf in _NISBA_PLURALS:
        if word.endswith(suf) and len(word) - len(suf) >= 3 and word[: -len(suf)] + "ي" in vocab:
            return word[: -len(suf)] + "ي"
    for suf in _PLURALS:
        if word.endswith(suf) and len(word) - len(suf) >= 3 and word[: -len(suf)] in vocab:
            return word[: -len(suf)]
    return word  # in a phrase as written, or unknown


def find_actors(keys: list[str]) -> list[ActorMatch]:
    """Longest dictionary phrases over a token-key sequence, left to right."""
    table, _ = actor_table()
    out: list[ActorMatch] = []
    i = 0
    while i < len(keys):
        for n in range(min(MAX_PHRASE, len(keys) - i), 0, -1):
            code = table.get(" ".join(keys[i:i + n]))
            if code and (n > 1 or len(keys[i]) >= 3):
                out.append(ActorMatch(i, i + n - 1, code))
                i += n
                break
        else:
            i += 1
    return out


def combine_codes(codes: list[str]) -> str | None:
    """Merge the codes of adjacent phrases: ['MIL', 'SYR'] -> 'SYR MIL'."""
    country = sector = None
    for code in codes:
        parts = code.split()
        if len(parts) == 2:
            country = country or parts[0]
            sector = sector or parts[1]
        elif len(code) == 3 and code.isalpha():
            # Three-letter codes are countries unless they are known sectors.
            if code in SECTORS:
                sector = sector or code
            else:
                country = country or code
    if country and sector:
        return f"{country} {sector}"
    return country or sector


def code_for_text(keys: list[str]) -> str | None:
    """Code for an argument's token keys (all phrases found inside it)."""
    return combine_codes([m.code for m in find_actors(keys)])


SECTORS = frozenset({"GOV", "MIL", "COP", "REB", "OPP", "CVL", "BUS", "MED", "EDU", "JUD", "LEG", "IGO", "NGO",
                     "IMG", "UAF", "REF", "AGR", "LAB", "HLH", "ELI", "PTY", "SPY", "CRM", "ENV", "REL", "MOD",
                     "RAD", "INS", "SEP", "DEV", "HRI", "NGM", "UNR", "UIS", "USR", "SET"})
