"""Holds: time spent in the exercise's position **and still**.

A stretch is held when the drive angle is inside the exercise's region and the body is not moving;
rocking in and out of a position, or drifting through it, is not a hold. Stillness is read at two time
scales: how fast the tracked angles change over a short window (a lunge forward is not still), and how
far they swing over a longer one (a slow rock of 15-25 degrees every few seconds stays under the speed
limit, yet no stretch is held through it). Breathing sway and settling slowly deeper pass both.

The timer is causal (it looks only back), so the file analysis and the live coach share it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from psoas.coach.trackers import Episode, RegionTracker, State, hold_timer

__all__ = ["EDGE_S", "EDGE_SHARE", "STILL_WINDOW_S", "SWAY_WINDOW_S", "HoldTimer"]

STILL_WINDOW_S = 0.8  # angle speed is the least-squares slope over this window (noise averages out)
# The swing of each angle (10th to 90th percentile, so a guessed joint's odd frame does not count) over
# this window: long enough to span half a slow rock.
SWAY_WINDOW_S = 2.0
MOVING_GAP_S = 0.4  # moving (or unseen) for longer than this ends a hold
# A hold cut by the start or the end of the clip (already held at the first frame, still held at the
# last) was longer than what was filmed: it counts from this share of the shortest hold and is reported
# as "at least" so long, rather than dropped for being cut.
EDGE_SHARE = 0.5
EDGE_S = 0.1  # a hold starting this close to the first sample was already held when the clip began


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
    counts as held only while none changes faster than `still_deg_s` over STILL_WINDOW_S, nor swings
    over more than `sway_deg` within SWAY_WINDOW_S.
    """

    def __init__(
        self,
        *,
        enter_deg: float,
        exit_deg: float,
        min_s: float,
        still_deg_s: float,
        sway_deg: float = math.inf,
    ) -> None:
        # The shortest hold is judged here, once the start is known (see _held).
        self._region: RegionTracker = hold_timer(
            enter_deg=enter_deg, exit_deg=exit_deg, min_s=1e-9, max_gap_s=MOVING_GAP_S
        )
        self._min_s = min_s
        self._first_t: float | None = None
        self._limit = still_deg_s
        self._sway = sway_deg
        self._window: deque[_Sample] = deque()
        self._long: deque[_Sample] = deque()
        self._still_since: float | None = None  # the start of the window that first showed stillness
        self._open_since: float | None = None  # that time, for the hold now open

    @property
    def holding(self) -> bool:
        return self._region.state is State.INSIDE

    @property
    def since(self) -> float | None:
        """When the hold now open began (stillness included), or None."""
        return self._open_since if self.holding else None

    def _still(self, t: float, values: tuple[float, ...]) -> bool:
        """Causal: the slope of each angle over the last STILL_WINDOW_S (the live coach cannot look
        ahead). A slope, not the change between two frames, so a guessed far leg's jitter averages out.
        Then the swing since the angles became slow (at most SWAY_WINDOW_S back): the movement into the
        position is not held against the hold that follows it."""
        self._window.append(_Sample(t, values))
        while self._window[0].t < t - STILL_WINDOW_S:
            self._window.popleft()
        slow = t - self._window[0].t >= STILL_WINDOW_S / 2 and self._slow()
        # Too little seen to judge is not still; once the window shows stillness the hold is dated back
        # to its first sample, so a hold held from the first frame loses nothing by waiting.
        if not slow:
            self._long.clear()
            return False
        return not self._swaying(t)

    def _slow(self) -> bool:
        times = np.array([s.t for s in self._window])
        table = np.array([s.values for s in self._window], dtype=float).reshape(len(times), -1)
        speeds = [_slope(times, table[:, k]) for k in range(table.shape[1])]
        seen = [abs(v) for v in speeds if math.isfinite(v)]
        return bool(seen) and max(seen) <= self._limit

    def _swaying(self, t: float) -> bool:
        """Whether an angle swung over more than the exercise's sway since it became slow."""
        if self._long:
            self._long.append(self._window[-1])
        else:
            self._long.extend(self._window)  # the short window was slow throughout
        while self._long[0].t < t - SWAY_WINDOW_S:
            self._long.popleft()
        table = np.array([s.values for s in self._long], dtype=float).reshape(len(self._long), -1)
        for column in table.T:
            seen = column[np.isfinite(column)]
            if len(seen) >= 3 and float(np.ptp(np.percentile(seen, [10, 90]))) > self._sway:
                return True
        return False

    def update(self, t: float, drive: float, still_angles: tuple[float, ...]) -> Episode | None:
        self._first_t = t if self._first_t is None else self._first_t
        still = self._still(t, still_angles)
        if not still:
            self._still_since = None
        elif self._still_since is None:
            self._still_since = self._window[0].t  # the whole window was still, not just this frame
        done = self._held(self._region.update(t, drive if still else math.nan))
        if self.holding and self._open_since is None:
            self._open_since = self._still_since
        return done

    def _held(self, episode: Episode | None, *, at_end: bool = False) -> Episode | None:
        """A hold starts where stillness began (the window that showed it), not a window later."""
        since, self._open_since = self._open_since, None
        if episode is None:
            self._open_since = since if self.holding else None
            return None
        start = (
            episode.start_s
            if since is None
            else min(episode.start_s, max(since, episode.start_s - STILL_WINDOW_S))
        )
        held = replace(episode, start_s=start)
        cut = at_end or (self._first_t is not None and start <= self._first_t + EDGE_S)
        return held if held.duration_s >= self._min_s * (EDGE_SHARE if cut else 1.0) else None

    def finish(self) -> Episode | None:
        """The hold still open when the data ends, if any (cut by the end: see EDGE_SHARE)."""
        return self._held(self._region.finish(), at_end=True)
