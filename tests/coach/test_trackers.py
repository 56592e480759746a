"""Rep counter and hold timer as state machines, fed samples with their own times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from psoas.coach.trackers import Episode, RegionTracker, State, hold_timer, rep_counter

FPS = 30.0


def _feed(tracker: RegionTracker, values: Sequence[float | None]) -> list[Episode]:
    found = [e for i, v in enumerate(values) if (e := tracker.update(i / FPS, v))]
    return found


def _reps(n: int, *, low: float = 50, high: float = 0, hold: int = 15) -> list[float | None]:
    one = list(np.linspace(low, high, 20)) + [high] * hold + list(np.linspace(high, low, 20)) + [low] * 15
    return [float(low)] * 15 + one * n


@pytest.mark.parametrize("n", [1, 3, 10])
def test_counts_falling_reps(n: int) -> None:
    counter = rep_counter(enter_deg=25, exit_deg=38)
    episodes = _feed(counter, _reps(n))
    assert counter.count == n
    assert [round(e.peak_deg) for e in episodes] == [0] * n


def test_counts_rising_reps_with_noise() -> None:
    values = np.array(_reps(5, low=10, high=100), float)
    values += np.random.default_rng(7).normal(0, 4, values.size)  # noise well inside the band
    counter = rep_counter(enter_deg=60, exit_deg=30)
    _feed(counter, list(values))
    assert counter.count == 5


def test_hysteresis_ignores_wobble_at_the_threshold() -> None:
    counter = rep_counter(enter_deg=25, exit_deg=38)
    wobble = [50.0] * 15 + [24, 26, 24, 27, 24, 26] * 5 + [50.0] * 10
    _feed(counter, wobble)
    assert counter.count == 1


def test_getting_into_position_is_not_a_rep() -> None:
    # The clip starts at the top (already in the region): no rest position seen, so nothing counts.
    counter = rep_counter(enter_deg=25, exit_deg=38)
    values: list[float | None] = [0.0] * 30 + list(np.linspace(0, 50, 10))
    _feed(counter, values)
    assert counter.count == 0
    assert counter.state is State.WAITING


def test_short_blips_are_not_reps() -> None:
    counter = rep_counter(enter_deg=25, exit_deg=38, min_s=0.6)
    _feed(counter, [50.0] * 15 + [10.0] * 5 + [50.0] * 15)  # 5 frames = 0.17 s
    assert counter.count == 0


def test_a_long_gap_drops_the_rep_in_progress() -> None:
    counter = rep_counter(enter_deg=25, exit_deg=38)
    values: list[float | None] = [50.0] * 15 + [0.0] * 25 + [None] * 30 + [50.0] * 20
    episodes = _feed(counter, values)
    # The top was held 25 frames (0.83 s) before the data stopped: closed at the last sample seen.
    assert len(episodes) == 1
    assert episodes[0].end_s == pytest.approx(39 / FPS)
    assert counter.state is State.WAITING or counter.state is State.READY


def test_short_gaps_are_bridged() -> None:
    counter = rep_counter(enter_deg=25, exit_deg=38)
    values: list[float | None] = [50.0] * 15 + [0.0] * 10 + [None] * 5 + [0.0] * 10 + [50.0] * 15
    assert len(_feed(counter, values)) == 1


def test_hold_may_start_at_once_and_is_closed_by_finish() -> None:
    timer = hold_timer(enter_deg=5, exit_deg=15, min_s=3)
    episodes = _feed(timer, [-10.0] * 150)  # held from the first frame for 5 s
    assert episodes == []
    last = timer.finish()
    assert last is not None
    assert last.duration_s == pytest.approx(149 / FPS)
    assert last.peak_deg == -10.0


def test_hold_shorter_than_minimum_is_dropped() -> None:
    timer = hold_timer(enter_deg=5, exit_deg=15, min_s=3)
    assert _feed(timer, [30.0] * 10 + [0.0] * 60 + [30.0] * 10) == []  # 2 s


def test_equal_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="must differ"):
        RegionTracker(enter_deg=10, exit_deg=10, ready_s=0, min_s=1)
