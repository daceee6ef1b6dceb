"""The numpy BiLSTM-CRF tagger (rasid.nlp.ner_nn): its building blocks against
brute force, its shipped artifact on sentences written for these tests, and
its fit with the entity component."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from rasid.nlp import ner_nn
from rasid.nlp.ner import bio_spans, read_conll, score_spans
from rasid.nlp.ner_nn import MODEL_FILE, NeuralNerModel, lstm_direction, viterbi


def _path_score(em, trans, start, end, path):
    s = start[path[0]] + em[0, path[0]] + end[path[-1]]
    return s + sum(trans[a, b] + em[t + 1, b] for t, (a, b) in enumerate(zip(path, path[1:])))


def test_viterbi_finds_the_best_path_of_each_padded_sentence():
    rng = np.random.default_rng(0)
    n_labels, lengths = 3, np.array([4, 1, 3])
    em = rng.normal(size=(3, 4, n_labels))
    trans, start, end = rng.normal(size=(n_labels, n_labels)), rng.normal(size=n_labels), rng.normal(size=n_labels)
    paths = viterbi(em, lengths, trans, start, end)
    for k, n in enumerate(lengths):
        best = max(itertools.product(range(n_labels), repeat=int(n)),
                   key=lambda p: _path_score(em[k], trans, start, end, p))
        assert paths[k] == list(best)


def test_lstm_on_a_padded_batch_equals_each_sentence_alone():
    """Padding must not leak into either direction (the backward one starts at
    each sentence's own end)."""
    rng = np.random.default_rng(1)
    hidden, lengths = 5, np.array([6, 2, 4])
    x_proj = rng.normal(size=(3, 6, 4 * hidden)).astype(np.float32)
    w_hh = rng.normal(size=(hidden, 4 * hidden)).astype(np.float32)
    for reverse in (False, True):
        batched = lstm_direction(x_proj, w_hh, lengths, reverse)
        for k, n in enumerate(lengths):
            alone = lstm_direction(x_proj[k:k + 1, :n], w_hh, np.array([n]), reverse)
            np.testing.assert_allclose(batched[k, :n], alone[0], rtol=1e-5, atol=1e-6)


def test_fast_shape_agrees_with_the_crf_shape_used_in_training():
    from rasid.nlp.ner_features import _shape

    for word in ("الرياض", "Reuters", "2015", "١٤٣٦", "،", "(", "F-16", "كوفيد19", "U.N.", "ـ", "x"):
        assert ner_nn._fast_shape(word) == _shape(word), word


@pytest.fixture(scope="module")
def model():
    assert MODEL_FILE.exists(), "rasid/data/ner_nn.npz is committed: rebuild with scripts/train_ner_nn.py"
    return NeuralNerModel()


def test_artifact_is_small():
    assert MODEL_FILE.stat().st_size < 5_000_000


def _spans_text(model, words):
    return {(" ".join(words[s.start:s.end]), s.label) for s in model.spans(words)}


def test_tags_people_places_and_organisations(model):
    # constructed sentences, not from ANERcorp or the seeds
    found = _spans_text(model, "وقال وزير الخارجية الفرنسي لوران فابيوس في باريس إن".split())
    assert ("لوران فابيوس", "PER") in found
    assert ("باريس", "LOC") in found
    found = _spans_text(model, "وأعلنت منظمة الصحة العالمية في جنيف أمس عن".split())
    assert any(label == "ORG" and "الصحة العالمية" in text for text, label in found)
    assert ("جنيف", "LOC") in found


def test_function_words_are_not_entities(model):
    assert model.spans("وقال إنه لم يكن في ذلك الوقت".split()) == []


def test_batched_tagging_equals_one_sentence_at_a_time(model):
    sents = ["زار الملك سلمان بن عبد العزيز مدينة جدة".split(), ["اليوم"],
             "وصل الرئيس الروسي فلاديمير بوتين إلى أنقرة في زيارة رسمية تستمر يومين".split(), []]
    assert model.tag_many(sents) == [model.tag(s) for s in sents]
    assert all(len(tags) == len(s) for tags, s in zip(model.tag_many(sents), sents))


def test_fast_path_computes_the_reference_network(model):
    """The run-time path (distinct words once, folded gate scales, reversed
    sentences) must compute what the torch-shaped reference computes."""
    sents = ["وقال المتحدث باسم وزارة الخارجية الأمريكية إن واشنطن".split(), ["الرياض"],
             "أعلنت الشركة عن أرباحها للعام 2015 في بيان نشرته أمس الأحد".split()]
    fast = model.fast_emissions(model.encoder.encode_types(sents))
    batch = model.encoder.encode(sents)
    ref = model.emissions_reference(batch)
    for k, n in enumerate(batch.lengths):
        np.testing.assert_allclose(fast[k, :n], ref[k, :n], rtol=1e-4, atol=1e-4)


def test_spans_many_equals_spans(model):
    sents = ["التقى الأمين العام للأمم المتحدة بان كي مون في نيويورك".split(), "لم يحدث شيء".split()]
    assert model.spans_many(sents) == [model.spans(s) for s in sents]


def test_entity_component_runs_on_the_neural_tagger(model, monkeypatch):
    from rasid.analysis import document_from_text
    from rasid.nlp import ner

    monkeypatch.setattr(ner, "_MODEL", None)
    monkeypatch.setenv("RASID_NER", "nn")
    try:
        doc = document_from_text("التقى وزير الخارجية السعودي عادل الجبير نظيره الأمريكي جون كيري في الرياض.")
        doc = ner.EntityRecognizer().process_document(doc)
        assert isinstance(ner.get_model(), ner_nn.NeuralNerModel)
    finally:
        ner._MODEL = None
    assert doc.entities, "no mention found"
    for m in doc.entities:
        assert doc.text[m.start:m.end] == m.text
    assert "الرياض" in {m.text for m in doc.entities if m.label == "LOC"}


def test_dev_slice_f1(model, shared_data):
    """A guard against a broken export: the last 150 sentences of ANERcorp
    train (inside the dev tenth, never trained on before the refit)."""
    sents = read_conll(shared_data / "anercorp" / "ANERcorp_train_original.txt")[-150:]
    pred = model.tag_many([[w for w, _ in s] for s in sents])
    result = score_spans([bio_spans([t for _, t in s]) for s in sents], [bio_spans(p) for p in pred])
    assert result.f1 > 0.6
