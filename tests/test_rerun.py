"""Re-runs, identity and incremental linking of the store (issue #2).

The articles are written here (Saudi-news-like wire copy), not taken from the
seeds: what is tested is the store's behaviour, not any one extraction.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from rasid.analysis import Progress, analyze
from rasid.store import open_store

ROOT = Path(__file__).resolve().parents[1]

WIRE = ("أعلنت وزارة الداخلية السعودية اليوم القبض على خلية إرهابية في مدينة الدمام كانت تخطط لتنفيذ "
        "عمليات ضد منشآت حكومية، وقال المتحدث الأمني اللواء منصور التركي إن الخلية تضم ثمانية أشخاص "
        "وإن التحقيقات لا تزال جارية لمعرفة ارتباطاتها الخارجية.")
HEALTH = ("أعلنت وزارة الصحة السعودية تسجيل ثلاث حالات إصابة جديدة بفيروس كورونا في الرياض، ودعا وكيل "
          "الوزارة المواطنين إلى اتباع الإرشادات الوقائية ومراجعة المراكز الصحية عند ظهور الأعراض.")
SPORT = ("فاز نادي الهلال على نادي النصر بهدفين مقابل هدف في مباراة الدوري السعودي التي أقيمت مساء أمس "
         "على ملعب الملك فهد الدولي في الرياض أمام حضور جماهيري كبير.")
LATER = ("قال المتحدث الأمني اللواء منصور التركي إن أفراد الخلية الإرهابية التي ضبطت في الدمام اعترفوا "
         "بتلقي تمويل من الخارج، مضيفا أن وزارة الداخلية السعودية ستعلن أسماءهم خلال أيام.")


def records():
    return [
        {"id": "spa-1", "source": "spa", "url": "http://spa/1", "date": "2015-07-21 09:00", "title": "خلية الدمام",
         "content": WIRE},
        {"id": "okaz-1", "source": "okaz", "url": "http://okaz/9", "date": "2015-07-21 10:00",
         "title": "القبض على خلية", "content": WIRE},  # the same wire text from another outlet
        {"id": "spa-1-again", "source": "spa", "url": "http://spa/1", "date": "2015-07-21 09:00",
         "title": "خلية الدمام", "content": WIRE},  # the same text from the same place
        {"id": "health", "source": "alriyadh", "url": "http://riyadh/3", "date": "2015-07-21 11:00",
         "title": "كورونا", "content": HEALTH},
        {"id": "sport", "source": "alriyadh", "url": "http://riyadh/4", "date": "2015-07-20 22:00",
         "title": "الهلال والنصر", "content": SPORT},
    ]


def write_jsonl(path, recs, malformed=True):
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    if malformed:
        lines.insert(2, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def stages_of(paths, db, **kw):
    seen = []
    result = analyze(paths, db, progress=Progress(on_stage=seen.append), **kw)
    return result, seen


def export(db):
    with open_store(db) as store:
        docs = sorted((s.record for s in store.iter_documents()), key=lambda r: r["id"])
        return {"documents": docs, "entities": store.entities(), "stories": store.stories()}


def test_same_text_from_two_outlets_is_two_documents_and_same_place_is_reported(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records())
    db = str(tmp_path / "r.db")
    result = analyze([src], db)
    ids = sorted(d.id for d in result.corpus.documents)
    assert ids == ["health", "okaz-1", "spa-1", "sport"]
    by_id = {d.id: d for d in result.corpus.documents}
    assert by_id["okaz-1"].duplicate_of == "spa-1"
    assert by_id["okaz-1"].meta["duplicate"]["reason"] == "exact"
    assert by_id["spa-1"].duplicate_of is None
    dup = [p for p in result.problems if p.kind == "duplicate"]
    assert len(dup) == 1 and dup[0].source.endswith("line 4") and "line 1" in dup[0].reason
    assert not result.failed or any(p.kind == "skipped" for p in result.problems)
    with open_store(db) as store:
        assert store.count_documents() == 4
        kinds = sorted(p["kind"] for p in store.problems())
        assert kinds == ["duplicate", "skipped"]


def test_rerun_changes_nothing_and_skips_linking(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records())
    db = str(tmp_path / "r.db")
    first, first_stages = stages_of([src], db)
    before = export(db)
    second, second_stages = stages_of([src], db)
    assert "stories" in first_stages and "stories" not in second_stages  # nothing new: links reused
    assert export(db) == before
    assert len(second.problems) == len(first.problems) == 2
    assert sorted(d.id for d in second.corpus.documents) == sorted(d.id for d in first.corpus.documents)
    assert {d.id: d.story for d in second.corpus.documents} == {d.id: d.story for d in first.corpus.documents}
    assert [s.id for s in second.corpus.stories] == [s.id for s in first.corpus.stories]
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM problems").fetchone()[0] == 2
        assert len(store.problems()) == 2


def test_adding_an_article_gives_what_analysing_everything_at_once_gives(tmp_path):
    later = {"id": "later", "source": "alwatan", "url": "http://watan/5", "date": "2015-07-22 08:00",
             "title": "اعترافات الخلية", "content": LATER}
    step = str(tmp_path / "step.db")
    analyze([write_jsonl(tmp_path / "a.jsonl", records(), malformed=False)], step)
    result, stages = stages_of([write_jsonl(tmp_path / "b.jsonl", [later], malformed=False)], step)
    assert [d.id for d in result.corpus.documents] == ["later"]
    assert "stories" in stages
    once = str(tmp_path / "once.db")
    analyze([write_jsonl(tmp_path / "all.jsonl", [*records(), later], malformed=False)], once)
    a, b = export(step), export(once)
    strip = lambda docs: [{k: v for k, v in d.items() if k != "source"} for d in docs]  # noqa: E731
    assert strip(a["documents"]) == strip(b["documents"])
    assert a["entities"] == b["entities"]
    assert a["stories"] == b["stories"]


def test_a_run_killed_before_linking_is_linked_by_the_next(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records())
    db = str(tmp_path / "r.db")
    analyze([src], db)
    with open_store(db) as store:
        store.put_state("unlinked", b"1")  # as left by a run killed between storing and linking
    _, stages = stages_of([src], db)
    assert "stories" in stages
    with open_store(db) as store:
        assert not store.get_state("unlinked")


def test_ids_and_export_are_the_same_across_processes(tmp_path):
    """Two analyses of examples/astana in processes with different string-hash
    seeds (set and dict order differ) export byte-identical JSON."""
    outputs = []
    for seed in ("1", "2"):
        db = str(tmp_path / f"a{seed}.db")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "rasid.cli", "analyze", str(ROOT / "examples" / "astana"),
                        "--db", db, "--no-report"], check=True, env=env, capture_output=True)
        out = subprocess.run([sys.executable, "-m", "rasid.cli", "export", "--format", "json", "--db", db],
                             check=True, env=env, capture_output=True)
        outputs.append(out.stdout)
    data = json.loads(outputs[0])
    assert data["documents"] and data["entities"] and data["stories"]
    assert outputs[0] == outputs[1]
