from rasid.analysis import document_from_text
from rasid.link.stories import StoryClusterer
from rasid.model import Corpus

A1 = ("أعلنت وزارة الداخلية السعودية القبض على خلية إرهابية في القطيف تضم خمسة أشخاص "
      "كانوا يخططون لتفجير مساجد في المنطقة الشرقية")
A2 = ("القبض على خلية إرهابية من خمسة أشخاص في القطيف خططت لاستهداف مساجد بالمنطقة الشرقية "
      "بحسب بيان وزارة الداخلية")
B1 = ("ارتفعت أسعار النفط في التعاملات الآسيوية بعد بيانات أظهرت تراجع المخزونات الأمريكية "
      "من الخام للأسبوع الثالث")


def test_related_articles_join_and_unrelated_start_a_story():
    docs = [document_from_text(A1, id="a1", published="2015-07-21T10:00:00", outlet="spa",
                               title="الداخلية: القبض على خلية إرهابية في القطيف"),
            document_from_text(B1, id="b1", published="2015-07-21T11:00:00", outlet="argaam",
                               title="ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية"),
            document_from_text(A2, id="a2", published="2015-07-22T09:00:00", outlet="okaz",
                               title="خلية القطيف الإرهابية خططت لتفجير مساجد")]
    corpus = StoryClusterer().process_corpus(Corpus(documents=docs))
    assert docs[0].story == docs[2].story != docs[1].story
    story = next(s for s in corpus.stories if s.id == docs[0].story)
    assert story.outlets == ["spa", "okaz"]
    assert story.first_seen == "2015-07-21T10:00:00" and story.last_seen == "2015-07-22T09:00:00"


def test_incremental_add_respects_time_window():
    clusterer = StoryClusterer()
    first = clusterer.add(document_from_text(A1, id="a1", published="2015-07-01T10:00:00"))
    assert clusterer.add(document_from_text(A2, id="a2", published="2015-07-02T10:00:00")) == first
    # The same wording a month later is a new story, not the old one.
    assert clusterer.add(document_from_text(A2, id="a3", published="2015-08-05T10:00:00")) != first


def test_duplicate_joins_its_original_story():
    clusterer = StoryClusterer()
    orig = clusterer.add(document_from_text(A1, id="a1"))
    copy = document_from_text(B1, id="x")
    copy.duplicate_of = "a1"
    assert clusterer.add(copy) == orig
