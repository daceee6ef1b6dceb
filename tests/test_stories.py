from rasid.analysis import document_from_text
from rasid.link.stories import THREAD_THRESHOLD, StoryClusterer
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


# -- issue #6: cross-outlet reports of one event ------------------------------

def test_number_terms_keep_multi_digit_numbers_without_proclitics():
    from rasid.link.stories import number_terms
    from rasid.text.segment import tokenize

    terms = number_terms(tokenize("قتل ٢٧ شخصا و100 جريح في 3 مواقع وبلغت قوته 7.5 درجة"))
    assert terms == ["#27", "#100", "#7.5"]


# Two outlets on one fire: same place, numbers and key nouns up front, but
# different wording and each its own background paragraph.
FIRE_A_TITLE = "عشر فرق إطفاء تخمد حريق مستودع أغذية في صبيا"
FIRE_A = ("أخمدت 10 فرق من الدفاع المدني حريقا اندلع في مستودع للمواد الغذائية بمحافظة صبيا، "
          "وأصيب إطفائي بإصابة طفيفة. "
          "وتشهد المنطقة في فصل الصيف ارتفاعا في درجات الحرارة يدعو الجهات المختصة إلى التذكير "
          "باشتراطات السلامة في المنشآت التجارية والمخازن والأسواق الشعبية والمجمعات السكنية القديمة.")
FIRE_B_TITLE = "السيطرة على حريق في مستودع غذائي بصبيا"
FIRE_B = ("تمكنت 10 فرق تابعة للدفاع المدني من إخماد حريق في مستودع للمواد الغذائية في صبيا بمنطقة جازان، "
          "وأسفر عن إصابة أحد رجال الإطفاء. "
          "يذكر أن المديرية نفذت خلال العام الماضي عشرات الجولات التفتيشية على المحلات "
          "وأغلقت عددا من الورش المخالفة ووزعت مطويات توعوية على المدارس والمساجد.")
# Another fire the same day: same topic, another event.
FIRE_C_TITLE = "حريق في فندق غرب جدة دون إصابات"
FIRE_C = ("باشرت فرق الدفاع المدني حريقا في أحد الفنادق غرب جدة مكون من 11 دورا، وتم إخلاء النزلاء "
          "دون تسجيل إصابات، وما زالت أسباب الحريق قيد التحقيق من قبل الجهات المختصة في المحافظة.")


def _fires():
    return [document_from_text(FIRE_A, id="a", title=FIRE_A_TITLE, outlet="x", published="2015-07-26T10:00:00"),
            document_from_text(FIRE_B, id="b", title=FIRE_B_TITLE, outlet="y", published="2015-07-27T09:00:00"),
            document_from_text(FIRE_C, id="c", title=FIRE_C_TITLE, outlet="z", published="2015-07-26T12:00:00")]


def test_headline_lead_and_numbers_raise_cross_outlet_similarity():
    from rasid.link.stories import DEFAULT_WEIGHTS, FeatureWeights, features_of

    a, b, c = _fires()

    def cos(weights, x, y):
        sc = StoryClusterer(weights=weights)
        return sc.cosine(sc.vector(features_of(x, weights=weights).terms), sc.vector(features_of(y, weights=weights).terms))

    body_only = FeatureWeights()
    assert cos(DEFAULT_WEIGHTS, a, b) > cos(body_only, a, b) + 0.05
    # the other fire stays well below the same-event pair (body-only vectors
    # cannot tell them apart: their backgrounds dominate)
    assert cos(DEFAULT_WEIGHTS, a, c) < cos(DEFAULT_WEIGHTS, a, b) - 0.08


def test_two_fires_on_one_day_stay_two_stories():
    from rasid.link.stories import FeatureWeights

    # Short texts, so a low threshold: the point is the order of similarities.
    docs = _fires()
    StoryClusterer(threshold=0.2).process_corpus(Corpus(documents=docs))
    assert docs[0].story == docs[1].story != docs[2].story
    body_only = _fires()
    StoryClusterer(threshold=0.2, weights=FeatureWeights()).process_corpus(Corpus(documents=body_only))
    assert body_only[0].story != body_only[1].story


def test_body_only_weights_ignore_title():
    from rasid.link.stories import FeatureWeights, features_of

    plain = document_from_text(FIRE_A, id="a")
    titled = document_from_text(FIRE_A, id="a", title="عنوان مختلف تماما عن المحتوى")
    assert features_of(plain, weights=FeatureWeights()).terms == features_of(titled, weights=FeatureWeights()).terms
    assert features_of(plain).terms != features_of(titled).terms


def _xoutlet(split):
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / f"stories_xoutlet_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cross_outlet_sets_are_well_formed():
    seen: dict[tuple[str, int], str] = {}
    for split in ("dev", "test"):
        events = _xoutlet(split)
        ids = {e["event"] for e in events}
        assert len(ids) == len(events)
        for e in events:
            outlets = {m["outlet"] for m in e["members"]}
            # a group is several outlets; a single article is only there as a hard negative
            assert len(outlets) >= 2 or (len(e["members"]) == 1 and e["hard_negatives"])
            assert set(e["hard_negatives"]) <= ids - {e["event"]}
            for m in e["members"]:
                key = (m["file"], m["line"])
                assert key not in seen, f"{key} in {seen.get(key)} and {e['event']}"
                seen[key] = e["event"]
    dev_days = {m["file"] for e in _xoutlet("dev") for m in e["members"]}
    test_days = {m["file"] for e in _xoutlet("test") for m in e["members"]}
    assert max(dev_days) < min(test_days)  # split by day, as the silver set
    assert sum(1 for e in _xoutlet("dev") + _xoutlet("test") if len(e["members"]) > 1) >= 40


def test_cross_outlet_dev_events_cluster_among_distractors(shared_data):
    """Real data: the hand-judged dev events, with 300 other articles of the
    same days, come out as their events (B-cubed F1), and hard negatives
    (two fires, two MERS bulletins, two earthquakes) mostly stay apart."""
    import gzip
    import json
    import random

    from rasid.model import Document
    from rasid.text.normalize import clean_for_storage
    from rasid.text.segment import tokenize

    bench = _bench()
    events = _xoutlet("dev")
    wanted = {(m["file"], m["line"]): e["event"] for e in events for m in e["members"]}
    rng = random.Random(5)
    docs, gold = [], {}
    for file in sorted({f for f, _ in wanted}):
        with gzip.open(shared_data / "saudinewsnet" / file, "rt", encoding="utf-8") as fh:
            lines = fh.readlines()
        keep = {i for f, i in wanted if f == file} | set(rng.sample(range(len(lines)), 40))
        for i in sorted(keep):
            r = json.loads(lines[i])
            text = clean_for_storage(r.get("content") or "")
            doc_id = bench.doc_id(file, i)
            docs.append(Document(doc_id, text, title=r.get("title"), outlet=r.get("source"),
                                 published=(r.get("date_extracted") or "").replace(" ", "T"), tokens=tokenize(text)))
            if (file, i) in wanted:
                gold[doc_id] = wanted[file, i]
    StoryClusterer().process_corpus(Corpus(documents=docs))
    score = bench.bcubed(gold, {d.id: d.story for d in docs})
    assert score.n_gold == len(events)
    assert score.f1 > 0.8 and score.precision > 0.85, score


# -- threading bursts into stories over months (issue #6) --------------------
# Constructed reports: one negotiation followed over two months (rare names:
# the company, the town, the negotiator), and a generic announcement that
# recurs with the same wording but names nothing specific.
TALKS_1 = ("بدأت في مدينة بلجرشي جولة جديدة من المفاوضات بين شركة تاناكا اليابانية وبلدية الباحة حول "
           "إنشاء مصنع التمور، بوساطة من الغرفة التجارية، وقال هيروشي تاناكا إن المحادثات إيجابية.")
TALKS_2 = ("اختتمت في بلجرشي الجولة الثالثة من مفاوضات شركة تاناكا اليابانية وبلدية الباحة بشأن مصنع "
           "التمور، وأعلن هيروشي تاناكا بعد المحادثات التوصل إلى اتفاق مبدئي بوساطة الغرفة التجارية.")
NOTICE_1 = ("أعلنت وزارة التعليم عن بدء المقابلات الشخصية للمرشحين للوظائف التعليمية الأسبوع المقبل "
            "وطالبت المتقدمين بإحضار الوثائق المطلوبة في الموعد المحدد.")
NOTICE_2 = NOTICE_1.replace("التعليمية", "الإدارية")


def _months_apart():
    return [document_from_text(TALKS_1, id="t1", published="2015-03-01T10:00:00",
                               title="مفاوضات تاناكا وبلدية الباحة في بلجرشي"),
            document_from_text(NOTICE_1, id="n1", published="2015-03-01T11:00:00",
                               title="التعليم: المقابلات الشخصية الأسبوع المقبل"),
            document_from_text(TALKS_2, id="t2", published="2015-04-20T10:00:00",
                               title="اتفاق مبدئي في مفاوضات تاناكا وبلدية الباحة"),
            document_from_text(NOTICE_2, id="n2", published="2015-04-20T11:00:00",
                               title="التعليم: المقابلات الشخصية الأسبوع المقبل")]


def test_a_matter_followed_over_months_is_one_story():
    docs = _months_apart()
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD)
    corpus = clusterer.process_corpus(Corpus(documents=docs))
    assert docs[0].story == docs[2].story  # the same talks, 50 days later
    story = next(s for s in corpus.stories if s.id == docs[0].story)
    assert story.documents == ["t1", "t2"]
    assert story.first_seen == "2015-03-01T10:00:00" and story.last_seen == "2015-04-20T10:00:00"
    link, = clusterer.thread_links
    assert link.gap_days == 50.0 and "تاناكا" in link.shared and link.score >= clusterer.thread_threshold


def test_recurring_generic_announcements_do_not_chain():
    docs = _months_apart()
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD)
    clusterer.process_corpus(Corpus(documents=docs))
    # Near-identical wording, but nothing rare (no name, no place): two stories.
    assert clusterer.cosine(*(clusterer.clusters[clusterer.story_of[i]].centroid for i in ("n1", "n2"))) > 0.9
    assert docs[1].story != docs[3].story
    assert len({d.story for d in docs}) == 3


def test_threading_off_keeps_one_story_per_burst():
    for clusterer in (StoryClusterer(thread_threshold=None), StoryClusterer()):  # off by default
        docs = _months_apart()
        clusterer.process_corpus(Corpus(documents=docs))
        assert len({d.story for d in docs}) == 4


def test_threading_is_the_same_in_steps_and_at_once():
    """Threading is recomputed from the bursts: adding later documents to a
    clusterer gives the stories a fresh clusterer gives for all of them."""
    step = StoryClusterer(thread_threshold=THREAD_THRESHOLD)
    docs = _months_apart()
    for d in docs[:2]:
        step.add(d)
    first = {s.id: s.documents for s in step.stories()}
    for d in docs[2:]:
        step.add(d)
    once = StoryClusterer(thread_threshold=THREAD_THRESHOLD)
    for d in _months_apart():
        once.add(d)
    assert {s.id: s.documents for s in step.stories()} == {s.id: s.documents for s in once.stories()}
    assert set(first) <= {s.id for s in once.stories()}  # old story ids survive


def test_a_burst_joins_only_its_best_older_story():
    # Other talks on the same day in another town: a story of their own.
    other = ("بدأت في محافظة المخواة مفاوضات بين شركة سوزوكي وبلدية المخواة حول توسعة مصنع الألبان، "
             "وقال كينجي سوزوكي إن المحادثات إيجابية.")
    docs = [document_from_text(other, id="o1", published="2015-03-01T09:00:00",
                               title="مفاوضات سوزوكي وبلدية المخواة"),
            *_months_apart()]
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD)
    clusterer.process_corpus(Corpus(documents=docs))
    by_id = {d.id: d.story for d in docs}
    assert by_id["t2"] == by_id["t1"] != by_id["o1"]


def test_thread_sets_are_well_formed():
    import json
    from pathlib import Path

    for split in ("dev", "test"):
        path = Path(__file__).parent / "data" / f"stories_thread_{split}.jsonl"
        pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(pairs) >= 50
        same = [p for p in pairs if p["same_story"]]
        assert 5 <= len(same) < len(pairs) / 2
        for p in pairs:
            assert p["reason"].startswith("same matter" if p["same_story"] else "different")
            assert p["older"] and p["newer"] and p["sampled"] in ("method", "random")
            older = max(m["file"] for m in p["older"])
            newer = min(m["file"] for m in p["newer"])
            assert older < newer, p["pair"]  # bursts on different days, older first
            assert all(m["file"][:10] <= "2015-07-31" for m in p["older"] + p["newer"]) == (split == "dev")


# -- entity-overlap threading (thread_scoring="entity") -----------------------
# Mentions are attached by hand (as NER + EntityResolver would set them) so
# that these tests check the threading rule, not the recogniser.
def _mention(doc, surface: str, label: str, entity: str):
    from rasid.model import Mention

    start = doc.text.index(surface)
    return Mention(start=start, end=start + len(surface), label=label, text=surface, entity=entity)


def _entity_corpus(extra_docs=()):
    from rasid.model import Entity

    catalogue = {"tanaka": ("شركة تاناكا", "ORG"), "hiroshi": ("هيروشي تاناكا", "PER"),
                 "baljurashi": ("بلجرشي", "LOC"), "baha": ("بلدية الباحة", "ORG"),
                 "japan": ("اليابان", "LOC"), "saudi": ("السعودية", "LOC")}
    docs = _months_apart()
    for d in docs[::2]:  # the talks, both rounds
        d.entities = [_mention(d, "تاناكا", "ORG", "tanaka"), _mention(d, "بلجرشي", "LOC", "baljurashi"),
                      _mention(d, "بلدية الباحة", "ORG", "baha"), _mention(d, "هيروشي تاناكا", "PER", "hiroshi")]
    docs += list(extra_docs)
    entities = [Entity(i, name, typ) for i, (name, typ) in catalogue.items()]
    return docs, Corpus(documents=docs, entities=entities)


def test_entity_threading_joins_bursts_that_share_specific_names():
    docs, corpus = _entity_corpus()
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD, thread_scoring="entity")
    clusterer.process_corpus(corpus)
    assert docs[0].story == docs[2].story
    assert docs[1].story != docs[3].story  # the notices name nothing: never threaded
    link, = clusterer.thread_links
    assert {"بلجرشي", "هيروشي تاناكا"} <= set(link.shared) and link.gap_days == 50.0


def test_entity_threading_ignores_countries_and_needs_two_names():
    docs, corpus = _entity_corpus()
    # Both rounds now name one specific entity and a country (اليابان via
    # «اليابانية»): one shared specific name is not enough, a country never counts.
    for d in docs[::2]:
        d.entities = [_mention(d, "تاناكا", "ORG", "tanaka"), _mention(d, "اليابانية", "LOC", "japan")]
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD, thread_scoring="entity")
    clusterer.process_corpus(corpus)
    assert docs[0].story != docs[2].story
    specific = clusterer.specific_entities()[clusterer.story_of["t1"]]
    assert "اليابان" not in specific and "شركه تاناكا" in specific
    # With one shared name allowed, the company alone threads them.
    clusterer.thread_min_entities = 1
    assert len(set(clusterer.thread().values())) == 3


def test_entity_threading_off_by_default_and_lexical_unchanged():
    docs, corpus = _entity_corpus()
    StoryClusterer().process_corpus(corpus)
    assert len({d.story for d in docs}) == 4


def test_names_in_many_bursts_are_not_evidence():
    """A column's recurring names (its author, its sponsor) appear in most
    bursts: above the burst-share cap they do not count."""
    from rasid.model import Entity

    column = ("كتب الكاتب سالم الزهراني في زاويته الأسبوعية بصحيفة الوطن الرقمية عن {}.")
    topics = ["ازدحام الطرق", "غلاء الإيجارات", "مواسم الصيف", "رواتب المتقاعدين", "أسعار الأعلاف",
              "مواقف السيارات", "حدائق الأحياء"]
    docs = []
    for k, topic in enumerate(topics):
        d = document_from_text(column.format(topic), id=f"c{k}", published=f"2015-{k + 1:02d}-01T10:00:00",
                               title="زاوية الزهراني")
        d.entities = [_mention(d, "سالم الزهراني", "PER", "author"), _mention(d, "الوطن الرقمية", "ORG", "paper")]
        docs.append(d)
    corpus = Corpus(documents=docs, entities=[Entity("author", "سالم الزهراني", "PER"),
                                              Entity("paper", "الوطن الرقمية", "ORG")])
    clusterer = StoryClusterer(thread_threshold=THREAD_THRESHOLD, thread_scoring="entity", thread_entity_cosine=0.0)
    clusterer.process_corpus(corpus)
    assert len({d.story for d in docs}) == 7  # 7 bursts name them: more than the cap of 5
    assert all(not names for names in clusterer.specific_entities().values())


def test_fresh_thread_pairs_are_well_formed():
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "stories_thread_test2.jsonl"
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) >= 25 and any(p["same_story"] for p in pairs)
    for p in pairs:
        assert p["reason"].startswith("same matter" if p["same_story"] else "different")
        assert p["how"] in ("entity", "cosine", "random")
        assert max(m["file"] for m in p["older"]) < min(m["file"] for m in p["newer"])
        assert all(m["file"] >= "2015-08-01" for m in p["newer"])  # newer burst in the test days
