"""Hostile article content (HTML, rich markup, javascript: URLs, odd ids) is
shown literally everywhere: on every web page and in every terminal command.

The store is built with the store's public methods from hand-made documents,
so entity names, quotes, summaries and timelines can carry the payloads too
(no recogniser would produce ``<script>`` as an entity name on its own).
"""
import hashlib
import io
import re

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from rasid import cli
from rasid.api.app import create_app
from rasid.model import (Argument, Corpus, Document, Entity, Event, Mention, Quote, Span, Story, SummarySentence,
                         TimeExpr, TimelineEntry)
from rasid.output import document_dict, entity_dict, story_dict
from rasid.report import render_report
from rasid.store import open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
MARKUP = "[/bold] [red] [link=javascript:alert(1)]x[/link]"
DOC_ID = "news/<script>a.txt"  # a path-derived id with a slash and markup


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def hostile_corpus() -> Corpus:
    speaker = f"الوزير {SCRIPT}"
    said = f"المحادثات {IMG} انتهت"
    text = (f"{SCRIPT} قال {speaker} إن {said} في جنيف يوم الأحد.\n"
            f"وأضاف {MARKUP} أن {SCRIPT} هاجم القرية.")
    s_start, s_end = _span(text, speaker)
    q_start, q_end = _span(text, said)
    m_start, m_end = _span(text, SCRIPT)
    e_start, e_end = _span(text, "هاجم القرية")
    t_start, t_end = _span(text, "يوم الأحد")
    first_nl = text.index("\n")
    doc = Document(
        id=DOC_ID, text=text, source="news/a.txt", title=f"{SCRIPT} {MARKUP}", url="javascript:alert(3)",
        outlet=f"{IMG} [link=x]وكالة", published="2017-01-18", story="S<script>",
        content_hash=hashlib.sha256(text.encode()).hexdigest(), raw_hash=hashlib.sha256(b"raw").hexdigest(),
        paragraphs=[Span(0, first_nl, "paragraph", {"lang": "ar"}), Span(first_nl + 1, len(text), "paragraph",
                                                                          {"lang": "ar"})],
        entities=[Mention(m_start, m_end, "PER", text=SCRIPT, entity="E<script>")],
        quotes=[Quote(q_start, q_end, "indirect", text=said, cue="قال",
                      speaker=Argument(speaker, s_start, s_end, entity="E<script>"), date="2017-01-18",
                      date_source="published")],
        events=[Event(e_start, e_end, "ASSAULT", text="هاجم القرية",
                      actor=Argument(SCRIPT, m_start, m_end, entity="E<script>"),
                      recipient=Argument(f"{IMG} [/bold]"), date="2017-01-18", date_source="published")],
        times=[TimeExpr(t_start, t_end, "DATE", text="يوم الأحد", value="2017-01-15")],
    )
    entity = Entity("E<script>", f"{SCRIPT} {MARKUP}", "PER", {SCRIPT: 2, f"{IMG}": 1}, [DOC_ID],
                    {"roles": {f"{SCRIPT} وزير": 1}})
    story = Story("S<script>", f"{SCRIPT} {MARKUP}", [DOC_ID], [f"{IMG} [link=x]وكالة"], "2017-01-18",
                  "2017-01-18", [SummarySentence(f"{SCRIPT} {MARKUP}", DOC_ID, 0, 10, [f"{IMG}"])],
                  {"actors": [{"actor": SCRIPT, "terms_by_outlet": {IMG: {SCRIPT: 2, MARKUP: 1}}}]},
                  [TimelineEntry("2017-01-18", "quote", f"{SCRIPT}: {MARKUP}", DOC_ID, q_start, q_end, "published")])
    return Corpus([doc], [entity], [story])


@pytest.fixture
def hostile_db(tmp_path):
    corpus = hostile_corpus()
    db = str(tmp_path / "hostile.db")
    with open_store(db) as store:
        run = store.start_run(["hostile"])
        store.save_documents([(document_dict(d), d.text.encode(), "text") for d in corpus.documents], run_seq=run)
        store.replace_catalogue([entity_dict(e) for e in corpus.entities], [story_dict(s) for s in corpus.stories])
        store.finish_run(run, len(corpus.documents), 0)
    return db


PAGES = {
    "home": "/",
    "document": "/doc/news%2F%3Cscript%3Ea.txt",
    "story": "/story/S%3Cscript%3E",
    "entity": "/entity/E%3Cscript%3E",
    "search": "/search?q=" + "جنيف",
    "stories": "/stories",
    "entities": "/entities",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_escapes_article_data(hostile_db, name):
    client = TestClient(create_app(hostile_db))
    res = client.get(PAGES[name])
    assert res.status_code == 200, res.text
    html = res.text
    # The templates carry no script at all, so any "<script" came from an article.
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;" in html, "the hostile content should be shown, escaped"
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "script-src 'none'" in res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff"


def test_document_page_shows_everything_escaped(hostile_db):
    html = TestClient(create_app(hostile_db)).get(PAGES["document"]).text
    # title, outlet, speaker, quote, event recipient and entity mention are all there, as text
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "javascript:alert(3)" in html  # the URL is shown as text ...
    assert 'href="javascript' not in html  # ... but never linked


def test_links_percent_encode_ids_and_resolve(hostile_db):
    client = TestClient(create_app(hostile_db))
    home = client.get("/").text
    assert 'href="/doc/news%2F%3Cscript%3Ea.txt"' in home
    assert 'href="/story/S%3Cscript%3E"' in home
    for href in re.findall(r'href="(/(?:doc|story|entity)/[^"]+)"', home):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
    api = client.get("/api/documents/news/<script>a.txt")
    assert api.status_code == 200 and api.json()["id"] == DOC_ID


COMMANDS = [["report"], ["stories"], ["timeline"], ["entities"], ["quotes"], ["events"], ["search", "جنيف"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_cli_prints_markup_literally(hostile_db, args, monkeypatch):
    # A wide console, so that table cells do not wrap inside the payload.
    monkeypatch.setattr(cli, "out", Console(width=400))
    res = CliRunner().invoke(cli.app, [*args, "--db", hostile_db])
    assert res.exit_code == 0, res.output
    assert res.exception is None
    assert "<script>" in res.output
    if args[0] in ("report", "stories", "timeline"):  # they print titles
        assert "[link=javascript:alert(1)]x[/link]" in res.output
    assert ("[link=x]" if args[0] == "search" else "[/bold]") in res.output  # search shows the outlet


def test_report_emits_no_terminal_hyperlink_or_style_from_articles():
    buf = io.StringIO()
    console = Console(file=buf, width=300, force_terminal=True, color_system="truecolor")
    render_report(hostile_corpus(), console)
    text = buf.getvalue()
    assert "\x1b]8;" not in text  # OSC 8 hyperlink: [link=...] would have made one
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "[link=javascript:alert(1)]x[/link]" in plain and "[red]" in plain
