"""Named-entity recogniser: span decoding, demonyms, clitic trimming, the
component on constructed news sentences, and a quality floor on ANERcorp."""
import time

import pytest

from rasid.model import Document
from rasid.nlp.ner import (
    EntityRecognizer,
    NerModel,
    TokenSpan,
    bio_spans,
    demonym_country,
    name_start,
    read_conll,
    score_spans,
)
from rasid.text.normalize import normalize
from rasid.text.segment import Segmenter


def analyse(text: str) -> Document:
    doc = Segmenter().process_document(Document("t", text))
    return EntityRecognizer().process_document(doc)


def test_bio_spans_follow_seqeval():
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC", "B-MISC"]
    assert bio_spans(tags) == [TokenSpan(0, 2, "PER"), TokenSpan(3, 4, "LOC"), TokenSpan(4, 5, "ORG"),
                               TokenSpan(5, 6, "LOC"), TokenSpan(6, 7, "MISC")]


def test_score_needs_exact_span_and_type():
    gold = [[TokenSpan(0, 2, "PER"), TokenSpan(3, 4, "LOC")]]
    pred = [[TokenSpan(0, 1, "PER"), TokenSpan(3, 4, "LOC")]]
    s = score_spans(gold, pred)
    assert s.precision == 0.5 and s.recall == 0.5
    assert s.per_type_f1["LOC"] == 1.0 and s.per_type_f1["PER"] == 0.0


@pytest.mark.parametrize("word,iso3", [
    ("الروسية", "RUS"), ("والأمريكيون", "USA"), ("التركي", "TUR"), ("السوريين", "SYR"),
    ("الإيرانية", "IRN"), ("الأميركي", "USA"), ("للسعودية", "SAU"),
])
def test_demonyms(word, iso3):
    country = demonym_country(word)
    assert country is not None and country.iso3 == iso3


@pytest.mark.parametrize("word", ["المالية", "كبير", "الدولي", "العسكري", "سوريا"])
def test_not_demonyms(word):
    assert demonym_country(word) is None


def test_name_start_cuts_only_real_proclitics():
    counts = {normalize(w): n for w, n in
              {"إسرائيل": 1000, "وإسرائيل": 50, "لبنان": 900, "بنان": 3, "للأمم": 200, "لأمم": 0}.items()}

    def f(w):
        return counts.get(w, 0)
    assert name_start("وإسرائيل", f) == 1
    assert name_start("لبنان", f) == 0
    assert name_start("للأمم", f) == 0


def test_name_start_keeps_names_whose_first_letter_looks_like_a_clitic():
    # Stems are frequent words (يلي "follows", يد "hand", يدل "indicates"),
    # so frequency alone would cut these given names.
    counts = {"يلي": 500, "ليلي": 100, "يد": 600, "وليد": 300, "يدل": 200, "فيدل": 10,
              "لؤي": 20, "وي": 90, "يوسف": 800, "ويوسف": 40}

    def f(w):
        return counts.get(w, 0)
    assert name_start("ليلى", f) == 0
    assert name_start("وليد", f) == 0
    assert name_start("فيدل", f) == 0
    assert name_start("لؤي", f) == 0          # two-letter stem
    assert name_start("ويوسف", f) == 1        # و + a known name
    assert name_start("ودي", lambda w: {"دي": 500, "ودي": 20}.get(w, 0)) == 1  # ودي ميستورا


def test_component_finds_typed_mentions_with_valid_offsets():
    text = ("وقال الرئيس الأمريكي باراك أوباما في واشنطن إن بلاده ستواصل دعمها.\n"
            "وزار وزير الخارجية عادل الجبير العاصمة الفرنسية باريس والتقى بنظيره لوران فابيوس.\n"
            "وأكدت الأمم المتحدة أن وسوريا تعاني من أزمة إنسانية.")
    doc = analyse(text)
    found = {(m.label, m.text) for m in doc.entities}
    for m in doc.entities:
        assert text[m.start:m.end] == m.text
        assert m.label in {"PER", "ORG", "LOC", "MISC"}
    assert ("PER", "باراك أوباما") in found
    assert ("LOC", "واشنطن") in found
    assert ("LOC", "باريس") in found
    assert ("ORG", "الأمم المتحدة") in found
    # the conjunction is not part of the name
    assert ("LOC", "سوريا") in found


def test_demonym_country_attached_and_no_bare_adjective_mentions():
    doc = analyse("وأعلنت الخارجية الروسية أن القوات التركية انسحبت.")
    for m in doc.entities:
        words = m.text.split()
        if any(demonym_country(w) for w in words):
            assert "country" in m.attrs
    # a bare nationality adjective is not a mention of its own
    assert not any(len(m.text.split()) == 1 and demonym_country(m.text) for m in doc.entities)


def test_quality_floor_and_load_time_on_anercorp(shared_data):
    sents = read_conll(shared_data / "anercorp" / "ANERcorp_test_original.txt")[:300]
    t0 = time.perf_counter()
    model = NerModel()
    assert time.perf_counter() - t0 < 2.0
    gold = [bio_spans([t for _, t in s]) for s in sents]
    pred = [bio_spans(model.tag([w for w, _ in s])) for s in sents]
    score = score_spans(gold, pred)
    assert score.f1 > 0.6
    assert score.per_type_f1["LOC"] > 0.75


def test_person_spans_split_where_two_names_run_together():
    from rasid.nlp.ner import person_split_points, split_person_spans

    assert person_split_points("الأسد بشار الجعفري".split()) == [1]
    # compound given names and link words keep one person whole
    for name in ("زين الدين زيدان", "صلاح الدين أحمد ناجي", "بشار الأسد", "عبد الله بن عبد العزيز"):
        assert person_split_points(name.split()) == [], name
    words = "رئيس وفد نظام الأسد بشار الجعفري".split()
    assert split_person_spans([TokenSpan(3, 6, "PER"), TokenSpan(1, 2, "ORG")], words) == [
        TokenSpan(3, 4, "PER"), TokenSpan(4, 6, "PER"), TokenSpan(1, 2, "ORG")]


def test_person_bounds_particles_and_titles():
    from rasid.nlp.ner import TokenSpan, repair_person_bounds

    words = "قال ستافان دي ميستورا مبعوث الأمم المتحدة".split()
    # the tagger's two halves of one name, the second swallowing a title
    assert repair_person_bounds([TokenSpan(1, 3, "PER"), TokenSpan(3, 5, "PER")], words) == [
        TokenSpan(1, 4, "PER")]
    words = "وأضاف دي ميستورا من روما".split()
    assert repair_person_bounds([TokenSpan(2, 3, "PER")], words) == [TokenSpan(1, 3, "PER")]
    words = "التقى جان دو فيلبان أمس".split()
    assert repair_person_bounds([TokenSpan(1, 3, "PER")], words) == [TokenSpan(1, 4, "PER")]
    # a title that is also a name (امام) and other types stay as they are
    words = "قال الشيخ محمد امام الحسيني".split()
    assert repair_person_bounds([TokenSpan(2, 4, "PER"), TokenSpan(4, 5, "LOC")], words) == [
        TokenSpan(2, 4, "PER"), TokenSpan(4, 5, "LOC")]


def test_known_multiword_names_the_tagger_misses_are_added():
    """تنظيم الدولة ("the State organisation") is two common words to a tagger;
    the equivalents table knows it is ISIS. Letter acronyms are not matched."""
    from rasid.analysis import document_from_text
    from rasid.nlp.ner import EntityRecognizer, known_name_spans, known_names
    from rasid.text.segment import tokenize

    assert not any(len(w) < 3 for entries in known_names().values() for e in entries
                   if max(map(len, e.words)) < 3 for w in e.words)
    tokens = tokenize("وأعلن تنظيم الدولة الإسلامية مسؤوليته عن الهجوم في إ ب")
    spans = known_name_spans(tokens, [False] * len(tokens))
    assert [(sp.start, sp.end, sp.label) for sp in spans] == [(1, 4, "ORG")]
    assert known_name_spans(tokens, [False, True] + [False] * (len(tokens) - 2)) == []  # tagger's own
    doc = document_from_text("قصفت الطائرات مواقع لتنظيم الدولة قرب الرقة أمس.")
    EntityRecognizer().process_document(doc)
    texts = [m.text for m in doc.entities]
    assert any(t.endswith("تنظيم الدولة") for t in texts), texts
    assert all(doc.text[m.start:m.end] == m.text for m in doc.entities)
