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

from psoas.coach.trackers import Episode, RegionTracker, State, hold_timer

__all__ = ["STILL_WINDOW_S", "HoldTimer"]

STILL_WINDOW_S = 0.5  # angle speed is the change across this window, divided by it
MOVING_GAP_S = 0.4  # moving (or unseen) for longer than this ends a hold


@dataclass(frozen=True)
class _Sample:
    t: float
    values: tuple[float, ...]


class HoldTimer:
    """A hold timer that also needs stillness: `update(t, drive, still_angles)`.

    `still_angles` are the angles whose speed decides stillness (the drive angle among them); a frame
    counts as held only while they all change slower than `still_deg_s` over STILL_WINDOW_S.
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
        """Causal: the change since STILL_WINDOW_S ago (the live coach cannot look ahead)."""
        self._window.append(_Sample(t, values))
        while self._window[0].t < t - STILL_WINDOW_S:
            self._window.popleft()
        first = self._window[0]
        span = t - first.t
        if span < STILL_WINDOW_S / 2:
            return True  # too little seen yet to call it movement
        changes = [abs(b - a) / span for a, b in zip(first.values, values, strict=True)]
        seen = [c for c in changes if math.isfinite(c)]
        return bool(seen) and max(seen) <= self._limit

    def update(self, t: float, drive: float, still_angles: tuple[float, ...]) -> Episode | None:
        value = drive if self._still(t, still_angles) else math.nan
        return self._region.update(t, value)

    def finish(self) -> Episode | None:
        return self._region.finish()
