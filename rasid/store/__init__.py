"""One gateway to storage. SQLite is the default (and, for now, the only) backend."""
from rasid.store.identity import document_key
from rasid.store.sqlite import SCHEMA_VERSION, Store, StoredDocument, open_store

__all__ = ["SCHEMA_VERSION", "Store", "StoredDocument", "document_key", "open_store"]
