"""BlazePose landmarks of a clip, computed once and kept on disk, so benchmarks that compare counting
methods over many clips re-run only the cheap stages.

    python benchmarks/posecache.py CLIP... [--model full|heavy] [--variant NAME]

The cache lives in $PSOAS_POSE_CACHE (default ~/.cache/psoas/poses), one .npz per clip content hash,
model and variant (benchmarks/variants.py: the clip mirrored, at half the frame rate, ...); it holds
numbers only, never frames.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from variants import VARIANTS

from psoas.vision.frames import Frame, open_frames, probe
from psoas.vision.models import PoseModel
from psoas.vision.pose import MediaPipeEstimator, PoseSequence, estimate_frames

__all__ = ["cache_dir", "cached_poses"]


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "psoas" / "poses"
    return Path(os.environ.get("PSOAS_POSE_CACHE", default))


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:20]


def _frames(path: Path, variant: str | None) -> Iterator[Frame]:
    if variant is None:
        yield from open_frames(path)
        return
    v = VARIANTS[variant]
    for frame in open_frames(path):
        if frame.index % v.every == 0:
            yield Frame(frame.index // v.every, frame.t, v.frame(frame.rgb))


def cached_poses(
    path: Path, *, model: str = "full", variant: str | None = None
) -> tuple[PoseSequence, float]:
    """The clip's poses and frame rate (of the variant, when one is named), from the cache when present."""
    v = VARIANTS[variant] if variant else None
    if v is None or v.speed == 1.0:
        return _poses(path, model, variant)
    seq, fps = _poses(path, model, v.frames_of or variant)  # played faster: the times divided by the speed
    return replace(seq, t=seq.t / v.speed), fps * v.speed


def _poses(path: Path, model: str, variant: str | None) -> tuple[PoseSequence, float]:
    suffix = f"-{variant}" if variant else ""
    target = cache_dir() / f"{_digest(path)}-{model}{suffix}.npz"
    if target.is_file():
        data = np.load(target)
        seq = PoseSequence(
            data["t"], data["image"], data["visibility"], data["world"], data["found"],
            int(data["width"]), int(data["height"]),
        )  # fmt: skip
        return seq, float(data["fps"])
    fps = probe(path).fps / (VARIANTS[variant].every if variant else 1)
    with MediaPipeEstimator(model=PoseModel(model)) as estimator:
        seq = estimate_frames(_frames(path, variant), estimator, source=str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp, t=seq.t, image=seq.image, visibility=seq.visibility, world=seq.world, found=seq.found,
        width=seq.width, height=seq.height, fps=fps,
    )  # fmt: skip
    tmp.replace(target)
    return seq, fps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="+", type=Path)
    parser.add_argument("--model", default="full", choices=["full", "heavy"])
    parser.add_argument("--variant", choices=sorted(VARIANTS))
    args = parser.parse_args(argv)
    for clip in args.clips:
        seq, fps = cached_poses(clip, model=args.model, variant=args.variant)
        print(
            f"{clip.name}: {len(seq)} frames at {fps:.2f} fps, person in {seq.found.mean():.0%}", flush=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
