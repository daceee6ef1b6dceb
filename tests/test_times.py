"""Time expressions, their values, dated quotes/events and story timelines.

The sentences are built from constructions found in saudinewsnet articles
(not from the seed articles); publication dates are chosen so that each
construction's year or weekday choice is actually exercised.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rasid.analysis import document_from_text
from rasid.link.timeline import build_timeline
from rasid.model import Argument, Event, Mention, Quote
from rasid.nlp import time_values as tv
from rasid.nlp.dating import DateAnchor
from rasid.nlp.times import TimeTagger, find_times

DATA = Path(__file__).parent / "data"


def values(text: str, published: str | None) -> dict[str, str | None]:
    return {t.text: t.value for t in find_times(text, published)}


@pytest.mark.parametrize("text, published, expected", [
    # Relative days and weekdays against the publication date (2015-07-31 is a Friday).
    ("أكدت حركة طالبان بشكل رسمي أمس وفاة مؤسسها", "2015-07-31", {"أمس": "2015-07-30"}),
    ("عقد المجلس جلسة عاجلة مساء أول من أمس", "2015-07-31", {"مساء أول من أمس": "2015-07-29"}),
    ("أخلت طائرتان المرضى مساء اليوم الجمعة", "2015-07-31", {"مساء اليوم الجمعة": "2015-07-31"}),
    ("تغادر البعثة يوم الجمعة القادمة إلى أبوظبي", "2015-08-08", {"يوم الجمعة القادمة": "2015-08-14"}),
    ("يعاود اللاعبون تدريباتهم مساء يوم الثلاثاء المقبل", "2015-08-08", {"مساء يوم الثلاثاء المقبل": "2015-08-11"}),
    ("وقال المتحف في بيان الخميس إن المعرض", "2015-07-26", {"الخميس": "2015-07-23"}),
    ("تبدأ المحكمة النظر في القضية بعد غد", "2015-07-31", {"بعد غد": "2015-08-02"}),
    # The weekday wins when a relative day disagrees with it (late publication).
    ("وقالت الوزارة امس الأربعاء إن", "2017-01-18", {"امس الأربعاء": "2017-01-18"}),
    # Months: direction words, two calendars, the year chosen by tense.
    ("في ٧ سبتمبر الماضي أكد المجلس الوزاري", "2015-07-31", {"٧ سبتمبر الماضي": "2014-09-07"}),
    ("اجتماعات الحزب في تشرين الأول (أكتوبر) المقبل", "2015-08-08", {"تشرين الأول (أكتوبر) المقبل": "2015-10"}),
    ("ستعقد الجولة المقبلة في 8 شباط/فبراير", "2017-01-18", {"8 شباط/فبراير": "2017-02-08"}),
    ("لن يتم الانتهاء منه قبل أبريل نيسان 2020", "2015-08-03", {"أبريل نيسان 2020": "2020-04"}),
    ("ويفتتح المعرض أبوابه في الثامن من أكتوبر", "2015-07-26", {"الثامن من أكتوبر": "2015-10-08"}),
    ("خلال الفترة من 27 يوليو إلى 27 سبتمبر 2015", "2015-07-31",
     {"27 يوليو": "2015-07-27", "27 سبتمبر 2015": "2015-09-27"}),
    # Ranges: the first day takes the month of the second, in both calendars.
    ("يومي 23 و 24 كانون الثاني/ يناير", "2017-02-16", {"23": "2017-01-23", "24 كانون الثاني/ يناير": "2017-01-24"}),
    ("خلال الفترة من 10 إلى 12 شوال الجاري", "2015-07-26", {"10": "2015-07-26", "12 شوال الجاري": "2015-07-28"}),
    ("في 15 رمضان 1436 هـ", None, {"15 رمضان 1436 ه": "2015-07-02"}),
    # Numeric dates, Gregorian and Hijri, with the spacing outlets use.
    ("تلبية لدعوة يوم الثلاثاء 19 / 10 / 1436هـ الموافق 4 / 8 / 2015م", "2015-08-06",
     {"يوم الثلاثاء 19 / 10 / 1436ه": "2015-08-04", "4 / 8 / 2015م": "2015-08-04"}),
    ("وفي 2015/7/21 أعلن", "2015-08-06", {"2015/7/21": "2015-07-21"}),
    ("بحلول الساعة 1404 بتوقيت جرينتش", "2015-08-06", {"الساعة 1404": "2015-08-06T14:04"}),
    ("قال المعهد في وقت متأخر يوم الثلاثاء إن", "2015-08-06", {"في وقت متأخر يوم الثلاثاء": "2015-08-04"}),
    # Years, parts of years, decades, centuries.
    ("منذ عام 1996 إلى أن أطيح بنظامها نهاية العام 2001", "2015-07-31",
     {"عام 1996": "1996", "نهاية العام 2001": "2001"}),
    ("في الربع الثاني من 2015", "2015-08-08", {"الربع الثاني من 2015": "2015-Q2"}),
    ("الانتخابات المقررة مطلع 2016", "2015-07-31", {"مطلع 2016": "2016"}),
    ("تلقت الهيئة العام الماضي دعما", "2015-08-03", {"العام الماضي": "2014"}),
    ("منذ منتصف الشهر الماضي", "2015-08-08", {"منتصف الشهر الماضي": "2015-07"}),
    ("سيعلن ترشحه الاسبوع المقبل", "2015-07-31", {"الاسبوع المقبل": "2015-W32"}),
    ("في عقد التسعينيات", "2015-07-31", {"عقد التسعينيات": "199"}),
    ("خلال القرن السابع عشر", "2015-07-26", {"القرن السابع عشر": "16"}),
    # Clock times take the day of their sentence.
    ("بدءا من الساعة الثالثة عصرا وحتى الساعة السابعة والنصف مساءً", "2015-07-31",
     {"الساعة الثالثة عصرا": "2015-07-31T15:00", "الساعة السابعة والنصف مساء": "2015-07-31T19:30"}),
    # Durations, "ago", anaphora and vague expressions.
    ("اشترى السيارة قبل ثمانية أعوام", "2015-07-31", {"قبل ثمانية أعوام": "2007"}),
    ("منحهم راحة لمدة يومين", "2015-08-08", {"يومين": "P2D"}),
    ("خلال هذه الأعوام الاربعة", "2015-07-31", {"الأعوام الاربعة": "P4Y"}),
    ("أجرت خلال اليومين الماضيين اتصالات", "2015-08-03", {"اليومين الماضيين": "P2D"}),
    ("تجري بعد أكثر من أسبوع على إعلان الرئيس", "2017-12-21", {"أكثر من أسبوع": "P1W"}),
    ("يقضون أكثر من ساعتين يوميا", "2015-08-03", {"أكثر من ساعتين": "PT2H", "يوميا": "P1D"}),
    ("منذ عام 2003 وكان آنذاك", "2017-02-16", {"عام 2003": "2003", "آنذاك": "2003"}),
    ("زرعها مسلحون في وقت سابق", "2015-08-08", {"في وقت سابق": None}),
    ("On July 5, 2017, they agreed in May to talks", "2017-12-21", {"July 5, 2017": "2017-07-05", "May": "2017-05"}),
])
def test_expression_values(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text", [
    "أعلن 2000 شخص مشاركتهم",             # a count, not a year
    "بمناسبة اليوم الوطني السعودي",        # a named day, not today
    "بلغ المعدل 5 عمليات باليوم",          # a rate
    "لا خلاف بين الاثنين على ذلك",          # الاثنين = "the two"
    "من خلال عقد ملتقى للشباب",             # عقد = holding
    "مارس الضغط على الحكومة",               # مارس = he exerted
    "قال آلان جوبيه إن",                    # Alain, not الآن
])
def test_words_that_are_not_times(text):
    assert find_times(text, "2015-07-31") == []


def test_without_publication_date_relative_values_stay_unknown():
    found = values("وصل الوفد أمس وسيغادر الاثنين المقبل في 8 فبراير 2017", None)
    assert found == {"أمس": None, "الاثنين المقبل": None, "8 فبراير 2017": "2017-02-08"}


def test_spans_index_the_stored_text():
    text = "انطلقت صباحَ اليومِ ـ الجلسة عند العاشرة صباحاً، وغداً اجتماع"
    for t in find_times(text, "2017-01-23"):
        assert text[t.start:t.end] == t.text


def test_tagger_ignores_times_inside_person_names():
    doc = document_from_text("وفي الوسط محمد الخميس وكرم برناوي", published="2015-07-26")
    start = doc.text.index("محمد الخميس")
    doc.entities = [Mention(start, start + len("محمد الخميس"), "PER", text="محمد الخميس")]
    assert TimeTagger().process_document(doc).times == []


def test_calendar_arithmetic():
    anchor = dt.date(2017, 1, 18)  # a Wednesday
    assert tv.day_in_direction(anchor, 12, 30, -1) == "2016-12-30"
    assert tv.day_in_direction(anchor, 2, 8, None) == "2017-02-08"
    assert tv.month_in_direction(anchor, 5, None, tv.Tense.PAST) == "2016-05"
    assert tv.weekday_in_direction(anchor, 2, -1) == "2017-01-11"
    assert tv.weekday_in_direction(anchor, 2, None) == "2017-01-18"
    assert tv.weekday_in_direction(anchor, 0, None, tv.Tense.FUTURE) == "2017-01-23"
    assert tv.duration(6, "Y") == "P6Y" and tv.duration(2, "H") == "PT2H" and tv.duration(1, "2W") == "P2W"
    assert tv.calendar_unit(anchor, -1, "W") == "2017-W02"
    assert tv.hijri_to_gregorian(1436, 10, 5) == dt.date(2015, 7, 21)


def _dated_doc():
    text = "قال الوزير أمس إن المحادثات ستستمر. وقصفت الطائرات المدينة. وأعلن الجيش في 3 يناير 2017 هدنة."
    doc = document_from_text(text, id="d1", published="2017-01-18")
    TimeTagger().process_document(doc)
    q_start = text.index("المحادثات")
    doc.quotes = [Quote(q_start, q_start + len("المحادثات ستستمر"), "indirect", text="المحادثات ستستمر", cue="قال",
                        cue_span=(0, 3), speaker=Argument("الوزير"))]
    e1, e2 = text.index("وقصفت"), text.index("وأعلن")
    doc.events = [Event(e1, e1 + 5, "ASSAULT", text="وقصفت"), Event(e2, e2 + 5, "AGREE", text="وأعلن")]
    return DateAnchor().process_document(doc)


def test_date_anchor_uses_the_sentence_date_or_marks_publication_date():
    doc = _dated_doc()
    assert (doc.quotes[0].date, doc.quotes[0].date_source) == ("2017-01-17", "text")
    assert (doc.events[0].date, doc.events[0].date_source) == ("2017-01-18", "published")
    assert (doc.events[1].date, doc.events[1].date_source) == ("2017-01-03", "text")


def test_timeline_orders_entries_and_merges_wire_copies():
    first, second = _dated_doc(), _dated_doc()
    second.id = "d2"
    timeline = build_timeline([first, second])
    assert [e.date for e in timeline] == ["2017-01-03", "2017-01-17", "2017-01-18"]
    assert all(e.document == "d1" and e.attrs.get("also_in") == ["d2"] for e in timeline)
    assert timeline[1].kind == "quote" and timeline[2].date_source == "published"


@pytest.mark.parametrize("name, min_f1, min_accuracy", [("times_snn_dev.json", 0.9, 0.9)])
def test_hand_annotated_news_regression(name, min_f1, min_accuracy):
    """A guard on the hand-annotated saudinewsnet dev set (not the held-out test)."""
    gold = json.loads((DATA / name).read_text("utf-8"))
    tp = n_gold = n_sys = right = 0
    for g in gold["documents"]:
        found = find_times(g["text"], g["dct"])
        n_gold, n_sys = n_gold + len(g["times"]), n_sys + len(found)
        pool = list(found)
        for t in g["times"]:
            match = next((f for f in pool if f.text.replace("ـ", "") in t["text"] or t["text"] in f.text), None)
            if match:
                pool.remove(match)
                tp += 1
                right += (match.value or None) == t["value"] or (match.value or "").startswith(t["value"] or "\0")
    f1 = 2 * tp / (n_gold + n_sys)
    assert f1 >= min_f1 and right / tp >= min_accuracy


# --- issue #4 QA fixes (sentences written for these tests) --------------------
def test_weekday_in_parentheses_joins_the_relative_day():
    # 2015-07-27 is a Monday; 2015-08-06 a Thursday (a crawl date the morning after).
    found = find_times("قال المتحدث باسم الوزارة اليوم (الاثنين) إن الوفد وصل", "2015-07-27")
    assert [(t.text, t.value) for t in found] == [("اليوم (الاثنين)", "2015-07-27")]
    found = find_times("أعلنت الهيئة أمس ( الأحد ) نتائج المسابقة", "2015-07-27")
    assert [(t.text, t.value) for t in found] == [("أمس ( الأحد )", "2015-07-26")]
    # The weekday agrees with the value, as in اليوم الأربعاء.
    assert values("ذكرت الصحف الصادرة اليوم (الأربعاء) أن الزيارة", "2015-08-06") == {
        "اليوم (الأربعاء)": "2015-08-05"}
    # Only a weekday in the brackets: anything else leaves اليوم alone.
    assert values("وصلت الطائرة اليوم (بتوقيت مكة) إلى جدة", "2015-07-27") == {"اليوم": "2015-07-27"}


def test_weekday_chooses_the_year_of_a_date_without_one():
    # 8 June is a Monday in 2015, a Wednesday in 2016: nearest alone would say 2016.
    assert values("افتتح المعرض في 8 يونيو بحضور الوزير", "2016-01-10") == {"8 يونيو": "2016-06-08"}
    found = find_times("افتتح المعرض يوم الاثنين 8 يونيو بحضور الوزير", "2016-01-10")
    assert [(t.text, t.value, t.attrs) for t in found] == [("يوم الاثنين 8 يونيو", "2015-06-08", {})]


def test_contradicting_weekday_keeps_the_date_and_says_so():
    (stated,) = find_times("وعقد المؤتمر يوم الاثنين 9 يونيو 2015 في الرياض", "2015-07-27")
    assert stated.value == "2015-06-09" and stated.attrs["weekday_mismatch"] is True
    # No candidate year puts 8 June on a Tuesday (2014 Sunday, 2015 Monday, 2016 Wednesday).
    (no_fit,) = find_times("وعقد المؤتمر يوم الثلاثاء 8 يونيو في الرياض", "2015-07-27")
    assert no_fit.value == "2015-06-08" and no_fit.attrs["weekday_mismatch"] is True
    (numeric,) = find_times("وصل الوفد يوم الأربعاء 4 / 8 / 2015م", "2015-08-06")
    assert numeric.value == "2015-08-04" and numeric.attrs.get("weekday_mismatch") is True
    (agrees,) = find_times("وصل الوفد يوم الثلاثاء 4 / 8 / 2015م", "2015-08-06")
    assert "weekday_mismatch" not in agrees.attrs


def test_hijri_weekday_one_day_off_is_a_slip_not_another_year():
    # 12 Shawwal 1436 is Tuesday 2015-07-28; outlets' Hijri days may be one off.
    (slip,) = find_times("يبدأ التسجيل يوم الأربعاء 12 شوال", "2015-07-26")
    assert slip.value == "2015-07-28" and slip.attrs["weekday_mismatch"] is True
    (right,) = find_times("يبدأ التسجيل يوم الثلاثاء 12 شوال", "2015-07-26")
    assert right.value == "2015-07-28" and "weekday_mismatch" not in right.attrs


@pytest.mark.parametrize("text, surface, value, attrs", [
    ("يعود تاريخ المخطوطة إلى القرن الثالث الهجري", "القرن الثالث الهجري", None,
     {"calendar": "hijri", "hijri": "02"}),
    ("بنيت المدينة في القرن الخامس قبل الميلاد على الساحل", "القرن الخامس قبل الميلاد", "BC04", {}),
    ("ولد الفيلسوف عام 500 قبل الميلاد في أثينا", "عام 500 قبل الميلاد", "BC0500", {}),
    ("سقطت المدينة في يد الإسكندر سنة 332 ق.م بعد حصار", "سنة 332 ق.م", "BC0332", {}),
    ("شيد القصر في القرن التاسع عشر الميلادي", "القرن التاسع عشر الميلادي", "18", {}),
    ("وصل الإسلام إلى المنطقة عام 650م تقريبا", "عام 650م", "0650", {}),
])
def test_centuries_and_years_with_an_era(text, surface, value, attrs):
    found = find_times(text, "2015-07-27")
    assert [(t.text, t.value, t.attrs) for t in found] == [(surface, value, attrs)]


def test_a_number_before_metres_is_not_a_year():
    assert find_times("فاز العداء في سباق 100 م بزمن قياسي", "2015-07-27") == []


@pytest.mark.parametrize("text, published, expected", [
    ("ركزت خطب الجمعة في المساجد على الأمن الوطني", "2015-07-27", {}),
    ("أدى المصلون صلاة الجمعة في الجامع الكبير", "2015-07-27", {}),
    ("وتوجه الآلاف لصلاة الجمعة في المسجد الحرام", "2015-07-27", {}),
    ("احتفل المسيحيون في القدس بيوم الجمعة العظيمة", "2015-07-27", {}),
    # The prayer names no day, but its own time word does.
    ("أدى المصلون صلاة الجمعة أمس في الجامع الكبير", "2015-07-25", {"أمس": "2015-07-24"}),
    ("وقع الانفجار خلال صلاة الجمعة اليوم في المسجد", "2015-07-24", {"اليوم": "2015-07-24"}),
    # A direction makes it a day again; a weekday elsewhere is untouched.
    ("ألقى الخطيب خطبة الجمعة الماضية في المسجد", "2015-07-27", {"الجمعة الماضية": "2015-07-24"}),
    ("عاد الوزير الجمعة إلى الرياض", "2015-07-27", {"الجمعة": "2015-07-24"}),
])
def test_friday_prayer_is_not_a_date(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    # Seasons need هذا, a direction or a year (2015-07-23 is in summer).
    ("انتقل اللاعب إلى النادي هذا الصيف بعقد لعامين", "2015-07-23", {"هذا الصيف": "2015-SU", "عامين": "P2Y"}),
    ("تراجعت المبيعات في الصيف الماضي", "2015-07-23", {"الصيف الماضي": "2014-SU"}),
    ("تراجعت المبيعات في الصيف الماضي", "2015-10-20", {"الصيف الماضي": "2015-SU"}),
    ("افتتح المتحف في صيف 2012 بحضور الأمير", "2015-07-23", {"صيف 2012": "2012-SU"}),
    ("تأثرت المنطقة بأحداث الربيع العربي", "2015-07-23", {}),
    # A year range after a singular year word gives both years.
    ("بدأ المشروع عام 1990 - 1991 في جدة", "2015-07-23", {"1990": "1990", "1991": "1991"}),
    # An age with the article, a vague count of a definite unit, vague anaphora.
    ("وقال صاحب الـ35 عامًا إنه سعيد", "2015-07-23", {"الـ35 عامًا": "P35Y"}),
    ("ظلت القلعة مهجورة عشرات السنين قبل ترميمها", "2015-07-23", {"عشرات السنين": None}),
    ("وتضاعف عدد الزوار طوال تلك الفترة", "2015-07-23", {"تلك الفترة": None}),
    # العام نفسه copies only a calendar year, never a BC or season value.
    ("ولد عام 500 قبل الميلاد وغادر المدينة في العام نفسه", "2015-07-23",
     {"عام 500 قبل الميلاد": "BC0500", "العام نفسه": None}),
])
def test_test3_generic_fixes(text, published, expected):
    assert values(text, published) == expected


def test_two_digit_year_with_the_ad_mark_is_not_ad_91():
    assert values("استقلت الجمهورية عام 91م وعاشت منذ ذلك الحين", "2015-07-24") == {"عام 91م": "1991"}
    assert values("تخرج في الجامعة عام 09م", "2015-07-24") == {"عام 09م": "2009"}


def test_article_before_a_number_word_is_not_the_tail_of_a_compound():
    assert values("بلغ الإنتاج مليون برميل في الثلاثة والعشرين يوما الأولى", "2015-07-25") == {}
    assert values("وتنفذ الخطة خلال الخمس سنوات القادمة", "2015-07-25") == {"الخمس سنوات": "P5Y"}


# --- held-out test4 errors, fixed by generic rules (sentences written for these tests) ---
@pytest.mark.parametrize("text, expected", [
    # Vague past adverbs and "some day": value null, like لاحقا.
    ("افتتح المركز الثقافي حديثا في حي الروضة", {"حديثا": None}),
    # Spans end before a final tanwin, as with مساءً elsewhere.
    ("ويضم الفريق لاعبين منضمين حديثاً من الدرجة الأولى", {"حديثا": None}),
    ("تراجعت أسعار الحديد مؤخراً في الأسواق", {"مؤخرا": None}),
    ("يحلم الشاب بأن يصبح طيارا يومًا ما", {"يومًا ما": None}),
    # ... but not the noun حديث "a talk, a hadith", nor a count of days.
    ("أجرى الوزير حديثا صحفيا مع القناة", {}),
    ("وروى حديثا عن الصبر", {}),
    ("عرفت المنطقة هذه الحرفة قديما وحديثا", {}),
    ("دام الحصار 40 يوما ما أدى إلى نقص الغذاء", {"40 يوما": "P40D"}),
])
def test_vague_adverbs(text, expected):
    assert values(text, "2015-07-26") == expected


@pytest.mark.parametrize("text, expected", [
    ("يبدأ الدوري في موسم 2016 / 2017م بمشاركة 14 ناديا", {"2016": "2016", "2017م": "2017"}),
    ("فاز الفريق بلقب موسم 2012/2013 للمرة الأولى", {"2012": "2012", "2013": "2013"}),
    ("تولى المنصب في الفترة (2005 - 2011) ثم استقال", {"2005": "2005", "2011": "2011"}),
    ("بلغت الميزانية في العام المالي 2013/ 2014 نحو مليار", {"2013": "2013", "2014": "2014"}),
    # Not a span: backwards, too long, or amounts of a counted noun.
    ("رقم القضية 2015/2009 لدى المحكمة", {}),
    ("تراوحت الرواتب بين 2000-2020 ريال شهريا", {"شهريا": "P1M"}),
])
def test_year_spans_with_a_slash_or_dash(text, expected):
    assert values(text, "2015-07-26") == expected


@pytest.mark.parametrize("text, expected", [
    ("وبالأمس افتتح الأمير المعرض الدولي", {"الأمس": "2015-07-25"}),
    ("بالأمس فقط وصلت الشحنة الأولى", {"الأمس": "2015-07-25"}),
    ("وصلت البعثة إلى جدة مساء الأمس", {"مساء الأمس": "2015-07-25"}),
    # الأمس as "the past" (allies of yesterday) is no day.
    ("تحول حلفاء الأمس إلى خصوم", {}),
    ("لم يكن هذا ممكنا بالأمس القريب", {}),
])
def test_yesterday_with_the_article(text, expected):
    assert values(text, "2015-07-26") == expected


@pytest.mark.parametrize("text, expected", [
    ("لم يبق للطلاب سوى أيام على بدء الامتحانات", {"أيام": None}),
    ("لا يستغرق إصدار الرخصة إلا ساعات", {"ساعات": None}),
    ("ولم تمض سوى أسابيع حتى عاد إلى منصبه", {"أسابيع": None}),
    # The existing convention that these follow: خلال/بعد + a bare plural unit.
    ("سيعلن القرار خلال أسابيع", {"أسابيع": None}),
    ("عاد الهدوء بعد دقائق من الانفجار", {"دقائق": None}),
])
def test_a_bare_plural_unit_after_only_is_a_vague_duration(text, expected):
    found = find_times(text, "2015-07-26")
    assert {t.text: t.value for t in found} == expected
    assert all(t.label == "DURATION" for t in found)


@pytest.mark.parametrize("text", [
    "وأكد الأمين العام السابق للمنظمة أن",
    "طالب النائب العام الحالي بفتح تحقيق",
    "وقال المدعي العام السابق في المحكمة إن",
    "عقد اجتماع للمدير العام الجديد مع الموظفين",
    "أثارت القضية الرأي العام المحلي",
    "وانتقد ممثلو القطاع العام الحالي القرار",
    "وتحدث للأمين العام السابق عن الأزمة",
])
def test_general_after_a_title_head_is_not_a_year(text):
    assert values(text, "2015-07-26") == {}


def test_a_year_after_other_nouns_is_still_a_year():
    assert values("ارتفع عدد الزوار العام الماضي", "2015-07-26") == {"العام الماضي": "2014"}
    assert values("تعافى الاقتصاد العام الحالي", "2015-07-26") == {"العام الحالي": "2015"}


@pytest.mark.parametrize("text, expected", [
    ("وذكرت صحيفة المصري اليوم أن الحكومة", {}),
    ("ونقلت قناة «روسيا اليوم» عن مصدر", {}),
    ("وقال المسؤول في حديث لـ«اليوم» إن المشروع", {}),
    ("ونشر موقع روسيا اليوم صورا للحادث", {}),
    ("وكتبت جريدة اليوم في عددها", {}),
    ("المصري اليوم – القاهرة\nأعلنت الحكومة خطة جديدة", {}),
    # Not names: the definite head, a quoted statement, a plain sentence.
    ("وقالت الصحيفة اليوم إن الوزير استقال", {"اليوم": "2015-07-26"}),
    ("وقال المدرب: «سنفوز اليوم»", {"اليوم": "2015-07-26"}),
    ("وصل الوفد اليوم - حسب مصادر - إلى جدة", {"اليوم": "2015-07-26"}),
    ("أعلنت روسيا اليوم أنها سترسل وفدا", {"اليوم": "2015-07-26"}),
])
def test_outlet_names_with_today(text, expected):
    assert values(text, "2015-07-26") == expected


@pytest.mark.parametrize("text, expected", [
    # 2015-07-26 is a Sunday. The weekday dates the saying, not the plan.
    ("قال رئيس الوزراء الأربعاء إنه سيزور الصين", {"الأربعاء": "2015-07-22"}),
    ("وأعلنت الشركة الثلاثاء أنها ستطرح أسهمها", {"الثلاثاء": "2015-07-21"}),
    # Inside the reported clause the clause's own verb decides.
    ("قال رئيس الوزراء إنه سيزور الصين الأربعاء", {"الأربعاء": "2015-07-29"}),
    ("وقال المتحدث: «سيصل الوفد الأربعاء»", {"الأربعاء": "2015-07-29"}),
    # A future verb nearer than the speech verb still wins.
    ("قال إن الرئيس سيلتقي نظيره الأربعاء", {"الأربعاء": "2015-07-29"}),
])
def test_weekday_after_a_past_speech_verb(text, expected):
    assert values(text, "2015-07-26") == expected


# Round 4 (test5's misses), each construction from other saudinewsnet days
# (2015-07-22/-24) or written here.
@pytest.mark.parametrize("text, published, expected", [
    # Fiscal quarters without a year: the publication year's, or the year
    # before for a quarter not yet over that the text reports in the past.
    ("حقق صافي ربح خلال الربع الثاني بلغ 1137 مليون ريال", "2015-07-24", {"الربع الثاني": "2015-Q2"}),
    ("كانت النسبة قد وصلت في الربع الثالث إلى 2.2 في المائة", "2015-07-24", {"الربع الثالث": "2014-Q3"}),
    ("وبانخفاض 30.69% عن الربع السابق", "2015-07-24", {"الربع السابق": "2015-Q2"}),
    ("زادت المبيعات خلال الربع السنوي الماضي بنسبة 7 بالمئة", "2015-08-04", {"الربع السنوي الماضي": "2015-Q2"}),
    ("ارتفعت الأرباح خلال الربع السنوي بنسبة 6 بالمئة", "2015-08-04", {"الربع السنوي": None}),
    ("بحلول الربع الثالث من هذا العام", "2015-07-24", {"الربع الثالث من هذا العام": "2015-Q3"}),
    # A period a year away takes the period just named.
    ("في النصف الأول من العام الحالي مقارنة بالفترة المماثلة من العام السابق", "2015-07-24",
     {"النصف الأول من العام الحالي": "2015-H1", "الفترة المماثلة من العام السابق": "2014-H1"}),
    ("مقارنة بنفس الفترة من عام 2014، ليصبح", "2015-07-24", {"نفس الفترة من عام 2014": "2014"}),
    ("بلغ 2.6 في المائة في الفترة نفسها، بعد أن", "2015-07-24", {"الفترة نفسها": None}),
    # A weekday after a relative day and a comma, or in brackets before a date.
    ("انقطع التيار الكهربائي مساء أول أمس، الاثنين، مما أدى", "2015-07-22", {"مساء أول أمس، الاثنين": "2015-07-20"}),
    ("يبدأ التسجيل (الأحد) 8 / 11 / 1436هـ الموافق 23 / 8 / 2015م", "2015-08-04",
     {"(الأحد) 8 / 11 / 1436ه": "2015-08-23", "23 / 8 / 2015م": "2015-08-23"}),
    # Frequency adverbs are sets; a count in brackets is a length.
    ("نقل ملكيات السيارات بشكل يومي، مبينا", "2015-07-24", {"بشكل يومي": "P1D"}),
    ("تقليم الأظافر بشكل أسبوعي، إلى أن", "2015-07-24", {"بشكل أسبوعي": "P1W"}),
    ("تقيم حفل المعايدة بشكلٍ سنوي، مع أول يوم", "2015-07-24", {"بشكلٍ سنوي": "P1Y"}),
    ("مع المهاجم سامر سالم (22) سنة لاعب الفريق", "2015-07-24", {"(22) سنة": "P22Y"}),
    ("وتستمر ( 40 ) يوما يتخللها مسابقات", "2015-07-24", {"( 40 ) يوما": "P40D"}),
    # A horizon after على/في is a vague length; اليوم before إلى is today.
    ("قد يتسبب على المدى البعيد في زيادة نسبة البطالة", "2015-07-24", {"المدى البعيد": None}),
    ("وصل ملك البحرين اليوم إلى الرياض في زيارة", "2015-07-24", {"اليوم": "2015-07-24"}),
])
def test_round4_generic_fixes(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text", [
    "سجل الفريق عشر نقاط في الربع الأول من المباراة",  # a game's quarter
    "تقدم الفريق في النصف الثاني",                      # a match's half
    "تطوير اتصالات المدى القريب",                        # a range, not a time
])
def test_quarters_halves_and_ranges_that_are_not_times(text):
    assert find_times(text, "2015-07-24") == []


# Round 4, after test6's first run: constructions from 2015-07-24 and
# 2015-08-02 articles (neither is a gold day).
@pytest.mark.parametrize("text, published, expected", [
    # ل before the article drops its alef (للعام = ل + العام): rules still match.
    ("مؤملا أن تكون المشاركة للعام القادم بضعف العدد", "2015-07-24", {"للعام القادم": "2016"}),
    ("مع إعلان نتائجها للنصف الأول من عام 2015؛ فقد ارتفعت", "2015-08-02", {"للنصف الأول من عام 2015": "2015-H1"}),
    ("الموافق للتاسع من شهر ذي القعدة المقبل", "2015-07-24", {"للتاسع من شهر ذي القعدة المقبل": "2015-08-24"}),
    # A year restated after a relative year is part of it.
    ("عدد العمليات المنفذة عبر نظام سريع العام الماضي 2014م، ارتفاعا", "2015-07-24", {"العام الماضي 2014م": "2014"}),
    # A Hijri year span is two years (unvalued, as Hijri years are).
    ("للعام الدراسي 1436-1437هـ. وأهاب", "2015-07-24", {"1436": None, "1437ه": None}),
    # And a half: lengths, and "since" points.
    ("سيتم إنجازه خلال سنتين ونصف بقيمة", "2015-07-24", {"سنتين ونصف": "P2.5Y"}),
    ("قرب أدنى مستوى في ثلاثة أشهر ونصف ونزل", "2015-07-24", {"ثلاثة أشهر ونصف": "P3.5M"}),
    ("تعثر منذ ما يزيد على عام ونصف", "2015-08-02", {"منذ ما يزيد على عام ونصف": "2014-02"}),
    # "About the hour" is a length, "about the hour 04.00" a clock time.
    ("تأخر إقلاع الرحلة المتجهة إلى الرياض قرابة الساعة. وأبان", "2015-08-02", {"قرابة الساعة": "PT1H"}),
    # Vague stretches of time.
    ("في ظل المتغيرات التي تطرأ على الاقتصاد بين الحين والآخر، ولنكن", "2015-07-24", {"بين الحين والآخر": None}),
    ("وهذا ما لا نحتاجه في الوقت الراهن، وسوق العمل", "2015-07-24", {"الوقت الراهن": None}),
    ("تربعوا على كراسي الوزارات ردحاً من الزمن دون تغيير", "2015-07-24", {"ردحاً من الزمن": None}),
    # A weekday in brackets after اليوم stays with it, the date is its own.
    ("حتى الواحدة ظهرا من هذا اليوم (الأحد) 17/ 10 /1436هـ.", "2015-08-02",
     {"الواحدة ظهرا": "2015-08-02T13:00", "اليوم (الأحد)": "2015-08-02", "17/ 10 /1436ه": "2015-08-02"}),
])
def test_round4_test6_fixes(text, published, expected):
    assert values(text, published) == expected


def test_restored_article_alef_keeps_spans_on_the_stored_text():
    text = "وقدم تقريره السنوي للعامِ المقبلِ، والحمد لله"
    found = find_times(text, "2015-07-24")
    assert [(t.text, t.value) for t in found] == [("للعامِ المقبل", "2016")]  # a final vowel mark stays out
    assert all(text[t.start:t.end] == t.text for t in found)


def test_rule_gates_change_no_output():
    """Rules skipped for want of a needed word (Rule.needs) must not lose a
    match: the gated grammar agrees with one that runs every rule."""
    import dataclasses

    from rasid.nlp.times import TimeGrammar, grammar, load_lexicon

    ungated = TimeGrammar(load_lexicon())
    ungated.rules = [dataclasses.replace(rule, needs=()) for rule in ungated.rules]
    texts = ["ولد عام 1865 وتوفي سنة 1807 في 3 March 1861 خلال الربع الأول من العام المقبل"]
    for name in ("times_snn_dev.json", "times_snn_test6.json"):
        texts += [d["text"] for d in json.loads((DATA / name).read_text(encoding="utf-8"))["documents"]]
    for text in texts:
        gated = [(t.start, t.end, t.value) for t in grammar().find(text, "2015-08-04")]
        assert gated == [(t.start, t.end, t.value) for t in ungated.find(text, "2015-08-04")]
    assert any(rule.needs for rule in grammar().rules)


@pytest.mark.parametrize("text, published, expected", [
    # Recurring days (saudinewsnet 2015-07-21): a weekday after أيام recurs every week.
    ("ستبدأ بتسيير رحلاتها إلى تبوك أيام الثلاثاء والخميس والسبت .", "2015-07-21",
     {"أيام الثلاثاء والخميس والسبت": None}),
    ("وتقام المحاضرات أيام السبت في القاعة الكبرى", "2015-07-21", {"أيام السبت": "XXXX-WXX-6"}),
    ("يرتدون كاميرات لمدة 24 ساعة يوميًا وطيلة أيام الأسبوع، ويسجلون كل فكرة", "2015-07-21",
     {"24 ساعة": "PT24H", "يوميًا": "P1D", "أيام الأسبوع": None}),
    ("يعمل المكتب طوال أيام الأسبوع عدا أيام الجمع", "2015-07-21",
     {"أيام الأسبوع": None, "أيام الجمع": "XXXX-WXX-5"}),
    # Hours on no particular day are time-only: a window with no date, or after a recurring set.
    ("القرية ستفتح أبوابها لاستقبال الزوار من الثامنة صباحا وإلى العاشرة مساء، وستضم", "2015-07-21",
     {"الثامنة صباحا": "T08:00", "العاشرة مساء": "T22:00"}),
    ("يتم تقديم عرض مسرحي واحد يوميا، يبدأ من الساعة التاسعة مساء ويستمر لمدة ساعة", "2015-07-21",
     {"يوميا": "P1D", "الساعة التاسعة مساء": "T21:00", "ساعة": "PT1H"}),
    ("من الساعة الثامنة وحتى الثانية عشرة ليلا", "2015-07-21",
     {"الساعة الثامنة": "T08:00", "الثانية عشرة ليلا": "T00:00"}),
    # ... but a day in the sentence still dates them, and a lone clock time is today's.
    ("تبدأ الزيارة يوم الخميس 23 يوليو من الساعة الثامنة صباحا حتى العاشرة مساء", "2015-07-21",
     {"يوم الخميس 23 يوليو": "2015-07-23", "الساعة الثامنة صباحا": "2015-07-23T08:00",
      "العاشرة مساء": "2015-07-23T22:00"}),
    ("ويستمر حتى الساعة السادسة مساء.", "2015-08-04", {"الساعة السادسة مساء": "2015-08-04T18:00"}),
    # أخيرا is "recently" after a past event verb, else ("finally") left out.
    ("وشرح بيان وزارة الداخلية الذي صدر أخيرا تفاصيل الخلية", "2015-07-25", {"أخيرا": None}),
    ("وكانت الشركة قد أعلنت أخيرا استراتيجية لبيع معظم أصول وحدتها", "2015-07-25", {"أخيرا": None}),
    ("وأخيرا، شكر الحضور على مشاركتهم", "2015-07-25", {}),
    ("وتمكن الفريق أخيرا من الفوز باللقب", "2015-07-25", {}),
])
def test_round5_recurring_days_time_only_hours_recently(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    # A d/m/13xx-14xx date is Hijri without its mark (saudinewsnet 2015-07-21).
    ("أمام خادم الحرمين الشريفين يوم الإثنين 11/ 6 / 1436 وأذكر شيئا منها", "2015-07-21",
     {"يوم الإثنين 11/ 6 / 1436": "2015-03-31"}),
    ("نظام مجلس الوزراء ذو الرقم أ / 91 وتاريخ 27/8/1412.", "2015-07-21", {"27/8/1412": "1992-03-01"}),
    # A year glued to م after a Hijri year or a bracket; a height in metres is no year.
    ("وحتى نهاية السنة المالية 1435/ 1436هـ (2014م) ما مجموعة (194) عملية", "2015-07-21",
     {"1435": None, "1436ه": None, "2014م": "2014"}),
    ("على ارتفاع 2000م فوق سطح البحر", "2015-07-21", {}),
    ("يدعى يوسف السليمان من مواليد 1412.", "2015-07-21", {"1412": None}),
    # A part of day between a vague stretch and its day.
    ("وقال المتحدث في ساعة مبكرة من صباح أمس إن السفينة أغرقت", "2015-07-21",
     {"في ساعة مبكرة من صباح أمس": "2015-07-20"}),
    # A weekday in quotes after a relative day; الأحد after another weekday of the sentence.
    ('وكانت الشرطة اضطرت لتفريق متظاهرين أمس الأول "السبت" في ملبورن بعد وقوع صدامات، '
     'ونظمت تجمعات أخرى الأحد في العاصمة', "2015-07-21",
     {'أمس الأول "السبت"': "2015-07-18", "الأحد": "2015-07-19"}),
    ("وسيلعب الهلال السبت أمام النصر، ويلعب الأهلي الأحد، بينما تختتم الجولة، الاثنين، بلقاء الشباب",
     "2015-08-05", {"السبت": "2015-08-08", "الأحد": "2015-08-09", "الاثنين": "2015-08-10"}),
    ("والتي بدأت يومي الثلاثاء والأربعاء مع موسيفيني.", "2015-07-21",
     {"الثلاثاء": "2015-07-21", "الأربعاء": "2015-07-15"}),
    ("وصل الأحد إلى القمة", "2015-07-21", {}),
    ("مع فريق تركي الثلاثاء المقبل، ثم يلاقي الأحد بعد المقبل السد القطري", "2015-07-24",
     {"الثلاثاء المقبل": "2015-07-28", "الأحد": "2015-07-26"}),
    # Recurring weekdays after كل يوم, and the days off of a week.
    ("تقام الحلقة كل يوم سبت في المسجد", "2015-07-21", {"كل يوم سبت": "XXXX-WXX-6"}),
    ("يوزع بعد صلاة العصر من كل يوم اثنين وخميس", "2015-07-21", {"كل يوم اثنين وخميس": None}),
    ("يزدحم السوق في أيام الإجازة الأسبوعية", "2015-07-21", {"أيام الإجازة الأسبوعية": None}),
    ("في أول أيام العمل الرسمية بعد الإجازة", "2015-07-21", {}),
])
def test_round5_test7_fixes(text, published, expected):
    assert values(text, published) == expected
