"""The break loop on a virtual clock: reminders on time, snooze, skip, pause, idle, keys while waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psoas.errors import InvalidInputError
from psoas.habits.breaks import (
    PAUSED_ROUTINES,
    ROUTINES,
    BreakConfig,
    Routine,
    daily_stats,
    routine_for,
    run_breaks,
)
from psoas.store.records import BreakRecord

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, keys: dict[float, str], idle: list[float] | None = None) -> None:
        self.s = 0.0
        self.keys = dict(keys)
        self.idle = list(idle or [])  # answers to successive idle queries; None once used up
        self.reminders: list[tuple[float, str]] = []
        self.lines: list[str] = []

    def now(self) -> datetime:
        return T0 + timedelta(seconds=self.s)

    def key(self, timeout: float) -> str | None:
        self.s = round(self.s + timeout, 6)
        for at in sorted(self.keys):
            if at <= self.s:
                return self.keys.pop(at)
        return None

    def remind(self, routine: Routine, n: int) -> None:
        self.reminders.append((self.s, routine.title))

    def status(self, text: str) -> None:
        self.lines.append(text)

    def idle_s(self) -> float | None:
        return self.idle.pop(0) if self.idle else None


def _run(config: BreakConfig, io: Clock, **kw: object) -> list[BreakRecord]:
    log: list[BreakRecord] = []
    run_breaks(config, io, log.append, **kw)  # type: ignore[arg-type]
    return log


def test_default_is_forty_minutes_and_answers_are_logged() -> None:
    config = BreakConfig.from_minutes(40)
    io = Clock({2400.0 + 30: "d", 4830.0 + 60: "z", 4890.0 + 300 + 5: "s"})
    log = _run(config, io, count=3)
    assert [s for s, _ in io.reminders] == [2400.0, 2430.0 + 2400, 4890.0 + 300]
    assert [r.outcome for r in log] == ["done", "snoozed", "skipped"]
    assert log[0].due_at == T0 + timedelta(seconds=2400) and log[0].at == T0 + timedelta(seconds=2430)
    assert [title for _, title in io.reminders] == [r.title for r in ROUTINES]
    assert daily_stats(log) == {"done": 1, "skipped": 1, "snoozed": 1, "idle": 0, "missed": 0}


def test_unanswered_reminders_are_missed_and_pause_delays_the_first() -> None:
    config = BreakConfig(interval_s=60, answer_s=10)
    io = Clock({})
    log = _run(config, io, count=2, pause_s=120)
    assert [s for s, _ in io.reminders] == [180.0, 250.0]
    assert [r.outcome for r in log] == ["missed", "missed"]
    assert io.lines[0].startswith("Paused for 2 min")


def test_keys_while_waiting_log_a_break_pause_or_quit() -> None:
    config = BreakConfig(interval_s=100, pause_s=1000)
    io = Clock({50.0: "d", 120.0: "p", 1300.0: "q"})
    log = _run(config, io)
    # d at 50 s restarts the timer (due 150); p at 120 s pauses 1000 s plus an interval: due 1220;
    # q at 1300 s answers that reminder (logged as skipped) and ends the loop
    assert [(r.outcome, r.at) for r in log] == [
        ("done", T0 + timedelta(seconds=50)),
        ("skipped", T0 + timedelta(seconds=1300)),
    ]
    assert [s for s, _ in io.reminders] == [1220.0]
    assert io.s == 1300.0


def test_time_away_from_the_keyboard_counts_as_a_break() -> None:
    io = Clock({}, idle=[600, 20])
    log = _run(BreakConfig(interval_s=60, answer_s=5), io, count=1)
    assert [r.outcome for r in log] == ["idle", "missed"]
    assert io.reminders[0][0] == 120.0  # away at 60 s: the timer restarted, so the reminder came at 120 s


def test_intervals_are_validated() -> None:
    with pytest.raises(InvalidInputError, match="at most 240 minutes"):
        BreakConfig.from_minutes(0)
    with pytest.raises(InvalidInputError, match="Snooze"):
        BreakConfig.from_minutes(40, snooze_min=0)
    assert routine_for(4) is ROUTINES[1]


def test_while_paused_reminders_carry_no_exercise_routine() -> None:
    io = Clock({2400.0 + 30: "d", 4830.0 + 30: "s"})
    log = _run(BreakConfig.from_minutes(40), io, count=2, routines=PAUSED_ROUTINES)
    assert [title for _, title in io.reminders] == ["Change position", "Change position"]
    assert [(r.outcome, r.routine) for r in log] == [("done", None), ("skipped", None)]
    assert PAUSED_ROUTINES[0].exercises == () and "paused" in PAUSED_ROUTINES[0].text
