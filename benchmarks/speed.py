"""`psoas analyze` against the usual open-source rep counter, and the pipeline against bare BlazePose.

    python benchmarks/speed.py [VIDEO] [--runs 5] [--exercise glute-bridge]

Prints JSON with both ratios, measured in this one run:
- whole processes, as a user starts them: `psoas analyze VIDEO -e ID --no-save --json` and
  benchmarks/peer_loop.py (OpenCV decode, BlazePose on each frame, one angle, a threshold counter),
  run alternately so both see the same machine; median wall seconds and CPU seconds (user + system)
  of each, and peer/psoas ratios (above 1: psoas is faster);
- throughput of the pipeline against bare BlazePose on frames decoded beforehand (benchmarks/pipeline.py
  in its own process, --runs rounds alternating the two; median of the rounds' ratios).
Timings depend on the machine and on what else runs on it: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "shared" / "media" / "glute_bridges.mp4"


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (the child's user + system) of one whole process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 5):  # 5: psoas could not see enough; still a full run
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def _summary(samples: list[tuple[float, float]]) -> dict[str, object]:
    walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
    return {
        "wall_s": [round(w, 2) for w in walls],
        "median_wall_s": round(statistics.median(walls), 3),
        "median_cpu_s": round(statistics.median(cpus), 3),
    }


def processes(video: Path, exercise: str, runs: int, model: str) -> dict[str, object]:
    psoas = [sys.executable, "-m", "psoas", "analyze", str(video), "-e", exercise, "--no-save", "--json"]
    psoas += ["--model", model] if model != "full" else []  # the default; older psoas has no flag
    peer = [sys.executable, str(HERE / "peer_loop.py"), str(video)]
    timed: dict[str, list[tuple[float, float]]] = {"psoas": [], "peer": []}
    counts: dict[str, object] = {}
    for i in range(runs):
        order = ("psoas", "peer") if i % 2 == 0 else ("peer", "psoas")  # neither always goes first
        for name in order:
            wall, cpu, out = _timed(psoas if name == "psoas" else peer)
            timed[name].append((wall, cpu))
            counts[name] = json.loads(out)["rep_count"] if name == "psoas" else int(out.split()[-1])
    mine, theirs = _summary(timed["psoas"]), _summary(timed["peer"])
    return {
        "runs": runs,
        "psoas": mine,
        "peer": theirs,
        "rep_counts": counts,
        "wall_ratio_peer_over_psoas": _ratio(theirs, mine, "median_wall_s"),
        "cpu_ratio_peer_over_psoas": _ratio(theirs, mine, "median_cpu_s"),
    }


def _ratio(top: dict[str, object], bottom: dict[str, object], key: str) -> float:
    return round(float(str(top[key])) / float(str(bottom[key])), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--exercise", default="glute-bridge")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", default="full", choices=["full", "heavy", "auto"])
    parser.add_argument("--skip-pipeline", action="store_true", help="only the whole-process comparison")
    args = parser.parse_args()
    if not args.video.exists():
        print(json.dumps({"skipped": f"no video at {args.video}"}))
        return 0
    result: dict[str, object] = {
        "video": args.video.name,
        "cpu_count": os.cpu_count() or 1,
        "load_average_1min_before": round(os.getloadavg()[0], 2),
        "whole_process": processes(args.video, args.exercise, args.runs, args.model),
    }
    if not args.skip_pipeline:
        bench = [sys.executable, str(HERE / "pipeline.py"), str(args.video), "--exercise", args.exercise]
        bench += ["--runs", str(args.runs)]  # rounds alternating pipeline and bare BlazePose
        result["pipeline"] = json.loads(_timed(bench)[2])
    result["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
