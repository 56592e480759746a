"""Camera analyses and measurements (Thomas-test angles). Each function is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = [
    "AnalysisRecord",
    "MeasurementRecord",
    "add_analysis",
    "add_measurements",
    "analyses",
    "insert_analysis",
    "measurements",
]


@dataclass(frozen=True)
class AnalysisRecord:
    """One camera analysis: the report as stored, with its validity pulled out for queries."""

    at: datetime
    exercise_id: str
    source: str
    valid: bool
    report: dict[str, Any]


def insert_analysis(conn: sa.Connection, record: AnalysisRecord) -> int:
    """One analysis row inside a transaction already open (a batch stores its resume key with it)."""
    result = conn.execute(
        t.analyses.insert().values(
            at=as_utc(record.at),
            exercise_id=record.exercise_id,
            source=record.source,
            valid=record.valid,
            report=record.report,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def add_analysis(store: Store, record: AnalysisRecord) -> int:
    with store.transaction() as conn:
        return insert_analysis(conn, record)


def analyses(store: Store) -> list[AnalysisRecord]:
    with store.transaction() as conn:
        rows = conn.execute(t.analyses.select().order_by(t.analyses.c.at, t.analyses.c.id)).mappings().all()
    return [
        AnalysisRecord(as_utc(r["at"]), r["exercise_id"], r["source"], r["valid"], r["report"]) for r in rows
    ]


@dataclass(frozen=True)
class MeasurementRecord:
    """One measured value (e.g. a Thomas-test thigh angle) with what it was measured from."""

    at: datetime
    kind: str
    side: str | None
    value: float
    unit: str
    source: str
    details: dict[str, Any]


def add_measurements(store: Store, records: Sequence[MeasurementRecord]) -> None:
    """Several values of one test land together or not at all."""
    with store.transaction() as conn:
        for r in records:
            conn.execute(
                t.measurements.insert().values(
                    at=as_utc(r.at),
                    kind=r.kind,
                    side=r.side,
                    value=r.value,
                    unit=r.unit,
                    source=r.source,
                    details=r.details,
                )
            )


def measurements(store: Store, kind: str | None = None) -> list[MeasurementRecord]:
    query = t.measurements.select().order_by(t.measurements.c.at, t.measurements.c.id)
    if kind is not None:
        query = query.where(t.measurements.c.kind == kind)
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        MeasurementRecord(
            as_utc(r["at"]), r["kind"], r["side"], r["value"], r["unit"], r["source"], r["details"]
        )
        for r in rows
    ]
