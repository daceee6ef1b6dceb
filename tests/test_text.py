"""Normalisation, clitics and segmentation on constructions from real news."""
from rasid.analysis import document_from_text
from rasid.text.clitics import split_proclitics
from rasid.text.normalize import clean_for_storage, normalize, normalize_phrase


def test_storage_normalisation_removes_invisibles_tatweel_and_presentation_forms():
    raw = "الأمـــم\u200f المتحدة \ufefb\u200b"  # tatweel, RLM, lam-alef presentation form, ZWSP
    assert clean_for_storage(raw) == "الأمم المتحدة لا"


def test_storage_keeps_hamza_and_diacritics_but_matching_folds_them():
    stored = clean_for_storage("أُعلِنَ إنّ")
    assert stored == "أُعلِنَ إنّ"
    assert normalize(stored) == "اعلن ان"


def test_matching_normalisation_of_letters_and_digits():
    assert normalize("سيرغى") == normalize("سيرغي")
    assert normalize("أستانة") == "استانه"
    assert normalize("٢٠١٧") == "2017"
    assert normalize_phrase("  ستافان   دي ميستورا ") == "ستافان دي ميستورا"


def test_proclitics_stripped_for_matching_without_breaking_words():
    assert split_proclitics(normalize("وبالأمم")) == ("وبال", "امم")
    assert split_proclitics(normalize("للمعارضة")) == ("لل", "معارضه")
    assert split_proclitics(normalize("وزير")) == ("", "وزير")  # not و + زير


def test_sentences_keep_quotes_and_split_on_arabic_punctuation():
    text = ('وقال للصحافيين: «هذا هو جدول الأعمال. ولن نغيره». وأضاف أن الجولة المقبلة ستعقد في جنيف؟ '
            'نعم.\nسطر جديد بلا نقطة')
    doc = document_from_text(text)
    sents = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sents[0] == "وقال للصحافيين: «هذا هو جدول الأعمال. ولن نغيره»."
    assert sents[1] == "وأضاف أن الجولة المقبلة ستعقد في جنيف؟"
    assert sents[-1] == "سطر جديد بلا نقطة"


def test_sentence_not_split_after_abbreviation_or_decimal_or_tanwin():
    doc = document_from_text("قال د. أحمد إن النمو بلغ 3.5 في المئة ظهرًا. ثم غادر.")
    sents = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sents == ["قال د. أحمد إن النمو بلغ 3.5 في المئة ظهرًا.", "ثم غادر."]


def test_tokens_have_offsets_and_matching_forms():
    doc = document_from_text("وبالأمم المتحدة، ٢٠١٧")
    toks = [(doc.text[t.start:t.end], t.norm, t.bare) for t in doc.tokens]
    assert toks[0] == ("وبالأمم", "وبالامم", "امم")
    assert ("،", "،", "،") in toks
    assert toks[-1][1] == "2017"
    for t in doc.tokens:
        assert doc.text[t.start:t.end].strip() == doc.text[t.start:t.end]


def test_token_bare_uses_the_lexicon_to_strip_proclitics():
    # the ف of فبراير and the ل of لبنان are the word's own letters; the و of
    # ولافروف is a conjunction. The lexicon (word counts) tells them apart.
    doc = document_from_text("وفي فبراير زار ولافروف لبنان ووليد وكوباني وفيرشينين.")
    bare = {doc.text[t.start:t.end]: (t.prefix, t.bare) for t in doc.tokens}
    assert bare["فبراير"] == ("", "فبراير")
    assert bare["ولافروف"] == ("و", "لافروف")
    assert bare["لبنان"] == ("", "لبنان")
    assert bare["ووليد"][1] == "وليد"  # not يد: a two-letter stem is a word by chance
    assert bare["وكوباني"] == ("و", "كوباني")  # the best-known stem, not وك + وباني
    assert bare["وفيرشينين"] == ("و", "فيرشينين")  # unknown word: the length rule


def test_token_bare_keeps_names_whose_first_letter_looks_like_a_clitic():
    doc = document_from_text("قالت ليلى ووسام إن كما قال بشار.")
    bare = {doc.text[t.start:t.end]: t.bare for t in doc.tokens}
    assert bare["ليلى"] == "ليلي"
    assert bare["كما"] == "كما"
    assert bare["بشار"] == "بشار"


def test_sentences_do_not_end_inside_web_addresses_or_joined_abbreviations():
    from rasid.text.segment import split_sentences

    def sents(t):
        return [t[s.start:s.end] for s in split_sentences(t)]

    assert sents("سجلوا عبر www.uod.edu.sa قبل الموعد. وقال المدير") == [
        "سجلوا عبر www.uod.edu.sa قبل الموعد.", "وقال المدير"]
    assert sents("وقال أ.د. خالد السالم إن البحث اكتمل. وأضاف") == [
        "وقال أ.د. خالد السالم إن البحث اكتمل.", "وأضاف"]
    assert sents("انتهى الاجتماع.وقال الوزير") == ["انتهى الاجتماع.", "وقال الوزير"]  # glued by scraping


def test_a_period_opening_the_text_is_not_read_as_inside_an_address():
    from rasid.text.segment import _is_abbreviation

    # at offset 0 there is no character before the period (text[-1] is the last one)
    assert not _is_abbreviation(".net x", 0)
    assert _is_abbreviation("see www.uod.edu.sa now", 7)
