"""The HTTP API and web UI: escaping, ids with slashes, paging, HEAD, and
seeing what a later `rasid analyze` adds without a restart."""
import hashlib
import os
import re

from fastapi.testclient import TestClient

from rasid.analysis import analyze
from rasid.api.app import create_app
from rasid.api.view import paginate
from rasid.model import Document, Entity, Story
from rasid.output import document_dict, entity_dict, story_dict
from rasid.store import open_store

HOSTILE = '<script>alert("x")</script> قال الوزير إن <img src=x onerror=alert(1)> المحادثات انتهت.'


def test_api_and_ui_escape_article_content(tmp_path):
    (tmp_path / "evil.txt").write_text(HOSTILE + "\nوأضاف أن الجولة المقبلة في جنيف.", encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path / "evil.txt")], db)
    client = TestClient(create_app(db))
    docs = client.get("/api/documents").json()
    assert docs[0]["id"] == "evil.txt"
    assert client.get("/api/documents/evil.txt").json()["text"].startswith("<script>")
    page = client.get("/doc/evil.txt")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    assert "<img src=x" not in page.text
    assert "script-src 'none'" in page.headers["content-security-policy"]
    assert client.get("/").status_code == 200
    assert client.get("/doc/missing").status_code == 404


def _synthetic_store(db: str, n_docs: int, n_stories: int = 0, n_entities: int = 0) -> None:
    """A store of ``n_docs`` short documents under ``news/`` (ids with a slash)."""
    docs = []
    for i in range(n_docs):
        text = f"خبر رقم {i} عن المحادثات في أستانة."
        docs.append(Document(id=f"news/{i:04d}.txt", text=text, title=f"عنوان {i}", outlet="وكالة",
                             published=f"2015-07-{1 + i % 28:02d}",
                             content_hash=hashlib.sha256(text.encode()).hexdigest(),
                             raw_hash=hashlib.sha256(text.encode()).hexdigest()))
    stories = [Story(f"S{i}", f"قصة {i}", [docs[i].id]) for i in range(n_stories)]
    entities = [Entity(f"E{i}", f"كيان {i}", "LOC", {f"كيان {i}": i + 1}, [docs[0].id]) for i in range(n_entities)]
    with open_store(db) as store:
        run = store.start_run(["synthetic"])
        store.save_documents([(document_dict(d), d.text.encode(), "text") for d in docs], run_seq=run)
        store.replace_catalogue([entity_dict(e) for e in entities], [story_dict(s) for s in stories])
        store.finish_run(run, len(docs), 0)


def _doc_links(html: str) -> list[str]:
    return re.findall(r'href="/doc/([^"]+)"', html)


def test_home_pages_documents_fifty_at_a_time(tmp_path):
    db = str(tmp_path / "r.db")
    _synthetic_store(db, 120, n_stories=30, n_entities=25)
    client = TestClient(create_app(db))
    first = client.get("/")
    assert first.status_code == 200
    assert len(_doc_links(first.text)) == 50
    assert 'href="/?page=2"' in first.text and "?page=0" not in first.text
    # stories and entities are capped on the home page, with a link to the rest
    assert len(re.findall(r'href="/story/', first.text)) == 10 and 'href="/stories"' in first.text
    assert len(re.findall(r'href="/entity/', first.text)) == 10 and 'href="/entities"' in first.text
    last = client.get("/?page=3")
    assert len(_doc_links(last.text)) == 20
    assert 'href="/?page=2"' in last.text and "?page=4" not in last.text
    assert _doc_links(client.get("/?page=99").text) == _doc_links(last.text)  # past the end: the last page
    seen = set(_doc_links(first.text)) | set(_doc_links(client.get("/?page=2").text)) | set(_doc_links(last.text))
    assert len(seen) == 120  # every document on exactly one page
    assert client.get("/?page=0").status_code == 422
    assert len(re.findall(r'href="/story/', client.get("/stories").text)) == 30
    assert len(re.findall(r'href="/entity/', client.get("/entities?page=1").text)) == 25
    assert len(first.content) < 40_000


def test_ids_with_slashes_resolve_in_ui_and_api(tmp_path):
    db = str(tmp_path / "r.db")
    _synthetic_store(db, 3, n_stories=1, n_entities=1)
    client = TestClient(create_app(db))
    home = client.get("/").text
    assert "/doc/news%2F0000.txt" in home
    assert client.get("/doc/news%2F0000.txt").status_code == 200
    assert client.get("/doc/news/0000.txt").status_code == 200
    assert client.get("/api/documents/news/0000.txt").json()["id"] == "news/0000.txt"
    assert client.get("/api/stories/S0").json()["documents"] == ["news/0000.txt"]
    assert client.get("/api/entities/E0").json()["name"] == "كيان 0"
    assert client.get("/api/documents/news/nope.txt").status_code == 404


def test_head_is_allowed_on_pages(tmp_path):
    db = str(tmp_path / "r.db")
    _synthetic_store(db, 2, n_stories=1, n_entities=1)
    client = TestClient(create_app(db))
    for url in ("/", "/stories", "/entities", "/doc/news%2F0000.txt", "/story/S0", "/entity/E0", "/search?q=خبر",
                "/api/documents"):
        res = client.head(url)
        assert res.status_code == 200, url
        assert "content-security-policy" in res.headers


def test_serve_sees_documents_added_by_a_later_analyze(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("قال الوزير إن المحادثات ستستأنف غدا في جنيف.", encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path / "in" / "a.txt")], db)
    app = create_app(db)
    client = TestClient(app)
    assert [d["id"] for d in client.get("/api/documents").json()] == ["a.txt"]
    client.get("/")
    assert app.state.watcher.loads == 1  # unchanged store: served from memory
    (tmp_path / "in" / "b.txt").write_text("أعلنت الحكومة أن الجولة المقبلة ستعقد في أستانة.", encoding="utf-8")
    analyze([str(tmp_path / "in" / "b.txt")], db)
    assert sorted(d["id"] for d in client.get("/api/documents").json()) == ["a.txt", "b.txt"]
    assert client.get("/doc/b.txt").status_code == 200
    assert app.state.watcher.loads == 2
    os.remove(db)
    assert client.get("/api/documents").status_code == 503


def test_search_page_and_bad_queries(tmp_path):
    db = str(tmp_path / "r.db")
    _synthetic_store(db, 3)
    client = TestClient(create_app(db))
    page = client.get("/search", params={"q": "أستانة"})
    assert page.status_code == 200 and len(_doc_links(page.text)) == 3
    bad = client.get("/search", params={"q": '"'})
    assert bad.status_code == 200 and "bad search query" in bad.text
    assert client.get("/api/search", params={"q": '"'}).status_code == 400


def test_paginate_clamps_and_counts():
    p = paginate(list(range(101)), 3, size=50)
    assert p.items == [100] and p.pages == 3 and p.has_prev and not p.has_next and p.first_index == 101
    empty = paginate([], 5)
    assert empty.items == [] and empty.pages == 1 and empty.number == 1 and not empty.has_next


def test_watcher_serves_the_previous_view_while_another_request_reloads(tmp_path):
    import threading

    from rasid.api.view import StoreWatcher
    from rasid.model import Corpus

    db = tmp_path / "x.db"
    db.write_bytes(b"one")
    started, release = threading.Event(), threading.Event()
    calls = []

    def loader(path: str) -> Corpus:
        calls.append(path)
        if len(calls) == 2:  # the reload: hold it until the other request was served
            started.set()
            release.wait(5)
        return Corpus(documents=[Document(id=f"v{len(calls)}", text="x")])

    watcher = StoreWatcher(str(db), loader)
    assert [d.id for d in watcher.view().corpus.documents] == ["v1"]
    assert watcher.view() is watcher.view() and len(calls) == 1  # unchanged: no reload
    db.write_bytes(b"two, longer")
    results = []
    reloader = threading.Thread(target=lambda: results.append(watcher.view()))
    reloader.start()
    assert started.wait(5)
    assert [d.id for d in watcher.view().corpus.documents] == ["v1"]  # stale but immediate
    release.set()
    reloader.join(5)
    assert [d.id for d in results[0].corpus.documents] == ["v2"]
    assert [d.id for d in watcher.view().corpus.documents] == ["v2"] and watcher.loads == 2
