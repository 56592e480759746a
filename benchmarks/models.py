"""BlazePose full against heavy: speed on the same frames, and how far their landmarks and angles differ.

    python benchmarks/models.py [--media ../shared/media] [--speed-clips glute_bridges lay_back_knee_hugs]

Prints JSON:
- speed: frames per second of each model on the same frames (decoded once, before timing), and
  heavy/full, for each clip named by --speed-clips;
- agreement, for every clip in the media folder: per model, the share of frames with a person and the
  mean visibility of the hips, knees and shoulders; between the models, the median and 95th percentile
  of the absolute difference of each sided angle (degrees; frames where both saw the joints clearly,
  after the pipeline's own smoothing and angle code), and the median landmark distance in percent of
  the picture's height.
Agreement is not accuracy: which model counts better comes from benchmarks/counting.py against labels.
Needs the heavy model (`make heavy-model`); without it, prints why and stops.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import mediapipe  # noqa: F401 - loaded before any timing
import numpy as np

from psoas.coach.analysis import hide_unseen
from psoas.vision.frames import open_frames
from psoas.vision.kinematics import SIDED, column, compute_angles
from psoas.vision.landmarks import KEY_POINTS, Side
from psoas.vision.models import PoseModel, installed
from psoas.vision.pose import MediaPipeEstimator, PoseSequence, estimate_frames
from psoas.vision.smoothing import zero_phase

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
MODELS = (PoseModel.FULL, PoseModel.HEAVY)


def _fps(frames: list[np.ndarray], model: PoseModel) -> float:
    with MediaPipeEstimator(model=model) as estimator:
        estimator.estimate(frames[0], 0.0)  # builds the graph outside the timing
        start = time.perf_counter()
        for i, rgb in enumerate(frames):
            estimator.estimate(rgb, (i + 1) / 30.0)
        return len(frames) / (time.perf_counter() - start)


def speed(clip: Path) -> dict[str, object]:
    frames = [f.rgb for f in open_frames(clip)]
    fps = {m.value: round(_fps(frames, m), 2) for m in MODELS}
    return {"frames": len(frames), "fps": fps, "heavy_over_full": round(fps["heavy"] / fps["full"], 3)}


def _poses(clip: Path, model: PoseModel) -> PoseSequence:
    with MediaPipeEstimator(model=model) as estimator:
        return estimate_frames(open_frames(clip), estimator, source=str(clip))


def _seen(seq: PoseSequence) -> dict[str, float]:
    key = list(KEY_POINTS)
    return {
        "person_found": round(float(seq.found.mean()), 3),
        "key_visibility_mean": round(float(seq.visibility[seq.found][:, key].mean()), 3)
        if seq.found.any()
        else 0.0,
    }


def _angles(seq: PoseSequence, fps: float) -> dict[str, np.ndarray]:
    smooth = replace(seq, image=zero_phase(seq.image, fps), world=zero_phase(seq.world, fps))
    return hide_unseen(compute_angles(smooth), smooth).values


def _spread(diff: np.ndarray) -> dict[str, float]:
    diff = diff[np.isfinite(diff)]
    if not len(diff):
        return {"frames": 0}
    return {
        "frames": len(diff),
        "median": round(float(np.median(diff)), 2),
        "p95": round(float(np.percentile(diff, 95)), 2),
    }


def agreement(clip: Path) -> dict[str, object]:
    seqs = {m: _poses(clip, m) for m in MODELS}
    full, heavy = seqs[PoseModel.FULL], seqs[PoseModel.HEAVY]
    fps = 1 / float(np.median(np.diff(full.t))) if len(full) > 1 else 30.0
    a, b = _angles(full, fps), _angles(heavy, fps)
    angles: dict[str, object] = {}
    for angle in SIDED:
        for side in Side:
            name = column(angle, side)
            angles[name] = _spread(np.abs(a[name] - b[name]))
    both = full.found & heavy.found
    moved = np.linalg.norm(full.image[both] - heavy.image[both], axis=-1) / full.height * 100
    return {
        "frames": len(full),
        **{m.value: _seen(s) for m, s in seqs.items()},
        "landmark_distance_median_pct_height": round(float(np.median(moved)), 3) if both.any() else None,
        "angle_difference_deg": angles,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=MEDIA)
    parser.add_argument("--speed-clips", nargs="*", default=["glute_bridges", "lay_back_knee_hugs"])
    parser.add_argument("--no-agreement", action="store_true", help="only the speed comparison")
    args = parser.parse_args()
    if not installed(PoseModel.HEAVY):
        print(json.dumps({"skipped": "the heavy model is not installed (make heavy-model)"}))
        return 0
    clips = sorted(args.media.glob("*.mp4"))
    if not clips:
        print(json.dumps({"skipped": f"no clips in {args.media}"}))
        return 0
    result: dict[str, object] = {
        "speed": {name: speed(args.media / f"{name}.mp4") for name in args.speed_clips},
    }
    if not args.no_agreement:
        result["agreement"] = {clip.stem: agreement(clip) for clip in clips}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
