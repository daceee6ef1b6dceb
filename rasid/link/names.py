"""Name forms and name similarity for entity resolution.

Arabic news spells the same foreign name many ways (سيرغي/سيرجي/سيرگي لافروف,
ستافان/ستيفان دي ميستورا/ديمستورا, أستانا/أستانة/الأستانة), while native
names that look alike are different names (محمد/محمود, حسن/حسين). So a name
is compared at three strengths:

- ``name_key``: matching normalisation (rasid.text.normalize), article and
  article-bearing proclitics stripped per token (للأمم المتحدة -> امم متحده);
- ``skeleton``: the key without spaces and long vowels (ا و ي), with the
  letters transliteration confuses folded into one class (g: غ ج گ ق,
  ط -> ت, ص -> س, ڤ -> ف, پ -> ب), so glued/split particles and vowel
  spellings compare equal;
- ``name_similarity``: a score in [0, 1] from rapidfuzz over those forms, for
  the remaining variants (tuned on JRC-Names pairs, bench/aliases.py).

Tokens that are both known native given names (a list derived from the
ANERGazet person gazetteer, rasid/data/native_names.txt) only match exactly:
their vowels are part of the name.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from rasid.paths import ARTIFACTS
from rasid.text.normalize import normalize, normalize_alef, remove_diacritics

# Letters outside the core Arabic alphabet that Persian, Urdu and Kurdish
# spellings of names use (JRC-Names pairs hold many), folded to Arabic ones.
EXTENDED_LETTERS = str.maketrans({
    "ۆ": "و", "ۇ": "و", "ۊ": "و", "ێ": "ي", "ې": "ي", "ے": "ي", "ۍ": "ي",
    "ە": "ه", "ھ": "ه", "ہ": "ه", "ۀ": "ه", "ة": "ه", "ٹ": "ت", "ٽ": "ت",
    "ڈ": "د", "ڑ": "ر", "ژ": "ز", "ں": "ن", "ڵ": "ل", "ڕ": "ر", "ٿ": "ت",
})
# Transliteration classes: letters used for the same foreign sound.
TRANSLIT_CLASSES = str.maketrans({
    "غ": "ج", "گ": "ج", "ڠ": "ج", "ق": "ج",  # g
    "ط": "ت",  # t
    "ص": "س",  # s
    "ض": "د",  # d
    "ظ": "ز", "ذ": "ز",  # z
    "ڤ": "ف", "ۋ": "ف",  # v
    "پ": "ب",  # p
    "چ": "ش",  # ch (also written تش)
    "ث": "س",  # th as s
})
LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None, "ى": None, "ء": None, "ٔ": None})
# Article and proclitic+article sequences (rasid.text.clitics), longest first.
ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "فكال", "فلل", "ولل", "وال", "فال", "بال", "كال", "لل", "ال")
MIN_STEM = 2
# The servant-of prefix of theophoric names, glued to the article (عبدالله).
GLUED_ABD = "عبدال"
# Highest score for two names with as many words whose words do not all match.
UNALIGNED_CAP = 0.8
_NON_LETTER = re.compile(r"[^\w\s]|_")


def strip_article(token: str) -> str:
    """Drop the article (and a conjunction/preposition before it) from a
    normalised token; a lone ل/و is kept because it may be the name's own letter
    (لافروف, وليد)."""
    for pre in ARTICLE_PREFIXES:
        if token.startswith(pre) and len(token) - len(pre) >= MIN_STEM:
            return token[len(pre):]
    return token


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Normalised, article-free tokens of a name (punctuation dropped)."""
    norm = normalize(text).translate(EXTENDED_LETTERS)
    norm = _NON_LETTER.sub(" ", norm)
    out: list[str] = []
    for t in norm.split():
        # عبدالعزيز is written glued or split (عبد العزيز): one form for both
        if t.startswith(GLUED_ABD) and len(t) - len(GLUED_ABD) >= MIN_STEM:
            out.append("عبد")
            t = t[len("عبد"):]
        out.append(strip_article(t))
    return tuple(out)


def name_key(text: str) -> str:
    """Space-joined ``name_tokens``: equal keys are the same name."""
    return " ".join(name_tokens(text))


@lru_cache(maxsize=200_000)
def compact_key(text: str) -> str:
    """``name_key`` without spaces: glued and split particles compare equal
    (عبد الله/عبدالله, الأمم المتحدة/الأممالمتحدة)."""
    return "".join(name_tokens(text))


def _fold(s: str) -> str:
    return s.translate(EXTENDED_LETTERS).translate(TRANSLIT_CLASSES)


def _dedupe_letters(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=200_000)
def token_skeleton(token: str) -> str:
    """Consonant skeleton of one normalised token (first letter kept even if a
    vowel letter, so ايران keeps its onset)."""
    folded = _fold(token)
    if not folded:
        return ""
    return _dedupe_letters(folded[0] + folded[1:].translate(LONG_VOWELS))


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """Consonant skeleton of a whole name, spaces removed."""
    return _dedupe_letters(_fold("".join(name_tokens(text))).translate(LONG_VOWELS))


_NATIVE: frozenset[str] | None = None


def native_names() -> frozenset[str]:
    """Native Arabic given names/surnames (normalised, article-free); loaded once."""
    global _NATIVE
    if _NATIVE is None:
        path = ARTIFACTS / "native_names.txt"
        words: set[str] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    words.update(name_tokens(line))
        _NATIVE = frozenset(w for w in words if len(w) >= 3)
    return _NATIVE


def tokens_match(a: str, b: str) -> bool:
    """Whether two normalised, article-free tokens are spellings of one name part."""
    if a == b:
        return True
    native = native_names()
    if a in native and b in native:
        return False  # محمد/محمود, حسن/حسين: different names
    if (a in native or b in native) and not _drops_vowel_letters(_fold(a), _fold(b)):
        # a known name and a near miss that changes a letter (حسين/حسون) are
        # two names; dropping long vowels is spelling (رومان/رومن, دانييل/دانيل)
        return False
    # a native name plus the nisba ending is another family (زهران/الزهراني)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long == short + "ي" and short in native:
        return False
    sa, sb = token_skeleton(a), token_skeleton(b)
    # Spelling variants differ by a letter or two (ستافان/ستيفان, ميستورا/مستورا);
    # more vowel edits make another name with the same consonants
    # (سلمان/سليماني, سالم/سليم).
    edits = Levenshtein.distance(_fold(a), _fold(b))
    if edits > max(1, min(len(a), len(b)) // 6):
        return False
    # a two-letter skeleton is too common (قوات/غيتي) to be evidence alone
    # two consonants say little: then the spellings must also be as long
    # (مون is not مومن, مومني is not مومن)
    if sa == sb and (len(sa) >= 3 or len(a) == len(b) and fuzz.ratio(_fold(a), _fold(b)) >= 75):
        return True
    # long foreign tokens: one consonant of slack (فيرشينين/فيرشنين, كورتس/كورتز)
    if min(len(sa), len(sb)) >= 4 and fuzz.ratio(sa, sb) >= 85:
        return True
    return False


def _drops_vowel_letters(a: str, b: str) -> bool:
    """Whether the shorter string is the longer one less some ا و ي letters."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    i = 0
    for ch in long:
        if i < len(short) and ch == short[i]:
            i += 1
        elif ch not in "اوي":
            return False
    return i == len(short)


@dataclass
class NameComparison:
    """How two names relate: ``score`` in [0, 1] and whether every token of
    the shorter name matches a token of the longer in order (``subset``)."""

    score: float
    same_skeleton: bool
    subset: bool


def _ordered_subset(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every token of ``short`` matches a distinct token of ``long``, in order."""
    j = 0
    for t in short:
        while j < len(long) and not tokens_match(t, long[j]):
            j += 1
        if j == len(long):
            return False
        j += 1
    return True


@lru_cache(maxsize=500_000)
def compare_names(a: str, b: str) -> NameComparison:
    """Compare two names (see the module docstring for the forms used)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return NameComparison(0.0, False, False)
    ka, kb = "".join(ta), "".join(tb)
    ska, skb = skeleton(a), skeleton(b)
    # one skeleton and few letter edits: glued/split particles and vowel
    # spellings of one name (ستافان دي ميستورا / ستيفان ديمستورا)
    same_skel = len(ska) >= 3 and ska == skb and \
        Levenshtein.distance(_fold(ka), _fold(kb)) <= max(1, min(len(ka), len(kb)) // 7)
    if ka == kb:
        return NameComparison(1.0, True, True)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    subset = _ordered_subset(short, long)
    # token-aligned agreement: for equal token counts every pair must match
    aligned = len(ta) == len(tb) and all(tokens_match(x, y) for x, y in zip(ta, tb))
    if aligned or same_skel and not _native_clash(ta, tb):
        score = 1.0 if aligned else 0.97
    else:
        # letters, not skeletons: dropping vowels makes short names look alike
        # (حافظ الأسد / حافظ سعيد)
        score = fuzz.ratio(_fold(ka), _fold(kb)) / 100.0
        if len(ta) == len(tb):
            # same number of words but a word that does not match: another name
            score = min(score, UNALIGNED_CAP)
        if _native_clash(ta, tb):
            score = min(score, 0.5)
    return NameComparison(score, same_skel, subset)


def _native_clash(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Two names whose first tokens are different native names (بشار/حافظ)."""
    native = native_names()
    return ta[0] != tb[0] and ta[0] in native and tb[0] in native


def name_similarity(a: str, b: str) -> float:
    """Similarity of two full names in [0, 1] (1: the same name)."""
    return compare_names(a, b).score


# --- across scripts ---------------------------------------------------------
# Latin letters (and digraphs, tried first) to the Arabic consonant class used
# by ``cross_skeleton``; vowels and w/y are dropped like Arabic long vowels.
LATIN_DIGRAPHS = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "ج", "th": "ت", "ph": "ف", "dh": "ز", "ou": ""}
LATIN_LETTERS = {
    "b": "ب", "p": "ب", "t": "ت", "d": "د", "j": "ج", "g": "ج", "h": "ه", "r": "ر", "z": "ز",
    "s": "س", "c": "ك", "k": "ك", "q": "ك", "x": "كس", "f": "ف", "v": "ف", "l": "ل", "m": "م",
    "n": "ن",
}
LATIN_VOWELS = set("aeiouwy")
ARABIC_CROSS = str.maketrans({
    "ق": "ك", "غ": "ج", "ط": "ت", "ص": "س", "ض": "د", "ظ": "ز", "ذ": "ز", "ث": "س", "ح": "ه",
    "ا": None, "و": None, "ي": None, "ى": None, "ع": None, "ء": None,
})
_LATIN = re.compile(r"[a-z]")


def is_latin_name(text: str) -> bool:
    return bool(_LATIN.search(text.casefold())) and not re.search(r"[\u0600-\u06FF]", text)


def _latin_token_skeleton(tok: str) -> str:
    out = ["ا"] if tok[:1] in LATIN_VOWELS - {"w", "y"} else []
    i = 0
    while i < len(tok):
        if tok[i:i + 2] in LATIN_DIGRAPHS:
            out.append(LATIN_DIGRAPHS[tok[i:i + 2]])
            i += 2
            continue
        out.append(LATIN_LETTERS.get(tok[i], ""))
        i += 1
    return _dedupe_letters("".join(out))


def _arabic_token_skeleton(tok: str) -> str:
    tok = tok.translate(EXTENDED_LETTERS)
    head = "ا" if tok[:1] in ("ا", "ع") else ""
    body = tok.translate(ARABIC_CROSS)
    if body.endswith("ه") and len(body) > 2:
        body = body[:-1]  # taa marbuta: Ankara/أنقرة
    return _dedupe_letters(head + body)


@lru_cache(maxsize=100_000)
def cross_skeleton(text: str) -> tuple[str, ...]:
    """Per-token consonant skeletons comparable across Latin and Arabic script
    (Tehran/طهران -> ("تهرن",); Bashar al-Assad/بشار الأسد -> ("بشر", "اسد"))."""
    if is_latin_name(text):
        words = re.findall(r"[a-z]+", text.casefold())
        words = [w[2:] if w.startswith("al") and len(w) > 4 and text.casefold().find("al-" + w[2:]) >= 0
                 else w for w in words]
        words = [w for w in words if w not in ("al", "el")]
        return tuple(s for s in (_latin_token_skeleton(w) for w in words) if s)
    return tuple(s for s in (_arabic_token_skeleton(t) for t in name_tokens(text)) if s)


def cross_script_match(a: str, b: str) -> bool:
    """A Latin-script and an Arabic-script name with the same consonants, token
    by token, and at least three consonant classes in all."""
    if is_latin_name(a) == is_latin_name(b):
        return False
    sa, sb = cross_skeleton(a), cross_skeleton(b)
    if not sa or sa != sb:
        return False
    if len("".join(sa)) >= 3:
        return True
    # two consonants only (Syria/سوريا, Russia/روسيا): the spellings must also
    # be of similar length, so Syria is not السير
    latin, arabic = (a, b) if is_latin_name(a) else (b, a)
    la = len("".join(re.findall(r"[a-z]+", latin.casefold())))
    return abs(la - len(compact_key(arabic))) <= 1


# --- well-formed names, honorifics, patronymic particles --------------------
# Words that tie a name to a father, a son or a family (محمد بن سلمان، أبو
# مازن، آل سعود). The word after one is part of that chain, never a surname
# on its own: سلمان in «محمد بن سلمان» names the father. Normalised,
# article-free forms (آل -> ال).
PATRONYMIC_PARTICLES = frozenset({"بن", "ابن", "بنت", "ال", "ابو", "ابي", "ام", "عبد"})


def surface_words(text: str) -> list[str]:
    """Normalised words of a name, articles kept (الأمير is a title, أمير
    a given name as in أمير عبد اللهيان)."""
    return _NON_LETTER.sub(" ", normalize(text).translate(EXTENDED_LETTERS)).split()


@lru_cache(maxsize=1)
def honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorifics written inside a person's name span (الملك، الأمير، خادم
    الحرمين الشريفين) as normalised word tuples with their articles, longest
    first; from rasid/data/honorifics.txt."""
    out = set()
    for line in (ARTIFACTS / "honorifics.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words = tuple(surface_words(line))
            if words:
                out.add(words)
    return tuple(sorted(out, key=lambda t: (-len(t), t)))


@dataclass
class PersonName:
    """A person's name split into the honorifics written before it and the
    name proper: titles describe a person, they never identify one, so only
    ``core`` (article-free tokens, like ``name_tokens``) is compared."""

    titles: tuple[str, ...]
    core: tuple[str, ...]


@lru_cache(maxsize=200_000)
def person_name(text: str) -> PersonName:
    """Leading honorifics peeled off a person's name (الملك سلمان -> (الملك,)
    + (سلمان,)). A name that is nothing but honorifics keeps them as its core."""
    words = surface_words(text)
    titles: list[str] = []
    i = 0
    while i < len(words):
        for h in honorifics():
            if tuple(words[i:i + len(h)]) == h and i + len(h) < len(words):
                titles.extend(h)
                i += len(h)
                break
        else:
            break
    return PersonName(tuple(titles), tuple(strip_article(w) for w in words[i:]))


def person_core_text(text: str) -> str:
    """A person's name without its leading honorifics, as normalised words
    (articles kept, so ``name_tokens`` of it equals ``person_name().core``);
    ``text`` itself when it has none."""
    pn = person_name(text)
    if not pn.titles:
        return text
    return " ".join(surface_words(text)[len(pn.titles):])


def only_honorifics(text: str) -> bool:
    """A person mention that is nothing but a title (الأمير، خادم الحرمين الشريفين)."""
    words = tuple(surface_words(text))
    return bool(words) and words in honorifics()


def function_word_form(word: str) -> str:
    """Diacritics and alef forms folded, alef maqsura kept: على (on) is a
    function word, علي (Ali) a name."""
    return normalize_alef(remove_diacritics(word)).casefold()


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Arabic function words (rasid/data/ar_stopwords.txt) in
    ``function_word_form``: a mention that is only one of these is recogniser
    debris, not a name."""
    out: set[str] = set()
    for line in (ARTIFACTS / "ar_stopwords.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.update(function_word_form(w) for w in line.split())
    return frozenset(out)


# One-letter proclitics and their combinations, alone: clitic debris (و، بال).
CLITIC_DEBRIS = frozenset({"و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "بال", "لل", "فال", "كال", "وب", "ول",
                           "وبال", "ولل"})
LATIN_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")


def _edge_is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZC"


def is_garbage_name(text: str) -> bool:
    """Whether ``text`` cannot be an entity's name: empty, punctuation at
    either end (U.S. excepted), no letters or only digits, fewer than two
    letters, or a single clitic, particle or function word."""
    text = text.strip()
    if not text:
        return True
    if _edge_is_punct(text[0]) or (_edge_is_punct(text[-1]) and not LATIN_ACRONYM.fullmatch(text)):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return True
    words = text.split()
    if len(words) == 1:
        w, fw = normalize(words[0]), function_word_form(words[0])
        if w in CLITIC_DEBRIS or w in PATRONYMIC_PARTICLES or fw in function_words():
            return True
        # a function word with a proclitic glued on (وفي، بعد -> وبعد)
        if len(fw) > 2 and fw[0] in "وفبلك" and fw[1:] in function_words():
            return True
    return False
