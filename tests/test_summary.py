"""Multi-document summary: redundancy across outlets, credit, order, spans."""
import importlib.util
import json
import sys
from pathlib import Path

from rasid.analysis import document_from_text
from rasid.link.summary import StorySummarizer, summarize_documents
from rasid.model import Corpus, Story

# Two outlets report one (invented) story; the first sentence is the same wire copy.
WIRE = "أعلنت وزارة الصحة في الرياض افتتاح مستشفى جديد للأطفال بسعة ثلاثمئة سرير في حي النرجس شمال المدينة."
DOC_A = (WIRE + " وقال وزير الصحة إن المستشفى سيخدم سكان الأحياء الشمالية ويخفف الضغط على المستشفيات القائمة. "
         "وتبلغ تكلفة المشروع نحو خمسمئة مليون ريال بحسب بيان الوزارة.")
DOC_B = (WIRE + " وأضافت الوزارة أن المستشفى يضم وحدة متخصصة لعلاج أمراض القلب لدى الأطفال حديثي الولادة. "
         "ومن المتوقع أن يبدأ المستشفى استقبال المرضى مطلع العام المقبل بعد اكتمال التجهيزات الطبية.")


def _docs():
    a = document_from_text(DOC_A, id="a", outlet="okaz", published="2015-07-22")
    b = document_from_text(DOC_B, id="b", outlet="alriyadh", published="2015-07-21")
    return a, b


def test_summary_drops_cross_outlet_repeat_and_credits_both():
    a, b = _docs()
    summary = summarize_documents([a, b], words=60)
    texts = [s.text for s in summary]
    assert texts.count(WIRE) == 1, texts  # the wire sentence once, not twice
    wire = next(s for s in summary if s.text == WIRE)
    assert set(wire.outlets) == {"okaz", "alriyadh"}
    docs = {"a": a, "b": b}
    for s in summary:
        assert docs[s.document].text[s.start:s.end] == s.text
        assert s.date == docs[s.document].published


def test_summary_is_ordered_by_publication_date_and_respects_budget():
    a, b = _docs()
    summary = summarize_documents([a, b], words=30)
    dates = [s.date for s in summary]
    assert dates == sorted(dates)
    words = [len(s.text.split()) for s in summary]
    assert sum(words[:-1]) < 30  # stops once the budget is met
    assert len(summarize_documents([a, b], words=200)) > len(summary)


def test_component_skips_duplicates_but_credits_their_outlet():
    a, b = _docs()
    dup = document_from_text(DOC_A, id="c", outlet="alwatan", published="2015-07-22")
    dup.duplicate_of = "a"
    corpus = Corpus(documents=[a, b, dup], stories=[Story("s1", "مستشفى", ["a", "b", "c"])])
    StorySummarizer(words=80).process_corpus(corpus)
    summary = corpus.stories[0].summary
    assert summary and all(s.document != "c" for s in summary)
    from_a = [s for s in summary if s.document == "a"]
    assert from_a and all("alwatan" in s.outlets for s in from_a)
    json.dumps([vars(s) for s in summary], ensure_ascii=False)


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "summary.py"
    spec = importlib.util.spec_from_file_location("bench_summary", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_summary"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_rouge_and_encodings():
    bench = _bench()
    assert bench.rouge_n(["a", "b", "c"], ["a", "b", "c"], 2) == 1.0
    assert bench.rouge_n(["a", "b"], ["c", "d"], 1) == 0.0
    assert bench.lcs(list("abcbdab"), list("bdcaba")) == 4


def test_easc_layout_and_baselines(shared_data, tmp_path):
    bench = _bench()
    p = tmp_path / "x.txt"
    p.write_bytes("مرحبا بالعالم".encode("utf-16"))
    assert bench.read_text(p) == "مرحبا بالعالم"
    items, missing = bench.load_easc(shared_data / "easc")
    assert len(items) >= 80 and all(len(i.references) >= 1 for i in items)
    item = items[0]
    # Lead and our summary both fill the budget and overlap the references.
    for text in (bench.lead(item), bench.rasid_summary(item, bench.SummaryWeights())):
        scores = bench.Scores()
        bench.score_summary(text, item, scores)
        assert scores.mean("R1/norm/avg") > 0.2


def test_sentence_features_mark_lead_and_centrality():
    from rasid.link.summary import FEATURES, build_units, sentence_features

    a, b = _docs()
    units = build_units([a, b])
    feats = sentence_features(units)
    assert len(feats) == len(units) and all(set(f) == set(FEATURES) for f in feats)
    firsts = [f for u, f in zip(units, feats) if u.index == 0]
    assert len(firsts) == 2 and all(f["lead1"] == 1.0 and f["position"] == 1.0 for f in firsts)
    assert all(0.0 <= f["centrality"] <= 1.0 for f in feats)
    # The wire sentence both outlets carry is the most central one.
    best = max(zip(units, feats), key=lambda uf: uf[1]["centrality"])[0]
    assert best.text == WIRE
