"""Entity resolution: spelling variants, short forms, roles, people kept apart.

The documents are written for these tests; mentions are placed by hand as the
recogniser would place them (rasid.model.Mention over the cleaned text).
"""
from __future__ import annotations

import pytest

from rasid.analysis import document_from_text
from rasid.link.entities import EntityResolver, entity_id, link_argument, same_name
from rasid.link.names import compare_names, cross_script_match, name_similarity, skeleton
from rasid.model import Argument, Corpus, Event, Mention, Quote
from rasid.pipeline import Pipeline


def make_doc(doc_id: str, text: str, mentions: list[tuple[str, str]]):
    """A document with ``mentions`` (surface, type) placed left to right."""
    doc = document_from_text(text, id=doc_id)
    cursor = 0
    for surface, etype in mentions:
        start = doc.text.find(surface, cursor)
        assert start >= 0, surface
        doc.entities.append(Mention(start, start + len(surface), label=etype, text=surface))
        cursor = start + len(surface)
    return doc


def resolve(*docs):
    return EntityResolver().process_corpus(Corpus(documents=list(docs)))


def entity_of(doc, surface: str) -> str:
    return next(m.entity for m in doc.entities if m.text == surface)


@pytest.fixture
def corpus():
    a = make_doc("a", "قال مبعوث الأمم المتحدة الخاص لسوريا ستافان دي ميستورا إن الجولة المقبلة ستعقد في أستانة. "
                      "وأضاف دي ميستورا أن الوفود بدأت الوصول.",
                 [("الأمم المتحدة", "ORG"), ("ستافان دي ميستورا", "PER"), ("أستانة", "LOC"),
                  ("دي ميستورا", "PER")])
    b = make_doc("b", "التقى ستيفان ديمستورا في الأستانة وزير الخارجية الروسي سيرغي لافروف. "
                      "وقال لافروف إن بلاده تدعم الحوار.",
                 [("ستيفان ديمستورا", "PER"), ("الأستانة", "LOC"), ("سيرغي لافروف", "PER"),
                  ("لافروف", "PER")])
    c = make_doc("c", "وصل سيرغى لافروف إلى أستانا مساء أمس. وفي دمشق قال الرئيس بشار الأسد إن الحكومة "
                      "ستشارك، بينما ذكّرت الصحيفة بأن حافظ الأسد حكم البلاد ثلاثين عاما.",
                 [("سيرغى لافروف", "PER"), ("أستانا", "LOC"), ("دمشق", "LOC"), ("بشار الأسد", "PER"),
                  ("حافظ الأسد", "PER")])
    d = make_doc("d", "أعلن محمد علوش، رئيس وفد المعارضة، أن الوفد سيشارك في الاجتماعات. "
                      "وقال علوش إن مقاتلي تنظيم الدولة انسحبوا، مضيفا أن داعش خسر مواقعه.",
                 [("محمد علوش", "PER"), ("علوش", "PER"), ("تنظيم الدولة", "ORG"), ("داعش", "ORG")])
    return resolve(a, b, c, d)


def test_de_mistura_variants_are_one_entity(corpus):
    a, b = corpus.documents[0], corpus.documents[1]
    ids = {entity_of(a, "ستافان دي ميستورا"), entity_of(a, "دي ميستورا"), entity_of(b, "ستيفان ديمستورا")}
    assert len(ids) == 1
    ent = next(e for e in corpus.entities if e.id in ids)
    assert ent.name == "ستافان دي ميستورا"
    assert ent.type == "PER" and sorted(ent.documents) == ["a", "b"]


def test_astana_spellings_are_one_entity(corpus):
    a, b, c = corpus.documents[:3]
    assert entity_of(a, "أستانة") == entity_of(b, "الأستانة") == entity_of(c, "أستانا")


def test_lavrov_spellings_and_surname(corpus):
    b, c = corpus.documents[1], corpus.documents[2]
    assert entity_of(b, "سيرغي لافروف") == entity_of(b, "لافروف") == entity_of(c, "سيرغى لافروف")


def test_two_people_with_one_surname_stay_apart(corpus):
    c = corpus.documents[2]
    assert entity_of(c, "بشار الأسد") != entity_of(c, "حافظ الأسد")
    assert not same_name("بشار الأسد", "حافظ الأسد", "PER")


def test_bare_surname_shared_by_two_people_is_not_linked():
    doc = make_doc("x", "استقبل بشار الأسد الوفد، وكان حافظ الأسد قد أسس الحزب. وقال الأسد إن الحوار مستمر.",
                   [("بشار الأسد", "PER"), ("حافظ الأسد", "PER"), ("الأسد", "PER")])
    resolve(doc)
    bare = entity_of(doc, "الأسد")
    assert bare not in {entity_of(doc, "بشار الأسد"), entity_of(doc, "حافظ الأسد")}


def test_native_names_differing_in_a_vowel_are_different_people():
    assert not same_name("محمد علوش", "محمود علوش", "PER")
    assert not same_name("حسن نصر", "حسين نصر", "PER")
    # while foreign-name vowels are spelling: سيرغي/سيرجي, ستافان/ستيفان
    assert same_name("سيرغي لافروف", "سيرجي لافروف", "PER")
    assert skeleton("ستافان دي ميستورا") == skeleton("ستيفان ديمستورا")


def test_short_form_and_role_within_document(corpus):
    d = corpus.documents[3]
    assert entity_of(d, "علوش") == entity_of(d, "محمد علوش")
    alloush = next(e for e in corpus.entities if e.id == entity_of(d, "محمد علوش"))
    assert alloush.attrs["roles"] == {"رئيس وفد المعارضة": 1}
    lavrov = next(e for e in corpus.entities if e.name == "سيرغي لافروف")
    assert "وزير الخارجية الروسي" in lavrov.attrs["roles"]
    mistura = next(m for m in corpus.documents[0].entities if m.text == "ستافان دي ميستورا")
    assert mistura.attrs["role"] == "مبعوث الأمم المتحدة الخاص لسوريا"


def test_alternative_names_from_data(corpus):
    d = corpus.documents[3]
    assert entity_of(d, "داعش") == entity_of(d, "تنظيم الدولة")


def test_every_mention_is_linked_and_ids_are_stable(corpus):
    assert all(m.entity for doc in corpus.documents for m in doc.entities)
    lavrov = next(e for e in corpus.entities if e.name == "سيرغي لافروف")
    assert lavrov.id == entity_id("PER", "سيرغي لافروف")
    assert lavrov.aliases == {"سيرغي لافروف": 1, "لافروف": 1, "سيرغى لافروف": 1}


def test_places_country_adjectives_and_scripts():
    doc = make_doc("p", "قصفت القوات الروسية ريف دمشق، وقال مسؤول روسي إن روسيا لن تتراجع. "
                        "وأكدت وسائل إعلام في دمشق أن Russia أبلغت الحكومة السورية، فيما انتقد النظام السوري الخطوة.",
                   [("القوات الروسية", "ORG"), ("ريف دمشق", "LOC"), ("روسي", "LOC"), ("روسيا", "LOC"),
                    ("دمشق", "LOC"), ("Russia", "LOC"), ("الحكومة السورية", "ORG"), ("النظام السوري", "ORG")])
    resolve(doc)
    assert entity_of(doc, "ريف دمشق") != entity_of(doc, "دمشق")
    assert entity_of(doc, "روسي") == entity_of(doc, "روسيا") == entity_of(doc, "Russia")
    assert entity_of(doc, "الحكومة السورية") == entity_of(doc, "النظام السوري")
    assert cross_script_match("Bashar al-Assad", "بشار الأسد")
    assert not cross_script_match("Syria", "السير")


def test_capital_as_actor_joins_its_country_but_not_as_place():
    a = make_doc("m1", "وقالت روسيا إنها ستواصل دعم الحل. وأكدت موسكو أنها لن تقبل الشروط.",
                 [("روسيا", "LOC"), ("موسكو", "LOC")])
    b = make_doc("m2", "وصل الوفد إلى موسكو مساء الأحد، وعقد اجتماعا في موسكو مع مسؤولين.",
                 [("موسكو", "LOC"), ("موسكو", "LOC")])
    corpus = resolve(a, b)
    assert entity_of(a, "موسكو") == entity_of(a, "روسيا")
    assert entity_of(b, "موسكو") != entity_of(a, "روسيا")
    russia = next(e for e in corpus.entities if e.id == entity_of(a, "روسيا"))
    assert russia.name == "روسيا"


def test_name_similarity_orders_variants_above_different_names():
    assert name_similarity("أوغست أدريان بول", "اوجست ادريان بول") >= 0.9
    assert name_similarity("فرديناند دي لسبس", "فرديناد ديليسبس") >= 0.9
    assert name_similarity("جوزيف بويس", "كارلتون واتكينز") < 0.5
    assert compare_names("لافروف", "سيرغي لافروف").subset


def test_arguments_linked_by_span_and_by_name():
    doc = make_doc("q", "قال وزير الخارجية سيرغي لافروف إن موسكو ترحب. والتقى لافروف نظيره التركي.",
                   [("سيرغي لافروف", "PER"), ("لافروف", "PER")])
    start = doc.text.index("قال وزير")
    lav = doc.entities[0]
    doc.quotes.append(Quote(start, start + 10, label="indirect", text=doc.text[start:start + 10],
                            speaker=Argument(text="سيرغي لافروف", start=lav.start, end=lav.end)))
    doc.events.append(Event(start, start + 5, label="CONSULT", text=doc.text[start:start + 5],
                            actor=Argument(text="وزير الخارجية الروسي لافروف"),
                            recipient=Argument(text="مصادر مطلعة", attrs={"anonymous": True})))
    corpus = resolve(doc)
    eid = lav.entity
    assert doc.quotes[0].speaker.entity == eid
    assert doc.events[0].actor.entity == eid
    assert doc.events[0].recipient.entity is None
    assert link_argument(doc, Argument(text="سيرجي لافروف"), corpus.entities) == eid


def test_component_contract():
    assert EntityResolver.name == "resolve_entities"
    assert EntityResolver.requires == ("doc.entities",)
    assert "corpus.entities" in EntityResolver.assigns
    # it runs after whatever assigns doc.entities; alone it must fail the order check
    from rasid.pipeline import PipelineError
    with pytest.raises(PipelineError):
        Pipeline(["rasid.text.segment:Segmenter"], corpus_components=[EntityResolver()])


def test_seed_catalogue_alias_grouping(shared_data, seeds_dir):
    """Gold mentions of the seeds resolved without false merges of people."""
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.aliases import false_person_merges, seed_corpus
    from rasid.paths import gold_dir

    gold = json.loads((gold_dir() / "seeds.json").read_text(encoding="utf-8"))
    corpus, missing = seed_corpus(gold)
    resolve(*corpus.documents)
    assert missing == 0
    assert false_person_merges(gold, corpus) == []


def test_run_together_span_does_not_absorb_either_person():
    # a recogniser span that runs «نظام الأسد» into «بشار الجعفري» must not make
    # الأسد or الجعفري aliases of one entity
    doc = make_doc("e", "قال رئيس وفد نظام الأسد بشار الجعفري إن الوفد لن يوقع. وكرر الجعفري موقفه، "
                        "بينما ظهر الأسد في دمشق.",
                   [("الأسد بشار الجعفري", "PER"), ("الجعفري", "PER"), ("الأسد", "PER"), ("دمشق", "LOC")])
    resolve(doc)
    assert entity_of(doc, "الأسد") != entity_of(doc, "الجعفري")
    assert entity_of(doc, "الأسد") != entity_of(doc, "الأسد بشار الجعفري")


def test_short_form_must_be_surname_end_or_given_name_start():
    from rasid.link.entities import short_form_of

    assert short_form_of("الجعفري", "بشار الجعفري", "PER")
    assert short_form_of("بشار", "بشار الجعفري", "PER")
    assert short_form_of("دي ميستورا", "ستافان دي ميستورا", "PER")
    # a middle word is another person's father or another name, not a reference
    assert not short_form_of("عمر", "ألفا عمر كوناري", "PER")
    assert not short_form_of("الأسد", "الأسد بشار الجعفري", "PER")


def test_surname_with_split_particle_joins_glued_full_name():
    # «دي ميستورا» in one article, «ستيفان ديمستورا» in another: the same man
    a = make_doc("a", "وقال دي ميستورا إن الجولة ستعقد الشهر المقبل.", [("دي ميستورا", "PER")])
    b = make_doc("b", "ووصل ستيفان ديمستورا إلى جنيف مساء أمس.", [("ستيفان ديمستورا", "PER")])
    resolve(a, b)
    assert entity_of(a, "دي ميستورا") == entity_of(b, "ستيفان ديمستورا")
    # but a different surname that merely ends alike stays apart
    c = make_doc("c", "وقال دي ميستورا إن الوفود وصلت. والتقى جون كيري بنظيره.",
                 [("دي ميستورا", "PER"), ("جون كيري", "PER")])
    resolve(c)
    assert entity_of(c, "دي ميستورا") != entity_of(c, "جون كيري")
