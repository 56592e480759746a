"""Psoas and iliacus muscle–tendon lengths from hip angles, by a Chebyshev surrogate of an OpenSim model.

The coefficients in data/psoas_surrogate.json were fitted by tools/fit_psoas_model.py to the full-body
model pose2sim ships (its provenance, ranges and held-out errors are in the same file). Evaluation is
numpy only and vectorised: pass arrays of any (equal) shape. Inputs outside the fitted box give NaN,
never an extrapolation.

In that model the psoas runs from the pelvis over the pelvic brim to the femur; it does not cross the
lumbar joints, so lumbar posture does not change its length (the fit records each lumbar coordinate's
effect as zero). Normalised fibre length assumes a rigid tendon at its slack length and ignores
pennation: (length - tendon slack) / optimal fibre length.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["INPUTS", "MUSCLES", "MuscleLength", "Surrogate", "surrogate"]

F64 = NDArray[np.float64]
Muscle = Literal["psoas", "iliacus"]
MUSCLES: tuple[Muscle, ...] = ("psoas", "iliacus")
INPUTS = ("hip_flexion", "hip_adduction", "hip_rotation")


def _vander(x: F64, degree: int) -> F64:
    """Chebyshev polynomials T0..T_degree at each x, by their recurrence: (len(x), degree + 1)."""
    out = np.empty((len(x), degree + 1))
    out[:, 0] = 1.0
    if degree:
        out[:, 1] = x
    for k in range(2, degree + 1):
        out[:, k] = 2 * x * out[:, k - 1] - out[:, k - 2]
    return out


@dataclass(frozen=True)
class MuscleLength:
    """One muscle on one side in one pose."""

    muscle: str
    side: str
    length_mm: float
    neutral_mm: float
    change_pct: float  # versus neutral standing (all hip angles 0)
    normalised_fibre: float


@dataclass(frozen=True)
class Surrogate:
    ranges: dict[str, tuple[float, float]]
    degrees: tuple[int, int, int]
    coefficients: dict[str, F64]  # "psoas_r" → (d0+1, d1+1, d2+1)
    neutral_mm: dict[str, float]
    fibre_m: dict[str, float]
    tendon_slack_m: dict[str, float]
    provenance: dict[str, Any]
    held_out_error: dict[str, dict[str, float]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Surrogate:
        prov = data["provenance"]
        degrees = tuple(prov["basis"]["degrees"])
        shape = tuple(d + 1 for d in degrees)
        return cls(
            ranges={k: (float(v[0]), float(v[1])) for k, v in prov["inputs_deg"].items()},
            degrees=(degrees[0], degrees[1], degrees[2]),
            coefficients={k: np.asarray(v, float).reshape(shape) for k, v in data["coefficients"].items()},
            neutral_mm={k: float(v) for k, v in data["neutral_length_mm"].items()},
            fibre_m={k: float(m["optimal_fiber_length_m"]) for k, m in data["muscles"].items()},
            tendon_slack_m={k: float(m["tendon_slack_length_m"]) for k, m in data["muscles"].items()},
            provenance=prov,
            held_out_error=data["held_out_error"],
        )

    def inside(
        self, flexion: ArrayLike, adduction: ArrayLike = 0.0, rotation: ArrayLike = 0.0
    ) -> NDArray[np.bool_]:
        values = np.broadcast_arrays(*(np.asarray(v, float) for v in (flexion, adduction, rotation)))
        ok = np.ones(values[0].shape, bool)
        for v, name in zip(values, INPUTS, strict=True):
            lo, hi = self.ranges[name]
            with np.errstate(invalid="ignore"):
                ok &= (v >= lo) & (v <= hi)
        return ok

    def length_mm(
        self,
        muscle: Muscle,
        side: str,
        flexion: ArrayLike,
        adduction: ArrayLike = 0.0,
        rotation: ArrayLike = 0.0,
    ) -> F64:
        """Muscle–tendon length in mm; NaN where an input is outside the fitted box (or NaN)."""
        f, a, r = np.broadcast_arrays(*(np.asarray(v, float) for v in (flexion, adduction, rotation)))
        ok = self.inside(f, a, r)
        scaled = []
        for v, name in zip((f, a, r), INPUTS, strict=True):
            lo, hi = self.ranges[name]
            scaled.append(np.where(ok, (2 * v - (lo + hi)) / (hi - lo), 0.0))
        c = self.coefficients[f"{muscle}_{side[0]}"]
        tf, ta, tr = (_vander(x.ravel(), d) for x, d in zip(scaled, self.degrees, strict=True))
        # Contract the flexion axis with one matrix product (most of the work, done by BLAS), then the
        # two short axes per point.
        partial = (tf @ c.reshape(c.shape[0], -1)).reshape(-1, c.shape[1], c.shape[2])
        value = np.einsum("nj,nk,njk->n", ta, tr, partial, optimize=True).reshape(f.shape)
        return np.where(ok, value, np.nan)

    def describe(
        self, muscle: Muscle, side: str, flexion: float, adduction: float = 0.0, rotation: float = 0.0
    ) -> MuscleLength:
        key = f"{muscle}_{side[0]}"
        length = float(self.length_mm(muscle, side, flexion, adduction, rotation))
        neutral = self.neutral_mm[key]
        fibre = (length / 1000 - self.tendon_slack_m[key]) / self.fibre_m[key]
        return MuscleLength(muscle, side, length, neutral, 100 * (length / neutral - 1), fibre)


@functools.cache
def surrogate() -> Surrogate:
    text = resources.files("psoas.model").joinpath("data/psoas_surrogate.json").read_text("utf-8")
    return Surrogate.from_json(json.loads(text))
