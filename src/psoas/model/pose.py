"""Psoas length over an analysed clip: per frame and side, and the summary that goes in report.json."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.model.mapping import hip_coordinates
from psoas.model.surrogate import surrogate
from psoas.vision.kinematics import AngleSeries
from psoas.vision.landmarks import Side
from psoas.vision.pose import PoseSequence

__all__ = ["ASSUMPTIONS", "PsoasSeries", "PsoasSummary", "psoas_series", "summarise_psoas"]

F64 = NDArray[np.float64]
ASSUMPTIONS = (
    "Hip flexion is the clip's own hip angle (trunk line as the pelvis), so lumbar bending counts as hip "
    "angle: expect about 10° of error, about 7 mm of psoas length.",
    "Adduction comes from the 3-D landmarks, held to the fitted ±5°; hip rotation is not seen: taken as 0.",
    "Surrogate of the pose2sim OpenSim model (held-out error under 0.05 mm); in that model the psoas does "
    "not cross the lumbar joints.",
    "Normalised fibre length assumes a rigid tendon at its slack length and no pennation.",
)


@dataclass(frozen=True)
class PsoasSeries:
    length_mm: dict[str, F64]  # per side, NaN where the hip angle was unseen or outside the fitted range
    stretch_pct: dict[str, F64]  # change versus neutral standing


@dataclass(frozen=True)
class PsoasSummary:
    side: str
    neutral_mm: float
    peak_length_mm: float | None
    peak_stretch_pct: float | None
    hold_average_mm: float | None  # over the frames of the holds (None for a rep exercise)
    hold_average_pct: float | None
    modelled_fraction: float  # share of frames with a length
    assumptions: tuple[str, ...] = ASSUMPTIONS


def psoas_series(angles: AngleSeries, poses: PoseSequence, usable: NDArray[np.bool_]) -> PsoasSeries:
    """Lengths on the usable frames; NaN elsewhere (the surrogate gives NaN for a NaN angle)."""
    model = surrogate()
    low, high = model.ranges["hip_adduction"]
    lengths, stretch = {}, {}
    for side in Side:
        flexion = np.where(usable, angles[f"hip_flexion_{side.value}"], np.nan)
        adduction = np.clip(hip_coordinates(poses.world, side).adduction, low, high)
        adduction = np.where(np.isfinite(adduction), adduction, 0.0)
        length = model.length_mm("psoas", side.value, flexion, adduction)
        neutral = model.neutral_mm[f"psoas_{side.value[0]}"]
        lengths[side.value] = length
        stretch[side.value] = 100 * (length / neutral - 1)
    return PsoasSeries(lengths, stretch)


def _finite_max(x: F64) -> float | None:
    x = x[np.isfinite(x)]
    return float(x.max()) if len(x) else None


def _finite_mean(x: F64) -> float | None:
    x = x[np.isfinite(x)]
    return float(x.mean()) if len(x) else None


def summarise_psoas(
    series: PsoasSeries, side: str | None, in_holds: NDArray[np.bool_] | None
) -> PsoasSummary:
    """For the working side (or the longer of the two when both legs work), over the usable frames."""
    sides = [side] if side in ("left", "right") else ["left", "right"]
    pick = max(sides, key=lambda s: _finite_max(series.length_mm[s]) or -np.inf)
    length = series.length_mm[pick]
    neutral = surrogate().neutral_mm[f"psoas_{pick[0]}"]
    peak = _finite_max(length)
    hold = _finite_mean(length[in_holds]) if in_holds is not None and in_holds.any() else None
    return PsoasSummary(
        side=pick,
        neutral_mm=neutral,
        peak_length_mm=peak,
        peak_stretch_pct=None if peak is None else 100 * (peak / neutral - 1),
        hold_average_mm=hold,
        hold_average_pct=None if hold is None else 100 * (hold / neutral - 1),
        modelled_fraction=float(np.isfinite(length).mean()) if len(length) else 0.0,
    )
