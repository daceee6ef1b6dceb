"""SQLite store: raw inputs verbatim, cleaned documents, their analysis, and
the cross-document catalogue (entities, stories), in one file.

Why this shape
- Documents are identified by ``doc_key`` = hash of (cleaned text, outlet,
  url) (rasid.store.identity): analysing the same input again replaces the
  same row, so re-runs are idempotent, while the same wire text from two
  outlets stays two documents (marked duplicates by rasid.link.dedup).
- The full-text index (``documents_search``, contentless) indexes a
  spelling-normalised form of titles and texts, kept in step by triggers that call the SQL function
  ``rasid_search_form``; every connection opened through ``Store`` registers
  it (a bare ``sqlite3`` shell can read the store but not write documents).
- Problems are stored once per (source, location, reason, kind), with the
  latest run that met them: re-running the same input does not grow them.
- Raw input bytes are kept verbatim beside the document (by their own hash),
  so nothing the user gave is lost, even what cleaning removed.
- WAL journal and one transaction per batch: a process killed mid-run leaves
  every committed batch intact and no half-written document.
- ``PRAGMA user_version`` holds the schema version; ``MIGRATIONS`` bring an
  older file up to date when it is opened.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rasid.store.identity import document_key, record_key
from rasid.store.search import search_form, search_query, snippet

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
    # 2: documents keyed by (content, outlet, url) instead of content alone, so
    # the same wire text from two outlets is two documents; the full-text
    # index holds a spelling-normalised form (searching الاسد finds الأسد);
    # it is contentless (the form is recomputed, not stored twice), so a
    # delete passes the same normalised values, as FTS5 requires.
    # The rebuild keeps rowids, so nothing that points at a row changes.
    """
    CREATE TABLE documents_v2 (
        doc_key TEXT PRIMARY KEY,        -- rasid.store.identity.document_key(content_hash, outlet, url)
        content_hash TEXT NOT NULL,
        id TEXT NOT NULL,
        raw_hash TEXT REFERENCES raw_inputs(raw_hash),
        source TEXT, format TEXT, url TEXT, title TEXT, outlet TEXT, author TEXT,
        published TEXT,
        text TEXT NOT NULL,
        analysis TEXT NOT NULL,
        story TEXT,
        duplicate_of TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        run_seq INTEGER NOT NULL DEFAULT 0,
        analysis_hash TEXT               -- hash of the pre-link record: unchanged means no re-link needed
    );
    INSERT INTO documents_v2(rowid, doc_key, content_hash, id, raw_hash, source, format, url, title, outlet, author,
                             published, text, analysis, story, duplicate_of, first_seen, updated_at, run_seq)
        SELECT rowid, rasid_doc_key(content_hash, outlet, url), content_hash, id, raw_hash, source, format, url,
               title, outlet, author, published, text, analysis, story, duplicate_of, first_seen, updated_at, run_seq
        FROM documents;
    DROP TRIGGER IF EXISTS documents_ai;
    DROP TRIGGER IF EXISTS documents_ad;
    DROP TRIGGER IF EXISTS documents_au;
    DROP TABLE IF EXISTS documents_fts;
    DROP TABLE documents;
    ALTER TABLE documents_v2 RENAME TO documents;
    CREATE INDEX documents_id ON documents(id);
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_published ON documents(published);
    CREATE VIRTUAL TABLE documents_search USING fts5(title, text, content='');
    INSERT INTO documents_search(rowid, title, text)
        SELECT rowid, rasid_search_form(title), rasid_search_form(text) FROM documents;
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_search(rowid, title, text)
            VALUES (new.rowid, rasid_search_form(new.title), rasid_search_form(new.text));
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_search(documents_search, rowid, title, text)
            VALUES ('delete', old.rowid, rasid_search_form(old.title), rasid_search_form(old.text));
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_search(documents_search, rowid, title, text)
            VALUES ('delete', old.rowid, rasid_search_form(old.title), rasid_search_form(old.text));
        INSERT INTO documents_search(rowid, title, text)
            VALUES (new.rowid, rasid_search_form(new.title), rasid_search_form(new.text));
    END;
    CREATE TABLE link_state (name TEXT PRIMARY KEY, data BLOB NOT NULL);
    DELETE FROM problems WHERE rowid NOT IN
        (SELECT max(rowid) FROM problems GROUP BY source, coalesce(location, ''), reason, kind);
    CREATE UNIQUE INDEX problems_once ON problems(source, coalesce(location, ''), reason, kind);
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
    key: str = ""  # the store key (rasid.store.identity.document_key)


@dataclass
class KnownDocument:
    """A stored document's source and pre-link analysis hash (for re-runs)."""

    source: str
    analysis_hash: str | None


def analysis_hash(record: dict[str, Any]) -> str:
    """Hash of a document record as the document components left it: equal
    hashes on a re-run mean the cross-document links need not be redone."""
    return hashlib.sha256(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


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
        # Used by migration 2 and by the full-text triggers on every write.
        self.conn.create_function("rasid_doc_key", 3, document_key, deterministic=True)
        self.conn.create_function("rasid_search_form", 1, search_form, deterministic=True)
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
        """Record this run's problems; one already known moves to this run
        (INSERT OR REPLACE on the unique (source, location, reason, kind))."""
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO problems(run_id, source, location, reason, kind) VALUES (?,?,?,?,?)",
                [(run_id, p["source"], p.get("location"), p["reason"], p.get("kind", "skipped"))
                 for p in problems])

    def latest_run(self) -> int | None:
        """The last finished run (a run in progress has not recorded its
        problems yet), else the last started one."""
        row = self.conn.execute("SELECT max(id) FROM runs WHERE finished_at IS NOT NULL").fetchone()
        if row[0] is None:
            row = self.conn.execute("SELECT max(id) FROM runs").fetchone()
        return row[0]

    # -- documents -----------------------------------------------------------
    def save_documents(self, items: Iterable[tuple[dict[str, Any], bytes, str]], run_seq: int = 0) -> int:
        """Store (record, raw bytes, raw source) triples in one transaction.

        ``record`` is the document's --json record (with text). Returns the
        number stored. Re-storing the same document (same text, outlet and url)
        keeps its row; its analysis is replaced only if it changed (an
        unchanged one keeps the links the last linking gave it).
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
                    """INSERT INTO documents(doc_key, content_hash, id, raw_hash, source, format, url, title, outlet,
                           author, published, text, analysis, story, duplicate_of, first_seen, updated_at, run_seq,
                           analysis_hash)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                       ON CONFLICT(doc_key) DO UPDATE SET
                           id=excluded.id, raw_hash=excluded.raw_hash, source=excluded.source,
                           format=excluded.format, title=excluded.title, author=excluded.author,
                           published=excluded.published, analysis=excluded.analysis, story=excluded.story,
                           duplicate_of=excluded.duplicate_of, updated_at=excluded.updated_at,
                           run_seq=excluded.run_seq, analysis_hash=excluded.analysis_hash
                       WHERE documents.analysis_hash IS NOT excluded.analysis_hash""",
                    (record_key(record), record["content_hash"], record["id"], raw_hash, record.get("source"),
                     record.get("format"), record.get("url"), record.get("title"), record.get("outlet"),
                     record.get("author"), record.get("published"), record["text"],
                     json.dumps(analysis, ensure_ascii=False), record.get("story"), record.get("duplicate_of"),
                     now, now, run_seq, analysis_hash(record)))
                n += 1
        return n

    def known(self, keys: Iterable[str]) -> dict[str, "KnownDocument"]:
        """What the store holds of the given document keys (absent ones left out)."""
        out: dict[str, KnownDocument] = {}
        wanted = list(keys)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for row in self.conn.execute(f"SELECT doc_key, source, analysis_hash FROM documents WHERE doc_key IN "
                                         f"({','.join('?' * len(chunk))})", chunk):
                out[row["doc_key"]] = KnownDocument(row["source"] or "", row["analysis_hash"])
        return out

    def update_links(self, links: Iterable[tuple[str, str | None, str | None, dict[str, Any]]]) -> None:
        """Set story, duplicate_of and the analysis record of stored documents
        (doc_key, story, duplicate_of, analysis) after cross-document work.
        Only changed rows are written: the full-text index is not touched
        (its trigger fires on title and text only)."""
        with self.transaction():
            self.conn.executemany(
                "UPDATE documents SET story=?, duplicate_of=?, analysis=? WHERE doc_key=? "
                "AND (story IS NOT ? OR duplicate_of IS NOT ? OR analysis IS NOT ?)",
                [(story, dup, text, key, story, dup, text)
                 for key, story, dup, analysis in links
                 for text in (json.dumps(analysis, ensure_ascii=False),)])

    def iter_documents(self, hashes: Iterable[str] | None = None, keys: Iterable[str] | None = None,
                       since: str | None = None) -> Iterator[StoredDocument]:
        """Stored documents in storage order; or those with the given content
        ``hashes`` or store ``keys`` (in that order); or those published on or
        after ``since`` (ISO date) plus the undated ones."""
        column, wanted_iter = ("doc_key", keys) if keys is not None else ("content_hash", hashes)
        if wanted_iter is None:
            if since is None:
                rows = self.conn.execute("SELECT doc_key, content_hash, text, analysis FROM documents "
                                         "ORDER BY rowid")
            else:
                rows = self.conn.execute("SELECT doc_key, content_hash, text, analysis FROM documents "
                                         "WHERE published >= ? OR published IS NULL ORDER BY rowid", (since,))
        else:
            wanted = list(wanted_iter)
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                rows.extend(self.conn.execute(
                    f"SELECT doc_key, content_hash, text, analysis FROM documents WHERE {column} IN "
                    f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk).fetchall())
            order = {h: i for i, h in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[column]])
        for row in rows:
            record = json.loads(row["analysis"])
            record["text"] = row["text"]
            yield StoredDocument(row["content_hash"], record, row["doc_key"])

    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def raw_input(self, raw_hash: str) -> bytes | None:
        row = self.conn.execute("SELECT raw FROM raw_inputs WHERE raw_hash=?", (raw_hash,)).fetchone()
        return None if row is None else bytes(row["raw"])

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5 syntax) over titles and texts, spelling-
        normalised on both sides (الاسد finds الأسد, ى/ي, ة/ه); the snippet
        is cut from the original text. Raises sqlite3.OperationalError on a
        malformed query."""
        norm_query = search_query(query)
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.published, d.text FROM documents_search "
            "JOIN documents d ON d.rowid = documents_search.rowid "
            "WHERE documents_search MATCH ? ORDER BY rank LIMIT ?", (norm_query, limit)).fetchall()
        hits = []
        for r in rows:
            hit = {k: r[k] for k in ("id", "title", "outlet", "published")}
            hit["snip"] = snippet(r["text"], norm_query)
            hits.append(hit)
        return hits

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
        """The problems of ``run_id``, by default of the latest finished run."""
        if run_id is None:
            run_id = self.latest_run()
        rows = self.conn.execute("SELECT source, location, reason, kind FROM problems WHERE run_id=? "
                                 "ORDER BY rowid", (run_id,))
        return [dict(r) for r in rows]

    # -- link state ----------------------------------------------------------
    def get_state(self, name: str) -> bytes | None:
        """An opaque blob a linker saved (e.g. duplicate signatures)."""
        row = self.conn.execute("SELECT data FROM link_state WHERE name=?", (name,)).fetchone()
        return None if row is None else bytes(row["data"])

    def put_state(self, name: str, data: bytes) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO link_state(name, data) VALUES (?, ?)", (name, data))


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
