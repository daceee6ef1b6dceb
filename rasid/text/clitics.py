"""Proclitic stripping for matching: و ف (conjunctions), ب ل ك (prepositions),
س (future, on verbs) and the article ال, as forms beside the text, never in it.

Arabic attaches these to the next word: وبالأمم = و + ب + ال + أمم. Matching a
name or a lexicon entry needs the bare form, but stripping blindly breaks
words that merely begin with those letters (وزير is not و + زير). So a single
conjunction or preposition is stripped only when what is left is long enough
to be a word on its own, or — when a word-frequency lexicon is available — is
a known word more frequent than the whole.
"""
from __future__ import annotations

from collections.abc import Callable

# Proclitic sequences that end in the article, longest first.
ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ال")
# لل = ل + ال with the alef of the article dropped: للأمم -> الأمم.
LAM_ARTICLE_PREFIXES = ("فلل", "ولل", "لل")
SINGLE_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
# Without a lexicon, what must remain after a single proclitic (letters).
MIN_STEM_WITHOUT_LEXICON = 4
MIN_STEM = 2


def split_proclitics(word: str, frequency: Callable[[str], int] | None = None) -> tuple[str, str]:
    """Split a normalised word into (prefix, stem) for matching.

    ``frequency`` (optional) maps a normalised word to its corpus count; with
    it, a single proclitic is stripped only if the stem is more frequent than
    the whole word.
    """
    for pre in LAM_ARTICLE_PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= MIN_STEM:
            return pre, word[len(pre):]
    for pre in ARTICLE_PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= MIN_STEM:
            return pre, word[len(pre):]
    for pre in SINGLE_PREFIXES:
        if not word.startswith(pre):
            continue
        stem = word[len(pre):]
        if len(stem) < MIN_STEM:
            continue
        if frequency is not None:
            if frequency(stem) > frequency(word):
                # the stem may itself start with the article: والأمم handled above
                return pre, stem
        elif len(stem) >= MIN_STEM_WITHOUT_LEXICON:
            return pre, stem
    return "", word


def bare(word: str, frequency: Callable[[str], int] | None = None) -> str:
    """The stem of a normalised word without its proclitics (see split_proclitics)."""
    return split_proclitics(word, frequency)[1]
