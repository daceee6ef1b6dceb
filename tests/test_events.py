"""EventCoder on sentences written for these tests or in the style of
saudinewsnet wire copy (not the seeds)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.analysis import document_from_text
from rasid.export_plover import plover_records
from rasid.model import Corpus, Mention
from rasid.nlp.events import EventCoder, quoted_at, stems
from rasid.pipeline import Pipeline


def code(text: str):
    return EventCoder().process_document(document_from_text(text))


def test_airstrike_with_actor_recipient_location_and_offsets():
    doc = code("قصفت طائرات روسية مواقع المعارضة في مدينة حلب أمس.")
    [ev] = [e for e in doc.events if e.label == "ASSAULT"]
    assert doc.text[ev.start:ev.end] == ev.text
    assert ev.actor is not None and "روسية" in ev.actor.text
    assert ev.actor.code and ev.actor.code.startswith("RUS")
    assert ev.recipient is not None and "المعارضة" in ev.recipient.text
    assert ev.location is not None and ev.location.text == "حلب"
    for arg in (ev.actor, ev.recipient, ev.location):
        assert doc.text[arg.start:arg.end] == arg.text
    assert ev.date is None  # DateAnchor fills it later


def test_protest_and_explosion_modes():
    doc = code("تظاهر مئات الطلاب أمام مبنى الوزارة للمطالبة بتحسين الأوضاع.")
    assert [e.label for e in doc.events][:1] == ["PROTEST"]
    doc = code("أسفر انفجار سيارة مفخخة في السوق عن سقوط ضحايا.")
    ev = next(e for e in doc.events if e.label == "ASSAULT")
    assert ev.mode == "explosives"


def test_consult_phone_and_ceasefire():
    doc = code("أجرى وزير الخارجية السعودي اتصالا هاتفيا مع نظيره الأمريكي.")
    assert any(e.label == "CONSULT" and e.mode == "phone" for e in doc.events)
    doc = code("أعلنت الأطراف التزامها بوقف إطلاق النار في المنطقة.")
    assert any(e.label == "RETREAT" and e.mode == "ceasefire" for e in doc.events)


def test_auxiliary_modes():
    neg = code("لم يجتمع الوزير بنظيره هذا العام.")
    assert any(e.attrs["negated"] for e in neg.events if e.label == "CONSULT")
    fut = code("ومن المقرر أن يزور الرئيس القاهرة الأسبوع المقبل.")
    assert any(e.label == "CONSULT" and e.attrs["future"] for e in fut.events)
    hyp = code("وفي حال لم تستجب الشركة سينفذ العمال إضرابا شاملا.")
    assert any(e.label == "PROTEST" and e.attrs["hypothetical"] for e in hyp.events)
    # A threat to protest is a THREATEN event, not a protest.
    threat = code("وهدد الحزب بتنظيم مظاهرات ضد القرار.")
    assert [e.label for e in threat.events] == ["THREATEN"]


def test_plain_news_sentences_have_no_assault_or_protest():
    for text in ("بدأت وزارة التعليم استقبال طلبات التسجيل للعام الدراسي الجديد عبر موقعها الإلكتروني.",
                 "وصل الوفد فجر أمس إلى الرياض.",  # فجر: dawn
                 "وتحارب الهيئة الفساد ومظاهره كافة.",  # مظاهره: its aspects
                 "وتجمع البطولة فرق المنطقة في الدوحة.",  # تجمع: brings together
                 "أعلنت مصادر عن مقتل تسعة أشخاص جراء حادث تحطم مروحية.",  # an accident
                 "وَمَنْ يَقْتُلْ مُؤْمِنًا مُتَعَمِّدًا فَجَزَاؤُهُ جَهَنَّمُ."):  # scripture quoted
        doc = code(text)
        assert not [e for e in doc.events if e.label in ("ASSAULT", "PROTEST")], text
    # The generated CAMEO verbs do not fire on nouns that share their letters.
    assert not code("وقال مسؤول في الوزارة إن العمل بدأ قبل أسبوع.").events


def test_entities_are_used_when_present():
    doc = document_from_text("هاجمت قوات النظام بلدة داعل صباح اليوم.")
    start = doc.text.index("قوات النظام")
    doc.entities = [Mention(start, start + len("قوات النظام"), "ORG", {"country": "SYR"}, text="قوات النظام",
                            entity="E1")]
    EventCoder().process_document(doc)
    ev = next(e for e in doc.events if e.label == "ASSAULT")
    assert ev.actor.entity == "E1" and ev.actor.code.startswith("SYR")


def test_stems_strip_verb_affixes():
    assert "قتل" in stems("وقتلوا")
    assert "هاجم" in stems("يهاجمون")


def test_pipeline_and_plover_export():
    pipe = Pipeline(["rasid.text.segment:Segmenter", "rasid.nlp.events:EventCoder"], ())
    assert "events" in pipe.names
    doc = code("اختطف مسلحون مجهولون ثلاثة صحفيين قرب الحدود.")
    doc.url = "http://example.org/a"
    records = plover_records(Corpus(documents=[doc]))
    assert records and records[0]["event"] == "ASSAULT"
    rec = records[0]
    assert set(rec) >= {"id", "date", "actor", "recipient", "event", "mode", "event_loc", "evidence", "document"}
    assert rec["document"]["url"] == "http://example.org/a"
    s, e = rec["evidence"]["span"]
    assert doc.text[s:e] == rec["evidence"]["text"]


def test_validation_sentences_sample(shared_data):
    """A few UniversalPetrarch gold sentences: the gold type is found."""
    import re

    raw = (shared_data / "universalpetrarch_arabic" / "validation_dev.xml").read_text(encoding="utf-8")
    blocks = re.findall(r'<Sentence category="(\w+)".*?<Text>\s*(.*?)\s*</Text>', raw, flags=re.S)[:60]
    hits = sum(any(e.label == cat for e in code(text).events) for cat, text in blocks)
    assert hits / len(blocks) >= 0.8


# -- precision rules (issue 5) ------------------------------------------------

def _types(text: str, coder: EventCoder | None = None) -> list[str]:
    return [e.label for e in (coder or EventCoder()).process_document(document_from_text(text)).events]


def test_judicial_and_figurative_uses_are_not_assaults():
    for text in ("نفذت السلطات حكم القتل قصاصا بحق الجاني في الرياض.",  # an execution
                 "ارتفعت معدلات البطالة منذ انفجار الأزمة المالية العالمية.",  # a crisis 'exploding'
                 "خطفت الأنظار فرقة الفنون في حفل الافتتاح.",  # caught the eye
                 "وفي مفاجأة فجرها الوزير أعلن استقالته.",  # sprang a surprise
                 "لقي ثلاثة أشخاص مصرعهم وأصيب خمسة آخرون في حوادث متفرقة بسبب الأمطار الغزيرة."):  # weather
        assert "ASSAULT" not in _types(text), text
    # The vetoes are narrow: a plain attack report still fires.
    assert "ASSAULT" in _types("قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش.")


def test_generated_verbs_are_off_by_default_but_available():
    text = "أغلق المؤشر العام للسوق على ارتفاع طفيف."  # a market 'closing' is no SANCTION
    assert _types(text) == []
    assert "SANCTION" in _types(text, EventCoder(generated=True, require_coded_argument=False))


def test_loose_verbs_need_an_actor_with_a_code():
    assert _types("ويدعم التطبيق الخرائط المجسمة وعرض الاتجاهات.") == []  # software 'supports'
    assert "SUPPORT" in _types("أعلنت الحكومة السعودية دعمها للشعب اليمني.")
    assert "CONSULT" in _types("التقى وزير الخارجية الأمريكي نظيره الروسي في جنيف.")
    # Without the rule the software sentence fires.
    assert "SUPPORT" in _types("ويدعم التطبيق الخرائط المجسمة وعرض الاتجاهات.",
                               EventCoder(require_coded_argument=False))


def test_question_is_hypothetical():
    doc = code("هل الهجوم على المدينة ممكن؟")
    assert [e.attrs["hypothetical"] for e in doc.events if e.label == "ASSAULT"] == [True]


def test_precision_set_is_well_formed():
    """tests/data/events_precision.jsonl: the hand-judged set bench/events.py reports on."""
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "events_precision.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 100
    assert {i["split"] for i in items} == {"tune", "test", "tune2", "check"}
    for item in items:
        start = item["trigger_start"]
        assert item["text"][start:start + len(item["trigger"])] == item["trigger"]
        assert isinstance(item["correct"], bool)


def test_look_alike_forms_and_context_needs():
    # توقع 'expect' stems to وقع 'sign'; وقع alone also means 'occurred'.
    assert _types("وتوقعت الحكومة المصرية ارتفاع معدلات النمو العام المقبل.") == []
    assert _types("وقع الحادث في مدينة جدة مساء أمس.") == []
    assert "SUPPORT" in _types("وقعت الحكومة السعودية اتفاقية تعاون مع الحكومة الفرنسية.")
    assert _types("نزار قباني شاعر سوري معروف.") == []  # a name, not زار 'visited'


def test_threatened_called_for_and_verbal_attacks():
    assert _types("وهددت الشرطة الإسرائيلية باعتقال المتظاهرين.") == ["THREATEN"]
    assert "ASSAULT" not in _types("ودعا التنظيم أنصاره إلى شن هجمات على السفارات.")
    doc = code("وأصدر الحزب بيانا يهاجم فيه الحكومة العراقية.")
    assert [(e.label, e.mode) for e in doc.events] == [("ACCUSE", "disapprove")]
    assert "ASSAULT" in _types("هاجم مسلحون مقرا للشرطة العراقية في الموصل.")
    assert _types("وشن الوزير هجوما لاذعا على الحكومة العراقية.") == ["ACCUSE"]
    # A statement reporting an attack is still an attack: the speech word must be next to the trigger.
    assert "ASSAULT" in _types("وقال بيان للجيش العراقي إن مسلحين هاجموا نقطة تفتيش في الموصل.")


def test_event_filter_is_on_and_drops_figurative_uses():
    # Constructions written for this test: a loose verb, sport and a virus.
    attack = "قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش."
    scores = [e.attrs["filter"] for e in code(attack).events if e.label == "ASSAULT"]
    assert scores and 0.5 <= scores[0] <= 1.0
    protest = "وتظاهر آلاف المحتجين أمام البرلمان في بغداد احتجاجا على انقطاع الكهرباء."
    assert "PROTEST" in _types(protest)
    for text in ("هذه القرارات تقتل الطموح لدى الشباب وتدفعهم إلى اليأس.",
                 "سجل اللاعب هدف الفوز بقذيفة صاروخية من خارج منطقة الجزاء.",
                 "الفيروس يهاجم الجهاز المناعي ويقتل الخلايا."):
        unfiltered = EventCoder(use_filter=False).process_document(document_from_text(text))
        assert "ASSAULT" in [e.label for e in unfiltered.events]  # the rules alone fire
        assert "ASSAULT" not in _types(text)


def test_quoted_cue_is_kept_and_flagged():
    assert not quoted_at("وقال إن «داعش» هاجم القرية", 20)  # a quoted name, not a quotation
    assert quoted_at("وقال: «إن المسلحين هاجموا القرية فجرا»", 25)
    doc = code("وقال المتحدث: «إن المسلحين هاجموا نقطة تفتيش للجيش في الموصل فجرا».")
    events = [e for e in doc.events if e.label == "ASSAULT"]
    assert events and events[0].attrs["quoted"] is True
    doc = code("هاجم مسلحون نقطة تفتيش للجيش العراقي في الموصل فجر اليوم.")
    assert [e.attrs["quoted"] for e in doc.events if e.label == "ASSAULT"] == [False]


def _hard_set():
    path = Path(__file__).parent / "data" / "events_hard.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_hard_set_is_consistent_and_split_by_article():
    items = _hard_set()
    split_of: dict[str, str] = {}
    for item in items:
        start = item["trigger_start"]
        assert item["text"][start:start + len(item["trigger"])] == item["trigger"]
        assert split_of.setdefault(item["url"], item["split"]) == item["split"]
    assert sum(item["split"] == "test" for item in items) >= 100


def test_event_filter_raises_held_out_precision_on_hard_set():
    """Held-out test split of tests/data/events_hard.jsonl (never used for a
    choice): precision up, at least 85 % of the right events kept."""
    items = [item for item in _hard_set() if item["split"] == "test"]
    coders = {"off": EventCoder(use_filter=False), "on": EventCoder()}
    kept = {name: [] for name in coders}
    for item in items:
        doc = document_from_text(item["text"])
        for name, coder in coders.items():
            events = coder.process_document(doc).events
            if any(e.label == item["type"] and e.attrs["trigger"][0] == item["trigger_start"] for e in events):
                kept[name].append(item["correct"])
    precision = {name: sum(v) / len(v) for name, v in kept.items()}
    assert precision["on"] >= precision["off"] + 0.08
    assert sum(kept["on"]) >= 0.85 * sum(kept["off"])

# -- precision rules, round 4 (rasid/nlp/event_rules.py). Sentences from
# saudinewsnet days outside every judged set (2015-07-21/22/26, 08-01..09) or
# written for these tests. Filter off, so the rules alone decide.
RULES_ONLY = EventCoder(use_filter=False)
NO_RULES = EventCoder(use_filter=False, precision_rules=False)


@pytest.mark.parametrize("text,label", [
    ("وحذر مسؤولون من أن الجماعة قد تشن هجمات جديدة على المدينة.", "ASSAULT"),  # possible, not done
    ("أقدمت مليشيات الحوثي على الدعوة لمظاهرات في العاصمة صنعاء للمطالبة بالانفصال عن الجنوب.", "PROTEST"),
    ("ودعا المبعوث الأممي إلى وقف شامل لإطلاق النار في اليمن.", "ASSAULT"),  # a ceasefire
    ("وقد أمر القاضي بإيداعها السجن موجها إليها تهمة محاولة قتل ابنها.", "ASSAULT"),  # family violence
    ("ويؤدي النزاع إلى مقتل العشرات شهريا في الإقليم.", "ASSAULT"),  # habitual count
    ("وقال الجيران إن الرجل اعتدى عليها بعد خلاف على الإيجار.", "ASSAULT"),  # private, nobody armed
    ("واعترف المتهم بأنه قتل رجلا بعد شجار في السوق.", "ASSAULT"),  # private crime, lone victim
    ("وتحدى سكان الجيب المطر وهم يرددون النشيد الوطني ويهتفون \"بلدي، بلدك بنغلادش!\".", "PROTEST"),  # chant
])
def test_precision_rules_veto_non_events(text, label):
    assert label in _types(text, NO_RULES)  # the cue fires without the rules...
    assert label not in _types(text, RULES_ONLY)  # ...and a rule vetoes it


@pytest.mark.parametrize("text", [
    "قدمت زيمبابوي طلبا لتسليم طبيب أسنان أمريكي قام بقتل أسد شهير بشكل غير قانوني.",  # hunting
    "وتنظيف الغرف باستخدام منظفات قوية يمكن أن يقتل الجراثيم.",  # microbes
    "وأكدت الحركة مقتل زعيمها، فيما قالت مصادر إن وفاته كانت بسبب المرض.",  # natural death
])
def test_animals_microbes_and_natural_death_are_not_assaults(text):
    assert "ASSAULT" not in _types(text, RULES_ONLY)


@pytest.mark.parametrize("text,label", [
    ("وكان المسلحون قد قتلوا ثلاثة جنود في هجوم على نقطة تفتيش.", "ASSAULT"),  # قد + perfect: done
    ("قتل مسلحون من تنظيم داعش شقيقه في مدينة الموصل.", "ASSAULT"),  # kin, but an armed group
    ("واعتدى عليها مسلحون أمام منزلها في بغداد.", "ASSAULT"),  # pronoun object, armed attackers
    ("نظم أنصار القذافي مظاهرة نادرة في مدينة بنغازي وهتفوا «معمر.. معمر».", "PROTEST"),
])
def test_precision_rules_keep_real_events(text, label):
    assert label in _types(text, RULES_ONLY)


def test_possibility_flags_other_types_hypothetical():
    doc = RULES_ONLY.process_document(document_from_text("وقد يزور وزير الخارجية السعودي القاهرة لبحث الأزمة."))
    consult = [e for e in doc.events if e.label == "CONSULT"]
    assert consult and all(e.attrs["hypothetical"] for e in consult)
