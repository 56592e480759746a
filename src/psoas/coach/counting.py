"""Repetitions as excursions: away from the person's own rest position towards the exercise's target,
and back.

Nothing here is an absolute threshold on the angle alone. The rest position is where the angle sat just
before the movement (the lowest value of the last few seconds, in the direction of travel), so a bridge
done with long legs, a knee raise of a tall person or a camera slightly off side-on all count by the same
rule. A movement ends once the angle has come back a share of its own range (hysteresis relative to the
excursion), so small wobbles at the top never split a rep. The catalog sets, per exercise, the smallest
range that makes a rep, the angle its top must reach, and the tempo limits.

The counter is a small state machine like the trackers: `update(t, value) -> Excursion | None`, no clock
of its own; the file analysis and the live coach feed it the same samples.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import Enum

__all__ = ["CountRule", "Excursion", "ExcursionCounter", "Stage", "count_series"]


class Stage(Enum):
    RESTING = "resting"  # near the rest position (or not yet seen)
    MOVING = "moving"  # on the way out, at the top, or on the way back


@dataclass(frozen=True)
class CountRule:
    """How one exercise's movement is counted (degrees and seconds, from the catalog).

    `rising`: the angle grows towards the target (a knee raise) or falls (a bridge opens the hip).
    `min_range_deg`: the smallest excursion that is a repetition. `target_deg`: the angle the top of a
    repetition must pass, when the exercise has one. Excursions of at least `partial_range_deg` that fall
    short are partial repetitions, reported as such, never counted.
    """

    rising: bool
    min_range_deg: float
    partial_range_deg: float
    target_deg: float | None = None
    min_s: float = 0.25
    max_s: float = 30.0
    back_fraction: float = 0.6  # a movement is over once the angle came back this share of its range
    rest_window_s: float = 3.0  # the rest position is the extreme of this many seconds before a movement
    settle_s: float = 0.3  # the first movement counts only after this long seen at rest before it
    max_gap_s: float = 0.5  # an unseen stretch longer than this drops a movement in progress

    def __post_init__(self) -> None:
        if not 0 < self.partial_range_deg <= self.min_range_deg:
            raise ValueError("partial_range_deg must lie in (0, min_range_deg]")
        if not 0 < self.back_fraction < 1:
            raise ValueError("back_fraction must lie in (0, 1)")

    def signed(self, value: float) -> float:
        """The angle in the direction of travel: larger is always closer to the target."""
        return value if self.rising else -value


@dataclass(frozen=True)
class Excursion:
    """One movement out and back. Angles are in the exercise's own convention (degrees)."""

    start_s: float
    peak_s: float
    end_s: float
    rest_deg: float
    peak_deg: float
    range_deg: float
    full: bool  # a repetition; False: a partial one (too small, or short of the target)

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


class ExcursionCounter:
    """Feed samples in time order; an excursion is returned when the angle has come back."""

    def __init__(self, rule: CountRule) -> None:
        self.rule = rule
        self._recent: deque[tuple[float, float]] = deque()  # (t, signed value) while resting
        self._path: list[tuple[float, float]] = []  # samples since the rest point, while moving
        self._rest: tuple[float, float] | None = None
        self._peak: tuple[float, float] | None = None
        self._last_t: float | None = None
        self._anchored = False  # the movement in progress started from a rest that was seen
        self._full = 0
        self._partial = 0

    @property
    def stage(self) -> Stage:
        return Stage.MOVING if self._rest is not None else Stage.RESTING

    @property
    def count(self) -> int:
        return self._full

    @property
    def partial_count(self) -> int:
        return self._partial

    @property
    def rest_deg(self) -> float | None:
        """The rest position the next movement starts from (None before anything was seen)."""
        if self._rest is not None:
            return self.rule.signed(self._rest[1])
        if not self._recent:
            return None
        return self.rule.signed(min(d for _, d in self._recent))

    def update(self, t: float, value: float | None) -> Excursion | None:
        """One sample (None or NaN when the angle was not seen)."""
        if self._last_t is not None and t - self._last_t > self.rule.max_gap_s:
            self._reset()
        if value is None or math.isnan(value):
            return None
        self._last_t = t
        d = self.rule.signed(value)
        if self._rest is None:
            self._resting(t, d)
            return None
        return self._moving(t, d)

    def _resting(self, t: float, d: float) -> None:
        self._recent.append((t, d))
        while self._recent[0][0] < t - self.rule.rest_window_s:
            self._recent.popleft()
        rest = min(self._recent, key=lambda s: s[1])
        if d - rest[1] >= self.rule.partial_range_deg:
            # A clip may start mid-movement: the first movement needs a rest seen before it.
            self._anchored = self._anchored or self._settled(rest[1])
            self._rest, self._peak = rest, (t, d)
            self._path = [s for s in self._recent if s[0] >= rest[0]]

    def _settled(self, rest: float) -> bool:
        """The angle sat near rest for settle_s of the window (not just passed through it), or rests
        short of the target, where a repetition starts (a clip that opens at the top has not)."""
        target = self.rule.target_deg
        if target is not None and rest < self.rule.signed(target):
            return True
        near = [ti for ti, d in self._recent if d <= rest + self.rule.partial_range_deg / 2]
        return near[-1] - near[0] >= self.rule.settle_s

    def _moving(self, t: float, d: float) -> Excursion | None:
        assert self._rest is not None and self._peak is not None
        self._path.append((t, d))
        if d > self._peak[1]:
            self._peak = (t, d)
        size = self._peak[1] - self._rest[1]
        if d > self._peak[1] - self.rule.back_fraction * size:
            return None
        return self._close(t, d)

    def _close(self, t: float, d: float) -> Excursion | None:
        assert self._rest is not None and self._peak is not None
        rule, rest, peak = self.rule, self._rest[1], self._peak
        size = peak[1] - rest
        # The movement started when the angle last sat near rest before the peak.
        near = rest + 0.2 * size
        start = max((s[0] for s in self._path if s[0] <= peak[0] and s[1] <= near), default=self._rest[0])
        self._recent = deque([(t, d)])
        self._rest = self._peak = None
        self._path = []
        anchored, self._anchored = self._anchored, True  # after a movement, the next rest is real
        if not anchored or not rule.min_s <= t - start <= rule.max_s:
            return None
        reached = rule.target_deg is None or peak[1] >= rule.signed(rule.target_deg)
        full = size >= rule.min_range_deg and reached
        if not full and not self._towards_target(rest, peak[1]):
            return None  # a movement the other way round, or far from the exercise's target
        if full:
            self._full += 1
        else:
            self._partial += 1
        return Excursion(start, peak[0], t, rule.signed(rest), rule.signed(peak[1]), size, full)

    def _towards_target(self, rest: float, peak: float) -> bool:
        """A partial rep must at least get half-way from rest to the target (when rest is short of it)."""
        if self.rule.target_deg is None:
            return True
        target = self.rule.signed(self.rule.target_deg)
        return rest >= target or peak >= rest + 0.5 * (target - rest)

    def _reset(self) -> None:
        self._recent.clear()
        self._rest = self._peak = None
        self._path = []
        self._last_t = None  # a gap keeps the anchor: the person was seen at rest in this exercise


def count_series(rule: CountRule, t: list[float], values: list[float]) -> list[Excursion]:
    """Every excursion of a whole series (NaN where unseen), in time order."""
    counter = ExcursionCounter(rule)
    return [e for ti, v in zip(t, values, strict=True) if (e := counter.update(ti, v)) is not None]
