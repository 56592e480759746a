"""The stored break schedule through a real SQLite file: it survives a restart, two writers lose nothing,
and the day's sitting is counted against the 40/60-minute rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from psoas.habits.schedule import (
    BreakDue,
    EndedBy,
    Meeting,
    ScheduleConfig,
    Seen,
    Signal,
    Snooze,
    Source,
    Taken,
    Tick,
    summary,
)
from psoas.habits.sitting import SittingDay, sitting_days
from psoas.store import open_store
from psoas.store.breaks_schedule import apply, bouts_between, load_state, save_settings, scheduled_breaks

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CONFIG = ScheduleConfig()


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ticks(url: str, start: float, end: float) -> list[object]:
    """Open the store, tick every 15 s from `start` to `end` minutes, close it: one server's life."""
    store = open_store(url)
    events: list[object] = []
    t = at(start)
    while t <= at(end):
        events += apply(store, Tick(t), CONFIG)[1]
        t += timedelta(seconds=15)
    store.dispose()
    return events


def test_the_schedule_survives_a_restart_and_records_bouts_and_breaks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.db'}"
    store = open_store(url)
    apply(store, Seen(at(0), Signal.ACTIVE, Source.INPUT), CONFIG)
    store.dispose()
    assert ticks(url, 0, 30) == []
    # A new process, the same file: the bout started at 0 goes on and the break falls due at 40.
    assert ticks(url, 30.25, 41) == [BreakDue(at(40), at(40), 2400.0)]
    store = open_store(url)
    assert summary(load_state(store), at(41), CONFIG)["state"] == "due"
    apply(store, Snooze(at(41)), CONFIG)
    apply(store, Seen(at(42), Signal.STANDING, Source.CAMERA), CONFIG)
    apply(store, Tick(at(44)), CONFIG)  # standing 2 min: a verified break
    apply(store, Seen(at(45), Signal.SITTING, Source.CAMERA), CONFIG)
    apply(store, Taken(at(50)), CONFIG)
    bouts = bouts_between(store, at(0), at(60))
    assert [(b.start, b.end, b.ended_by, b.source) for b in bouts] == [
        (at(0), at(42), EndedBy.STANDING, Source.INPUT),
        (at(45), at(50), EndedBy.BREAK, Source.CAMERA),
    ]
    assert [(k.outcome, k.due_at, k.at, k.verified) for k in scheduled_breaks(store, at(0), at(60))] == [
        ("snoozed", at(40), at(41), False),
        ("done", at(40), at(42), True),
        ("done", at(50), at(50), False),
    ]
    assert save_settings(store, silent=True, at=at(51)).silent and load_state(store).silent
    store.dispose()


def test_two_processes_on_one_file_lose_no_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.db'}"
    server, terminal = open_store(url), open_store(url)
    apply(server, Seen(at(0), Signal.ACTIVE, Source.INPUT), CONFIG)
    apply(terminal, Meeting(at(1), 30), CONFIG)
    apply(server, Tick(at(1.25)), CONFIG)
    state = load_state(terminal)
    assert state.meeting_until == at(31) and state.bout is not None and state.bout.meeting
    server.dispose()
    terminal.dispose()


def test_a_day_of_sitting_is_counted_against_forty_and_sixty_minutes(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    # Bouts of 30, 50 and 70 minutes, each ended by leaving for 10 minutes (idle reported 5 min late).
    start = 0.0
    for length in (30, 50, 70):
        apply(store, Seen(at(start), Signal.ACTIVE, Source.INPUT), CONFIG)
        t = start
        while t < start + length:
            t += 0.25
            apply(store, Tick(at(t)), CONFIG)
            if t % 5 == 0:
                apply(store, Seen(at(t), Signal.ACTIVE, Source.INPUT), CONFIG)
        apply(store, Seen(at(start + length + 5), Signal.IDLE, Source.INPUT, idle_s=300), CONFIG)
        apply(store, Tick(at(start + length + 5)), CONFIG)
        start += length + 10
    days = sitting_days(
        bouts_between(store, at(-480), at(960)),
        scheduled_breaks(store, at(-480), at(960)),
        last_day=T0.date(),
        days=2,
        tz=UTC,
        limits=(CONFIG.interval_s, CONFIG.max_s),
    )
    assert days[0].bouts == 0 and days[0].day == T0.date() - timedelta(days=1)
    # The 70-minute bout: due at 40, missed at 60 (and reminded again); each bout ended in a break.
    assert days[1] == SittingDay(
        day=T0.date(),
        bouts=3,
        sitting_s=150 * 60.0,
        longest_s=70 * 60.0,
        over_interval=2,
        over_max=1,
        meeting_bouts=0,
        taken=3,
        verified=0,
        missed=1,
    )
    store.dispose()
