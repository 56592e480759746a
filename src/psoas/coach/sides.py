"""Which leg did the work: movements seen on each leg, merged into one list with their side.

Each leg is counted on its own, so the working leg comes from the movement itself, never from which side
faces the camera. One movement can show on both legs: BlazePose's guess of a hidden far leg often follows
the near one, and a two-legged movement moves both. Overlapping movements are therefore one movement:
two-legged when both legs travelled about as far, otherwise the leg that travelled further.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import CameraSpec, SideMode
from psoas.coach.counting import Excursion
from psoas.coach.liftoff import lift_off_side
from psoas.coach.report import FaultEvent, Hold, Rep
from psoas.vision.landmarks import Side

__all__ = [
    "BOTH",
    "UNKNOWN",
    "SidedExcursion",
    "distrust_sides",
    "fault_sides",
    "merge_sides",
    "one_leg_too",
    "repeated_sides",
    "settle_sides",
    "settled_reps",
    "trusted_side",
]

BOTH = "both"
OVERLAP = 0.5  # movements sharing this share of the shorter one's time are the same movement
BOTH_RATIO = 0.6  # the smaller leg's range at least this share of the larger's: both legs moved


@dataclass(frozen=True)
class SidedExcursion:
    side: str  # "left", "right" or "both"
    excursion: Excursion


def _overlap(a: Excursion, b: Excursion) -> bool:
    shared = min(a.end_s, b.end_s) - max(a.start_s, b.start_s)
    return shared >= OVERLAP * min(a.duration_s, b.duration_s)


def _merge(kept: SidedExcursion, new: SidedExcursion) -> SidedExcursion:
    a, b = kept.excursion, new.excursion
    big, small = (kept, new) if a.range_deg >= b.range_deg else (new, kept)
    if a.full and b.full and small.excursion.range_deg >= BOTH_RATIO * big.excursion.range_deg:
        return SidedExcursion(BOTH, big.excursion)
    return big


def merge_sides(per_side: dict[Side, list[Excursion]]) -> list[SidedExcursion]:
    """Every movement once, in time order, labelled with the leg (or both legs) that made it."""
    found = sorted(
        (SidedExcursion(side.value, e) for side, items in per_side.items() for e in items),
        key=lambda s: s.excursion.start_s,
    )
    out: list[SidedExcursion] = []
    for item in found:
        twin = next(
            (
                i
                for i in range(len(out) - 1, max(-1, len(out) - 4), -1)
                if out[i].side != item.side and _overlap(out[i].excursion, item.excursion)
            ),
            None,
        )
        if twin is None:
            out.append(item)
        else:
            out[twin] = _merge(out[twin], item)
    return out


def one_leg_too(
    both: list[Excursion], per_leg: dict[Side, list[Excursion]], held: Callable[[SidedExcursion], bool]
) -> list[SidedExcursion]:
    """Two-legged work's movements (`both`: on the legs' mean angle) with those of one leg alone added:
    a single-leg bridge holds the free leg still (hugged, or up), so the mean moves half as far and
    falls short, while the working leg makes the whole movement. A full one-leg movement that no full
    two-legged one overlaps, and whose other leg `held` still, is added with its side, and the short
    two-legged one it made is dropped; the exercise's key pose judges it as any other."""
    full_both = [e for e in both if e.full]
    alone = [
        m
        for m in merge_sides(per_leg)
        if m.side != BOTH
        and m.excursion.full
        and not any(_overlap(m.excursion, e) for e in full_both)
        and held(m)
    ]
    kept = [
        SidedExcursion(BOTH, e) for e in both if e.full or not any(_overlap(e, m.excursion) for m in alone)
    ]
    return sorted(kept + alone, key=lambda m: m.excursion.start_s)


UNKNOWN = "unknown"


def _touches(t: NDArray[np.float64], relabelled: NDArray[np.bool_], start: float, end: float) -> bool:
    return bool(relabelled[(t >= start) & (t <= end)].any())


def trusted_side(
    label: str, t: NDArray[np.float64], relabelled: NDArray[np.bool_], start: float, end: float
) -> str:
    """The side label, or "unknown" when a frame between start and end needed a left/right relabelling
    (see distrust_sides); two-legged work keeps "both"."""
    return UNKNOWN if label != BOTH and _touches(t, relabelled, start, end) else label


def distrust_sides(
    reps: tuple[Rep, ...], holds: tuple[Hold, ...], t: NDArray[np.float64], relabelled: NDArray[np.bool_]
) -> tuple[tuple[Rep, ...], tuple[Hold, ...]]:
    """Repetitions and holds whose frames needed a left/right relabelling (the model traded the legs'
    labels, and continuity alone decided which was which) get the side "unknown": that guess is wrong
    when a real leg crossing looks like a trade, and a confident wrong side is worse than none.
    Two-legged work ("both") keeps its label."""

    return (
        tuple(replace(r, side=trusted_side(r.side, t, relabelled, r.start_s, r.end_s)) for r in reps),
        tuple(replace(h, side=trusted_side(h.side, t, relabelled, h.start_s, h.end_s)) for h in holds),
    )


SINGLE = ("left", "right")
MIN_BLOCK = 3  # this many reps in a row on one leg read as a set done one leg at a time


def _runs(sides: Sequence[str]) -> list[tuple[int, int]]:
    """(first index, length) of each run of reps on the same single leg."""
    runs: list[tuple[int, int]] = []
    for i, side in enumerate(sides):
        if side in SINGLE and i and sides[i - 1] == side:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        elif side in SINGLE:
            runs.append((i, 1))
    return runs


def repeated_sides(sides: Sequence[str], *, alternating: bool, front: bool) -> tuple[bool, ...]:
    """Which repetitions' sides to withhold: in an exercise that alternates legs, filmed other than from
    the front, the reps of a same-leg run that is not a set done one leg at a time. Side-on, the far leg
    is guessed and BlazePose can name the lifted leg wrongly with no trade to see (the side-on high-knees
    clip, tilted 10°, reads right, right for left, right); whether the person or the model repeated the
    leg cannot be told, and a confident wrong side is worse than none. A run is believed when it is
    MIN_BLOCK reps or longer and the rest of the set is not mostly single alternating reps; from the
    front both legs are seen, so every run is believed."""
    out = [False] * len(sides)
    if not alternating or front:
        return tuple(out)
    runs = _runs(sides)
    singles = sum(n == 1 for _, n in runs)
    in_turns = len(runs) > 1 and 2 * singles >= sum(n for _, n in runs)
    for first, n in runs:
        if n > 1 and (n < MIN_BLOCK or in_turns):
            out[first : first + n] = [True] * n
    return tuple(out)


def settle_sides(
    sides: Sequence[str], *, alternating: bool, front: bool, read: Callable[[int], Side | None] | None = None
) -> tuple[tuple[str, ...], int, int]:
    """The reps' sides once doubts are settled: a same-leg run in an alternating set is withheld
    (repeated_sides); where `read` can tell (the side read at lift-off, coach.liftoff), every unknown
    side, repaired label or such a run, is read again, and a reading is kept only where it differs from
    both neighbours' sides (a second reading must not make a run it cannot vouch for). Returns the sides,
    how many were read, and how many stay withheld as same-leg runs. The file analysis and the live
    coach both settle sides here."""
    runs = repeated_sides(sides, alternating=alternating, front=front)
    out = [UNKNOWN if m else s for s, m in zip(sides, runs, strict=True)]
    found = [read(i) if read is not None and side == UNKNOWN else None for i, side in enumerate(out)]
    got = [f.value if f is not None else side for f, side in zip(found, out, strict=True)]
    for i, f in enumerate(found):
        if f is not None and f.value not in (
            got[i - 1] if i else None,
            got[i + 1] if i + 1 < len(got) else None,
        ):
            out[i] = f.value
    read_count = sum(f is not None and out[i] == f.value for i, f in enumerate(found))
    return tuple(out), read_count, sum(m and side == UNKNOWN for m, side in zip(runs, out, strict=True))


def settled_reps(
    spec: CameraSpec,
    reps: tuple[Rep, ...],
    *,
    front: bool,
    image: NDArray[np.float64],
    t: NDArray[np.float64],
) -> tuple[tuple[Rep, ...], int, int]:
    """The reps with their sides settled (settle_sides), read at lift-off in `image` (the model's own
    labels) where the exercise allows; also how many sides were so read and how many stay withheld as
    same-leg runs."""

    def at_lift_off(i: int) -> Side | None:
        return lift_off_side(image, t, reps[i].start_s, reps[i].peak_s)

    sides, read, runs = settle_sides(
        [r.side for r in reps],
        alternating=spec.sides is SideMode.ALTERNATING,
        front=front,
        read=at_lift_off if spec.side_at_lift_off else None,
    )
    return tuple(replace(r, side=s) for r, s in zip(reps, sides, strict=True)), read, runs


def fault_sides(
    events: list[FaultEvent], changed: list[tuple[Rep, Rep] | tuple[Hold, Hold]]
) -> list[FaultEvent]:
    """Each fault during a repetition or hold whose reported side differs from the leg it was judged on
    (a side withheld, or read at lift-off) takes the reported side, so a report never names two legs
    for one movement."""

    def reported(f: FaultEvent) -> FaultEvent:
        for was, now in changed:
            overlaps = f.start_s <= was.end_s and f.end_s >= was.start_s
            if was.side != now.side and f.side == was.side and overlaps:
                return replace(f, side=now.side)
        return f

    return [reported(f) for f in events]
