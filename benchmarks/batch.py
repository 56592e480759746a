"""A batch of clips three ways: one after another, the local process pool, and Ray's actor pool.

    python benchmarks/batch.py [--clips 8] [--workers 2] [--exercise glute-bridge] [FOLDER]

Prints JSON: each engine's wall seconds and clips per minute, the pool's and Ray's throughput against
serial, Ray's start-up (ray.init) apart from the batch, per-clip overhead (worker-slot seconds not spent
analysing: process or actor start, sending the clip, the per-clip pose graph), and each Ray worker's peak
memory. The clips are the shortest in FOLDER (the test media by default). Compare ratios, not seconds:
the machine's other load moves both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from psoas.coach import ray_engine as re
from psoas.coach.analysis import Analysis
from psoas.coach.batch import analyze_file, analyze_files
from psoas.errors import PsoasError
from psoas.vision.frames import probe
from psoas.vision.models import PoseModel

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "shared" / "media"


def shortest(folder: Path, count: int) -> list[Path]:
    clips = sorted(folder.glob("*.mp4"), key=lambda p: (probe(p).frames, p.name))
    if len(clips) < count:
        raise SystemExit(f"{folder} holds {len(clips)} clips; the benchmark needs {count}.")
    return clips[:count]


def serial(clips: list[Path], exercise: str) -> dict[str, object]:
    start = time.perf_counter()
    seconds = []
    for clip in clips:
        one = time.perf_counter()
        analyze_file(clip, exercise, None, None)
        seconds.append(time.perf_counter() - one)
    wall = time.perf_counter() - start
    return {"wall_s": round(wall, 2), "per_clip_s": [round(s, 2) for s in seconds], **_rate(len(clips), wall)}


def pool(clips: list[Path], exercise: str, workers: int) -> dict[str, object]:
    start = time.perf_counter()
    results = analyze_files([(c, None) for c in clips], exercise, None, workers)
    wall = time.perf_counter() - start
    analysed = [r.report.timing["seconds"] for r in results if isinstance(r, Analysis)]
    failed = [str(r) for r in results if isinstance(r, PsoasError)]
    return {
        "wall_s": round(wall, 2),
        **_rate(len(clips), wall),
        **_overhead(wall, workers, analysed),
        "failed": failed,
    }


def on_ray(clips: list[Path], exercise: str, workers: int) -> dict[str, object]:
    ray = re.ray_module()
    start = time.perf_counter()
    re.connect(None, cpus=workers)
    started = time.perf_counter() - start
    results: list[re.ClipResult] = []
    spec = re.BatchSpec(exercise, None, PoseModel.FULL, actors=workers)
    start = time.perf_counter()
    re.run_batch(clips, spec, frozenset(), results.append)
    wall = time.perf_counter() - start
    ray.shutdown()
    rss: dict[int, float] = {}
    for r in results:
        rss[r.pid] = max(rss.get(r.pid, 0.0), r.peak_rss_mb)
    return {
        "ray_init_s": round(started, 2),
        "wall_s": round(wall, 2),
        **_rate(len(clips), wall),
        **_overhead(wall, workers, [r.seconds for r in results if not r.failed]),
        "worker_peak_rss_mb": sorted(round(v) for v in rss.values()),
        "failed": [r.error for r in results if r.failed],
    }


def _rate(n: int, wall: float) -> dict[str, float]:
    return {"clips_per_min": round(60 * n / wall, 2)}


def _overhead(wall: float, workers: int, analysed: list[float]) -> dict[str, float]:
    """Worker-slot seconds per clip that went to anything but analysing it."""
    slots = wall * workers
    return {
        "median_analysis_s": round(statistics.median(analysed), 2),
        "overhead_per_clip_s": round((slots - sum(analysed)) / max(len(analysed), 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--exercise", default="glute-bridge")
    args = parser.parse_args()
    clips = shortest(args.folder, args.clips)
    result: dict[str, object] = {
        "clips": [c.name for c in clips],
        "frames": sum(probe(c).frames for c in clips),
    }
    result["serial"] = serial(clips, args.exercise)
    result["process_pool"] = pool(clips, args.exercise, args.workers)
    result["ray"] = on_ray(clips, args.exercise, args.workers)
    base = float(result["serial"]["clips_per_min"])  # type: ignore[index]
    result["throughput_vs_serial"] = {
        name: round(float(result[name]["clips_per_min"]) / base, 2)  # type: ignore[index]
        for name in ("process_pool", "ray")
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
