"""The batch ledger: which clips are already analysed, so a batch run again does only what is new.

A key is (content SHA-256, exercise, pipeline version): renaming or moving a file does not redo it, and a
new psoas or pose model does. Only the process that drives a batch writes here, one clip per transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.analyses import AnalysisRecord, insert_analysis
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = ["ClipKey", "done_digests", "record_clip"]


@dataclass(frozen=True)
class ClipKey:
    digest: str
    exercise_id: str
    pipeline: str


def done_digests(store: Store, exercise_id: str, pipeline: str) -> frozenset[str]:
    """The content hashes already analysed for this exercise by this pipeline."""
    c = t.batch_clips.c
    query = sa.select(c.digest).where(c.exercise_id == exercise_id, c.pipeline == pipeline)
    with store.transaction() as conn:
        return frozenset(conn.execute(query).scalars())


def record_clip(store: Store, key: ClipKey, record: AnalysisRecord) -> int:
    """Store the report and mark its key done, together; a key done before (--force) points at the new one."""
    c = t.batch_clips.c
    with store.transaction() as conn:
        analysis_id = insert_analysis(conn, record)
        conn.execute(
            t.batch_clips.delete().where(
                c.digest == key.digest, c.exercise_id == key.exercise_id, c.pipeline == key.pipeline
            )
        )
        conn.execute(
            t.batch_clips.insert().values(
                at=as_utc(record.at),
                digest=key.digest,
                exercise_id=key.exercise_id,
                pipeline=key.pipeline,
                source=record.source[:256],
                analysis_id=analysis_id,
            )
        )
    return analysis_id
