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


def _with_mentions(doc, names):
    """Mark every occurrence of each name as a mention (what NER would give)."""
    from rasid.model import Mention

    for name in names:
        start = doc.text.find(name)
        while start >= 0:
            doc.entities.append(Mention(start, start + len(name), "PER", text=name))
            start = doc.text.find(name, start + 1)
    return doc


# One story told with different words: the shared actors and place are what links them.
E1 = ("استقبل عبدالله الزهراني رئيس بلدية الباحة وفدا من المستثمرين اليابانيين يقوده هيروشي تاناكا "
      "لبحث إنشاء مصنع للتمور في محافظة بلجرشي.")
E2 = ("ناقش هيروشي تاناكا مع عبدالله الزهراني خطط شركته لافتتاح منشأة لتغليف الفاكهة في بلجرشي "
      "خلال زيارة رسمية استمرت يومين.")


def test_shared_entities_link_reports_worded_differently():
    from rasid.link.stories import StoryClusterer, features_of

    names = ["عبدالله الزهراني", "هيروشي تاناكا", "بلجرشي"]
    plain = StoryClusterer(entity_weight=2.0)
    a, b = document_from_text(E1, id="e1"), document_from_text(E2, id="e2")
    without = plain.cosine(plain.vector(features_of(a, 2.0).terms), plain.vector(features_of(b, 2.0).terms))
    _with_mentions(a, names), _with_mentions(b, names)
    with_entities = plain.cosine(plain.vector(features_of(a, 2.0).terms), plain.vector(features_of(b, 2.0).terms))
    assert with_entities > without + 0.1
    assert features_of(a, entity_weight=0.0).terms == features_of(document_from_text(E1)).terms


def test_whole_document_not_only_the_lead_is_compared():
    # The shared story sits after a long unrelated preamble (a caption, a byline block).
    preamble = ("صورة أرشيفية من معرض الكتاب الدولي في مدينة جدة العام الماضي. "
                "الرياض - واس - محمد العتيبي. ")
    a = document_from_text(preamble + A1, id="a", published="2015-07-21T10:00:00")
    b = document_from_text(A2, id="b", published="2015-07-21T12:00:00")
    c = document_from_text(B1, id="c", published="2015-07-21T12:30:00")
    StoryClusterer().process_corpus(Corpus(documents=[a, b, c]))
    assert a.story == b.story != c.story


def _bench():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "stories.py"
    spec = importlib.util.spec_from_file_location("bench_stories", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_stories"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_bcubed_and_silver_criterion():
    from rasid.model import Document

    bench = _bench()
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bench.bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2}).f1 == 1.0
    merged = bench.bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 1})
    assert merged.recall == 1.0 and merged.precision == 0.5
    title = "الداخلية تعلن القبض على خلية القطيف"
    docs = [Document("1", "", title=title, published="2015-07-21T10:00:00"),
            Document("2", "", title=title + "!", published="2015-07-22T10:00:00"),
            Document("3", "", title=title, published="2015-07-21T11:00:00", duplicate_of="1"),
            # a recurring column title over two weeks is not one story
            Document("4", "", title="أسعار العملات في السوق المحلية اليوم", published="2015-07-21T10:00:00"),
            Document("5", "", title="أسعار العملات في السوق المحلية اليوم", published="2015-08-04T10:00:00"),
            Document("6", "", title="قصير جدا", published="2015-07-21T10:00:00"),
            Document("7", "", title="قصير جدا", published="2015-07-21T10:00:00")]
    silver = bench.silver_stories(docs)
    assert set(silver) == {"1", "2"} and silver["1"] == silver["2"]


def test_saudinewsnet_rewrites_of_one_story_join(shared_data):
    """Real data: articles of one day that share a headline but are not
    copies (the silver criterion) mostly land in one story, among the day's
    other articles."""
    import gzip
    import json
    import random

    from rasid.link.dedup import Deduplicator
    from rasid.model import Document
    from rasid.text.normalize import clean_for_storage
    from rasid.text.segment import tokenize

    bench = _bench()
    path = sorted((shared_data / "saudinewsnet").glob("*.jsonl.gz"))[-1]  # a test-half day
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    docs = []
    for i, r in enumerate(records):
        text = clean_for_storage(r.get("content") or "")
        docs.append(Document(f"{i}", text, title=r.get("title"), outlet=r.get("source"),
                             published=(r.get("date_extracted") or "").replace(" ", "T"), tokens=tokenize(text)))
    corpus = Deduplicator().process_corpus(Corpus(documents=docs))
    silver = bench.silver_stories(docs)
    keep = set(silver) | {d.id for d in random.Random(1).sample(docs, 300)}
    sub = [d for d in docs if d.id in keep]
    StoryClusterer().process_corpus(Corpus(documents=sub))
    score = bench.bcubed(silver, {d.id: d.story for d in sub})
    assert score.n_gold >= 3
    assert score.f1 > 0.75, score
