"""JSON API and a right-to-left web UI over one store.

Article text is hostile input: templates autoescape everything (no ``|safe``
on article data), links to an article's own URL are made only for http(s),
ids are percent-encoded in every URL, and the pages carry a
Content-Security-Policy that allows no script at all.

Ids come from file paths and may hold ``/`` (``news/a.txt``), so routes use
``{...:path}`` and templates encode ids with the ``pathq`` filter.

The corpus is cached in memory and reloaded when the store file changes
(rasid.api.view.StoreWatcher), so a later ``rasid analyze`` shows up
without restarting ``rasid serve``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from rasid.api.view import CorpusView, StoreMissing, StoreWatcher, paginate
from rasid.output import document_dict, entity_dict, story_dict

WEB = Path(__file__).resolve().parent.parent / "web"
CSP = ("default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
GET = ["GET", "HEAD"]  # HEAD on every page: monitors and link checkers use it
SHORT_LIST = 10  # stories and entities shown on the home page; the rest are a "more" link away
MAX_TIMELINE = 100  # timeline entries on a story page
MAX_QUOTES = 100  # statements on an entity page
SEARCH_LIMIT = 50


def path_quote(value: object) -> str:
    """Percent-encode an id for one URL path segment (``/`` too, so that an
    id such as ``../x`` is never resolved by the browser as a dot-segment)."""
    return quote(str(value), safe="")


def http_href(url: object) -> str | None:
    """The URL if it is http(s), else None: ``javascript:`` and ``data:``
    URLs from an article never become links."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def make_templates() -> Jinja2Templates:
    # Explicit autoescape=True (not by file extension): every template escapes.
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")), autoescape=True)
    env.filters["pathq"] = path_quote
    env.globals["http_href"] = http_href
    return Jinja2Templates(env=env)


def create_app(db: str) -> FastAPI:
    from rasid.analysis import stored_corpus  # noqa: PLC0415 - imports the pipeline; keep `import rasid.api` light

    app = FastAPI(title="rasid", description="Arabic news monitoring: documents, entities, quotes, events, stories")
    templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    watcher = StoreWatcher(db, stored_corpus)
    app.state.watcher = watcher

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StoreMissing)
    async def store_missing(request: Request, exc: StoreMissing) -> JSONResponse:  # noqa: ARG001
        return JSONResponse({"detail": "the store file is gone; run rasid analyze again"}, status_code=503)

    def view() -> CorpusView:
        return watcher.view()

    def find(table: dict[str, Any], key: str, what: str) -> Any:
        item = table.get(key)
        if item is None:
            raise HTTPException(404, f"no {what} {key!r}")
        return item

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    # -- JSON API ------------------------------------------------------------
    @app.api_route("/api/documents", methods=GET)
    def documents(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return [document_dict(d, with_text=False) for d in view().corpus.documents[offset:offset + limit]]

    @app.api_route("/api/documents/{doc_id:path}", methods=GET)
    def document(doc_id: str) -> dict[str, Any]:
        return document_dict(find(view().documents, doc_id, "document"))

    @app.api_route("/api/entities", methods=GET)
    def entities(limit: int = Query(1000, ge=1, le=10000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return [entity_dict(e) for e in view().corpus.entities[offset:offset + limit]]

    @app.api_route("/api/entities/{entity_id:path}", methods=GET)
    def entity(entity_id: str) -> dict[str, Any]:
        return entity_dict(find(view().entities, entity_id, "entity"))

    @app.api_route("/api/stories", methods=GET)
    def stories(limit: int = Query(1000, ge=1, le=10000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return [story_dict(s) for s in view().corpus.stories[offset:offset + limit]]

    @app.api_route("/api/stories/{story_id:path}", methods=GET)
    def story(story_id: str) -> dict[str, Any]:
        return story_dict(find(view().stories, story_id, "story"))

    def run_search(q: str, limit: int) -> list[dict[str, Any]]:
        from rasid.store import open_store  # noqa: PLC0415

        if not Path(db).exists():  # open_store would create an empty store in its place
            raise StoreMissing(db)
        with open_store(db) as store:
            try:
                return store.search(q, limit)
            except Exception as exc:  # FTS5 syntax errors
                raise HTTPException(400, f"bad search query: {exc}") from exc

    @app.api_route("/api/search", methods=GET)
    def search(q: str, limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        return run_search(q, limit)

    # -- web UI ----------------------------------------------------------------
    @app.api_route("/", methods=GET, response_class=HTMLResponse)
    def home(request: Request, page_no: int = Query(1, alias="page", ge=1)):  # noqa: ANN202
        v = view()
        return page(request, "index.html", view=v, docs=paginate(v.documents_by_date, page_no),
                    stories=v.stories_by_size[:SHORT_LIST], entities=v.entities_by_mentions[:SHORT_LIST])

    @app.api_route("/stories", methods=GET, response_class=HTMLResponse)
    def stories_page(request: Request, page_no: int = Query(1, alias="page", ge=1)):  # noqa: ANN202
        return page(request, "stories.html", stories=paginate(view().stories_by_size, page_no))

    @app.api_route("/story/{story_id:path}", methods=GET, response_class=HTMLResponse)
    def story_page(request: Request, story_id: str, page_no: int = Query(1, alias="page", ge=1)):  # noqa: ANN202
        v = view()
        s = find(v.stories, story_id, "story")
        docs = [v.documents[i] for i in s.documents if i in v.documents]
        return page(request, "story.html", story=s, docs=paginate(docs, page_no),
                    timeline=s.timeline[:MAX_TIMELINE], max_timeline=MAX_TIMELINE)

    @app.api_route("/entities", methods=GET, response_class=HTMLResponse)
    def entities_page(request: Request, page_no: int = Query(1, alias="page", ge=1),
                      type_: str | None = Query(None, alias="type")):  # noqa: ANN202
        ents = [e for e in view().entities_by_mentions if not type_ or e.type == type_.upper()]
        return page(request, "entities.html", entities=paginate(ents, page_no), type=type_ or "")

    @app.api_route("/entity/{entity_id:path}", methods=GET, response_class=HTMLResponse)
    def entity_page(request: Request, entity_id: str, page_no: int = Query(1, alias="page", ge=1)):  # noqa: ANN202
        v = view()
        e = find(v.entities, entity_id, "entity")
        quotes = v.quotes_by_speaker.get(e.id, [])
        return page(request, "entity.html", entity=e, docs=paginate(v.entity_documents(e), page_no),
                    quotes=quotes[:MAX_QUOTES], n_quotes=len(quotes))

    @app.api_route("/doc/{doc_id:path}", methods=GET, response_class=HTMLResponse)
    def doc_page(request: Request, doc_id: str):  # noqa: ANN202
        v = view()
        doc = find(v.documents, doc_id, "document")
        return page(request, "document.html", doc=doc, story=v.stories.get(doc.story or ""), entities=v.entities)

    @app.api_route("/search", methods=GET, response_class=HTMLResponse)
    def search_page(request: Request, q: str = ""):  # noqa: ANN202
        hits, error = [], None
        if q.strip():
            try:
                hits = run_search(q, SEARCH_LIMIT)
            except HTTPException as exc:
                error = exc.detail
        return page(request, "search.html", q=q, hits=hits, error=error)

    return app
