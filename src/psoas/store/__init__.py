"""Local storage: SQLAlchemy over SQLite (WAL) by default, any SQLAlchemy URL via PSOAS_DB_URL."""

from psoas.store.db import ENV_URL, Store, default_url, open_store

__all__ = ["ENV_URL", "Store", "default_url", "open_store"]
