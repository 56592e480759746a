"""From angle series to movements: repetitions per leg and holds per leg, for one exercise.

The catalog's camera spec says what to follow; this module turns it into the counter and hold timer
rules, feeds them each leg's drive angle (or both legs averaged for two-legged work), and labels what they
find with its side. Frames outside the exercise's position, or not usable, are fed as unseen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import AngleCheck, CameraMode, CameraSpec, Limb, Phase
from psoas.coach.counting import CountRule, Excursion, count_series
from psoas.coach.holds import HoldTimer
from psoas.coach.rules import Angles, breaks, drive_series
from psoas.coach.sides import BOTH, SidedExcursion, merge_sides, one_leg_too
from psoas.coach.trackers import Episode
from psoas.vision.kinematics import SIDED, column
from psoas.vision.landmarks import Side

__all__ = [
    "Movements",
    "count_rule",
    "find_movements",
    "held_still",
    "hold_timer_for",
    "judge_reps",
    "still_angles",
]

F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]

PARTIAL_SHARE = 0.4  # without a catalog value, a partial repetition is 40% of the minimum range


def count_rule(spec: CameraSpec) -> CountRule:
    assert spec.min_range_deg is not None
    partial = spec.partial_range_deg or PARTIAL_SHARE * spec.min_range_deg
    return CountRule(
        rising=spec.rising,
        min_range_deg=spec.min_range_deg,
        partial_range_deg=partial,
        target_deg=spec.target_deg,
        min_s=spec.min_s,  # the tempo limit: a repetition quicker than this is no repetition
        max_s=spec.max_s or 30.0,
    )


def hold_timer_for(spec: CameraSpec) -> HoldTimer:
    assert spec.enter_deg is not None and spec.exit_deg is not None
    return HoldTimer(
        enter_deg=spec.enter_deg,
        exit_deg=spec.exit_deg,
        min_s=spec.min_s,
        still_deg_s=spec.still_deg_s,
        sway_deg=spec.sway_deg,
    )


def still_angles(angles: Angles, spec: CameraSpec, side: Side | None = None) -> list[F64]:
    """The series whose speed decides whether the body is still: the spec's still angles on both legs
    (by default the hips: a slow push deeper into a stretch stays under the limit; rocking in and out of
    it does not), and the drive angle where it is another one (a side bend rocking from side to side is no
    hold, though the hips stay put), on the leg timed when `side` is given (the other leg's guessed
    joints must not break its hold)."""
    still = [angles[column(a, s)] for a in spec.still_angles for s in (Side if a in SIDED else [None])]
    if spec.angle not in spec.still_angles:
        sides: list[Side | None] = ([side] if side else list(Side)) if spec.angle in SIDED else [None]
        still += [angles[column(spec.angle, s)] for s in sides]
    return still


@dataclass(frozen=True)
class Movements:
    """What one exercise's counter and timer found. Side labels: "left", "right" or "both"."""

    reps: tuple[SidedExcursion, ...]  # full repetitions, in time order
    partials: tuple[SidedExcursion, ...]  # movements that fell short
    holds: tuple[tuple[str, Episode], ...]
    region_s: float = 0.0  # holds: the longest time one leg spent inside the region, still or not
    off_shape: int = 0  # movements of another shape than the exercise's key pose: not counted
    two_legged: int = 0  # repetitions of both legs together in a one-leg exercise: not counted
    off_start: int = 0  # repetitions from another starting position than the exercise's: not counted
    other_leg: int = 0  # one-leg repetitions whose other leg was hidden or moved too: not counted
    legs_opposed: int = 0  # both-leg repetitions in which one leg moved the other way: not counted
    moved_deg: float = 0.0  # how far the drive angle moved at all (5th to 95th percentile, any leg)
    too_quick: int = 0  # movements of a repetition's range that were quicker than the exercise's tempo
    legs_apart_deg: float = 0.0  # both-leg work: median gap between the legs' drive angles

    def episodes(self) -> dict[Side | None, list[Episode]]:
        """Reps or holds as episodes per side (None: both legs), for the form rules."""
        out: dict[Side | None, list[Episode]] = {}
        for side, e in [*((r.side, _episode(r.excursion)) for r in self.reps), *self.holds]:
            out.setdefault(None if side == BOTH else Side(side), []).append(e)
        return out


def _episode(e: Excursion) -> Episode:
    return Episode(e.start_s, e.end_s, e.peak_s, e.peak_deg)


def _drives(spec: CameraSpec, angles: Angles, active: Mask) -> dict[Side | None, F64]:
    sides: list[Side | None] = [None] if spec.bilateral else list(Side)
    return {s: np.where(active, drive_series(angles, spec.angle, spec.limb, s), np.nan) for s in sides}


def _reps(spec: CameraSpec, angles: Angles, t: F64, drives: dict[Side | None, F64]) -> list[SidedExcursion]:
    rule = count_rule(spec)
    found = {s: count_series(rule, list(t), list(d)) for s, d in drives.items()}
    if spec.bilateral and spec.angle in SIDED:  # each leg too, for one-leg variants (sides.one_leg_too)
        active = np.isfinite(drives[None])
        legs = {s: np.where(active, drive_series(angles, spec.angle, spec.limb, s), np.nan) for s in Side}
        per_leg = {s: count_series(rule, list(t), list(d)) for s, d in legs.items()}
        return one_leg_too(
            found[None], per_leg, lambda m: held_still(legs[Side(m.side).other], t, m.excursion)
        )
    if spec.bilateral:
        return [SidedExcursion(BOTH, e) for e in found[None]]
    return merge_sides({s: items for s, items in found.items() if s is not None})


OTHER_LEG_SHARE = 0.5  # the other leg may travel at most this share of the working leg's range...
# ... between these percentiles of its angle: a few frames where the model traded the legs' labels
# (common side-on, as the lifted leg passes the standing one) must not turn a knee raise into a step
OTHER_LEG_PCT = (10.0, 90.0)
HELD_SHARE = 0.25  # a held free leg's angle spreads at most this share of the working leg's range ...
HELD_MAX_DEG = 10.0  # ... and at most this many degrees (10th-90th percentile) through the movement


def _spread(other: F64, t: F64, e: Excursion) -> tuple[float, float]:
    """The other leg through a movement: the share of its frames seen, and its angle's spread between
    the OTHER_LEG_PCT percentiles of those (a few frames of traded labels stay outside)."""
    during = other[(t >= e.start_s) & (t <= e.end_s)]
    seen = during[np.isfinite(during)]
    if not len(seen):
        return 0.0, math.nan
    return len(seen) / len(during), float(np.ptp(np.percentile(seen, OTHER_LEG_PCT)))


def held_still(other: F64, t: F64, e: Excursion) -> bool:
    """Whether the other leg was seen and kept still through a one-leg movement (sides.one_leg_too)."""
    seen, spread = _spread(other, t, e)
    return seen >= 0.8 and spread <= min(HELD_SHARE * e.range_deg, HELD_MAX_DEG)


def _holds(
    spec: CameraSpec, angles: Angles, t: F64, drives: dict[Side | None, F64]
) -> list[tuple[str, Episode]]:
    found: list[tuple[str, Episode]] = []
    for side, drive in drives.items():
        still = np.stack(still_angles(angles, spec, side), axis=1)
        timer = hold_timer_for(spec)
        label = side.value if side else BOTH
        for i, ti in enumerate(t):
            if (e := timer.update(float(ti), float(drive[i]), tuple(still[i]))) is not None:
                found.append((label, e))
        if (last := timer.finish()) is not None:
            found.append((label, last))
    return _one_side_at_a_time(found, spec.max_s)


def _one_side_at_a_time(found: list[tuple[str, Episode]], longest: float | None) -> list[tuple[str, Episode]]:
    """Overlapping holds on both legs are one hold: keep the longer (the far leg's guess follows)."""
    kept: list[tuple[str, Episode]] = []
    for side, e in sorted(found, key=lambda h: -h[1].duration_s):
        if longest is not None and e.duration_s > longest:
            continue
        if all(min(e.end_s, k.end_s) <= max(e.start_s, k.start_s) for _, k in kept):
            kept.append((side, e))
    return sorted(kept, key=lambda h: h[1].start_s)


def _region_s(spec: CameraSpec, t: F64, drives: dict[Side | None, F64]) -> float:
    assert spec.enter_deg is not None
    dt = np.diff(t, append=t[-1]) if len(t) else t
    with np.errstate(invalid="ignore"):
        inside = [(d >= spec.enter_deg) if spec.rising else (d <= spec.enter_deg) for d in drives.values()]
    return max((float(dt[m].sum()) for m in inside), default=0.0)


KEY_WINDOW_S = 0.15  # a repetition's shape is read this close to its top


def _shaped(
    checks: tuple[AngleCheck, ...], angles: Angles, t: F64, side: str, start: float, end: float
) -> bool:
    """Whether the key pose holds over [start, end] (median); a shape not seen is not held against it."""
    for check in checks:
        values = _seen(check, angles, t, side, (start, end))
        if len(values) and breaks(check, np.array([np.median(values)]))[0]:
            return False
    return True


def _seen(check: AngleCheck, angles: Angles, t: F64, side: str, span: tuple[float, float]) -> F64:
    """The check's angle on the frames in [start, end] where it was seen."""
    values = drive_series(angles, check.angle, check.limb, None if side == BOTH else Side(side))
    values = values[(t >= span[0]) & (t <= span[1])]
    return np.asarray(values[np.isfinite(values)], dtype=float)


def _starts_right(spec: CameraSpec, e: Excursion) -> bool:
    low = -np.inf if spec.rest_min_deg is None else spec.rest_min_deg
    high = np.inf if spec.rest_max_deg is None else spec.rest_max_deg
    return bool(low <= e.rest_deg <= high)


# The top of a repetition: the drive angle within this share of the repetition's range from its peak.
TOP_SHARE = 0.25
# A "top" check (a bridge's hip lift) is met when it holds on at least this share of the top's frames: a
# top held a while (a bridge with band pulses at the top) reads its shape where the pose is clearest,
# not at the one frame where the drive angle happened to peak.
TOP_REACHED = 0.25


def _top_span(spec: CameraSpec, angles: Angles, t: F64, r: SidedExcursion) -> tuple[float, float]:
    """The frames around the peak where the drive angle stays near it, as (start, end) seconds."""
    e = r.excursion
    drive = drive_series(angles, spec.angle, spec.limb, None if r.side == BOTH else Side(r.side))
    i = int(np.argmin(np.abs(t - e.peak_s)))
    if not np.isfinite(drive[i]):
        return e.peak_s - KEY_WINDOW_S, e.peak_s + KEY_WINDOW_S
    with np.errstate(invalid="ignore"):
        near = (np.abs(drive - drive[i]) <= TOP_SHARE * e.range_deg) & (t >= e.start_s) & (t <= e.end_s)
    lo, hi = i, i
    while lo > 0 and near[lo - 1]:
        lo -= 1
    while hi < len(t) - 1 and near[hi + 1]:
        hi += 1
    return min(float(t[lo]), e.peak_s - KEY_WINDOW_S), max(float(t[hi]), e.peak_s + KEY_WINDOW_S)


def _reached(
    checks: tuple[AngleCheck, ...], angles: Angles, t: F64, side: str, span: tuple[float, float]
) -> bool:
    for check in checks:
        values = _seen(check, angles, t, side, span)
        if len(values) and float(np.mean(~breaks(check, values))) < TOP_REACHED:
            return False
    return True


def _rep_shaped(spec: CameraSpec, angles: Angles, t: F64, r: SidedExcursion) -> bool:
    """A full repetition meets every key-pose check: the "top" ones somewhere in its top, the others at
    its peak; a partial one only those that do not grow with the movement (phase "top" checks, like a
    bridge's hip lift, are what fell short)."""
    peak = r.excursion.peak_s
    at_peak = tuple(c for c in spec.key_pose if c.phase is not Phase.TOP)
    at_top = tuple(c for c in spec.key_pose if c.phase is Phase.TOP) if r.excursion.full else ()
    return _shaped(at_peak, angles, t, r.side, peak - KEY_WINDOW_S, peak + KEY_WINDOW_S) and _reached(
        at_top, angles, t, r.side, _top_span(spec, angles, t, r)
    )


def find_movements(spec: CameraSpec, angles: Angles, t: F64, active: Mask) -> Movements:
    """Repetitions (with partial ones) or holds of one exercise, each with its side."""
    drives = _drives(spec, angles, active)
    apart = _legs_apart(spec, angles, active)
    if spec.mode is CameraMode.HOLD:
        found_holds = _holds(spec, angles, t, drives)
        holds = tuple(
            h for h in found_holds if _shaped(spec.key_pose, angles, t, h[0], h[1].start_s, h[1].end_s)
        )
        found = Movements((), (), holds, _region_s(spec, t, drives), len(found_holds) - len(holds))
        return replace(found, legs_apart_deg=apart)
    judged = judge_reps(spec, angles, t, _reps(spec, angles, t, drives))
    quick = 0 if judged.reps else _too_quick(spec, t, drives)
    return replace(judged, moved_deg=_moved(drives), too_quick=quick, legs_apart_deg=apart)


def _legs_apart(spec: CameraSpec, angles: Angles, active: Mask) -> float:
    """For work with both legs together, how far apart the legs' drive angles read (median over the
    frames used): a few degrees side-on, tens of degrees where the camera sees the body end-on."""
    if not spec.bilateral or spec.angle not in SIDED:
        return 0.0
    left, right = (drive_series(angles, spec.angle, spec.limb, s)[active] for s in Side)
    gaps = np.abs(left - right)
    gaps = gaps[np.isfinite(gaps)]
    return float(np.median(gaps)) if len(gaps) else 0.0


def _too_quick(spec: CameraSpec, t: F64, drives: dict[Side | None, F64]) -> int:
    """Movements of a full repetition's range but quicker than the spec's shortest repetition, on the leg
    that made most: said when nothing counted, so a flutter kick is not told to film whole repetitions."""
    rule = replace(count_rule(spec), min_s=0.0)
    quick = [
        sum(e.full and e.duration_s < spec.min_s for e in count_series(rule, list(t), list(d)))
        for d in drives.values()
    ]
    return max(quick, default=0)


def _moved(drives: dict[Side | None, F64]) -> float:
    spans = [
        np.ptp(np.percentile(d[np.isfinite(d)], [5, 95])) for d in drives.values() if np.isfinite(d).any()
    ]
    return float(max(spans, default=0.0))


def judge_reps(spec: CameraSpec, angles: Angles, t: F64, found: list[SidedExcursion]) -> Movements:
    """Which movements are repetitions of this exercise: from its starting position, of its shape (key
    pose at the top), one leg at a time where it works one leg; the rest are counted as set aside.
    The file analysis and the live coach (over its recent angles) both judge through here."""
    starts = [r for r in found if _starts_right(spec, r.excursion)]
    off_start = sum(r.excursion.full for r in found) - sum(r.excursion.full for r in starts)
    shaped = [r for r in starts if _rep_shaped(spec, angles, t, r)]
    off_shape = sum(r.excursion.full for r in starts) - sum(r.excursion.full for r in shaped)
    # One leg at a time means a movement of both legs together is another exercise (a double-leg raise).
    two = [] if spec.bilateral else [r for r in shaped if r.side == BOTH and r.excursion.full]
    hidden = [r for r in shaped if r.excursion.full and r not in two and not _other_still(spec, angles, t, r)]
    opposed = [r for r in shaped if r.excursion.full and not _legs_together(spec, angles, t, r)]
    set_aside = two + hidden + opposed
    full = tuple(r for r in shaped if r.excursion.full and r not in set_aside)
    partial = tuple(r for r in shaped if not r.excursion.full)
    return Movements(
        full,
        partial,
        (),
        off_shape=off_shape,
        two_legged=len(two),
        off_start=off_start,
        other_leg=len(hidden),
        legs_opposed=len(opposed),
    )


# Both-leg work: a leg may move against the drive by at most this share of the movement. On the labelled
# bridges every leg seen moved with it (at least +0.15 of the range, in every variant); changing the
# hugged knee in a knee hug (one leg lowered as the other rose) moves the legs' mean like a bridge while
# the rising leg goes -0.34 of it.
AGAINST_SHARE = 0.2


def _legs_together(spec: CameraSpec, angles: Angles, t: F64, r: SidedExcursion) -> bool:
    """Whether no leg seen moved the other way from the start of a both-leg movement to its top (always
    true for one-leg movements and whole-body angles)."""
    if r.side != BOTH or spec.angle not in SIDED:
        return True
    e = r.excursion
    towards = 1.0 if spec.rising else -1.0
    for side in Side:
        leg = drive_series(angles, spec.angle, spec.limb, side)
        start, top = (_near(leg, t, at) for at in (e.start_s, e.peak_s))
        if towards * (top - start) < -AGAINST_SHARE * e.range_deg:
            return False  # NaN (a leg not seen) compares false: it neither confirms nor vetoes
    return True


def _near(values: F64, t: F64, at: float) -> float:
    """The value seen nearest to time `at` within KEY_WINDOW_S; NaN when none was."""
    close = np.flatnonzero((np.abs(t - at) <= KEY_WINDOW_S) & np.isfinite(values))
    return float(values[close[np.argmin(np.abs(t[close] - at))]]) if len(close) else math.nan


def _other_still(spec: CameraSpec, angles: Angles, t: F64, r: SidedExcursion) -> bool:
    """Whether the other leg was seen around the top and stayed still through most of the movement
    (always true where the spec does not ask)."""
    if not spec.other_leg_still or r.side == BOTH:
        return True
    e = r.excursion
    other = drive_series(angles, spec.angle, Limb.WORKING, Side(r.side).other)
    near = other[np.abs(t - e.peak_s) <= KEY_WINDOW_S]
    if not len(near) or np.isfinite(near).mean() < 0.5:
        return False
    return _spread(other, t, e)[1] <= OTHER_LEG_SHARE * e.range_deg
