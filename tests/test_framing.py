"""Framing: each outlet's words for the same sides, learned by co-reference."""
import json

from rasid.analysis import document_from_text
from rasid.link.framing import FramingAnalyzer, actor_phrases, framing_table, story_framing
from rasid.model import Argument, Corpus, Entity, Mention, Quote, Story

# Invented reports of one clash, worded the way two kinds of outlet word it.
OUTLET_A = ("قصفت قوات النظام مواقع الفصائل المعارضة في ريف حلب. "
            "وقال ناشطون إن نظام الأسد صعّد هجماته، بينما ردّت المعارضة المسلحة بالمدفعية.")
OUTLET_B = ("تصدّى الجيش السوري لهجوم شنّته الجماعات الإرهابية على ريف حلب. "
            "وأكدت الحكومة السورية أن المسلحين تكبّدوا خسائر كبيرة، فيما قصف الجيش الروسي مواقعهم.")


def _terms(framing, side, outlet):
    actor = next(a for a in framing["actors"] if a.get("side") == side)
    return actor["terms_by_outlet"].get(outlet, {})


def test_each_outlet_gets_its_own_words_for_each_side():
    a = document_from_text(OUTLET_A, id="a", outlet="A")
    b = document_from_text(OUTLET_B, id="b", outlet="B")
    f = story_framing([a, b])
    gov_a, gov_b = _terms(f, "government_side", "A"), _terms(f, "government_side", "B")
    opp_a, opp_b = _terms(f, "armed_opposition", "A"), _terms(f, "armed_opposition", "B")
    assert "قوات النظام" in gov_a and "نظام الأسد" in gov_a
    assert "الجيش السوري" in gov_b and "الحكومة السورية" in gov_b
    assert "الفصائل المعارضة" in opp_a and "المعارضة المسلحة" in opp_a
    assert "الجماعات الإرهابية" in opp_b and "المسلحين" in opp_b
    # another country's army is not the government side (home qualifier السوري is learned)
    assert "الجيش الروسي" not in gov_b
    json.dumps(f, ensure_ascii=False)


def test_phrase_boundaries():
    doc = document_from_text("التقى وفد المعارضة السورية والحكومة في أستانا، ثم غادر الوفد الحكومي.")
    terms = [p.term for p in actor_phrases(doc)]
    assert "وفد المعارضة السورية" in terms  # conjunction ends the phrase
    assert "الحكومة" in terms and "الوفد الحكومي" in terms


def test_genitive_metonym_is_learned_and_places_are_not_counted():
    text = ("رفضت حكومة دمشق المقترح. وقالت دمشق إن المعارضة لم تلتزم بالهدنة. "
            "وعقد الاجتماع في دمشق أمس.")
    f = story_framing([document_from_text(text, id="d", outlet="X")])
    gov = next(a for a in f["actors"] if a.get("side") == "government_side")
    assert gov["learned"]["metonyms"] == ["دمشق"]
    assert gov["terms_by_outlet"]["X"].get("دمشق") == 1  # «قالت دمشق», not «في دمشق»


def test_component_with_entities_and_speakers():
    a = document_from_text("قال ستافان دي ميستورا إن المحادثات جادة. وقالت المعارضة إنها ستشارك.",
                           id="a", outlet="A")
    b = document_from_text("أكد المبعوث دي ميستورا أن الجولة ناجحة.", id="b", outlet="B")
    s_a = a.text.index("ستافان دي ميستورا")
    a.entities = [Mention(s_a, s_a + len("ستافان دي ميستورا"), "PER", text="ستافان دي ميستورا", entity="E1")]
    s_b = b.text.index("دي ميستورا")
    b.entities = [Mention(s_b, s_b + len("دي ميستورا"), "PER", text="دي ميستورا", entity="E1")]
    a.quotes = [Quote(0, 10, "indirect", text=a.text[:10],
                      speaker=Argument("ستافان دي ميستورا", s_a, s_a + 17, entity="E1"))]
    b.quotes = [Quote(0, 5, "indirect", text=b.text[:5], speaker=Argument("مصادر مطلعة", attrs={"anonymous": True}))]
    corpus = Corpus(documents=[a, b], entities=[Entity("E1", "Staffan de Mistura", "PER")],
                    stories=[Story("s", "talks", ["a", "b"])])
    FramingAnalyzer().process_corpus(corpus)
    f = corpus.stories[0].framing
    ent = next(x for x in f["actors"] if x.get("entity") == "E1")
    assert ent["terms_by_outlet"] == {"A": {"ستافان دي ميستورا": 1}, "B": {"دي ميستورا": 1}}
    assert f["speakers_by_outlet"] == {"A": {"Staffan de Mistura": 1}, "B": {"مصادر مطلعة": 1}}
    assert "| Staffan de Mistura | B | دي ميستورا (1) |" in framing_table(f)
