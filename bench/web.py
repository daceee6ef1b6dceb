"""Web UI and API over a real store: page sizes and latencies, and the cost
of noticing a store change (issue #2 foundation, helper B2).

    python bench/web.py --db STORE [--repeat 5]

Build the store first, e.g. one saudinewsnet day (2,805 documents):

    rasid analyze ../shared/data/saudinewsnet/2015-07-21.jsonl.gz --db /tmp/snn.db --no-report

Requests go through Starlette's in-process TestClient (no network), so the
figures are the application's own time: routing, lookups, template
rendering. Prints the first load (reads the whole store), each page's bytes
and median latency when cached, and the latency of a request right after the
store changed (which reloads it).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402

from rasid.api.app import create_app  # noqa: E402


def timed(client: TestClient, url: str, method: str = "GET") -> tuple[float, int, int]:
    t0 = time.perf_counter()
    res = client.request(method, url)
    return time.perf_counter() - t0, res.status_code, len(res.content)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="an existing rasid store")
    ap.add_argument("--repeat", type=int, default=5, help="requests per page for the median")
    args = ap.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"no store at {args.db}")
    app = create_app(args.db)
    client = TestClient(app)

    seconds, status, size = timed(client, "/")
    view = app.state.watcher.view()
    n_docs, n_stories, n_entities = (len(view.corpus.documents), len(view.corpus.stories),
                                     len(view.corpus.entities))
    print(f"store: {n_docs} documents, {n_stories} stories, {n_entities} entities")
    print(f"first request (loads the store): {seconds:.2f} s, status {status}, {size:,} bytes")

    big_story = view.stories_by_size[0] if view.stories_by_size else None
    top_entity = view.entities_by_mentions[0] if view.entities_by_mentions else None
    doc = view.documents_by_date[0]
    pages = {
        "home (page 1)": "/",
        "home (page 20)": "/?page=20",
        "stories (page 1)": "/stories",
        "entities (page 1)": "/entities",
        "document": f"/doc/{quote(doc.id, safe='')}",
        "search": "/search?q=" + quote("الرياض"),
        "api documents (100)": "/api/documents",
    }
    if big_story:
        pages[f"largest story ({len(big_story.documents)} docs)"] = f"/story/{quote(big_story.id, safe='')}"
    if top_entity:
        pages["top entity"] = f"/entity/{quote(top_entity.id, safe='')}"
    print(f"{'page':34} {'status':>6} {'bytes':>9} {'median ms':>10}")
    for name, url in pages.items():
        runs = [timed(client, url) for _ in range(args.repeat)]
        print(f"{name:34} {runs[0][1]:>6} {runs[0][2]:>9,} {statistics.median(r[0] for r in runs) * 1000:>10.1f}")
    head = timed(client, "/", "HEAD")
    print(f"{'HEAD /':34} {head[1]:>6} {head[2]:>9,}")

    loads = app.state.watcher.loads
    st = os.stat(args.db)
    os.utime(args.db, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # as if a run had committed
    seconds, status, _ = timed(client, "/")
    print(f"request after the store changed (reload): {seconds:.2f} s, status {status}, "
          f"loads {loads} -> {app.state.watcher.loads}")


if __name__ == "__main__":
    main()
