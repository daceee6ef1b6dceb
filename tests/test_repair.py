"""Glued-word repair (rasid.text.repair) and the word-frequency lexicon."""
import random

from rasid.text.clitics import split_proclitics
from rasid.text.lexicon import frequency, load_lexicon
from rasid.text.normalize import normalize
from rasid.text.repair import glue_adjacent_words, repair_text


def test_glued_names_are_split():
    assert repair_text("الأممالمتحدة").text == "الأمم المتحدة"
    assert repair_text("الولاياتالمتحدة").text == "الولايات المتحدة"


def test_unknown_and_ordinary_long_words_left_alone():
    for word in ("لواشنطنن", "والاستثمارات", "بالمسؤولية", "المملكة", "واستعرض"):
        result = repair_text(word)
        assert result.text == word and result.repairs == []


def test_offsets_index_the_original_and_nothing_else_changes():
    text = "أعلنت الأممالمتحدة،  أمس (الخميس)، أن وفدها زار الولاياتالمتحدة."
    result = repair_text(text)
    assert result.text == "أعلنت الأمم المتحدة،  أمس (الخميس)، أن وفدها زار الولايات المتحدة."
    assert [r.original for r in result.repairs] == ["الأممالمتحدة", "الولاياتالمتحدة"]
    for r in result.repairs:
        assert text[r.start:r.end] == r.original
        assert r.replacement.replace(" ", "") == r.original


def test_diacritics_stay_with_their_letters():
    text = "قالَتْ الأُمَمُالمتحدة"
    result = repair_text(text)
    assert result.text == "قالَتْ الأُمَمُ المتحدة"


def test_text_without_glues_is_returned_unchanged():
    text = "وقال وزير الخارجية إن المملكة تدعم جهود الأمم المتحدة في اليمن."
    result = repair_text(text)
    assert result.text == text and result.repairs == []


def test_frequency_folds_surface_forms_and_serves_split_proclitics():
    assert frequency("المتحدة") > 1000
    assert frequency("المتحدة") == frequency("المتحده") == load_lexicon().unigrams[normalize("المتحدة")]
    assert frequency("لواشنطنن") == 0
    # with the lexicon, وزير is not و + زير, but والأمم is و + ال + أمم
    assert split_proclitics(normalize("وزير"), frequency=frequency) == ("", normalize("وزير"))
    assert split_proclitics(normalize("والأمم"), frequency=frequency) == ("وال", "امم")


def test_synthetic_glues_are_mostly_repaired():
    # sentences written for this test (not from the benchmark days)
    sentences = [
        "وقال المتحدث باسم وزارة الداخلية إن قوات الأمن تمكنت من القبض على المتهمين في مدينة الرياض",
        "أكد رئيس مجلس الإدارة أن الشركة حققت أرباحا كبيرة خلال العام الماضي رغم تراجع أسعار النفط",
        "وأوضح المدير العام للتعليم في المنطقة أن المدارس ستبدأ العام الدراسي الجديد الأسبوع المقبل",
        "دعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار في اليمن وفتح ممرات آمنة للمساعدات الإنسانية",
    ] * 5
    rng = random.Random(3)
    glued = [glue_adjacent_words(s, rng, 0.3) for s in sentences]
    total = sum(len(g.glued) for g in glued)
    correct = wrong = 0
    for g in glued:
        for r in repair_text(g.text).repairs:
            if g.glued.get((r.start, r.end)) == r.replacement:
                correct += 1
            else:
                wrong += 1
    assert total > 20
    assert correct / total >= 0.7
    assert wrong <= 1


def test_benchmark_day_is_held_out_of_the_lexicon(shared_data):
    from scripts.build_lexicon import day_files
    from rasid.text.lexicon import HELD_OUT_DAYS
    names = {f.name.split(".")[0] for f in day_files()}
    assert names and not names & set(HELD_OUT_DAYS)


def test_word_final_spelling_fixes_the_split_point():
    from rasid.text.repair import word_end_cuts
    assert word_end_cuts("تصنيفًالجنسيات") == [7]  # after tanwin fatha and its alef
    assert word_end_cuts("مدرسةٌكبيرة") == [6]
    assert word_end_cuts("المدرسة") == [] and word_end_cuts("كتاباً") == []
    # normalised, مسجدالقوات could be مسجد + القوات; the tanwin says مسجداً + لقوات
    assert repair_text("مسجداًلقوات").text == "مسجداً لقوات"
