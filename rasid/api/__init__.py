"""HTTP API (FastAPI) and web UI over a rasid store."""
