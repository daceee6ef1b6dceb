"""The fast paths of normalisation and language share agree with the small
documented steps they stand for (they exist only for ingest speed)."""
import gc

from rasid.analysis import GC_YOUNG_THRESHOLD, fewer_gc_passes
from rasid.text import langid
from rasid.text.normalize import MATCHING_STEPS, normalize

# Every character of the Arabic block, Persian letters and digits, presentation
# forms, bidi and zero-width marks, Latin with case.
SAMPLE = ("".join(chr(c) for c in range(0x0600, 0x0780)) + "ﻻﷺ\u200f\u200b\u202bABCzäÉ ١٢٣ ۴۵ کیۀ"
          + " قال الأمينُ العامّ للأمم المتّحدة إنّ مستشفى «الرياض» استقبل ٣٠ مصاباً")


def test_composed_matching_table_equals_the_steps_in_order():
    stepwise = SAMPLE
    for step in MATCHING_STEPS:
        stepwise = step(stepwise)
    assert normalize(SAMPLE) == stepwise.casefold()
    assert normalize("إلى مستشفى الأسد") == "الي مستشفي الاسد"


def _slow_share(text: str) -> float:
    letters = len(text) - len(langid._LETTER.sub("", text))
    return (len(text) - len(langid._ARABIC_LETTER.sub("", text))) / letters if letters else 0.0


def test_arabic_share_equals_the_regex_count():
    for text in (SAMPLE, "Reuters photo: Syrian opposition", "", "2017 - 123", "مرحبا hello", "ـــ"):
        assert abs(langid.arabic_share(text) - _slow_share(text)) < 1e-12


def test_gc_threshold_is_raised_only_inside_an_analysis():
    before = gc.get_threshold()
    with fewer_gc_passes():
        assert gc.get_threshold()[0] >= GC_YOUNG_THRESHOLD
    assert gc.get_threshold() == before
