"""Form rules from the catalog's faults: which frames break a check, and the fault events they make."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import AngleCheck, AngleName, Fault, Limb
from psoas.coach.report import FaultEvent
from psoas.vision.kinematics import SIDED, column
from psoas.vision.landmarks import Side

__all__ = ["MIN_FAULT_S", "Angles", "breaks", "drive_series", "fault_events"]

F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]

MIN_FAULT_S = 0.3  # a fault must last this long to be reported (one noisy frame is not a fault)
MERGE_S = 0.3  # faults of one kind closer than this are one event


class Angles(Protocol):
    """Named angle series: an AngleSeries, or a plain mapping of the same names (the live coach's rows)."""

    def __getitem__(self, name: str, /) -> F64: ...


def drive_series(angles: Angles, angle: AngleName, limb: Limb | None, side: Side | None) -> F64:
    """One angle over time, on the working leg or the other one; both legs averaged when side is None."""
    if angle not in SIDED:  # a whole-body angle: no leg to choose
        return angles[angle.value]
    if side is None:
        stacked = np.stack([angles[column(angle, s)] for s in Side])
        seen = np.isfinite(stacked)
        total = np.where(seen, stacked, 0.0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(total / seen.sum(axis=0))  # mean of the sides seen; NaN where neither was
    leg = side.other if limb is Limb.OTHER else side
    return angles[column(angle, leg)]


def breaks(check: AngleCheck, values: F64) -> Mask:
    """Frames whose angle lies outside the check's bounds; frames not seen never break a rule."""
    low = -np.inf if check.min_deg is None else check.min_deg
    high = np.inf if check.max_deg is None else check.max_deg
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & ((values < low) | (values > high))


def _runs(mask: Mask) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))


def fault_events(fault: Fault, failing: Mask, t: F64, side: str) -> list[FaultEvent]:
    spans: list[list[float]] = []
    for first, last in _runs(failing):
        start, end = float(t[first]), float(t[last])
        if spans and start - spans[-1][1] <= MERGE_S:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [
        FaultEvent(fault.code, fault.description, fault.cue, start, end, side)
        for start, end in spans
        if end - start >= MIN_FAULT_S
    ]
