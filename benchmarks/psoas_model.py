"""The psoas surrogate against OpenSim on a fresh held-out grid: error and speed-up per evaluation.

    make bench-model        # runs this in .venv-opensim (opensim 4.6 needs numpy >= 2)

Prints JSON: max and RMS error (mm) per muscle (target: max <= 1 mm) and the time per evaluation of
OpenSim, measured two ways, against the surrogate's, with their ratios (target >= 10,000x):
`opensim_assembled` sets each coordinate with OpenSim's default setValue, which also satisfies the model's
constraints (what a script usually does); `opensim_position_only` skips that and only realises positions
(valid here: the hip coordinates are not constrained). Without OpenSim it prints why and exits 0.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tools")]

from psoas.model.surrogate import INPUTS, MUSCLES, surrogate  # noqa: E402


def main() -> int:
    try:
        import opensim  # noqa: F401, PLC0415
    except ImportError:
        print(json.dumps({"skipped": "opensim is not installed: run `make bench-model`"}))
        return 0
    from fit_psoas_model import MUSCLES as OSIM_MUSCLES  # noqa: PLC0415
    from fit_psoas_model import Lengths, fetch_model  # noqa: PLC0415

    model = surrogate()
    rng = np.random.default_rng(7)
    lows, highs = zip(*(model.ranges[n] for n in INPUTS), strict=True)
    points = rng.uniform(lows, highs, size=(500, 3))
    with tempfile.TemporaryDirectory() as tmp:
        lengths = Lengths(fetch_model(Path(tmp)))
        reference = np.array([lengths.both_sides(*p) for p in points])
        errors = {}
        for k, name in enumerate(OSIM_MUSCLES):
            muscle, side = name.split("_")
            got = model.length_mm(muscle, "right" if side == "r" else "left", *points.T)  # type: ignore[arg-type]
            diff = got - reference[:, k]
            errors[name] = {
                "max_mm": round(float(np.abs(diff).max()), 4),
                "rms_mm": round(float(np.sqrt(np.mean(diff**2))), 4),
            }

        psoas = lengths.muscles[0]
        coords = [lengths.coords.get(n) for n in ("hip_flexion_r", "hip_adduction_r", "hip_rotation_r")]
        start = time.perf_counter()
        for p in points[:100]:
            for c, v in zip(coords, p, strict=True):
                c.setValue(lengths.state, math.radians(v))  # default: enforce constraints (assemble)
            psoas.getLength(lengths.state)
        assembled_s = (time.perf_counter() - start) / 100
        start = time.perf_counter()
        for p in points:
            for c, v in zip(coords, p, strict=True):
                c.setValue(lengths.state, math.radians(v), False)
            lengths.model.realizePosition(lengths.state)
            psoas.getLength(lengths.state)
        position_s = (time.perf_counter() - start) / len(points)

    many = rng.uniform(lows, highs, size=(200_000, 3))
    model.length_mm("psoas", "right", *many[:10].T)  # warm up
    start = time.perf_counter()
    model.length_mm("psoas", "right", *many.T)
    surrogate_s = (time.perf_counter() - start) / len(many)
    result = {
        "held_out_points": len(points),
        "error": errors,
        "target_max_mm": 1.0,
        "seconds_per_evaluation": {
            "opensim_assembled": assembled_s,
            "opensim_position_only": position_s,
            "surrogate_vectorised": surrogate_s,
        },
        "speedup": {
            "vs_opensim_assembled": round(assembled_s / surrogate_s),
            "vs_opensim_position_only": round(position_s / surrogate_s),
        },
        "target_speedup": 10_000,
        "muscles": list(MUSCLES),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
