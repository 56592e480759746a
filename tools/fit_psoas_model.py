"""Fit psoas's numpy surrogate of the psoas and iliacus muscle–tendon lengths to OpenSim.

    make fit-model          # a separate .venv-opensim (opensim 4.6 needs numpy >= 2; mediapipe needs < 2)
    .venv-opensim/bin/python tools/fit_psoas_model.py [--model FILE.osim] [--out PATH]

Reference: the full-body model that pose2sim 0.10.49 ships (Model_Pose2Sim_muscles_flex.osim). Without
--model the file is fetched with `pip download --no-deps pose2sim==0.10.49` into a temporary folder and
only that one file is read; neither the model nor any pose2sim code is kept or committed.

Steps: (1) scan every coordinate ±10° from the neutral pose to find those that change the four paths;
(2) sample hip flexion × adduction × rotation on Chebyshev nodes, both sides at once; (3) fit a
tensor-product Chebyshev series per muscle by least squares; (4) judge it on a separate random grid;
(5) write coefficients and provenance (model SHA-256, OpenSim version, ranges, errors) as JSON.
Needs only opensim and numpy: it does not import psoas.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import opensim as osim

osim.Logger.setLevelString("error")  # the model names mesh files it cannot find; they do not matter here

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "psoas" / "model" / "data" / "psoas_surrogate.json"
POSE2SIM = "pose2sim==0.10.49"
MODEL_IN_WHEEL = "Pose2Sim/OpenSim_Setup/Model_Pose2Sim_muscles_flex.osim"
MUSCLES = ("psoas_r", "iliacus_r", "psoas_l", "iliacus_l")
# Fitted ranges (degrees): from a deep lunge's hip extension to a knee hugged to the chest. The model's
# pelvic-brim wrap surfaces (PS_at_brim, IL_at_brim) make the paths jump by 10-18 mm (and by hundreds of
# mm at the corners) once extension beyond about -30° meets ab- or adduction beyond about 5°, so the box
# stops there: inside it no 0.5° step changes a length by more than 0.5 mm (checked by `smoothness`).
RANGES = {"hip_flexion": (-30.0, 120.0), "hip_adduction": (-5.0, 5.0), "hip_rotation": (-40.0, 40.0)}
NODES = {"hip_flexion": 41, "hip_adduction": 7, "hip_rotation": 13}
# Chebyshev degrees per input, smallest first: the first whose held-out error stays under TOLERANCE_MM
# is kept (fewer terms, faster evaluation); 1 mm is the target, so this leaves a wide margin.
CANDIDATES = ((6, 2, 4), (8, 2, 4), (10, 2, 6), (12, 3, 6), (14, 4, 8), (16, 4, 8))
TOLERANCE_MM = 0.05
HELD_OUT = 600


def fetch_model(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", POSE2SIM, "-d", str(folder)],
        check=True,
    )
    (wheel,) = folder.glob("pose2sim-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(MODEL_IN_WHEEL, folder)
    return folder / MODEL_IN_WHEEL


class Lengths:
    """Muscle–tendon lengths (mm) of the four muscles for given coordinate values (degrees)."""

    def __init__(self, model_file: Path) -> None:
        self.model = osim.Model(str(model_file))
        self.state = self.model.initSystem()
        self.coords = self.model.getCoordinateSet()
        self.muscles = [self.model.getMuscles().get(name) for name in MUSCLES]

    def __call__(self, values: dict[str, float]) -> list[float]:
        for name, deg in values.items():
            self.coords.get(name).setValue(self.state, math.radians(deg), False)
        self.model.realizePosition(self.state)
        out = [m.getLength(self.state) * 1000.0 for m in self.muscles]
        for name in values:
            self.coords.get(name).setValue(self.state, 0.0, False)
        return out

    def both_sides(self, flexion: float, adduction: float, rotation: float) -> list[float]:
        # OpenSim's left-side coordinates mirror the right ones, so equal values make a symmetric pose.
        values = {}
        for side in ("r", "l"):
            values |= {f"hip_flexion_{side}": flexion, f"hip_adduction_{side}": adduction}
            values[f"hip_rotation_{side}"] = rotation
        return self(values)


def sensitivity(lengths: Lengths) -> dict[str, float]:
    """Largest change (mm) of any of the four paths for ±10° (or ±1 cm) of each coordinate."""
    neutral = np.array(lengths({}))
    out = {}
    for i in range(lengths.coords.getSize()):
        name = lengths.coords.get(i).getName()
        change = max(float(np.abs(np.array(lengths({name: step})) - neutral).max()) for step in (-10.0, 10.0))
        out[name] = round(change, 4)
    return out


def smoothness(lengths: Lengths) -> float:
    """The largest change (mm) of any path over one 0.5° step of hip flexion or adduction in the box."""
    (f0, f1), (a0, a1), (r0, r1) = RANGES.values()
    worst = 0.0
    for add in np.linspace(a0, a1, 5):
        for rot in np.linspace(r0, r1, 5):
            v = np.array([lengths.both_sides(f, add, rot) for f in np.arange(f0, f1 + 0.01, 0.5)])
            worst = max(worst, float(np.abs(np.diff(v, axis=0)).max()))
    for f in np.linspace(f0, f1, 7):
        v = np.array([lengths.both_sides(f, a, 0.0) for a in np.arange(a0, a1 + 0.01, 0.5)])
        worst = max(worst, float(np.abs(np.diff(v, axis=0)).max()))
    return worst


def _scale(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (2.0 * x - (lo + hi)) / (hi - lo)


def design(points: np.ndarray, degrees: tuple[int, int, int]) -> np.ndarray:
    scaled = [_scale(points[:, k], *RANGES[name]) for k, name in enumerate(RANGES)]
    return np.polynomial.chebyshev.chebvander3d(*scaled, list(degrees))


def fit(grid: np.ndarray, train: np.ndarray, held: np.ndarray, test: np.ndarray) -> tuple[Any, ...]:
    for degrees in CANDIDATES:
        coefs, _, _, _ = np.linalg.lstsq(design(grid, degrees), train, rcond=None)
        error = design(held, degrees) @ coefs - test
        if np.abs(error).max() <= TOLERANCE_MM or degrees == CANDIDATES[-1]:
            return degrees, coefs, error
    raise AssertionError("unreachable")


def chebyshev_nodes(lo: float, hi: float, n: int) -> np.ndarray:
    k = np.arange(n)
    return np.sort((lo + hi) / 2 + (hi - lo) / 2 * np.cos((2 * k + 1) * np.pi / (2 * n)))


def sample(lengths: Lengths, points: np.ndarray) -> np.ndarray:
    return np.array([lengths.both_sides(*p) for p in points])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="the .osim file (default: fetched from pose2sim)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        model_file = args.model or fetch_model(Path(tmp))
        sha = hashlib.sha256(model_file.read_bytes()).hexdigest()
        lengths = Lengths(model_file)
        muscles = {
            name: {
                "optimal_fiber_length_m": m.getOptimalFiberLength(),
                "tendon_slack_length_m": m.getTendonSlackLength(),
                "pennation_at_optimal_rad": m.getPennationAngleAtOptimalFiberLength(),
                "path_bodies": sorted(
                    {
                        m.getGeometryPath().getPathPointSet().get(i).getParentFrame().getName()
                        for i in range(m.getGeometryPath().getPathPointSet().getSize())
                    }
                ),
            }
            for name, m in zip(MUSCLES, lengths.muscles, strict=True)
        }
        scan = sensitivity(lengths)
        steepest = smoothness(lengths)
        grid = (
            np.array(np.meshgrid(*(chebyshev_nodes(*RANGES[n], NODES[n]) for n in RANGES), indexing="ij"))
            .reshape(3, -1)
            .T
        )
        start = time.perf_counter()
        train = sample(lengths, grid)
        per_eval_ms = (time.perf_counter() - start) / len(grid) * 1000
        rng = np.random.default_rng(2026)
        lows, highs = zip(*RANGES.values(), strict=True)
        held = rng.uniform(lows, highs, size=(HELD_OUT, 3))
        test = sample(lengths, held)
        neutral = lengths({})
    degrees, coefs, error = fit(grid, train, held, test)
    table = {
        name: {
            "max_abs_mm": round(float(np.abs(error[:, k]).max()), 4),
            "rms_mm": round(float(np.sqrt(np.mean(error[:, k] ** 2))), 4),
        }
        for k, name in enumerate(MUSCLES)
    }
    result: dict[str, Any] = {
        "provenance": {
            "model_file": Path(MODEL_IN_WHEEL).name,
            "model_source": f"pip download --no-deps {POSE2SIM} ({MODEL_IN_WHEEL})",
            "model_sha256": sha,
            "opensim_version": osim.__version__,
            "fitted_on": time.strftime("%Y-%m-%d"),
            "inputs_deg": {n: list(r) for n, r in RANGES.items()},
            "largest_change_per_half_degree_mm": round(steepest, 3),
            "why_this_box": "beyond it the pelvic-brim wrap surfaces make the OpenSim paths jump",
            "training_grid": {"kind": "Chebyshev nodes", **NODES, "points": len(grid)},
            "held_out_grid": {"kind": "uniform random, seed 2026", "points": HELD_OUT},
            "basis": {"kind": "tensor-product Chebyshev", "degrees": list(degrees)},
            "opensim_ms_per_evaluation": round(per_eval_ms, 2),
            "coordinate_sensitivity_mm_per_10deg": {k: v for k, v in scan.items() if v > 0.001},
            "unchanged_coordinates": sorted(k for k, v in scan.items() if v <= 0.001),
        },
        "muscles": muscles,
        "neutral_length_mm": dict(zip(MUSCLES, (round(v, 4) for v in neutral), strict=True)),
        "held_out_error": table,
        "coefficients": {name: coefs[:, k].tolist() for k, name in enumerate(MUSCLES)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".tmp")
    tmp_out.write_text(json.dumps(result, indent=1) + "\n")
    tmp_out.replace(args.out)
    summary = {
        "degrees": degrees,
        "held_out_error": table,
        "opensim_ms_per_evaluation": round(per_eval_ms, 2),
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
