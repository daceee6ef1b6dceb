"""The terminal report: per story, what the outlets report, who said what,
what happened, and how each outlet words it. Rendered with rich.

Built from a Corpus only, so it works the same on a fresh analysis and on a
store read back (``rasid report``). Every line cites its document.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rasid.model import Corpus, Document, Story

MAX_ENTITIES = 10
MAX_QUOTES = 12
MAX_EVENTS = 12
MAX_TIMELINE = 15
# Stories shown by default, largest first: a store of a day of news has
# thousands, and a report of all of them (36 MB for 2,805 documents) is unreadable.
MAX_STORIES = 20


def _add_row(table: Table, *cells: object) -> None:
    """Add a row whose cells are literal text: article data (titles, quotes,
    names) may hold ``[/bold]`` or ``[link=...]``, which rich would otherwise
    parse as markup and crash on, or turn into live terminal links."""
    table.add_row(*(cell if isinstance(cell, Text) else Text("" if cell is None else str(cell)) for cell in cells))


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _doc_label(doc: Document) -> str:
    return f"{doc.outlet or 'unknown outlet'} · {doc.id}"


def _stories_or_single(corpus: Corpus) -> list[Story]:
    if corpus.stories:
        return corpus.stories
    # before story clustering exists: one block for all documents
    return [Story(id="all", title="All documents", documents=[d.id for d in corpus.documents])]


def story_block(corpus: Corpus, story: Story, by_id: dict[str, Document] | None = None) -> Group:
    """The report of one story; ``by_id`` (document id -> document) saves a
    linear search per document when rendering many stories."""
    by_id = by_id if by_id is not None else {d.id: d for d in corpus.documents}
    docs = [by_id[i] for i in story.documents if i in by_id]
    parts: list = []
    head = Table.grid(padding=(0, 1))
    _add_row(head, "Documents:", str(len(docs)))
    outlets = sorted({d.outlet or "unknown" for d in docs})
    _add_row(head, "Outlets:", ", ".join(outlets))
    dates = sorted(d.published[:10] for d in docs if d.published)
    if dates:
        _add_row(head, "Published:", f"{dates[0]} – {dates[-1]}")
    parts.append(head)

    articles = Table(title="Articles", show_lines=False, expand=True)
    articles.add_column("id")
    articles.add_column("outlet")
    articles.add_column("published")
    articles.add_column("title / first words")
    articles.add_column("dup of")
    for d in docs:
        _add_row(articles, d.id, d.outlet or "—", (d.published or "—")[:10],
                         _short(d.title or d.text, 80), d.duplicate_of or "")
    parts.append(articles)

    if story.summary:
        summ = Table(title="Summary", expand=True, show_header=False)
        summ.add_column("sentence")
        summ.add_column("source")
        for s in story.summary:
            _add_row(summ, _short(s.text, 300), ", ".join(s.outlets) or s.document)
        parts.append(summ)

    entity_names = {e.id: e for e in corpus.entities}
    counts: Counter = Counter()
    variants: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for m in d.entities:
            key = m.entity or f"{m.label}:{m.text}"
            counts[key] += 1
            variants[key][m.text] += 1
    if counts:
        ents = Table(title="Top entities", expand=True)
        ents.add_column("entity")
        ents.add_column("type")
        ents.add_column("mentions", justify="right")
        ents.add_column("spellings")
        for key, n in counts.most_common(MAX_ENTITIES):
            e = entity_names.get(key)
            name = e.name if e else key.split(":", 1)[-1]
            etype = e.type if e else key.split(":", 1)[0]
            _add_row(ents, name, etype, str(n), " | ".join(v for v, _ in variants[key].most_common(5)))
        parts.append(ents)

    quotes = [(d, q) for d in docs for q in d.quotes]
    if quotes:
        qt = Table(title="Who said what", expand=True)
        qt.add_column("speaker")
        qt.add_column("kind")
        qt.add_column("statement")
        qt.add_column("source")
        by_speaker: dict[str, list] = defaultdict(list)
        for d, q in quotes:
            who = q.speaker.text if q.speaker else "(unattributed)"
            if q.speaker and q.speaker.entity and q.speaker.entity in entity_names:
                who = entity_names[q.speaker.entity].name
            by_speaker[who].append((d, q))
        shown = 0
        for who, items in sorted(by_speaker.items(), key=lambda kv: -len(kv[1])):
            for d, q in items:
                if shown >= MAX_QUOTES:
                    break
                _add_row(qt, who, q.kind, _short(q.text, 160), _doc_label(d))
                shown += 1
        parts.append(qt)

    events = [(d, e) for d in docs for e in d.events]
    if events:
        et = Table(title="What happened (PLOVER events)", expand=True)
        for col in ("type", "actor", "recipient", "where", "date", "evidence", "source"):
            et.add_column(col)
        for d, e in events[:MAX_EVENTS]:
            _add_row(et, e.type + (f"/{e.mode}" if e.mode else ""), e.actor.text if e.actor else "—",
                       e.recipient.text if e.recipient else "—", e.location.text if e.location else "—",
                       e.date or "—", _short(e.text, 100), _doc_label(d))
        if len(events) > MAX_EVENTS:
            et.caption = f"{len(events) - MAX_EVENTS} more: rasid events"
        parts.append(et)

    if story.timeline:
        tl = Table(title="Timeline", expand=True)
        tl.add_column("date")
        tl.add_column("what")
        tl.add_column("source")
        for t in story.timeline[:MAX_TIMELINE]:
            _add_row(tl, (t.date or "undated") + (" (pub.)" if t.date_source == "published" else ""),
                       _short(t.text, 140), t.document)
        parts.append(tl)

    framing = story.framing or {}
    actors = framing.get("actors") or []
    if actors:
        ft = Table(title="How each outlet words it", expand=True)
        ft.add_column("actor")
        ft.add_column("outlet")
        ft.add_column("terms")
        for a in actors[:8]:
            for outlet, terms in sorted((a.get("terms_by_outlet") or {}).items()):
                top = sorted(terms.items(), key=lambda kv: -kv[1])[:5]
                _add_row(ft, str(a.get("actor")), outlet, " | ".join(f"{t} ({n})" for t, n in top))
        parts.append(ft)
    return Group(*parts)


def render_report(corpus: Corpus, console: Console | None = None, max_stories: int | None = MAX_STORIES) -> None:
    """Print the report: the ``max_stories`` largest stories (None or 0: all)."""
    console = console or Console()
    docs = corpus.documents
    console.print(Text(f"rasid — {len(docs)} documents, {len(corpus.stories)} stories, "
                       f"{len(corpus.entities)} entities", style="bold"))
    by_id = {d.id: d for d in docs}
    stories = sorted(_stories_or_single(corpus), key=lambda s: -len(s.documents))  # stable: ties keep store order
    shown = stories[:max_stories] if max_stories else stories
    for story in shown:
        console.print(Panel(story_block(corpus, story, by_id), title=Text(f"Story: {_short(story.title, 90)}"),
                            title_align="right"))
    if len(shown) < len(stories):
        console.print(Text(f"{len(stories) - len(shown)} smaller stories not shown: `rasid stories` lists them, "
                           "`rasid report --stories 0` prints them all", style="dim"))
    if corpus.problems:
        pt = Table(title="Inputs skipped or read with warnings")
        pt.add_column("input")
        pt.add_column("where")
        pt.add_column("reason")
        for p in corpus.problems:
            _add_row(pt, p["source"], p.get("location") or "", f"[{p.get('kind')}] {p['reason']}")
        console.print(pt)
