"""Cost and accuracy of the camera presence check (one look every 5 s). Prints JSON.

Each look is what `POST /api/presence` does: decode one JPEG, BlazePose (static-image mode), classify.
The frames are the labelled ones (tests/habits/labels/presence.toml), scaled to 640 px on the longer
side and JPEG-encoded in memory, as the page sends them. CPU time is the process's (all its threads,
time.process_time), so MediaPipe's worker threads count; the share of one core is that per look over
the 5 s period (target: under 5%). The first look, which loads the model, is reported apart.

    PYTHONPATH=src python benchmarks/presence.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import cv2
import numpy as np
from presence_frames import MEDIA, Labelled, load_frame, load_labels

from psoas.web.presence_api import Looker

PERIOD_S = 5.0
TARGET_SHARE = 0.05
LONG_SIDE = 640


def _jpeg(label: Labelled) -> bytes:
    rgb = load_frame(label)
    h, w = rgb.shape[:2]
    scale = LONG_SIDE / max(h, w)
    small = cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return bytes(
        cv2.imencode(".jpg", cv2.cvtColor(small, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 80])[1]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the labelled frames")
    args = parser.parse_args(argv)
    if not MEDIA.is_dir():
        print(json.dumps({"skipped": f"test media not found at {MEDIA}"}))
        return 0
    labels = load_labels()
    jpegs = [_jpeg(label) for label in labels]
    looker = Looker()
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    first = looker.look(jpegs[0], None)
    load_cpu, load_wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    answers: list[str] = [first["posture"] or "unknown"]
    cpu, wall = [], []
    for n in range(args.rounds):
        for i, jpeg in enumerate(jpegs):
            c, w = time.process_time(), time.perf_counter()
            look = looker.look(jpeg, None)
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)
            if n == 0 and i > 0:
                answers.append(look["posture"] or "unknown")
    per_look = float(np.mean(cpu))
    right = [a == label.expected for a, label in zip(answers, labels, strict=True)]
    wrong_posture = [
        label.name for a, label in zip(answers, labels, strict=True) if a not in (label.expected, "unknown")
    ]
    result = {
        "looks": len(cpu),
        "frame_long_side_px": LONG_SIDE,
        "mean_jpeg_kb": round(float(np.mean([len(j) for j in jpegs])) / 1024, 1),
        "cpu_ms_per_look": {
            "mean": round(per_look * 1000, 1),
            "p95": round(float(np.percentile(cpu, 95)) * 1000, 1),
        },
        "wall_ms_per_look": {
            "mean": round(float(np.mean(wall)) * 1000, 1),
            "p95": round(float(np.percentile(wall, 95)) * 1000, 1),
        },
        "first_look_with_model_load": {"cpu_s": round(load_cpu, 2), "wall_s": round(load_wall, 2)},
        "period_s": PERIOD_S,
        "share_of_one_core": round(per_look / PERIOD_S, 4),
        "target_share": TARGET_SHARE,
        "within_target": per_look / PERIOD_S < TARGET_SHARE,
        "accuracy": {
            "frames": len(labels),
            "right": int(sum(right)),
            "share": round(sum(right) / len(labels), 3),
            "known_misses_answered_unknown": sum(
                1 for a, label in zip(answers, labels, strict=True) if label.known_miss and a == "unknown"
            ),
            "wrong_posture": wrong_posture,
        },
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
