"""Boilerplate removal on text sources keeps what it removes, with reasons."""
from rasid.clean import article_to_document
from rasid.model import Article

SCRAPED = """الرئيسية / دولي / مفاوضات جنيف تنطلق الأسبوع المقبل وسط خلافات
elmaouid

أعلنت وزارة الخارجية أن الجولة الجديدة من المحادثات ستنطلق الاثنين المقبل في جنيف.
A general view of the talks venue in Geneva. (Photo credit should read FABRICE COFFRINI/AFP/Getty Images)
وقال المتحدث باسم الوزارة إن الوفود بدأت بالوصول.
المصدر : الجزيرة + وكالات
"""


def test_breadcrumb_byline_caption_and_credit_removed_and_kept_as_metadata():
    doc = article_to_document(Article(id="a.txt", text=SCRAPED), repair=False)
    reasons = {r.reason: r for r in doc.removed}
    assert set(reasons) == {"breadcrumb", "byline", "caption", "source_credit"}
    assert "الرئيسية" not in doc.text and "elmaouid" not in doc.text
    assert "Getty" not in doc.text and "المصدر" not in doc.text
    assert reasons["caption"].attrs["lang"] == "en"
    assert doc.meta["source_credit"] == "الجزيرة + وكالات"
    assert doc.meta["caption"][0]["lang"] == "en"
    assert doc.title == "مفاوضات جنيف تنطلق الأسبوع المقبل وسط خلافات"
    assert doc.outlet == "الجزيرة"
    assert doc.text.startswith("أعلنت وزارة الخارجية")


def test_ordinary_article_is_left_alone():
    text = "قال الوزير إن المحادثات مستمرة.\nوأضاف أن الوفدين سيلتقيان غدا في أستانة."
    doc = article_to_document(Article(id="b.txt", text=text), repair=False)
    assert doc.removed == []
    assert doc.text == text


def test_paragraph_languages_are_labelled():
    doc = article_to_document(Article(id="c.txt", text="نص عربي قصير هنا.\nمرحبا"), repair=False)
    assert [p.attrs["lang"] for p in doc.paragraphs] == ["ar", "ar"]
