"""Reading and writing psoas's records, one module per kind (profiles, sessions, check-ins, breaks,
analyses), gathered here so callers import one name: `from psoas.store import records as rec`. Each
function is one transaction: it lands whole or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.analyses import (
    AnalysisRecord,
    MeasurementRecord,
    add_analysis,
    add_measurements,
    analyses,
    insert_analysis,
    measurements,
)
from psoas.store.breaks import BreakRecord, add_break, breaks_between
from psoas.store.checkins import CheckInRecord, PainRecord, add_checkin, add_pain, checkins, pain_events
from psoas.store.db import Store
from psoas.store.profiles import latest_plan, latest_profile, save_plan, save_profile
from psoas.store.sessions import (
    ActiveSession,
    SessionRecord,
    StepRecord,
    finish_session,
    open_session,
    record_step,
    session_steps,
    sessions,
    start_session,
)
from psoas.store.utc import as_utc

__all__ = [
    "ActiveSession",
    "AnalysisRecord",
    "BreakRecord",
    "CheckInRecord",
    "MeasurementRecord",
    "PainRecord",
    "SessionRecord",
    "StepRecord",
    "add_analysis",
    "add_break",
    "add_checkin",
    "add_measurements",
    "add_pain",
    "all_rows",
    "analyses",
    "as_utc",
    "breaks_between",
    "checkins",
    "finish_session",
    "insert_analysis",
    "latest_plan",
    "latest_profile",
    "measurements",
    "open_session",
    "pain_events",
    "record_step",
    "save_plan",
    "save_profile",
    "session_steps",
    "sessions",
    "start_session",
]


def all_rows(
    store: Store, tables: Sequence[sa.Table] = tuple(t.metadata.sorted_tables)
) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, for export (read in one transaction: a consistent snapshot)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store.transaction() as conn:
        for table in tables:
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).mappings().all()
            out[table.name] = [dict(r) for r in rows]
    return out
