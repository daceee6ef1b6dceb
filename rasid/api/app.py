"""JSON API and a right-to-left web UI over one store.

Article text is hostile input: templates autoescape everything, the pages
carry a Content-Security-Policy without inline scripts, and no article field
is ever rendered as markup.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from rasid.analysis import stored_corpus
from rasid.model import Corpus
from rasid.output import document_dict, entity_dict, story_dict

WEB = Path(__file__).resolve().parent.parent / "web"
CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def create_app(db: str) -> FastAPI:
    app = FastAPI(title="rasid", description="Arabic news monitoring: documents, entities, quotes, events, stories")
    templates = Jinja2Templates(directory=str(WEB / "templates"))  # autoescape on for .html
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    @lru_cache(maxsize=1)
    def corpus() -> Corpus:
        return stored_corpus(db)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def find_doc(doc_id: str):
        doc = corpus().document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    @app.get("/api/documents")
    def documents(limit: int = Query(100, le=1000), offset: int = 0) -> list[dict[str, Any]]:
        return [document_dict(d, with_text=False) for d in corpus().documents[offset:offset + limit]]

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        return document_dict(find_doc(doc_id))

    @app.get("/api/entities")
    def entities() -> list[dict[str, Any]]:
        return [entity_dict(e) for e in corpus().entities]

    @app.get("/api/stories")
    def stories() -> list[dict[str, Any]]:
        return [story_dict(s) for s in corpus().stories]

    @app.get("/api/search")
    def search(q: str, limit: int = Query(20, le=200)) -> list[dict[str, Any]]:
        from rasid.store import open_store  # noqa: PLC0415

        with open_store(db) as store:
            try:
                return store.search(q, limit)
            except Exception as exc:  # FTS5 syntax errors
                raise HTTPException(400, f"bad search query: {exc}") from exc

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):  # noqa: ANN202
        c = corpus()
        return templates.TemplateResponse(request, "index.html", {"corpus": c})

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def doc_page(request: Request, doc_id: str):  # noqa: ANN202
        return templates.TemplateResponse(request, "document.html", {"doc": find_doc(doc_id)})

    return app
