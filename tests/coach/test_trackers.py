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


def _timed(tracker: RegionTracker, samples: Sequence[tuple[float, float | None]]) -> list[Episode]:
    """Feed (time, value) samples; times are multiples of 1/4 s, exact in binary, so boundaries are exact."""
    return [e for t, v in samples if (e := tracker.update(t, v))]


def test_an_episode_lasts_from_its_start_to_its_end() -> None:
    assert Episode(start_s=1.5, end_s=4.75, peak_s=2.0, peak_deg=0.0).duration_s == 3.25


def test_equal_thresholds_are_refused_in_one_sentence() -> None:
    with pytest.raises(ValueError, match=r"^enter_deg and exit_deg must differ$"):
        RegionTracker(enter_deg=10, exit_deg=10, ready_s=0, min_s=1)


def test_reaching_the_enter_angle_of_a_rising_counter_enters_the_region() -> None:
    counter = RegionTracker(enter_deg=60, exit_deg=30, ready_s=0, min_s=0.5)
    episodes = _timed(counter, [(0.0, 10.0), (0.25, 60.0), (0.5, 60.0), (0.75, 60.0), (1.0, 10.0)])
    assert episodes == [Episode(0.25, 1.0, 0.25, 60.0)]


def test_an_episode_exactly_min_s_long_counts() -> None:
    timer = hold_timer(enter_deg=5, exit_deg=15)  # min_s 3 s by default
    samples = [(0.0, 30.0)] + [(0.25 * k, 0.0) for k in range(1, 13)] + [(3.25, 30.0)]
    assert [e.duration_s for e in _timed(timer, samples)] == [3.0]
    assert timer.count == 1


def test_resting_exactly_ready_s_arms_the_tracker() -> None:
    counter = RegionTracker(enter_deg=25, exit_deg=38, ready_s=0.5, min_s=0.25)
    _timed(counter, [(0.0, 50.0), (0.25, 50.0)])
    assert counter.state is State.WAITING
    _timed(counter, [(0.5, 50.0)])
    assert counter.state.name == "READY"  # read again: mypy keeps the narrowing from above


def test_a_gap_of_exactly_max_gap_s_is_bridged() -> None:
    counter = RegionTracker(enter_deg=25, exit_deg=38, ready_s=0, min_s=0.25, max_gap_s=0.5)
    samples = [(0.0, 50.0), (0.25, 5.0), (0.75, 0.0), (1.0, 50.0)]  # 0.25 → 0.75: exactly 0.5 s
    assert _timed(counter, samples) == [Episode(0.25, 1.0, 0.75, 0.0)]


def test_a_longer_gap_closes_the_episode_at_the_last_sample_before_it() -> None:
    # No None in between: the samples simply stop for 2 s; the episode ends where the data stopped.
    counter = RegionTracker(enter_deg=25, exit_deg=38, ready_s=0, min_s=0.25, max_gap_s=0.5)
    samples = [(0.0, 50.0), (0.25, 5.0), (0.5, 0.0), (2.5, 50.0)]
    assert _timed(counter, samples) == [Episode(0.25, 0.5, 0.5, 0.0)]
    assert counter.count == 1 and counter.state is State.READY


def test_a_gap_with_no_episode_open_closes_nothing() -> None:
    counter = RegionTracker(enter_deg=25, exit_deg=38, ready_s=0.25, min_s=0.25, max_gap_s=0.5)
    assert _timed(counter, [(0.0, 50.0), (0.25, 50.0), (2.0, None), (2.25, 50.0)]) == []
    assert counter.state is State.WAITING  # the gap started over: rest must be seen again
    assert counter.finish() is None


def test_finish_without_an_open_episode_gives_nothing() -> None:
    timer = hold_timer(enter_deg=5, exit_deg=15, min_s=0.5)
    assert timer.finish() is None  # no samples at all
    _timed(timer, [(0.0, 30.0), (0.25, 30.0)])
    assert timer.finish() is None  # only outside the region
    done = _timed(timer, [(0.5, 0.0), (0.75, 0.0), (1.0, 0.0), (1.25, 30.0)])
    assert done == [Episode(0.5, 1.25, 1.0, 0.0)]
    assert timer.finish() is None  # the hold was already closed


def test_a_hold_timer_bridges_gaps_up_to_one_second_by_default() -> None:
    timer = hold_timer(enter_deg=5, exit_deg=15, min_s=0.5)
    bridged = [(0.0, 0.0), (1.0, 0.0), (1.25, 30.0)]
    assert [(e.start_s, e.end_s) for e in _timed(timer, bridged)] == [(0.0, 1.25)]
    timer = hold_timer(enter_deg=5, exit_deg=15, min_s=0.5)
    broken = [(0.0, 0.0), (0.5, 0.0), (2.0, 0.0), (2.5, 0.0), (2.75, 30.0)]  # 1.5 s without data
    assert [(e.start_s, e.end_s) for e in _timed(timer, broken)] == [(0.0, 0.5), (2.0, 2.75)]
