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
