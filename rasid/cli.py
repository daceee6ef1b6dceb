"""Command line: thin Typer commands over library calls.

Exit codes: 0 all inputs used; 1 some inputs were skipped (reasons printed),
no input file was found, or an output file cannot be written; 2 usage error
(bad option value) or unusable store. ``-`` means stdin for inputs and stdout
for outputs. Progress and problems go to stderr, results to stdout.

Article text is hostile input: every string that comes from an article (title,
text, outlet, id, entity name, snippet) is printed as ``rich.text.Text`` or
escaped, never parsed as rich markup, so ``[/bold]`` in a title prints as is.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any, Literal, NoReturn, Optional

import typer
from rich.console import Console
from rich.text import Text

# Locals in tracebacks would dump whole articles (and corpora) to the terminal.
app = typer.Typer(help="rasid (راصد): Arabic news monitoring — clean, link and explain what outlets report.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
err = Console(stderr=True)
out = Console()

DEFAULT_DB = os.environ.get("RASID_DB", "rasid.db")
DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite store file (default: rasid.db or $RASID_DB).")
JsonFlag = typer.Option(False, "--json", help="Print JSON instead of a table.")

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Options with a fixed set of values are typed Literal[...] with
# case_sensitive=False: a bad value is a usage error (exit 2) listing the valid ones.
# The 16 PLOVER v2 event types (the ontology, not a tunable lexicon).
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
INPUT_FORMATS = ("text", "markdown", "html", "feed", "jsonl", "warc")  # = rasid.ingest.sources.FORMATS
EXPORT_FORMATS = ("json", "jsonl", "csv", "plover")


def _plain(value: Any) -> Text:
    """Article-derived data as literal text: never parsed as rich markup."""
    return Text("" if value is None else str(value))


def _fail(message: str, code: int = 1) -> NoReturn:
    """One red line on stderr (never wrapped, never a traceback), then exit."""
    err.print(Text(message, style="red"), soft_wrap=True)
    raise typer.Exit(code)


def _check_output(path: str, flag: str) -> None:
    """Fail before any work when an output file cannot be written, so a long
    analysis never ends in a traceback (or in nothing written)."""
    if path == "-":
        return
    target = Path(path)
    parent = target.parent
    if target.is_dir():
        _fail(f"cannot write {flag} {path}: it is a directory")
    if not parent.is_dir():
        _fail(f"cannot write {flag} {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        _fail(f"cannot write {flag} {path}: permission denied")


def _write_text(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    tmp = Path(str(path) + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {exc.strerror or exc}")


def _parse_fields(pairs: list[str]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or not value:
            raise typer.BadParameter(f"expects NAME=KEY (e.g. text=content), got {pair!r}", param_hint="--field")
        fields[key.strip()] = value.strip()
    return fields


def _require_db(db: str) -> None:
    if not Path(db).exists():
        err.print(Text.assemble(("no store at ", "red"), (db, "red"), f": run `rasid analyze PATH --db {db}` first"))
        raise typer.Exit(2)


def _print_problem(problem: Any) -> None:
    err.print(Text.assemble((problem.kind, "yellow"), " ", str(problem)), soft_wrap=True)


def _has_input(paths: list[str]) -> bool:
    """True when the paths name at least one file (or stdin); stops at the first."""
    from rasid.ingest.sources import expand_paths

    return any(isinstance(item, str) for item in expand_paths(paths))


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive), globs, or - for stdin."),
    db: str = DbOption,
    json_out: Optional[str] = typer.Option(None, "--json", help="Write the analysis as JSON to this file (- for stdout)."),
    field: list[str] = typer.Option([], "--field", help="Map a record field: text=content, published=date, ..."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date for inputs that carry none."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", min=1,
                                  help="Skip input files larger than this many bytes (at least 1)."),
    fmt: Optional[Literal[INPUT_FORMATS]] = typer.Option(None, "--format", case_sensitive=False,
                                      help="Force the input format instead of detecting it."),
    report: bool = typer.Option(True, "--report/--no-report", help="Print the terminal report when done."),
    memory: bool = typer.Option(False, "--memory", help="Do not write a store; analyse in memory only."),
    repair: bool = typer.Option(True, "--repair/--no-repair", help="Split words that scraping glued together."),
) -> None:
    """Ingest, clean and analyse news into the store, then print the report."""
    from rich.progress import BarColumn, Progress as Bar, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rasid.analysis import Progress, analyze as run_analysis
    from rasid.ingest import IngestOptions
    from rasid.ingest.sources import expand_paths
    from rasid.report import render_report
    from rasid.store.sqlite import StoreError

    if published is not None:
        from rasid.ingest.dates import validate_published

        try:
            published = validate_published(published)
        except ValueError:
            raise typer.BadParameter(f"cannot read {published!r} as a date: give YYYY-MM-DD or an ISO 8601 "
                                     "datetime", param_hint="--published") from None
    options = IngestOptions(max_bytes=max_bytes, fields=_parse_fields(field), published=published,
                            format=fmt.lower() if fmt else None, repair=repair)
    if json_out:
        _check_output(json_out, "--json")
    if not _has_input(paths):
        for item in expand_paths(paths):  # the reasons: no such file, glob matches nothing
            _print_problem(item)
        _fail("no input files found" + (f" in {' '.join(paths)}" if paths else ""))
    with Bar(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
             TextColumn("{task.completed} docs"), TimeElapsedColumn(), console=err, transient=True,
             disable=not err.is_terminal) as bar:
        task = bar.add_task("analysing", total=None)
        progress = Progress(
            on_problem=_print_problem,
            on_document=lambda d: bar.advance(task),
            on_stage=lambda s: bar.update(task, description=s),
        )
        try:
            result = run_analysis(paths, None if memory else db, options, progress=progress)
        except StoreError as exc:
            _fail(str(exc), 2)
    n_docs = len(result.corpus.documents)
    err.print(Text(f"{n_docs} documents analysed" + ("" if memory else f", stored in {db}")
                   + (f"; {result.skipped} inputs skipped" if result.skipped else "")))
    if json_out:
        _write_text(json_out, json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    if report and json_out != "-":
        render_report(result.corpus, out)
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def report(db: str = DbOption,
           n_stories: int = typer.Option(20, "--stories", min=0,
                                         help="Show the N largest stories (0: all of them).")) -> None:
    """Print the report of the store: per story, articles, summary, who said what, events, wording."""
    from rasid.analysis import stored_corpus
    from rasid.report import render_report

    _require_db(db)
    render_report(stored_corpus(db), out, max_stories=n_stories)


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
    fmt: Literal[EXPORT_FORMATS] = typer.Option("json", "--format", "-f", case_sensitive=False,
                            help="json (the --json format), jsonl (one document per line), csv or plover."),
    db: str = DbOption,
    output: str = typer.Option("-", "--output", "-o", help="Output file (- for stdout)."),
) -> None:
    """Export the store: the --json format, JSON Lines, CSV or PLOVER event records."""
    from rasid.analysis import stored_corpus
    from rasid.output import corpus_dict, document_dict

    fmt = fmt.lower()
    _require_db(db)
    _check_output(output, "--output")
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
    else:  # plover (the choice allows nothing else)
        from rasid.export_plover import plover_records

        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(corpus))
    _write_text(output, text)


@app.command()
def entities(db: str = DbOption, as_json: bool = JsonFlag,
             type_: Optional[Literal[ENTITY_TYPES]] = typer.Option(None, "--type", case_sensitive=False,
                                                 help="Only entities of this type.")) -> None:
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
        table.add_row(_plain(e.id), _plain(e.name), _plain(e.type), str(sum(e.aliases.values())),
                      _plain(" | ".join(e.aliases)),
                      _plain(" | ".join(list(roles)[:3]) if isinstance(roles, dict) else roles))
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
        table.add_row(_plain(r["speaker_name"] or "(unattributed)"), _plain(r["kind"]), _plain(r["cue"]),
                      _plain(r["text"]), _plain(r["document"]))
    out.print(table)


@app.command()
def events(db: str = DbOption, as_json: bool = JsonFlag,
           type_: Optional[Literal[PLOVER_TYPES]] = typer.Option(None, "--type", case_sensitive=False,
                                               help="Only this PLOVER type, e.g. ASSAULT.")) -> None:
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
        table.add_row(_plain(r["type"]), _plain(r["mode"]), _plain((r["actor"] or {}).get("text")),
                      _plain((r["recipient"] or {}).get("text")), _plain((r["location"] or {}).get("text")),
                      _plain(r["date"]), _plain(r["text"]), _plain(r["document"]))
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
        table.add_row(_plain(s.id), _plain(s.title), str(len(s.documents)), _plain(", ".join(s.outlets)),
                      _plain(s.first_seen), _plain(s.last_seen))
    out.print(table)


@app.command()
def timeline(db: str = DbOption, as_json: bool = JsonFlag,
             story: Optional[str] = typer.Option(None, "--story", help="Only this story id (see `rasid stories`)."),
             stated_only: bool = typer.Option(False, "--stated-only",
                                              help="Leave out entries dated only by their publication date.")) -> None:
    """Each story's dated events and statements, in order, with their source documents."""
    from rich.table import Table

    from rasid.analysis import stored_corpus

    _require_db(db)
    corpus = stored_corpus(db)
    chosen = [s for s in corpus.stories if story is None or s.id == story]
    if story is not None and not chosen:
        _fail(f"no story {story!r} in {db}")
    keep = (lambda e: e.date_source != "published") if stated_only else (lambda e: True)
    if as_json:
        rows = [{"story": s.id, "title": s.title, "timeline": [vars(e) for e in s.timeline if keep(e)]}
                for s in chosen]
        _write_text("-", json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for s in chosen:
        table = Table(title=_plain(f"{s.title} ({s.id})"))
        for col in ("date", "kind", "what", "source"):
            table.add_column(col)
        for e in s.timeline:
            if keep(e):
                date = (e.date or "undated") + (" (pub.)" if e.date_source == "published" else "")
                table.add_row(_plain(date), _plain(e.kind), _plain(e.text), _plain(e.document))
        out.print(table)


@app.command()
def summarize(
    paths: list[str] = typer.Argument(..., help="Articles to summarise together as one story (- for stdin)."),
    words: int = typer.Option(120, "--words", min=1, help="Length budget of the summary in words."),
    as_json: bool = JsonFlag,
) -> None:
    """Print an extractive summary of the given articles, as one story (nothing is stored)."""
    from rasid.analysis import analyze as run_analysis
    from rasid.link.summary import summarize_documents
    from rasid.pipeline import DEFAULT_DOCUMENT_COMPONENTS, Pipeline

    if not _has_input(paths):
        _fail("no input files found" + (f" in {' '.join(paths)}" if paths else ""))
    result = run_analysis(paths, None, pipeline=Pipeline(DEFAULT_DOCUMENT_COMPONENTS, ()))
    for p in result.problems:
        _print_problem(p)
    if not result.corpus.documents:
        _fail("no readable article in the input")
    sentences = summarize_documents(result.corpus.documents, words=words)
    if as_json:
        _write_text("-", json.dumps([vars(s) for s in sentences], ensure_ascii=False, indent=1))
    else:
        for s in sentences:
            src = ", ".join(s.outlets) or s.document
            out.print(Text.assemble(s.text, "  ", (f"({src})", "dim")))
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def search(query: str = typer.Argument(..., help="FTS5 query over titles and texts, e.g. أستانة or \"وقف إطلاق\"."),
           db: str = DbOption,
           limit: int = typer.Option(20, "--limit", min=1, help="Show at most this many hits."),
           as_json: bool = JsonFlag) -> None:
    """Full-text search over stored documents (best matches first)."""
    import sqlite3

    from rasid.store import open_store

    _require_db(db)
    with open_store(db) as store:
        try:
            hits = store.search(query, limit)
        except sqlite3.OperationalError as exc:
            err.print(Text.assemble(("bad search query: ", "red"), str(exc)))
            raise typer.Exit(2) from exc
    if as_json:
        _write_text("-", json.dumps(hits, ensure_ascii=False, indent=1))
        return
    for h in hits:
        # The snippet marks matches with [ ]: printed literally, never as markup.
        out.print(Text.assemble((str(h["id"]), "bold"), f" ({h['outlet'] or '—'}, {(h['published'] or '—')[:10]}): ",
                                str(h["snip"] or "")))


@app.command()
def serve(db: str = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for all)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port to listen on.")) -> None:
    """Serve the JSON API (/api/...) and the web UI (/) over the store; picks up later `rasid analyze` runs."""
    import uvicorn

    from rasid.api.app import create_app

    _require_db(db)
    uvicorn.run(create_app(db), host=host, port=port)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
