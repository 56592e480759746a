"""Deleting what a person recorded: one check-in, session, camera analysis or Thomas test, or everything.

A session goes with its steps; its pain stops stay (without the session), because a pain stop shapes the
plan for two weeks whatever happened to the session. A Thomas test is every measurement taken at the
same moment (both thigh and knee angles)."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.db import Store

__all__ = ["TABLE_WORDS", "Kind", "delete_all", "delete_record", "record_ids"]

# The stored tables in words, for the export page and the CLI.
TABLE_WORDS = {
    "profiles": "Profiles (each change is kept)",
    "plans": "Weekly plans",
    "sessions": "Guided sessions",
    "session_steps": "Steps of the sessions",
    "pain_events": "Pain stops during sessions",
    "checkins": "Check-ins",
    "clearances": "Clinician visits recorded",
    "breaks": "Sitting breaks",
    "sitting_bouts": "Stretches of sitting (break schedule)",
    "break_schedule": "The break schedule's current state",
    "measurements": "Measurements (Thomas tests)",
    "analyses": "Camera analyses",
}


class Kind(StrEnum):
    CHECKIN = "checkin"
    SESSION = "session"
    ANALYSIS = "analysis"
    THOMAS = "thomas"


_TABLES = {Kind.CHECKIN: t.checkins, Kind.SESSION: t.sessions, Kind.ANALYSIS: t.analyses}


def delete_record(store: Store, kind: Kind, row_id: int) -> bool:
    """Delete one record by its id (for a Thomas test: the id of any of its measurements).
    False when there is no such record."""
    with store.transaction() as conn:
        if kind is Kind.THOMAS:
            at = conn.execute(sa.select(t.measurements.c.at).where(t.measurements.c.id == row_id)).scalar()
            if at is None:
                return False
            conn.execute(t.measurements.delete().where(t.measurements.c.at == at))
            return True
        table = _TABLES[kind]
        if kind is Kind.SESSION:
            conn.execute(t.session_steps.delete().where(t.session_steps.c.session_id == row_id))
            keep = t.pain_events.update().where(t.pain_events.c.session_id == row_id)
            conn.execute(keep.values(session_id=None))
        return conn.execute(table.delete().where(table.c.id == row_id)).rowcount > 0


def record_ids(store: Store, kind: Kind) -> list[int]:
    """The ids of a kind's records, in the order psoas.store.records lists them (oldest first); for
    Thomas tests, the first measurement id of each test."""
    if kind is Kind.THOMAS:
        m = t.measurements
        query = sa.select(sa.func.min(m.c.id)).group_by(m.c.at).order_by(m.c.at)
    else:
        table = _TABLES[kind]
        order = (table.c.id,) if kind is Kind.SESSION else (table.c.at, table.c.id)
        query = sa.select(table.c.id).order_by(*order)
    with store.transaction() as conn:
        return [int(i) for i in conn.execute(query).scalars()]


def delete_all(store: Store) -> int:
    """Delete every stored row (the schema stays); returns how many rows were deleted."""
    deleted = 0
    with store.transaction() as conn:
        for table in reversed(t.metadata.sorted_tables):
            deleted += conn.execute(table.delete()).rowcount
    return deleted
