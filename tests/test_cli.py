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


# --- errors and exit codes: a script driving rasid must be able to tell ---------
def _one_line_error(res) -> str:
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    return res.output.strip()


def test_empty_input_is_an_error_and_creates_no_store(tmp_path):
    (tmp_path / "empty").mkdir()
    db = tmp_path / "r.db"
    res = runner.invoke(app, ["analyze", str(tmp_path / "empty"), "--db", str(db)])
    assert res.exit_code == 1
    assert "no input files found" in _one_line_error(res)
    assert not db.exists()
    res = runner.invoke(app, ["analyze", str(tmp_path / "missing.txt"), "--memory"])
    assert res.exit_code == 1 and "no such file" in res.output and "no input files found" in res.output
    assert runner.invoke(app, ["summarize", str(tmp_path / "empty")]).exit_code == 1


def test_bad_option_values_are_usage_errors_listing_valid_values(tmp_path):
    db = tmp_path / "r.db"
    db.write_bytes(b"")  # the value check must come first, whatever the store
    cases = [
        (["entities", "--type", "xyz", "--db", str(db)], ["per", "org", "loc", "misc"]),
        (["events", "--type", "BOMBING", "--db", str(db)], ["assault", "protest"]),
        (["export", "--format", "xml", "--db", str(db)], ["jsonl", "csv", "plover"]),
        (["analyze", str(tmp_path), "--format", "pdf", "--memory"], ["html", "warc"]),
    ]
    for args, valid in cases:
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert all(v in res.output.lower() for v in valid), (args, res.output)
    for bad in ("0", "-5"):
        res = runner.invoke(app, ["analyze", str(tmp_path), "--memory", "--max-bytes", bad])
        assert res.exit_code == 2 and "--max-bytes" in res.output


def test_option_values_are_case_insensitive(tmp_path):
    (tmp_path / "a.txt").write_text("قال الوزير إن المحادثات ستستأنف غدا في جنيف.", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--memory", "--format", "TEXT", "--no-report"])
    assert res.exit_code == 0, res.output


def test_unwritable_outputs_fail_with_one_line_and_exit_1(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("قال الوزير إن المحادثات ستستأنف غدا في جنيف.", encoding="utf-8")
    db = tmp_path / "r.db"
    res = runner.invoke(app, ["analyze", str(src), "--db", str(db), "--json", "/nonexistent/dir/x.json"])
    assert res.exit_code == 1
    assert _one_line_error(res).startswith("cannot write --json /nonexistent/dir/x.json")
    assert not db.exists()  # failed before doing the work
    assert runner.invoke(app, ["analyze", str(src), "--db", str(db), "--no-report"]).exit_code == 0
    for target in ("/nonexistent/dir/x.json", str(tmp_path)):  # missing folder; a directory
        res = runner.invoke(app, ["export", "--db", str(db), "-o", target])
        assert res.exit_code == 1, res.output
        assert len(_one_line_error(res).splitlines()) == 1
    res = runner.invoke(app, ["export", "--db", str(db), "-f", "jsonl", "-o", "-"])
    assert res.exit_code == 0 and json.loads(res.stdout.splitlines()[0])["id"] == "a.txt"


def test_every_command_and_option_has_help():
    import typer

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert command.help and len(command.help.split()) >= 4, name
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help and len(param.help.split()) >= 2, (name, param.name)


def test_report_shows_the_largest_stories_first_and_says_how_many_more():
    import io

    from rich.console import Console

    from rasid.model import Corpus, Document, Story
    from rasid.report import render_report

    docs = [Document(id=f"d{i}", text=f"خبر {i}") for i in range(30)]
    stories = [Story(f"S{i}", f"قصة {i}", [f"d{i}"]) for i in range(24)]
    stories.append(Story("BIG", "القصة الكبرى", ["d24", "d25", "d26"]))
    buf = io.StringIO()
    render_report(Corpus(docs, [], stories), Console(file=buf, width=200), max_stories=20)
    text = buf.getvalue()
    assert text.count("Story: ") == 20
    assert text.index("القصة الكبرى") < text.index("قصة 0")
    assert "5 smaller stories not shown" in text
    buf = io.StringIO()
    render_report(Corpus(docs, [], stories), Console(file=buf, width=200), max_stories=0)
    assert buf.getvalue().count("Story: ") == 25 and "not shown" not in buf.getvalue()


def test_bad_published_option_is_a_usage_error(tmp_path):
    from typer.testing import CliRunner

    from rasid.cli import app

    f = tmp_path / "a.txt"
    f.write_text("قال الوزير اليوم إن المحادثات ستبدأ غدا في العاصمة.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(f), "--memory", "--no-report", "--published", "2015-13-45"])
    assert result.exit_code == 2
    ok = CliRunner().invoke(app, ["analyze", str(f), "--memory", "--no-report", "--published", "2015-07-21"])
    assert ok.exit_code == 0
