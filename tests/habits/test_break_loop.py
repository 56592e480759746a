"""The terminal's break loop on a virtual clock, over the real (in-memory) break schedule: reminders when
the schedule says a break is due, the keys, the desktop's idle time, and a break taken elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from psoas.errors import InvalidInputError
from psoas.habits.breaks import (
    PAUSED_ROUTINES,
    ROUTINES,
    BreakConfig,
    Routine,
    daily_stats,
    gnome_idle_s,
    routine_for,
    run_breaks,
)
from psoas.habits.schedule import (
    BreakMissed,
    BreakTaken,
    Observation,
    ScheduleConfig,
    ScheduleState,
    Taken,
    advance,
    summary,
)
from psoas.store.records import BreakRecord

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, keys: dict[float, str], inputs: list[tuple[float, float]] | None = None) -> None:
        self.s = 0.0
        self.keys = dict(keys)
        self.inputs = inputs  # spans of seconds with keyboard or mouse input; None: idle time unknown
        self.reminders: list[tuple[float, str, bool]] = []
        self.lines: list[str] = []

    def now(self) -> datetime:
        return T0 + timedelta(seconds=self.s)

    def key(self, timeout: float) -> str | None:
        self.s = round(self.s + timeout, 6)
        for at in sorted(self.keys):
            if at <= self.s:
                return self.keys.pop(at)
        return None

    def remind(self, routine: Routine, n: int, *, silent: bool) -> None:
        self.reminders.append((self.s, routine.title, silent))

    def status(self, text: str) -> None:
        self.lines.append(text)

    def idle_s(self) -> float | None:
        if self.inputs is None:
            return None
        ended = [min(end, self.s) for start, end in self.inputs if start <= self.s]
        return self.s - max(ended) if ended else self.s


class Memory:
    """The schedule kept in memory (the CLI keeps it in the store), with the breaks it logged."""

    def __init__(self, config: ScheduleConfig, *, elsewhere: dict[float, Observation] | None = None) -> None:
        self.config = config
        self.state = ScheduleState()
        self.log: list[BreakRecord] = []
        self.elsewhere = dict(elsewhere or {})  # observations another process makes (the web)

    def step(self, obs: Observation) -> Mapping[str, Any]:
        for at in sorted(self.elsewhere):
            if T0 + timedelta(seconds=at) <= obs.at:
                self._advance(self.elsewhere.pop(at))
        self._advance(obs)
        return summary(self.state, obs.at, self.config)

    def _advance(self, obs: Observation) -> None:
        self.state, events = advance(self.state, obs, self.config)
        for e in events:
            if isinstance(e, BreakTaken):
                self.log.append(BreakRecord(e.due_at or e.at, e.at, "done", None))
            elif isinstance(e, BreakMissed):
                self.log.append(BreakRecord(e.due_at, e.at, "missed", None))

    def skipped(self, due_at: datetime, at: datetime) -> None:
        self.log.append(BreakRecord(due_at, at, "skipped", None))


FORTY = ScheduleConfig()


def test_default_is_forty_minutes_and_answers_are_logged() -> None:
    io = Clock({2400.0 + 30: "d", 4830.0 + 60: "z", 4890.0 + 300 + 5: "s"})
    link = Memory(FORTY)
    shown = run_breaks(BreakConfig.from_minutes(40), io, link, count=3)
    assert shown == 3
    assert [s for s, _, _ in io.reminders] == [2400.0, 2430.0 + 2400, 4890.0 + 300]
    assert [title for _, title, _ in io.reminders] == [r.title for r in ROUTINES]
    assert [(r.outcome, r.due_at, r.at) for r in link.log] == [
        ("done", T0 + timedelta(seconds=2400), T0 + timedelta(seconds=2430)),
        ("skipped", T0 + timedelta(seconds=4830), T0 + timedelta(seconds=5195)),
    ]
    assert daily_stats(link.log) == {"done": 1, "skipped": 1, "snoozed": 0, "idle": 0, "missed": 0}


def test_an_unanswered_reminder_is_missed_at_the_hour_and_comes_again() -> None:
    io = Clock({})
    link = Memory(FORTY)
    run_breaks(BreakConfig.from_minutes(40), io, link, count=2)
    assert [s for s, _, _ in io.reminders] == [2400.0, 3600.0]
    # The loop ends when the second reminder is overtaken too: missed 20 minutes later.
    assert [(r.outcome, r.at) for r in link.log] == [
        ("missed", T0 + timedelta(seconds=3600)),
        ("missed", T0 + timedelta(seconds=4800)),
    ]


def test_a_pause_is_a_meeting_and_keys_while_waiting_log_a_break_or_quit() -> None:
    config = BreakConfig(interval_s=2400, pause_s=1200)
    io = Clock({600.0: "d", 1200.0: "p", 3700.0: "q"})
    link = Memory(FORTY)
    run_breaks(config, io, link, pause_s=900)
    # d at 10 min restarts the count: due at 50 min; p at 20 min is a meeting to 40 min; q at 61:40
    # answers the reminder shown at 50 min (skipped) and ends the loop.
    assert [s for s, _, _ in io.reminders] == [3000.0]
    assert [(r.outcome, r.at) for r in link.log] == [
        ("done", T0 + timedelta(seconds=600)),
        ("skipped", T0 + timedelta(seconds=3700)),
    ]
    assert io.lines[0].startswith("In a meeting for 15 min") and io.s == 3700.0


def test_the_desktops_idle_time_ends_the_sitting_when_the_person_left() -> None:
    # Input until 20 min, none until 35 min: seen idle for 5 minutes at 25 min, the sitting ended at the
    # last look (every 15 s) that saw input.
    io = Clock({4600.0: "d"}, inputs=[(0.0, 1200.0), (2100.0, 9999.0)])
    link = Memory(FORTY)
    run_breaks(BreakConfig.from_minutes(40), io, link, count=1)
    assert [(r.outcome, r.at) for r in link.log] == [
        ("done", T0 + timedelta(seconds=1215)),  # time away counts as a break
        ("done", T0 + timedelta(seconds=4600)),
    ]
    assert [s for s, _, _ in io.reminders] == [2100.0 + 2400]  # 40 minutes after coming back


def test_a_break_taken_on_the_web_withdraws_the_terminals_reminder() -> None:
    io = Clock({})
    link = Memory(FORTY, elsewhere={2500.0: Taken(T0 + timedelta(seconds=2500))})
    run_breaks(BreakConfig.from_minutes(40), io, link, count=2)
    assert [s for s, _, _ in io.reminders] == [2400.0, 4900.0]
    assert [r.outcome for r in link.log] == ["done", "missed"]


def test_intervals_are_validated() -> None:
    with pytest.raises(InvalidInputError, match="at most 240 minutes"):
        BreakConfig.from_minutes(0)
    with pytest.raises(InvalidInputError, match="Snooze"):
        BreakConfig.from_minutes(40, snooze_min=0)
    assert routine_for(4) is ROUTINES[1]


def test_while_paused_reminders_carry_no_exercise_routine_and_silent_mode_is_passed_on() -> None:
    io = Clock({2400.0 + 30: "d", 4830.0 + 30: "s"})
    link = Memory(FORTY)
    link.state = ScheduleState(silent=True)
    run_breaks(BreakConfig.from_minutes(40), io, link, count=2, routines=PAUSED_ROUTINES)
    assert [(title, silent) for _, title, silent in io.reminders] == [("Change position", True)] * 2
    assert PAUSED_ROUTINES[0].exercises == () and "paused" in PAUSED_ROUTINES[0].text


@pytest.mark.parametrize(
    ("reply", "seconds"),
    [
        ("(uint64 12345,)\n", 12.345),
        ("(uint64 0,)", 0.0),
        ("", None),
        ("Error: no such name", None),
        (None, None),
    ],
)
def test_gnomes_idle_monitor_reply_is_read_in_seconds(reply: str | None, seconds: float | None) -> None:
    assert gnome_idle_s(reply) == seconds
