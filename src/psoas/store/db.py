"""Open the database, bring its schema up to date, and turn driver failures into one-sentence errors.

SQLite (the default) lives in the platform's user data folder and runs in WAL mode, so a reader never
blocks the writer; `PSOAS_DB_URL` points psoas at any other SQLAlchemy URL, PostgreSQL included.
Every write goes through `Store.transaction()`: it commits whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa

from psoas.errors import StoreError

__all__ = ["ENV_URL", "Store", "default_url", "open_store"]

ENV_URL = "PSOAS_DB_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """`PSOAS_DB_URL` when set, else an SQLite file in the user data folder."""
    if url := os.environ.get(ENV_URL, "").strip():
        return url
    folder = Path(platformdirs.user_data_dir("psoas", appauthor=False))
    return f"sqlite:///{folder / 'psoas.db'}"


@dataclass(frozen=True)
class Store:
    engine: sa.Engine
    url: str

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One unit of work: committed when the block ends, rolled back if anything in it fails."""
        with _translated(self.url), self.engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, timeout_s: float = 5.0) -> Store:
    """Connect, check the database is usable, and migrate it to the newest schema."""
    url = url or default_url()
    try:
        engine = _engine(url, timeout_s)
    except (sa.exc.ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"Database URL '{_safe(url)}' is not usable: {exc}.") from None
    store = Store(engine, url)
    with _translated(url):
        migrate(engine)
    return store


def migrate(engine: sa.Engine) -> None:
    """Upgrade the schema to the newest Alembic revision; refuse a database from a newer psoas."""
    # Alembic loads here, when a database is opened: commands that never touch one start faster.
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    with engine.begin() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        known = {s.revision for s in scripts.walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(
                f"The database was written by a newer psoas (schema {current}); upgrade psoas to open it."
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _engine(url: str, timeout_s: float) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, connect_args=_pg_args(parsed, timeout_s))
    if parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder for {parsed.database}: {exc.strerror}.") from None
    engine = sa.create_engine(url, connect_args={"timeout": timeout_s})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
        cursor.close()

    return engine


def _pg_args(parsed: sa.URL, timeout_s: float) -> dict[str, Any]:
    if parsed.get_backend_name() == "postgresql":
        return {"connect_timeout": max(1, round(timeout_s))}
    return {}


@contextmanager
def _translated(url: str) -> Iterator[None]:
    """Driver errors → StoreError with one sentence; programming errors still surface as bugs."""
    where = _safe(url)
    try:
        yield
    except sa.exc.OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise StoreError(
                f"The database {where} is locked by another psoas process; try again when it finishes."
            ) from None
        if "not a database" in text or "malformed" in text:
            raise StoreError(_corrupt(where)) from None
        raise StoreError(f"The database {where} cannot be used: {_first_line(exc.orig)}.") from None
    except sa.exc.DatabaseError as exc:
        if "not a database" in str(exc.orig).lower() or "malformed" in str(exc.orig).lower():
            raise StoreError(_corrupt(where)) from None
        raise StoreError(f"The database {where} refused the change: {_first_line(exc.orig)}.") from None


def _corrupt(where: str) -> str:
    return (
        f"The file {where} is not a readable psoas database (it may be corrupt); "
        f"move it aside or set {ENV_URL} to another database."
    )


def _first_line(exc: BaseException | None) -> str:
    return str(exc).strip().splitlines()[0].rstrip(".") if exc and str(exc).strip() else "unknown error"


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)
