"""SQLite store: raw inputs verbatim, cleaned documents, their analysis, and
the cross-document catalogue (entities, stories), in one file.

Why this shape
- Documents are identified by the hash of their cleaned text, so analysing
  the same input again replaces the same row: re-runs are idempotent.
- Raw input bytes are kept verbatim beside the document (by their own hash),
  so nothing the user gave is lost, even what cleaning removed.
- WAL journal and one transaction per batch: a process killed mid-run leaves
  every committed batch intact and no half-written document.
- ``PRAGMA user_version`` holds the schema version; ``MIGRATIONS`` bring an
  older file up to date when it is opened.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE raw_inputs (
        raw_hash TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        raw BLOB NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE documents (
        content_hash TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        raw_hash TEXT REFERENCES raw_inputs(raw_hash),
        source TEXT, format TEXT, url TEXT, title TEXT, outlet TEXT, author TEXT,
        published TEXT,
        text TEXT NOT NULL,
        analysis TEXT NOT NULL,          -- JSON: the document's --json record without text
        story TEXT,
        duplicate_of TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        run_seq INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX documents_id ON documents(id);
    CREATE INDEX documents_story ON documents(story);
    CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, data TEXT NOT NULL);
    CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, data TEXT NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL, finished_at TEXT,
        inputs TEXT, stored INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0
    );
    CREATE TABLE problems (
        run_id INTEGER REFERENCES runs(id),
        source TEXT NOT NULL, location TEXT, reason TEXT NOT NULL, kind TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store file cannot be used (newer schema, not a rasid store, ...)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class StoredDocument:
    content_hash: str
    record: dict[str, Any]  # the --json document record, text included


class Store:
    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.row_factory = sqlite3.Row
        self._migrate()

    # -- schema ------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}; this rasid knows up to "
                             f"{SCHEMA_VERSION}: upgrade rasid")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[target - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {target}")

    def transaction(self) -> "_Transaction":
        return _Transaction(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and problems ---------------------------------------------------
    def start_run(self, inputs: Iterable[str]) -> int:
        cur = self.conn.execute("INSERT INTO runs(started_at, inputs) VALUES (?, ?)",
                                (_now(), json.dumps(list(inputs), ensure_ascii=False)))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, stored: int, skipped: int) -> None:
        self.conn.execute("UPDATE runs SET finished_at=?, stored=?, skipped=? WHERE id=?",
                          (_now(), stored, skipped, run_id))

    def add_problems(self, run_id: int, problems: Iterable[dict[str, Any]]) -> None:
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO problems(run_id, source, location, reason, kind) VALUES (?,?,?,?,?)",
                [(run_id, p["source"], p.get("location"), p["reason"], p.get("kind", "skipped"))
                 for p in problems])

    # -- documents -----------------------------------------------------------
    def save_documents(self, items: Iterable[tuple[dict[str, Any], bytes, str]], run_seq: int = 0) -> int:
        """Store (record, raw bytes, raw source) triples in one transaction.

        ``record`` is the document's --json record (with text). Returns the
        number stored. Re-storing the same content replaces its analysis.
        """
        now = _now()
        n = 0
        with self.transaction():
            for record, raw, raw_format in items:
                raw_hash = record.get("raw_hash") or ""
                self.conn.execute(
                    "INSERT OR IGNORE INTO raw_inputs(raw_hash, source, format, raw, received_at) VALUES (?,?,?,?,?)",
                    (raw_hash, record.get("source") or "", raw_format, raw, now))
                analysis = {k: v for k, v in record.items() if k != "text"}
                self.conn.execute(
                    """INSERT INTO documents(content_hash, id, raw_hash, source, format, url, title, outlet,
                           author, published, text, analysis, story, duplicate_of, first_seen, updated_at, run_seq)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                       ON CONFLICT(content_hash) DO UPDATE SET
                           id=excluded.id, raw_hash=excluded.raw_hash, source=excluded.source,
                           format=excluded.format, url=excluded.url, title=excluded.title,
                           outlet=excluded.outlet, author=excluded.author, published=excluded.published,
                           analysis=excluded.analysis, story=excluded.story,
                           duplicate_of=excluded.duplicate_of, updated_at=excluded.updated_at,
                           run_seq=excluded.run_seq""",
                    (record["content_hash"], record["id"], raw_hash, record.get("source"), record.get("format"),
                     record.get("url"), record.get("title"), record.get("outlet"), record.get("author"),
                     record.get("published"), record["text"], json.dumps(analysis, ensure_ascii=False),
                     record.get("story"), record.get("duplicate_of"), now, now, run_seq))
                n += 1
        return n

    def update_links(self, links: Iterable[tuple[str, str | None, str | None, dict[str, Any]]]) -> None:
        """Set story, duplicate_of and the analysis record of stored documents
        (content_hash, story, duplicate_of, analysis) after cross-document work."""
        with self.transaction():
            self.conn.executemany(
                "UPDATE documents SET story=?, duplicate_of=?, analysis=? WHERE content_hash=?",
                [(story, dup, json.dumps(analysis, ensure_ascii=False), h) for h, story, dup, analysis in links])

    def iter_documents(self, hashes: Iterable[str] | None = None) -> Iterator[StoredDocument]:
        if hashes is None:
            rows = self.conn.execute("SELECT content_hash, text, analysis FROM documents ORDER BY rowid")
        else:
            wanted = list(hashes)
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                rows.extend(self.conn.execute(
                    f"SELECT content_hash, text, analysis FROM documents WHERE content_hash IN "
                    f"({','.join('?' * len(chunk))})", chunk).fetchall())
            order = {h: i for i, h in enumerate(wanted)}
            rows.sort(key=lambda r: order[r["content_hash"]])
        for row in rows:
            record = json.loads(row["analysis"])
            record["text"] = row["text"]
            yield StoredDocument(row["content_hash"], record)

    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def raw_input(self, raw_hash: str) -> bytes | None:
        row = self.conn.execute("SELECT raw FROM raw_inputs WHERE raw_hash=?", (raw_hash,)).fetchone()
        return None if row is None else bytes(row["raw"])

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5) over titles and texts."""
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.published, snippet(documents_fts, 1, '[', ']', '…', 12) AS snip "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        return [dict(r) for r in rows]

    # -- catalogue -----------------------------------------------------------
    def replace_catalogue(self, entities: list[dict[str, Any]], stories: list[dict[str, Any]]) -> None:
        """Entities and stories are recomputed over the whole store each run."""
        with self.transaction():
            self.conn.execute("DELETE FROM entities")
            self.conn.execute("DELETE FROM stories")
            self.conn.executemany("INSERT INTO entities(id, name, type, data) VALUES (?,?,?,?)",
                                  [(e["id"], e["name"], e.get("type"), json.dumps(e, ensure_ascii=False))
                                   for e in entities])
            self.conn.executemany("INSERT INTO stories(id, title, data) VALUES (?,?,?)",
                                  [(s["id"], s.get("title"), json.dumps(s, ensure_ascii=False)) for s in stories])

    def entities(self) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.conn.execute("SELECT data FROM entities ORDER BY rowid")]

    def stories(self) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.conn.execute("SELECT data FROM stories ORDER BY rowid")]

    def problems(self, run_id: int | None = None) -> list[dict[str, Any]]:
        if run_id is None:
            run_id = self.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        rows = self.conn.execute("SELECT source, location, reason, kind FROM problems WHERE run_id=?", (run_id,))
        return [dict(r) for r in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; nests as a no-op."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not self.outer:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script; trigger bodies keep their inner ';'."""
    statements, current, depth = [], [], 0
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        current.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            depth += 1
        if upper.startswith("END;"):
            depth -= 1
        if depth == 0 and stripped.endswith(";"):
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


def open_store(path: str | Path) -> Store:
    return Store(path)
