"""The command line as a user drives it, on the seed articles and on bad input."""
import json

from typer.testing import CliRunner

from rasid.cli import app

runner = CliRunner()


def test_analyze_seeds_json_spans_and_cleaning(tmp_path, seeds_dir):
    db, out = tmp_path / "r.db", tmp_path / "out.json"
    res = runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--json", str(out), "--no-report"])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text("utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    assert len(docs) == 5
    for d in docs.values():
        text = d["text"]
        for key in ("entities", "quotes", "events", "times"):
            for item in d[key]:
                assert text[item["start"]:item["end"]] == item["text"], (key, item)
        for s in d["sentences"]:
            assert text[s["start"]:s["end"]].strip()
    doc001 = docs["001_0f8ed4b4c492d579.txt"]
    assert "الرئيسية / دولي" not in doc001["text"]
    assert any(r["reason"] == "breadcrumb" for r in doc001["removed"])
    assert "الأمم المتحدة" in docs["000_2be9eec8f8732619.txt"]["text"]
    assert "الأممالمتحدة" not in docs["000_2be9eec8f8732619.txt"]["text"]


def test_report_export_and_listing_commands(tmp_path, seeds_dir):
    db = tmp_path / "r.db"
    runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--no-report"])
    rep = runner.invoke(app, ["report", "--db", str(db)])
    assert rep.exit_code == 0 and "elmaouid" in rep.output
    for fmt in ("json", "jsonl", "csv"):
        res = runner.invoke(app, ["export", "--format", fmt, "--db", str(db), "-o", str(tmp_path / f"x.{fmt}")])
        assert res.exit_code == 0, res.output
    lines = (tmp_path / "x.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(ln)["id"] for ln in lines)
    assert (tmp_path / "x.csv").read_text("utf-8").startswith("id,outlet,published")
    assert runner.invoke(app, ["search", "أستانة", "--db", str(db), "--json"]).exit_code == 0


def test_stdin_and_exit_code_on_skipped_input(tmp_path):
    res = runner.invoke(app, ["analyze", "-", "--memory", "--json", "-", "--no-report"],
                        input="قال الوزير إن المحادثات ستستأنف غدا في جنيف.")
    assert res.exit_code == 0
    data = json.loads(res.stdout[res.stdout.index("{"):])
    assert data["documents"][0]["id"] == "stdin"
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("خبر قصير عن المحادثات في أستانة.", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path), "--memory", "--no-report"])
    assert res.exit_code == 1  # something was skipped
    assert "empty file" in res.output


def test_missing_store_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2


def test_timeline_command_lists_dated_statements(tmp_path):
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text("قال وزير الخارجية أمس إن المحادثات ستستأنف في 8 فبراير.\n", encoding="utf-8")
    (src / "a.txt.meta.json").write_text('{"published": "2017-01-18", "outlet": "وكالة"}', encoding="utf-8")
    db = tmp_path / "t.db"
    assert runner.invoke(app, ["analyze", str(src), "--db", str(db), "--no-report"]).exit_code == 0
    res = runner.invoke(app, ["timeline", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    entries = [e for story in json.loads(res.output) for e in story["timeline"]]
    quotes = [e for e in entries if e["kind"] == "quote"]
    assert quotes and quotes[0]["date"] == "2017-01-17" and quotes[0]["date_source"] == "text"
    assert runner.invoke(app, ["timeline", "--db", str(db), "--story", "nope"]).exit_code == 1
