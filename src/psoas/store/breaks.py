"""Sitting breaks: when each was due and what the person did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = ["BreakRecord", "add_break", "breaks_between"]


@dataclass(frozen=True)
class BreakRecord:
    due_at: datetime
    at: datetime
    outcome: str
    routine: str | None


def add_break(store: Store, record: BreakRecord) -> None:
    with store.transaction() as conn:
        conn.execute(
            t.breaks.insert().values(
                due_at=as_utc(record.due_at),
                at=as_utc(record.at),
                outcome=record.outcome,
                routine=record.routine,
            )
        )


def breaks_between(
    store: Store, start: datetime | None = None, end: datetime | None = None
) -> list[BreakRecord]:
    query = t.breaks.select().order_by(t.breaks.c.at)
    if start is not None:
        query = query.where(t.breaks.c.at >= as_utc(start))
    if end is not None:
        query = query.where(t.breaks.c.at < as_utc(end))
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [BreakRecord(as_utc(r["due_at"]), as_utc(r["at"]), r["outcome"], r["routine"]) for r in rows]
