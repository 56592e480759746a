"""The store against real databases: SQLite files (WAL, corrupt, locked, newer schema) and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from psoas.catalog import default_catalog
from psoas.errors import StoreError
from psoas.plan import Limitation, build_plan, make_profile
from psoas.store import open_store, schema
from psoas.store import records as rec
from psoas.store.clearances import ClearanceRecord, add_clearance, clearances
from psoas.store.db import MIGRATIONS

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
TABLES = {
    "profiles",
    "batch_clips",
    "plans",
    "sessions",
    "session_steps",
    "pain_events",
    "checkins",
    "clearances",
    "breaks",
    "measurements",
    "analyses",
    "sitting_bouts",
    "break_schedule",
}


def _exercise_store(url: str) -> None:
    """Write and read back one of everything; shared by the SQLite and PostgreSQL tests."""
    store = open_store(url)
    profile = make_profile(
        level="beginner",
        sitting_hours=9,
        goals=["posture"],
        started=date(2026, 11, 16),
        due_date=date(2027, 3, 1),
        birth_year=1990,
        risk_factors=["cancer-history"],
    )
    pid = rec.save_profile(store, profile, NOW)
    assert rec.latest_profile(store) == (pid, profile)
    cleared = ClearanceRecord(NOW, date(2026, 11, 20), "GP: all clear")
    add_clearance(store, cleared)
    assert clearances(store) == [cleared]
    plan = build_plan(profile, date(2026, 11, 21), default_catalog())
    rec.save_plan(store, pid, plan, NOW)
    assert rec.latest_plan(store, date(2026, 11, 16)) == plan
    sid = rec.start_session(store, [{"index": 0}], 10, date(2026, 11, 21), "plan", NOW)
    step = {"index": 0, "exercise_id": "warm-up", "kind": "work", "seconds": 10}
    rec.record_step(store, sid, step, 10.0, "done", NOW)
    rec.record_step(store, sid, step, 10.0, "done", NOW)  # a resumed session may repeat: no duplicate
    assert rec.open_session(store).done == frozenset({0})  # type: ignore[union-attr]
    rec.finish_session(store, sid, "completed", NOW)
    assert rec.open_session(store) is None
    assert [s.status for s in rec.sessions(store)] == ["completed"]
    assert [(s.step_index, s.outcome, s.finished_at) for s in rec.session_steps(store)] == [(0, "done", NOW)]
    rec.add_pain(store, rec.PainRecord(NOW, sid, "glute-bridge", 4, "modified"))
    assert rec.pain_events(store)[0].score == 4
    check = rec.CheckInRecord(NOW, 3, 0, 1, 2, 7.5, ("tight-hips",), ("trauma",), "fell on ice")
    rec.add_checkin(store, check)
    assert rec.checkins(store) == [check]
    brk = rec.BreakRecord(NOW, NOW, "done", "walking-break")
    rec.add_break(store, brk)
    assert rec.breaks_between(store, NOW, NOW.replace(hour=10)) == [brk]
    assert rec.breaks_between(store, NOW.replace(hour=10)) == []
    unwritten = {"measurements", "analyses", "batch_clips", "sitting_bouts", "break_schedule"}
    assert {k for k, v in rec.all_rows(store).items() if v} == TABLES - unwritten
    store.dispose()


def test_sqlite_round_trip_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'psoas.db'}"
    _exercise_store(url)
    with sqlite3.connect(tmp_path / "deep" / "psoas.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES | {"alembic_version"} == names


def test_migrations_match_the_schema_exactly(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == []


def test_a_first_schema_database_upgrades_and_keeps_its_profile(tmp_path: Path) -> None:
    """A database written before the safety columns: its profile reads back with none of them set."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            sa.text(
                "INSERT INTO profiles (created_at, started, level, sitting_hours, goals, limitations, "
                "minutes_per_day, equipment) VALUES ('2026-11-01 09:00:00', '2026-11-02', 'beginner', 8, "
                """'[]', '["knee-pain"]', 15, '[]')"""
            )
        )
    engine.dispose()
    store = open_store(url)
    found = rec.latest_profile(store)
    assert found is not None
    assert found[1].limitations == {Limitation.KNEE_PAIN}
    assert (found[1].due_date, found[1].birth_year, found[1].risk_factors) == (None, None, frozenset())
    assert clearances(store) == []
    store.dispose()


def test_a_failed_transaction_stores_nothing(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(StoreError, match="refused"), store.transaction() as conn:
        conn.execute(schema.breaks.insert().values(due_at=NOW, at=NOW, outcome="done"))
        conn.execute(schema.pain_events.insert().values(at=NOW, exercise_id="x", score=11, action="skipped"))
    assert rec.breaks_between(store) == []


def test_a_corrupt_file_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "psoas.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable psoas database"):
        open_store(f"sqlite:///{bad}")


def test_a_locked_database_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{path}", timeout_s=0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another psoas process"):
            rec.add_break(store, rec.BreakRecord(NOW, NOW, "done", None))
    finally:
        holder.rollback()
        holder.close()
    rec.add_break(store, rec.BreakRecord(NOW, NOW, "done", None))
    assert len(rec.breaks_between(store)) == 1


def test_a_database_from_a_newer_psoas_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "psoas.db"
    open_store(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer psoas"):
        open_store(f"sqlite:///{path}")


def test_unusable_urls_are_one_sentence() -> None:
    with pytest.raises(StoreError, match="not usable"):
        open_store("nosuchdb://x")


# ---- PostgreSQL: a real server, started here when its binaries are installed ---------------------------


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed")
    user = "postgres" if os.geteuid() == 0 else None  # initdb refuses to run as root
    if user is not None:
        try:
            import pwd  # noqa: PLC0415

            pwd.getpwnam(user)
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to start the server")
    base = Path(tempfile.mkdtemp(prefix="psoas-pg-"))
    data = base / "data"
    if user is not None:
        shutil.chown(base, user)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def run(*cmd: str, check: bool = True) -> None:
        subprocess.run(cmd, user=user, check=check, capture_output=True, timeout=120)

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(pg_ctl, "-D", str(data), "-o", opts, "-w", "-l", str(base / "log"), "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.slow
def test_postgresql_through_the_same_code(postgres_url: str) -> None:
    _exercise_store(postgres_url)
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == TABLES | {"alembic_version"}
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    engine.dispose()
    assert diff == []
    open_store(postgres_url).dispose()  # opening again: already at head, nothing to migrate


def test_postgresql_unreachable_is_one_sentence() -> None:
    with pytest.raises(StoreError, match="cannot be used"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none", timeout_s=1)
