"""Arabic normalisation: one for storage, several small ones for matching.

Storage (``clean_for_storage``) changes as little as possible so that what a
reader sees is what the outlet wrote: NFC, Arabic presentation forms folded to
their letters, invisible format characters (zero-width, bidi controls) and
tatweel removed. Every offset rasid reports refers to this stored text.

Matching (``normalize``) is lossy and only used to compare strings: it folds
alef and hamza forms, alef maqsura, taa marbuta, removes diacritics and maps
Eastern Arabic digits to ASCII. Each step is its own function so a caller can
choose (e.g. a name matcher folds taa marbuta, a verb lexicon may not).

The character maps are data at module level, not code paths.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- character classes (data) ---------------------------------------------
TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
DIACRITICS = "".join(chr(c) for c in (*range(0x064B, 0x0653), 0x0670, *range(0x06D6, 0x06DD)))
# Zero-width and bidi format characters that scraping leaves in text.
INVISIBLE = "".join(
    chr(c)
    for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F),
              *range(0x2066, 0x206A), 0xFEFF, 0x061C, 0x2060, 0x00AD)
)
ALEF_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"}
YEH_FORMS = {"ى": "ي", "ی": "ي"}
HAMZA_ON_CARRIERS = {"ئ": "ي", "ؤ": "و"}
TEH_MARBUTA = {"ة": "ه"}
PERSIAN_LETTERS = {"ک": "ك", "ی": "ي", "ە": "ه", "ۀ": "ه"}
EASTERN_DIGITS = {chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)}
ARABIC_PUNCT_TO_ASCII = {"،": ",", "؛": ";", "؟": "?"}

_DIACRITICS_TABLE = str.maketrans({c: None for c in DIACRITICS + TATWEEL})
_INVISIBLE_TABLE = str.maketrans({c: None for c in INVISIBLE})
_ALEF_TABLE = str.maketrans(ALEF_FORMS)
_YEH_TABLE = str.maketrans(YEH_FORMS)
_HAMZA_TABLE = str.maketrans(HAMZA_ON_CARRIERS)
_TEH_TABLE = str.maketrans(TEH_MARBUTA)
_PERSIAN_TABLE = str.maketrans(PERSIAN_LETTERS)
_DIGIT_TABLE = str.maketrans(EASTERN_DIGITS)


# --- storage ----------------------------------------------------------------
_PRESENTATION_FORM = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFC]")

def fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (U+FB50–FDFF, FE70–FEFF) to base letters.

    NFKC does this for those blocks; applied per character so that other
    compatibility characters (e.g. superscripts, ligature ﷺ kept) are spared.
    """
    if not _PRESENTATION_FORM.search(text):
        return text
    out = []
    for ch in text:
        if "\uFB50" <= ch <= "\uFDFF" or "\uFE70" <= ch <= "\uFEFC":
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)


def remove_invisible(text: str) -> str:
    """Zero-width spaces/joiners, LRM/RLM, bidi embeddings and isolates, BOM."""
    return text.translate(_INVISIBLE_TABLE)


def remove_tatweel(text: str) -> str:
    """Kashida (ـ) stretches letters for layout; it is never meaningful."""
    return text.replace(TATWEEL, "")


_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalize_whitespace(text: str) -> str:
    """Unicode spaces to one ASCII space, CRLF to LF, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_for_storage(text: str) -> str:
    """The stored form of a document's text (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    text = fold_presentation_forms(text)
    text = remove_invisible(text)
    text = remove_tatweel(text)
    return normalize_whitespace(text)


# --- matching -------------------------------------------------------------
def remove_diacritics(text: str) -> str:
    """Harakat, tanwin, shadda, sukun, dagger alef and tatweel."""
    return text.translate(_DIACRITICS_TABLE)


def normalize_alef(text: str) -> str:
    """أ إ آ ٱ -> ا"""
    return text.translate(_ALEF_TABLE)


def normalize_yeh(text: str) -> str:
    """ى (alef maqsura) and Persian ی -> ي"""
    return text.translate(_YEH_TABLE)


def normalize_hamza_carriers(text: str) -> str:
    """ئ -> ي, ؤ -> و"""
    return text.translate(_HAMZA_TABLE)


def normalize_teh_marbuta(text: str) -> str:
    """ة -> ه"""
    return text.translate(_TEH_TABLE)


def normalize_persian(text: str) -> str:
    """Persian/Urdu letter variants used in Arabic text (ک -> ك)."""
    return text.translate(_PERSIAN_TABLE)


def normalize_digits(text: str) -> str:
    """Eastern Arabic and Persian digits -> ASCII digits."""
    return text.translate(_DIGIT_TABLE)


# The order in which ``normalize`` applies the character maps above.
MATCHING_STEPS = (remove_diacritics, remove_invisible, normalize_yeh, normalize_alef, normalize_persian,
                  normalize_teh_marbuta, normalize_hamza_carriers, normalize_digits)


@lru_cache(maxsize=1)
def _matching_table() -> dict[int, str | None]:
    """The maps of MATCHING_STEPS composed into one translation table.

    Why: each step is a character map, so applying them in turn equals one
    map per character; one pass over a whole document (full-text indexing)
    is several times faster than eight."""
    chars = set()
    for table in (_DIACRITICS_TABLE, _INVISIBLE_TABLE, _YEH_TABLE, _ALEF_TABLE, _PERSIAN_TABLE, _TEH_TABLE,
                  _HAMZA_TABLE, _DIGIT_TABLE):
        chars.update(table)
    composed: dict[int, str | None] = {}
    for code in chars:
        out = chr(code)
        for step in MATCHING_STEPS:
            out = step(out)
        composed[code] = out or None
    return composed


@lru_cache(maxsize=500_000)
def normalize(text: str) -> str:
    """Full matching normalisation of a word or phrase (lossy; never stored):
    the steps of MATCHING_STEPS, then case folding."""
    return text.translate(_matching_table()).casefold()


def normalize_phrase(text: str) -> str:
    """``normalize`` then collapse whitespace: for comparing multi-word names."""
    return " ".join(normalize(text).split())


_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def is_arabic(text: str) -> bool:
    """True if the string holds at least one Arabic letter."""
    return bool(_ARABIC_LETTER.search(text))
