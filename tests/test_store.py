"""The SQLite store: idempotent re-runs, raw input kept, safe when killed."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from rasid.analysis import analyze
from rasid.store import SCHEMA_VERSION, open_store

AR = "أعلنت وزارة الخارجية أن الجولة رقم {n} من المحادثات ستعقد في أستانة بمشاركة وفود عدة."


def write_inputs(folder, n):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(AR.format(n=i) + "\n" + AR.format(n=i + 1000), encoding="utf-8")


def test_rerun_is_idempotent_and_raw_input_is_kept(tmp_path):
    write_inputs(tmp_path / "in", 3)
    (tmp_path / "in" / "doc0000.txt").write_text("الرئيسية / أخبار / عاجل\n" + AR.format(n=0), encoding="utf-8")
    db = str(tmp_path / "r.db")
    first = analyze([str(tmp_path / "in")], db)
    second = analyze([str(tmp_path / "in")], db)
    assert first.stored == second.stored == 3
    with open_store(db) as store:
        assert store.count_documents() == 3
        docs = {s.record["id"]: s.record for s in store.iter_documents()}
        raw = store.raw_input(docs["doc0000.txt"]["raw_hash"])
        assert raw.decode("utf-8").startswith("الرئيسية / أخبار")  # verbatim, boilerplate included
        assert "الرئيسية" not in docs["doc0000.txt"]["text"]
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.search("أستانة")


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "r.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    from rasid.store.sqlite import StoreError

    try:
        open_store(db)
    except StoreError as exc:
        assert "upgrade rasid" in str(exc)
    else:
        raise AssertionError("a store from a newer rasid must be refused")


def test_killed_mid_run_leaves_a_consistent_store(tmp_path):
    n = 600
    write_inputs(tmp_path / "in", n)
    db = tmp_path / "r.db"
    cmd = [sys.executable, "-m", "rasid.cli", "analyze", str(tmp_path / "in"), "--db", str(db), "--no-report"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            conn = sqlite3.connect(db, timeout=1)
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            continue
        if stored > 0:
            break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT d.text, d.analysis, r.raw FROM documents d JOIN raw_inputs r USING(raw_hash)").fetchall()
    conn.close()
    assert stored > 0 and len(rows) >= stored  # whole batches, nothing half-written
    for text, analysis, raw in rows:
        assert text and json.loads(analysis)["id"] and raw
    # finishing the run afterwards gives every document exactly once
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    with open_store(db) as store:
        assert store.count_documents() == n


def _record(text, outlet=None, url=None, title=None, doc_id="d"):
    import hashlib

    return {"id": doc_id, "text": text, "title": title, "outlet": outlet, "url": url, "source": f"{doc_id}.txt",
            "format": "text", "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "raw_hash": hashlib.sha256(f"raw:{doc_id}".encode("utf-8")).hexdigest()}


def test_store_created_by_the_old_schema_opens_and_is_migrated(tmp_path):
    from rasid.store.sqlite import MIGRATIONS, _split_sql
    from rasid.store import document_key

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)  # what rasid with schema 1 wrote: documents keyed by content hash
    for statement in _split_sql(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    rec = _record("قال الرئيس بشار الأسد إن المستشفى الجديد في حماة سيفتتح قريبا", outlet="sana", url="http://x/1",
                  title="تصريحات الأسد")
    conn.execute("INSERT INTO raw_inputs VALUES (?, 'd.txt', 'text', x'00', 'then')", (rec["raw_hash"],))
    conn.execute("INSERT INTO documents(content_hash, id, raw_hash, source, url, title, outlet, text, analysis, "
                 "first_seen, updated_at) VALUES (?,?,?,?,?,?,?,?,?,'then','then')",
                 (rec["content_hash"], "d", rec["raw_hash"], "d.txt", rec["url"], rec["title"], rec["outlet"],
                  rec["text"], json.dumps({k: v for k, v in rec.items() if k != "text"}, ensure_ascii=False)))
    conn.execute("INSERT INTO runs(started_at, finished_at) VALUES ('t1', 't1'), ('t2', 't2')")
    for run in (1, 2):  # the old code stored the same problem once per run
        conn.execute("INSERT INTO problems VALUES (?, 'bad.jsonl', 'line 3', 'malformed JSON', 'skipped')", (run,))
    conn.commit()
    conn.close()
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [stored] = list(store.iter_documents())
        assert stored.key == document_key(rec["content_hash"], "sana", "http://x/1")
        assert stored.record["text"] == rec["text"]
        assert [h["id"] for h in store.search("الاسد")] == ["d"]  # migrated rows are in the normalised index
        assert store.conn.execute("SELECT count(*) FROM problems").fetchone()[0] == 1
        assert store.problems() == [{"source": "bad.jsonl", "location": "line 3", "reason": "malformed JSON",
                                     "kind": "skipped"}]
        # the same text from another outlet is now a second document
        store.save_documents([(_record(rec["text"], outlet="okaz", doc_id="e"), b"raw", "text")])
        assert store.count_documents() == 2


def test_search_folds_spelling_variants_and_keeps_fts_syntax(tmp_path):
    texts = {
        "a": "أعلن الرئيس بشار الأسد عن تعديل وزاري في دمشق",
        "b": "نقل المصابون إلى مستشفى الملك فهد في جدة",
        "c": "قالت الحكومه إن الميزانية ستعلن الأسبوع المقبل",
        "d": "وصل وفد المعارضة إلى أستانة صباح اليوم",
    }
    with open_store(tmp_path / "s.db") as store:
        store.save_documents([(_record(t, doc_id=i, title="عنوان"), b"raw", "text") for i, t in texts.items()])
        ids = lambda q: sorted(h["id"] for h in store.search(q))  # noqa: E731
        assert ids("الاسد") == ids("الأسد") == ["a"]
        assert ids("مستشفي") == ids("مستشفى") == ["b"]
        assert ids("الحكومة") == ["c"]
        assert ids("استانه") == ["d"]
        assert ids("الأسد OR مستشفى") == ["a", "b"]
        assert ids('"بشار الاسد"') == ["a"] and ids('"الاسد بشار"') == []
        assert ids("مستش*") == ["b"]
        assert ids("الأسد NOT دمشق") == []
        [hit] = store.search("الاسد")
        assert "[الأسد]" in hit["snip"]  # the snippet shows the text as written
        try:
            store.search('"unbalanced')
        except sqlite3.OperationalError:
            pass
        else:
            raise AssertionError("a malformed query must raise for the CLI to report it")


def test_problems_are_not_duplicated_by_reruns(tmp_path):
    problem = {"source": "bad.jsonl", "location": "line 3", "reason": "malformed JSON", "kind": "skipped"}
    with open_store(tmp_path / "p.db") as store:
        for _ in range(3):
            run = store.start_run(["bad.jsonl"])
            store.add_problems(run, [problem])
            store.finish_run(run, 0, 1)
        assert store.conn.execute("SELECT count(*) FROM problems").fetchone()[0] == 1
        assert store.problems() == [problem]
        run = store.start_run(["good.jsonl"])  # a run in progress does not hide the last one's problems
        assert store.problems() == [problem]
