"""Holds: time spent in the exercise's position **and still**.

A stretch is held when the drive angle is inside the exercise's region and the body is not moving;
rocking in and out of a position, or drifting through it, is not a hold. Stillness is read from how fast
the tracked angles change over a short window, so slow breathing sway passes and a lunge forward does not.

The timer is causal (it looks only back), so the file analysis and the live coach share it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.coach.trackers import Episode, RegionTracker, State, hold_timer

__all__ = ["STILL_WINDOW_S", "HoldTimer"]

STILL_WINDOW_S = 0.8  # angle speed is the least-squares slope over this window (noise averages out)
MOVING_GAP_S = 0.4  # moving (or unseen) for longer than this ends a hold


@dataclass(frozen=True)
class _Sample:
    t: float
    values: tuple[float, ...]


def _slope(t: NDArray[np.float64], x: NDArray[np.float64]) -> float:
    """Least-squares slope of x over t (per second); NaN with fewer than 3 seen samples."""
    ok = np.isfinite(x)
    if ok.sum() < 3:
        return math.nan
    tt, xx = t[ok] - t[ok].mean(), x[ok] - x[ok].mean()
    spread = float(np.dot(tt, tt))
    return float(np.dot(tt, xx) / spread) if spread > 0 else math.nan


class HoldTimer:
    """A hold timer that also needs stillness: `update(t, drive, still_angles)`.

    `still_angles` are the angles whose speed decides stillness (the drive angle among them); a frame
    counts as held only while none changes faster than `still_deg_s` over STILL_WINDOW_S.
    """

    def __init__(self, *, enter_deg: float, exit_deg: float, min_s: float, still_deg_s: float) -> None:
        self._region: RegionTracker = hold_timer(
            enter_deg=enter_deg, exit_deg=exit_deg, min_s=min_s, max_gap_s=MOVING_GAP_S
        )
        self._limit = still_deg_s
        self._window: deque[_Sample] = deque()

    @property
    def holding(self) -> bool:
        return self._region.state is State.INSIDE

    def _still(self, t: float, values: tuple[float, ...]) -> bool:
        """Causal: the slope of each angle over the last STILL_WINDOW_S (the live coach cannot look
        ahead). A slope, not the change between two frames, so a guessed far leg's jitter averages out."""
        self._window.append(_Sample(t, values))
        while self._window[0].t < t - STILL_WINDOW_S:
            self._window.popleft()
        if t - self._window[0].t < STILL_WINDOW_S / 2:
            return True  # too little seen yet to call it movement
        times = np.array([s.t for s in self._window])
        table = np.array([s.values for s in self._window], dtype=float).reshape(len(times), -1)
        speeds = [_slope(times, table[:, k]) for k in range(table.shape[1])]
        seen = [abs(v) for v in speeds if math.isfinite(v)]
        return bool(seen) and max(seen) <= self._limit

    def update(self, t: float, drive: float, still_angles: tuple[float, ...]) -> Episode | None:
        value = drive if self._still(t, still_angles) else math.nan
        return self._region.update(t, value)

    def finish(self) -> Episode | None:
        return self._region.finish()
