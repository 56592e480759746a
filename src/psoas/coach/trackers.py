"""Small state machines over one angle: a hysteresis region tracker, and the rep counter and hold timer
built on it. They never read a clock: each sample brings its own time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

__all__ = ["Episode", "RegionTracker", "State", "hold_timer", "rep_counter"]


class State(Enum):
    WAITING = "waiting"  # not yet seen at rest outside the region (e.g. still getting into position)
    READY = "ready"  # at rest outside the region
    INSIDE = "inside"  # in the region: at the top of a rep, or in a hold


@dataclass(frozen=True)
class Episode:
    """One stay in the region: a repetition's top phase, or one hold."""

    start_s: float
    end_s: float
    peak_s: float
    peak_deg: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


class RegionTracker:
    """Enter when the angle passes `enter_deg`, leave when it passes `exit_deg` on the way back.

    `ready_s` is how long the angle must first stay outside the region before episodes count (so
    getting into position is not a rep); `min_s` drops episodes shorter than that (jitter); a gap in the
    data longer than `max_gap_s` closes an open episode at the last sample seen and starts over.
    """

    def __init__(
        self, *, enter_deg: float, exit_deg: float, ready_s: float, min_s: float, max_gap_s: float = 0.5
    ) -> None:
        if enter_deg == exit_deg:
            raise ValueError("enter_deg and exit_deg must differ")
        self._enter, self._exit = enter_deg, exit_deg
        self._rising = enter_deg > exit_deg
        self._ready_s, self._min_s, self._max_gap_s = ready_s, min_s, max_gap_s
        # With no rest required (ready_s == 0) the tracker is armed from the first sample.
        self._initial = State.READY if ready_s == 0 else State.WAITING
        self._state = self._initial
        self._outside_since: float | None = None
        self._last_t: float | None = None
        self._open: tuple[float, float, float] | None = None  # start, peak time, peak value
        self._count = 0

    @property
    def state(self) -> State:
        return self._state

    @property
    def count(self) -> int:
        return self._count

    def _passed(self, value: float, limit: float, towards_region: bool) -> bool:
        return (value >= limit) == (self._rising == towards_region)

    def _close(self, end_s: float) -> Episode | None:
        assert self._open is not None
        start, peak_t, peak = self._open
        self._open = None
        if end_s - start < self._min_s:
            return None
        self._count += 1
        return Episode(start, end_s, peak_t, peak)

    def update(self, t: float, value: float | None) -> Episode | None:
        """Feed one sample (None or NaN when the angle was not seen); returns an episode when one ends."""
        gap = self._last_t is not None and t - self._last_t > self._max_gap_s
        if value is None or math.isnan(value):
            return self._reset() if gap else None
        done = self._reset() if gap else None
        self._last_t = t
        if self._state is State.INSIDE:
            return self._inside(t, value) or done
        self._outside(t, value)
        return done

    def _inside(self, t: float, value: float) -> Episode | None:
        assert self._open is not None
        if self._passed(value, self._exit, towards_region=False) and value != self._exit:
            self._state, self._outside_since = State.READY, t
            return self._close(t)
        if (value > self._open[2]) == self._rising:
            self._open = (self._open[0], t, value)
        return None

    def _outside(self, t: float, value: float) -> None:
        if self._passed(value, self._enter, towards_region=True):
            if self._state is State.READY:
                self._state, self._open = State.INSIDE, (t, t, value)
            return
        if self._state is State.WAITING:
            self._outside_since = self._outside_since if self._outside_since is not None else t
            if t - self._outside_since >= self._ready_s:
                self._state = State.READY

    def _reset(self) -> Episode | None:
        done = self._close(self._last_t) if self._open is not None and self._last_t is not None else None
        self._state, self._outside_since, self._last_t = self._initial, None, None
        return done

    def finish(self) -> Episode | None:
        """Close an episode still open when the data ends (a hold that lasts to the end of the clip)."""
        if self._open is None or self._last_t is None:
            return None
        return self._close(self._last_t)


def rep_counter(*, enter_deg: float, exit_deg: float, min_s: float = 0.6) -> RegionTracker:
    """A repetition is one stay in the top region, counted only after the start position was seen."""
    return RegionTracker(enter_deg=enter_deg, exit_deg=exit_deg, ready_s=0.3, min_s=min_s)


def hold_timer(
    *, enter_deg: float, exit_deg: float, min_s: float = 3.0, max_gap_s: float = 1.0
) -> RegionTracker:
    """A hold is one stay in the stretch position; it may already be held when the clip starts."""
    return RegionTracker(
        enter_deg=enter_deg, exit_deg=exit_deg, ready_s=0.0, min_s=min_s, max_gap_s=max_gap_s
    )
