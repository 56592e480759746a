"""Commit every finished step, pain stop and ending to the store the moment it happens.

Each call is its own transaction, so a crash (even kill -9) loses at most the step being played, and
`psoas session --resume` picks up at the first step without a record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from psoas.session.player import Outcome, PainChoice
from psoas.session.timeline import Step
from psoas.store import Store
from psoas.store import records as rec

__all__ = ["StoreRecorder"]


class StoreRecorder:
    def __init__(self, store: Store, session_id: int, now: Callable[[], datetime]) -> None:
        self.store = store
        self.session_id = session_id
        self.now = now
        self.counts = {"done": 0, "skipped": 0, "stopped": 0}
        self.pains: list[tuple[str, int, PainChoice]] = []

    def step_done(self, step: Step, done_s: float, outcome: str) -> None:
        rec.record_step(self.store, self.session_id, step.to_dict(), done_s, outcome, self.now())
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def pain(self, step: Step, score: int, action: PainChoice) -> None:
        event = rec.PainRecord(self.now(), self.session_id, step.exercise_id, score, _action(action))
        rec.add_pain(self.store, event)
        self.pains.append((step.exercise_id, score, action))

    def finish(self, outcome: Outcome) -> None:
        rec.finish_session(self.store, self.session_id, outcome.value, self.now())


def _action(choice: PainChoice) -> str:
    return "modified" if choice is PainChoice.EASIER else "skipped"
