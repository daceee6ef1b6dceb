from rasid.analysis import document_from_text
from rasid.link.dedup import Deduplicator, DuplicateIndex, signature
from rasid.model import Corpus

WIRE = ("حدد رئيس الوزراء البريطاني ديفيد كاميرون اليوم الاثنين ملامح استراتيجية للتصدي للتطرف "
        "داخل بريطانيا وهي مسألة اعتبرها كاميرون صراع جيلنا وقال إن الحكومة ستعمل على مواجهة "
        "الأيديولوجيا المتطرفة وتعزيز الاندماج في المجتمع خلال السنوات الخمس المقبلة")
OTHER = ("أعلنت وزارة الصحة السعودية تسجيل حالات جديدة بفيروس كورونا في الرياض وجدة ودعت "
         "المواطنين إلى اتباع الإرشادات الوقائية ومراجعة المراكز الصحية عند ظهور الأعراض")


def test_copies_point_to_earliest_and_others_stay_apart():
    late = document_from_text(WIRE, id="late", published="2015-07-22")
    early = document_from_text("لندن - رويترز: " + WIRE, id="early", published="2015-07-21")
    truncated = document_from_text(WIRE[:len(WIRE) * 3 // 4], id="trunc", published="2015-07-23")
    other = document_from_text(OTHER, id="other", published="2015-07-20")
    Deduplicator().process_corpus(Corpus(documents=[late, early, truncated, other]))
    assert early.duplicate_of is None
    assert late.duplicate_of == "early" and truncated.duplicate_of == "early"
    assert other.duplicate_of is None


def test_index_query_returns_stored_copy():
    index = DuplicateIndex()
    index.add("a", signature(document_from_text(WIRE, id="a")))
    index.add("b", signature(document_from_text(OTHER, id="b")))
    matches = index.query(signature(document_from_text(WIRE + " (واس)", id="c")))
    assert [m.doc_id for m in matches] == ["a"] and matches[0].similarity > 0.7


def test_empty_and_stub_bodies_are_not_one_duplicate_group():
    # Feed items whose body was not fetched: empty or a few words each.
    stubs = [document_from_text(text, id=f"s{i}", published=f"2015-07-2{i}")
             for i, text in enumerate(["", "", "اقرأ المزيد", "صورة"])]
    real = document_from_text(WIRE, id="real", published="2015-07-25")
    Deduplicator().process_corpus(Corpus(documents=[*stubs, real]))
    assert all(d.duplicate_of is None for d in [*stubs, real])


def _with_hash(doc, outlet):
    import hashlib

    doc.content_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    doc.outlet = outlet
    return doc


def test_exact_copies_from_two_outlets_are_marked_exact_and_near_ones_near():
    first = _with_hash(document_from_text(WIRE, id="a", published="2015-07-21"), "spa")
    copy = _with_hash(document_from_text(WIRE, id="b", published="2015-07-22"), "okaz")
    edited = _with_hash(document_from_text("الرياض - واس: " + WIRE, id="c", published="2015-07-23"), "alriyadh")
    Deduplicator().process_corpus(Corpus(documents=[copy, edited, first]))
    assert first.duplicate_of is None and "duplicate" not in first.meta
    assert copy.duplicate_of == "a" and copy.meta["duplicate"] == {"reason": "exact", "similarity": 1.0}
    assert edited.duplicate_of == "a" and edited.meta["duplicate"]["reason"] == "near"
    assert 0.5 <= edited.meta["duplicate"]["similarity"] < 1.0


def test_rerunning_dedup_clears_an_old_mark():
    doc = _with_hash(document_from_text(WIRE, id="a"), "spa")
    doc.duplicate_of, doc.meta["duplicate"] = "gone", {"reason": "exact", "similarity": 1.0}
    Deduplicator().process_corpus(Corpus(documents=[doc]))
    assert doc.duplicate_of is None and "duplicate" not in doc.meta
