"""Pipeline throughput against bare BlazePose, in one run (ratios, not absolute times, are what compare).

    python benchmarks/pipeline.py [VIDEO] [--exercise ID] [--workers N] [--runs N]

Prints JSON: the full pipeline's fps (threaded decode + pose + smoothing + angles + trackers + rules,
streamed from the file), bare BlazePose fps on the clip's frames decoded beforehand at full size as the
usual OpenCV loop feeds them and with mediapipe's settings (one inference thread), the ratio of the two
(target >= 0.95), and the process's peak memory after the streamed run (target <= 500 MB on 1080p).
psoas gives BlazePose's network as many threads as the process may use (psoas.vision.inference), so it
also prints bare BlazePose with those same threads and that ratio: what the rest of the pipeline
(decoding included) costs, beside what the threads gain.
With --workers N (N > 1) it also analyses N copies of the clip one after another and then on N worker
processes, and prints the batch speed-up (the machine's free cores bound it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import cv2
import mediapipe  # noqa: F401 - loaded before timing: this measures throughput, not start-up
import numpy as np
from numpy.typing import NDArray

from psoas.catalog import Exercise, default_catalog
from psoas.coach.analysis import Analysis, analyze_frames
from psoas.coach.batch import analyze_files
from psoas.vision.frames import VideoInfo, open_frames, probe
from psoas.vision.inference import default_threads
from psoas.vision.pose import MediaPipeEstimator

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "media" / "glute_bridges.mp4"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _scaling(video: Path, exercise: str, workers: int) -> dict[str, float]:
    jobs = [(video, None)] * workers
    start = time.perf_counter()
    for job in jobs:
        analyze_files([job], exercise, None, 1)
    serial_s = time.perf_counter() - start
    start = time.perf_counter()
    analyze_files(jobs, exercise, None, workers)
    parallel_s = time.perf_counter() - start
    return {
        "files": workers,
        "serial_s": round(serial_s, 2),
        "parallel_s": round(parallel_s, 2),
        "speedup": round(serial_s / parallel_s, 3),
        "cpu_count": os.cpu_count() or 1,
    }


def _plain_frames(video: Path) -> list[NDArray[np.uint8]]:
    cap = cv2.VideoCapture(str(video))
    frames = []
    while (read := cap.read())[0]:
        frames.append(np.asarray(cv2.cvtColor(read[1], cv2.COLOR_BGR2RGB), np.uint8))
    cap.release()
    return frames


def _bare(frames: list[NDArray[np.uint8]], fps: float, threads: int) -> tuple[int, float]:
    with MediaPipeEstimator(threads=threads) as estimator:
        start = time.perf_counter()
        for i, frame in enumerate(frames):
            estimator.estimate(frame, i / fps)
        return len(frames), time.perf_counter() - start


def _round(video: Path, info: VideoInfo, exercise: Exercise) -> tuple[float, float, float, Analysis, float]:
    """One pipeline run streamed from the file, then bare BlazePose on frames decoded beforehand as the
    usual loop feeds it (OpenCV, full size, RGB), once with mediapipe's one thread and once with the
    pipeline's threads: the three times, the analysis and the peak memory after the streamed run (the
    first round's is the one that counts)."""
    with MediaPipeEstimator() as estimator:
        start = time.perf_counter()
        analysis = analyze_frames(open_frames(video), info, exercise, estimator=estimator)
        full_s = time.perf_counter() - start
    peak = _peak_mb()
    frames = _plain_frames(video)
    _, bare_s = _bare(frames, info.fps, 1)
    _, bare_same_s = _bare(frames, info.fps, default_threads())
    return full_s, bare_s, bare_same_s, analysis, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--exercise", default="glute-bridge")
    parser.add_argument("--workers", type=int, default=1)
    # On a shared machine one pass of each swings by a third; rounds alternate the pipeline and bare
    # BlazePose so both see the same load, and the ratios are the medians of the rounds'.
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not args.video.exists():
        print(json.dumps({"skipped": f"no video at {args.video}"}))
        return 0
    exercise = default_catalog().exercise(args.exercise)
    info = probe(args.video)

    rounds = [_round(args.video, info, exercise) for _ in range(max(1, args.runs))]
    analysis, peak_streamed = rounds[0][3], rounds[0][4]
    n = analysis.report.video.frames
    full_s = statistics.median(r[0] for r in rounds)
    bare_s = statistics.median(r[1] for r in rounds)
    bare_same_s = statistics.median(r[2] for r in rounds)
    first = next(open_frames(args.video)).rgb
    result = {
        "video": str(args.video.name),
        "frames": n,
        "resolution": [info.width, info.height],
        "model_input": [first.shape[1], first.shape[0]],
        "inference_threads": default_threads(),
        "bare_pose_fps": round(n / bare_s, 2),
        "bare_pose_fps_same_threads": round(n / bare_same_s, 2),
        "pipeline_fps": round(n / full_s, 2),
        "ratio": round(statistics.median(r[1] / r[0] for r in rounds), 3),
        "ratio_same_threads": round(statistics.median(r[2] / r[0] for r in rounds), 3),
        "ratios_per_round": [round(r[1] / r[0], 3) for r in rounds],
        "target_ratio": 0.95,
        "peak_memory_mb_streamed": round(peak_streamed, 1),
        "target_peak_memory_mb": 500,
        "rep_count": analysis.report.rep_count,
    }
    if args.workers > 1:
        result["workers"] = _scaling(args.video, args.exercise, args.workers)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
