"""Behaviour tests for rasid.nlp.quotes on constructions written for the tests."""
from rasid.analysis import document_from_text
from rasid.model import Mention
from rasid.nlp.quotes import QuoteExtractor


def run(text, entities=None):
    doc = document_from_text(text)
    if entities is not None:
        doc.entities = entities
    return QuoteExtractor().process_document(doc)


def test_direct_quote_after_colon_with_speaker():
    doc = run("وقال وزير الخارجية أحمد سالم للصحافيين: «لن نقبل بأي شروط مسبقة في المفاوضات».")
    (q,) = doc.quotes
    assert q.kind == "direct"
    assert q.text == "لن نقبل بأي شروط مسبقة في المفاوضات"
    assert doc.text[q.start:q.end] == q.text
    assert q.cue == "وقال"
    assert "أحمد سالم" in q.speaker.text


def test_indirect_speech_after_an():
    doc = run("وأكد رئيس الوفد خالد يوسف أن المحادثات ستستمر حتى نهاية الأسبوع.")
    (q,) = doc.quotes
    assert q.kind == "indirect"
    assert q.text == "المحادثات ستستمر حتى نهاية الأسبوع"
    assert q.speaker.text.startswith("رئيس الوفد")


def test_continuation_inherits_previous_speaker():
    doc = run("وقال المتحدث سامي نور إن الهدنة صامدة في معظم المناطق. وأضاف أن الخروقات محدودة جدا حتى الآن.")
    assert len(doc.quotes) == 2
    assert doc.quotes[1].speaker is not None
    assert doc.quotes[1].speaker.text == doc.quotes[0].speaker.text


def test_anonymous_source_is_marked():
    doc = run("وقالت مصادر في المعارضة إن الوفد سيغادر العاصمة غدا صباحا.")
    (q,) = doc.quotes
    assert q.speaker.attrs["anonymous"] is True


def test_participle_starts_a_new_statement():
    doc = run("وأعلن الوزير أن بلاده سترسل مساعدات عاجلة، مشيرا إلى أن القافلة الأولى انطلقت أمس.")
    texts = [q.text for q in doc.quotes]
    assert "بلاده سترسل مساعدات عاجلة" in texts


def test_entities_give_the_speaker_span():
    text = "وقال وزير الخارجية أحمد سالم إن الاجتماع كان مثمرا للغاية."
    s = text.index("أحمد سالم")
    doc = run(text, [Mention(s, s + len("أحمد سالم"), "PER", text="أحمد سالم")])
    (q,) = doc.quotes
    assert q.speaker.text == "أحمد سالم"
    assert q.speaker.attrs["role"] == "وزير الخارجية"


def test_no_quote_without_cue():
    doc = run("انطلقت المحادثات في العاصمة بحضور الوفود المشاركة كافة.")
    assert doc.quotes == []
