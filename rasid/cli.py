"""Command line: thin Typer commands over library calls.

Exit codes: 0 all inputs used; 1 some inputs were skipped (reasons printed);
2 usage error or unusable store. ``-`` means stdin for inputs and stdout for
outputs. Progress and problems go to stderr, results to stdout.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

app = typer.Typer(help="rasid (راصد): Arabic news monitoring — clean, link and explain what outlets report.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)
out = Console()

DEFAULT_DB = os.environ.get("RASID_DB", "rasid.db")
DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite store file (default: rasid.db or $RASID_DB).")
JsonFlag = typer.Option(False, "--json", help="Print JSON instead of a table.")


def _write_text(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    else:
        tmp = Path(str(path) + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file


def _parse_fields(pairs: list[str]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or not value:
            raise typer.BadParameter(f"--field expects NAME=KEY (e.g. text=content), got {pair!r}")
        fields[key.strip()] = value.strip()
    return fields


def _require_db(db: str) -> None:
    if not Path(db).exists():
        err.print(f"[red]no store at {db}[/red]: run `rasid analyze PATH --db {db}` first")
        raise typer.Exit(2)


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive), globs, or - for stdin."),
    db: str = DbOption,
    json_out: Optional[str] = typer.Option(None, "--json", help="Write the analysis as JSON to this file (- for stdout)."),
    field: list[str] = typer.Option([], "--field", help="Map a record field: text=content, published=date, ..."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date for inputs that carry none."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Skip input files larger than this."),
    fmt: Optional[str] = typer.Option(None, "--format", help="Force the input format: text, markdown, html, feed, jsonl, warc."),
    report: bool = typer.Option(True, "--report/--no-report", help="Print the terminal report when done."),
    memory: bool = typer.Option(False, "--memory", help="Do not write a store; analyse in memory only."),
    repair: bool = typer.Option(True, "--repair/--no-repair", help="Split words that scraping glued together."),
) -> None:
    """Ingest, clean and analyse news into the store, then print the report."""
    from rich.progress import BarColumn, Progress as Bar, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rasid.analysis import Progress, analyze as run_analysis
    from rasid.ingest import IngestOptions
    from rasid.ingest.sources import FORMATS
    from rasid.report import render_report
    from rasid.store.sqlite import StoreError

    if fmt and fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    options = IngestOptions(max_bytes=max_bytes, fields=_parse_fields(field), published=published, format=fmt,
                            repair=repair)
    with Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
             TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("analysing", total=None)
        progress = Progress(
            on_problem=lambda p: err.print(f"[yellow]{p.kind}[/yellow] {p}"),
            on_document=lambda d: bar.advance(task),
            on_stage=lambda s: bar.update(task, description=s),
        )
        try:
            result = run_analysis(paths, None if memory else db, options, progress=progress)
        except StoreError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    n_docs = len(result.corpus.documents)
    err.print(f"{n_docs} documents analysed" + ("" if memory else f", stored in {db}")
              + (f"; {result.skipped} inputs skipped" if result.skipped else ""))
    if json_out:
        _write_text(json_out, json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    if report and json_out != "-":
        render_report(result.corpus, out)
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def report(db: str = DbOption) -> None:
    """Print the report of everything in the store."""
    from rasid.analysis import stored_corpus
    from rasid.report import render_report

    _require_db(db)
    render_report(stored_corpus(db), out)


def _rows_for_csv(corpus: Any) -> tuple[list[str], list[dict[str, Any]]]:
    cols = ["id", "outlet", "published", "title", "url", "story", "duplicate_of", "n_entities", "n_quotes",
            "n_events", "n_times", "text"]
    rows = [{"id": d.id, "outlet": d.outlet, "published": d.published, "title": d.title, "url": d.url,
             "story": d.story, "duplicate_of": d.duplicate_of, "n_entities": len(d.entities),
             "n_quotes": len(d.quotes), "n_events": len(d.events), "n_times": len(d.times), "text": d.text}
            for d in corpus.documents]
    return cols, rows


@app.command()
def export(
    fmt: str = typer.Option("json", "--format", "-f", help="json, jsonl (one document per line), csv or plover."),
    db: str = DbOption,
    output: str = typer.Option("-", "--output", "-o", help="Output file (- for stdout)."),
) -> None:
    """Export the store: the --json format, JSON Lines, CSV or PLOVER event records."""
    from rasid.analysis import stored_corpus
    from rasid.output import corpus_dict, document_dict

    _require_db(db)
    corpus = stored_corpus(db)
    if fmt == "json":
        text = json.dumps(corpus_dict(corpus), ensure_ascii=False, indent=1)
    elif fmt == "jsonl":
        text = "".join(json.dumps(document_dict(d), ensure_ascii=False) + "\n" for d in corpus.documents)
    elif fmt == "csv":
        cols, rows = _rows_for_csv(corpus)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols)
        writer.writeheader()
        writer.writerows(rows)
        text = buf.getvalue()
    elif fmt == "plover":
        from rasid.export_plover import plover_records

        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(corpus))
    else:
        raise typer.BadParameter("--format must be json, jsonl, csv or plover")
    _write_text(output, text)


@app.command()
def entities(db: str = DbOption, as_json: bool = JsonFlag,
             type_: Optional[str] = typer.Option(None, "--type", help="Only PER, ORG, LOC or MISC.")) -> None:
    """The entity catalogue: one line per real-world entity with its spellings."""
    from rich.table import Table

    from rasid.analysis import stored_corpus
    from rasid.output import entity_dict

    _require_db(db)
    ents = [e for e in stored_corpus(db).entities if not type_ or e.type == type_.upper()]
    ents.sort(key=lambda e: -sum(e.aliases.values()))
    if as_json:
        _write_text("-", json.dumps([entity_dict(e) for e in ents], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(ents)} entities")
    for col in ("id", "name", "type", "mentions", "spellings", "roles"):
        table.add_column(col)
    for e in ents:
        roles = e.attrs.get("roles") or {}
        table.add_row(e.id, e.name, e.type, str(sum(e.aliases.values())), " | ".join(e.aliases),
                      " | ".join(list(roles)[:3]) if isinstance(roles, dict) else str(roles))
    out.print(table)


@app.command()
def quotes(db: str = DbOption, as_json: bool = JsonFlag,
           speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes whose speaker matches this name.")) -> None:
    """Who said what: direct and reported statements with their speakers."""
    from rich.table import Table

    from rasid.analysis import stored_corpus
    from rasid.output import quote_dict
    from rasid.text.normalize import normalize_phrase

    _require_db(db)
    corpus = stored_corpus(db)
    names = {e.id: e for e in corpus.entities}
    rows = []
    want = normalize_phrase(speaker) if speaker else None
    for d in corpus.documents:
        for q in d.quotes:
            who = q.speaker.text if q.speaker else ""
            ent = names.get(q.speaker.entity) if q.speaker and q.speaker.entity else None
            surfaces = [who] + ([ent.name, *ent.aliases] if ent else [])
            if want and not any(want in normalize_phrase(s) for s in surfaces if s):
                continue
            rows.append({"document": d.id, "outlet": d.outlet, **quote_dict(q),
                         "speaker_name": ent.name if ent else who})
    if as_json:
        _write_text("-", json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(rows)} statements")
    for col in ("speaker", "kind", "cue", "statement", "document"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["speaker_name"] or "(unattributed)", r["kind"], r["cue"], r["text"], r["document"])
    out.print(table)


@app.command()
def events(db: str = DbOption, as_json: bool = JsonFlag,
           type_: Optional[str] = typer.Option(None, "--type", help="Only this PLOVER type, e.g. ASSAULT.")) -> None:
    """Who did what to whom: PLOVER event records with their evidence."""
    from rich.table import Table

    from rasid.analysis import stored_corpus
    from rasid.output import event_dict

    _require_db(db)
    rows = [{"document": d.id, "url": d.url, **event_dict(e)} for d in stored_corpus(db).documents
            for e in d.events if not type_ or e.type == type_.upper()]
    if as_json:
        _write_text("-", json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(rows)} events")
    for col in ("type", "mode", "actor", "recipient", "location", "date", "evidence", "document"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["type"], r["mode"] or "", (r["actor"] or {}).get("text", ""),
                      (r["recipient"] or {}).get("text", ""), (r["location"] or {}).get("text", ""),
                      r["date"] or "", r["text"], r["document"])
    out.print(table)


@app.command()
def stories(db: str = DbOption, as_json: bool = JsonFlag) -> None:
    """Stories: documents grouped across outlets, with their summaries."""
    from rich.table import Table

    from rasid.analysis import stored_corpus
    from rasid.output import story_dict

    _require_db(db)
    corpus = stored_corpus(db)
    if as_json:
        _write_text("-", json.dumps([story_dict(s) for s in corpus.stories], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(corpus.stories)} stories")
    for col in ("id", "title", "documents", "outlets", "first seen", "last seen"):
        table.add_column(col)
    for s in sorted(corpus.stories, key=lambda s: -len(s.documents)):
        table.add_row(s.id, s.title, str(len(s.documents)), ", ".join(s.outlets), s.first_seen or "",
                      s.last_seen or "")
    out.print(table)


@app.command()
def timeline(db: str = DbOption, as_json: bool = JsonFlag,
             story: Optional[str] = typer.Option(None, "--story", help="Only this story id."),
             stated_only: bool = typer.Option(False, "--stated-only",
                                              help="Leave out entries dated only by their publication date.")) -> None:
    """Each story's dated events and statements, in order, with their source documents."""
    from rich.table import Table

    from rasid.analysis import stored_corpus

    _require_db(db)
    corpus = stored_corpus(db)
    chosen = [s for s in corpus.stories if story is None or s.id == story]
    if story is not None and not chosen:
        err.print(f"[red]no story {story!r} in {db}[/red]")
        raise typer.Exit(1)
    keep = (lambda e: e.date_source != "published") if stated_only else (lambda e: True)
    if as_json:
        rows = [{"story": s.id, "title": s.title, "timeline": [vars(e) for e in s.timeline if keep(e)]}
                for s in chosen]
        _write_text("-", json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for s in chosen:
        table = Table(title=f"{s.title} ({s.id})")
        for col in ("date", "kind", "what", "source"):
            table.add_column(col)
        for e in s.timeline:
            if keep(e):
                date = (e.date or "undated") + (" (pub.)" if e.date_source == "published" else "")
                table.add_row(date, e.kind, e.text, e.document)
        out.print(table)


@app.command()
def summarize(
    paths: list[str] = typer.Argument(..., help="Articles to summarise together as one story (- for stdin)."),
    words: int = typer.Option(120, "--words", help="Length budget of the summary in words."),
    as_json: bool = JsonFlag,
) -> None:
    """Print an extractive summary of the given articles, as one story."""
    from rasid.analysis import analyze as run_analysis
    from rasid.link.summary import summarize_documents
    from rasid.pipeline import DEFAULT_DOCUMENT_COMPONENTS, Pipeline

    result = run_analysis(paths, None, pipeline=Pipeline(DEFAULT_DOCUMENT_COMPONENTS, ()))
    for p in result.problems:
        err.print(f"[yellow]{p.kind}[/yellow] {p}")
    if not result.corpus.documents:
        err.print("[red]no readable article in the input[/red]")
        raise typer.Exit(1)
    sentences = summarize_documents(result.corpus.documents, words=words)
    if as_json:
        _write_text("-", json.dumps([vars(s) for s in sentences], ensure_ascii=False, indent=1))
    else:
        for s in sentences:
            src = ", ".join(s.outlets) or s.document
            out.print(f"{s.text}  [dim]({src})[/dim]")
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def search(query: str = typer.Argument(..., help="FTS5 query over titles and texts."), db: str = DbOption,
           limit: int = typer.Option(20, "--limit"), as_json: bool = JsonFlag) -> None:
    """Full-text search over stored documents."""
    import sqlite3

    from rasid.store import open_store

    _require_db(db)
    with open_store(db) as store:
        try:
            hits = store.search(query, limit)
        except sqlite3.OperationalError as exc:
            err.print(f"[red]bad search query:[/red] {exc}")
            raise typer.Exit(2) from exc
    if as_json:
        _write_text("-", json.dumps(hits, ensure_ascii=False, indent=1))
        return
    for h in hits:
        out.print(f"[bold]{h['id']}[/bold] ({h['outlet'] or '—'}, {(h['published'] or '—')[:10]}): {h['snip']}")


@app.command()
def serve(db: str = DbOption, host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8000, "--port")) -> None:
    """Serve the JSON API (/api/...) and the web UI (/) over the store."""
    import uvicorn

    from rasid.api.app import create_app

    _require_db(db)
    uvicorn.run(create_app(db), host=host, port=port)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
