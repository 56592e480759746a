"""Pipeline throughput against bare BlazePose, in one run (ratios, not absolute times, are what compare).

    python benchmarks/pipeline.py [VIDEO] [--exercise ID]

Prints JSON: the full pipeline's fps (threaded decode + pose + smoothing + angles + trackers + rules,
streamed from the file), bare BlazePose fps on the same frames decoded beforehand, their ratio
(target >= 0.95), and the process's peak memory after the streamed run (target <= 500 MB on 1080p).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from psoas.catalog import default_catalog
from psoas.coach.analysis import analyze_frames
from psoas.vision.frames import open_frames, probe
from psoas.vision.pose import MediaPipeEstimator

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "media" / "glute_bridges.mp4"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--exercise", default="glute-bridge")
    args = parser.parse_args()
    if not args.video.exists():
        print(json.dumps({"skipped": f"no video at {args.video}"}))
        return 0
    exercise = default_catalog().exercise(args.exercise)
    info = probe(args.video)

    with MediaPipeEstimator() as estimator:
        start = time.perf_counter()
        analysis = analyze_frames(open_frames(args.video), info, exercise, estimator=estimator)
        full_s = time.perf_counter() - start
    peak_streamed = _peak_mb()

    rgb = [f.rgb for f in open_frames(args.video)]
    with MediaPipeEstimator() as estimator:
        start = time.perf_counter()
        for i, frame in enumerate(rgb):
            estimator.estimate(frame, i / info.fps)
        bare_s = time.perf_counter() - start

    n = len(rgb)
    result = {
        "video": str(args.video.name),
        "frames": n,
        "resolution": [info.width, info.height],
        "bare_pose_fps": round(n / bare_s, 2),
        "pipeline_fps": round(n / full_s, 2),
        "ratio": round(bare_s / full_s, 3),
        "target_ratio": 0.95,
        "peak_memory_mb_streamed": round(peak_streamed, 1),
        "target_peak_memory_mb": 500,
        "rep_count": analysis.report.rep_count,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
