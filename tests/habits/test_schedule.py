"""The break schedule on a virtual clock: every time is a datetime the test chooses, nothing sleeps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from psoas.errors import InvalidInputError
from psoas.habits.schedule import (
    BoutEnded,
    BreakDue,
    BreakMissed,
    BreakTaken,
    EndedBy,
    Event,
    Meeting,
    Observation,
    ScheduleConfig,
    ScheduleState,
    Seen,
    Signal,
    Snooze,
    Source,
    Taken,
    Tick,
    advance,
    state_from_dict,
    state_to_dict,
    summary,
)

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CONFIG = ScheduleConfig()  # 40 min, at most 60, idle 5 min, break 2 min, snooze 5 min


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def run(
    observations: Sequence[Observation],
    until: float,
    state: ScheduleState | None = None,
    config: ScheduleConfig = CONFIG,
) -> tuple[ScheduleState, list[Event]]:
    """Feed the observations in time order with a tick every 15 s between them, up to `until` minutes."""
    state = state or ScheduleState()
    events: list[Event] = []
    pending = sorted(observations, key=lambda o: o.at)
    t = pending[0].at if pending else T0
    while t <= at(until):
        while pending and pending[0].at <= t:
            state, new = advance(state, pending.pop(0), config)
            events += new
        state, new = advance(state, Tick(t), config)
        events += new
        t += timedelta(seconds=15)
    return state, events


def active(minutes: float) -> Seen:
    return Seen(at(minutes), Signal.ACTIVE, Source.INPUT)


def test_a_break_falls_due_after_forty_minutes_of_sitting_once() -> None:
    state, events = run([active(0)], until=45)
    assert events == [BreakDue(at(40), at(40), 40 * 60.0)]
    view = summary(state, at(45), CONFIG)
    assert (view["state"], view["sitting_s"], view["next_break_in_s"]) == ("due", 45 * 60.0, 0.0)


def test_idle_ends_the_bout_when_the_person_left_and_coming_back_starts_a_new_one() -> None:
    # Input until 30 min; the desktop reports 5 min without input at 35 min: the person left at 30.
    obs = [active(0), active(30), Seen(at(35), Signal.IDLE, Source.INPUT, idle_s=300), active(50)]
    state, events = run(obs, until=60)
    assert events == [
        BoutEnded(at(0), at(30), EndedBy.IDLE, Source.INPUT, meeting=False),
        BreakTaken(at(30), None, verified=False),
    ]
    # No break right on return: a new bout began at 50 min, its break is due at 90 min.
    view = summary(state, at(60), CONFIG)
    assert (view["state"], view["sitting_s"], view["next_break_in_s"]) == ("sitting", 600.0, 1800.0)
    assert state.last_break == at(30)


def test_an_idle_report_is_never_backdated_before_the_last_input() -> None:
    # The terminal said "active" at 20 min; a page hidden for 5 min says idle at 21 min: left at 20.
    obs = [active(0), active(20), Seen(at(21), Signal.IDLE, Source.INPUT, idle_s=300), active(21.5)]
    state, events = run(obs, until=22)
    assert events == []  # back after 1.5 min: shorter than a break, the bout goes on
    assert summary(state, at(22), CONFIG)["sitting_s"] == 22 * 60.0


def test_the_camera_standing_for_a_break_length_is_a_verified_break() -> None:
    obs = [
        Seen(at(0), Signal.SITTING, Source.CAMERA),
        Seen(at(41), Signal.STANDING, Source.CAMERA),
        Seen(at(44), Signal.SITTING, Source.CAMERA),
    ]
    state, events = run(obs, until=45)
    assert events == [
        BreakDue(at(40), at(40), 2400.0),
        BoutEnded(at(0), at(41), EndedBy.STANDING, Source.CAMERA, meeting=False),
        BreakTaken(at(41), at(40), verified=True),
    ]
    assert state.bout is not None and state.bout.start == at(44)


def test_the_camera_seeing_nobody_is_time_away_and_a_short_absence_is_not_a_break() -> None:
    obs = [
        Seen(at(0), Signal.SITTING, Source.CAMERA),
        Seen(at(10), Signal.AWAY, Source.CAMERA),
        Seen(at(11), Signal.SITTING, Source.CAMERA),  # one minute: picked something up
        Seen(at(20), Signal.AWAY, Source.CAMERA),
    ]
    _, events = run(obs, until=25)
    assert events == [
        BoutEnded(at(0), at(20), EndedBy.AWAY, Source.CAMERA, meeting=False),
        BreakTaken(at(20), None, verified=False),
    ]


def test_a_meeting_pauses_reminders_and_its_sitting_is_a_meeting_bout() -> None:
    obs: list[Observation] = [active(0), Meeting(at(30), minutes=30)]
    obs.append(Seen(at(50), Signal.IDLE, Source.INPUT, idle_s=300))  # nobody types in a meeting
    state, events = run(obs, until=61)
    # Sitting since 0: the break comes the moment the meeting ends, at 60 min, not at 40.
    assert events == [BreakDue(at(60), at(60), 3600.0)]
    assert state.bout is not None and state.bout.meeting
    _, events = run([Taken(at(62))], until=62, state=state)
    assert events == [
        BoutEnded(at(0), at(62), EndedBy.BREAK, Source.INPUT, meeting=True),
        BreakTaken(at(62), at(60), verified=False),
    ]


def test_a_meeting_ended_early_brings_the_due_break_back() -> None:
    state, _ = run([active(0), Meeting(at(35), minutes=60), Meeting(at(45), minutes=0)], until=46)
    assert summary(state, at(46), CONFIG)["state"] == "due"
    assert state.due_at == at(45)


def test_snooze_delays_the_reminder_and_an_unanswered_one_is_missed_at_the_hour() -> None:
    state, events = run([active(0), Snooze(at(41))], until=61)
    assert events == [
        BreakDue(at(40), at(40), 2400.0),
        BreakDue(at(46), at(40), 2760.0),  # 5 minutes after the snooze
        BreakMissed(at(40), at(60)),
        BreakDue(at(60), at(60), 3600.0),  # over the hour: reminded again at once
    ]
    assert summary(state, at(61), CONFIG)["state"] == "due"


def test_while_snoozed_the_state_says_so() -> None:
    state, _ = run([active(0), Snooze(at(41))], until=42)
    view = summary(state, at(42), CONFIG)
    shown = (view["state"], view["next_break_in_s"], view["snoozed_until"])
    assert shown == ("snoozed", 240.0, at(46).isoformat())


def test_a_gap_in_the_ticks_means_the_machine_slept_and_the_person_left() -> None:
    state, _ = run([active(0)], until=20)
    state, events = advance(state, Tick(at(80)), CONFIG)  # asleep from 20 to 80 min
    assert events == [
        BoutEnded(at(0), at(20), EndedBy.IDLE, Source.INPUT, meeting=False),
        BreakTaken(at(20), None, verified=False),
    ]
    assert summary(state, at(80), CONFIG)["state"] == "away"


def test_taken_by_hand_restarts_the_count_and_nothing_happens_without_a_person() -> None:
    state, events = run([Seen(at(0), Signal.AWAY, Source.CAMERA)], until=50)
    assert events == [] and summary(state, at(50), CONFIG)["state"] == "away"
    state, events = run([active(0), Taken(at(10))], until=49)
    assert [type(e) for e in events] == [BoutEnded, BreakTaken]
    assert summary(state, at(49), CONFIG)["next_break_in_s"] == 60.0


def test_observations_out_of_order_do_not_move_time_back() -> None:
    state, _ = run([active(0)], until=10)
    state, events = advance(state, Seen(at(5), Signal.ACTIVE, Source.INPUT), CONFIG)
    assert events == [] and state.clock == at(10) and state.last_seen == at(10)


def test_the_state_survives_its_storage_form() -> None:
    state, _ = run([active(0), Meeting(at(10), 20), Seen(at(12), Signal.STANDING, Source.CAMERA)], until=13)
    state = state.__class__(**{**state.__dict__, "silent": True})
    assert state_from_dict(state_to_dict(state)) == state
    assert state_from_dict(state_to_dict(ScheduleState())) == ScheduleState()


@pytest.mark.parametrize(("interval_min", "ok"), [(40, True), (60, True), (61, False), (0, False)])
def test_the_interval_is_at_most_the_hour(interval_min: float, ok: bool) -> None:
    if ok:
        assert ScheduleConfig(interval_s=interval_min * 60).grace_s == max(3600 - interval_min * 60, 300)
    else:
        with pytest.raises(InvalidInputError, match="at most 60 minutes"):
            ScheduleConfig(interval_s=interval_min * 60)
