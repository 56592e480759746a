"""Can a side-on person's anatomical left and right be read without BlazePose's labels? Evidence per clip.

    PYTHONPATH=src python benchmarks/profile_sides.py [--model full|heavy]

Upright, side-on, face in profile: the side toward the camera is the person's right when they face
picture-right (nose ahead of the ears' midpoint, which needs no label), their left when they face
picture-left. The labels put near whichever side has the smaller world depth of shoulders and hips.

Per labelled clip (poses from benchmarks/posecache.py): the frames where both are clear, how many of them
have mirrored trunk labels as the model gave them, and how many after psoas's whole-body relabelling
(camera.fix_side_swaps). Then, for each labelled side-on knee raise, the leg the model lifts at the peak:
its label and whether its own depth puts it near, against the side the frames show and the side the
profile says is near. A label-free rule for the working leg needs that depth to be right.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from clip_labels import Clip, load_clips
from numpy.typing import NDArray
from posecache import cached_poses

from psoas.vision.camera import SIDE_MAX_DEG, fix_side_swaps, view_angle
from psoas.vision.kinematics import midpoint
from psoas.vision.landmarks import Landmark
from psoas.vision.pose import PoseSequence

FACE_MIN = 0.15  # nose ahead of the ears' midpoint by this share of the trunk: a face in profile
DEPTH_MIN_M = 0.1  # labelled sides' trunks at least this far apart in depth
Mask = NDArray[np.bool_]


def _profile(seq: PoseSequence) -> tuple[Mask, Mask, NDArray[np.float64]]:
    """Per frame: clear (upright, side-on, in profile, depth apart), labels mirrored, facing (+1 right)."""
    im, world = seq.image, seq.world
    shoulders = midpoint(im, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hips = midpoint(im, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    ears = midpoint(im, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)
    trunk = np.linalg.norm(shoulders - hips, axis=1)
    ahead = im[:, Landmark.NOSE, 0] - ears[:, 0]
    left = world[:, [Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP], 2].mean(axis=1)
    gap = left - world[:, [Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP], 2].mean(axis=1)
    with np.errstate(invalid="ignore"):
        upright = (shoulders[:, 1] < hips[:, 1] - 0.5 * trunk) & (ears[:, 1] < shoulders[:, 1])
        clear = seq.found & upright & (view_angle(world) < SIDE_MAX_DEG)
        clear &= (np.abs(ahead) >= FACE_MIN * trunk) & (np.abs(gap) >= DEPTH_MIN_M)
    return clear, (ahead > 0) != (gap > 0), np.sign(ahead)


def _lifted(
    seq: PoseSequence, clip: Clip, clear: Mask, facing: NDArray[np.float64]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for e in clip.events:
        if e.kind != "rep" or e.movement != "knee-raise" or e.side not in ("left", "right"):
            continue
        i = int(np.argmin(np.abs(seq.t - e.peak_s)))
        knees = (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)
        up = int(np.argmin([seq.image[i, k, 1] for k in knees]))  # the higher knee in the picture
        depth = [seq.world[i, k, 2] for k in knees]
        near_side = "right" if facing[i] > 0 else "left"
        rows.append(
            {
                "peak_s": e.peak_s,
                "profile_clear": bool(clear[i]),  # truth_near means something only here
                "truth": e.side,
                "truth_near": e.side == near_side,
                "model_label": ("left", "right")[up],
                "model_depth_near": bool(depth[up] < depth[1 - up]),
                "model_visibility": round(float(seq.visibility[i, knees[up]]), 2),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="full", choices=["full", "heavy"])
    args = parser.parse_args()
    out = []
    for clip in load_clips():
        if not clip.path.is_file():
            continue
        seq, _ = cached_poses(clip.path, model=args.model)
        clear, mirrored, facing = _profile(seq)
        _, swapped = fix_side_swaps(seq)
        relabelled = np.where(swapped, ~mirrored, mirrored)
        out.append(
            {
                "clip": clip.name,
                "clear_frames": int(clear.sum()),
                "mirrored_as_given": int((clear & mirrored).sum()),
                "mirrored_after_relabelling": int((clear & relabelled).sum()),
                "knee_raises": _lifted(seq, clip, clear, facing),
            }
        )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
