"""Real photos of the held poses (../shared/media/poses) as one-frame sequences: the position, angles,
working side and faults psoas reads must match what the photo shows (tests/coach/labels/held_poses.toml,
written by eye before any pose model ran)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import MEDIA_DIR
from psoas.catalog import CameraSpec, Exercise, default_catalog
from psoas.coach.analysis import checkable, hide_unseen
from psoas.coach.rules import breaks, drive_series
from psoas.vision.frames import read_image
from psoas.vision.kinematics import AngleSeries, compute_angles
from psoas.vision.landmarks import Side
from psoas.vision.pose import MediaPipeEstimator, PoseSequence

POSES = MEDIA_DIR / "poses"
LABELS = tomllib.loads((Path(__file__).parent / "labels" / "held_poses.toml").read_text("utf-8"))["photo"]
USABLE = [p for p in LABELS if "unusable" not in p]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSES.is_dir(), reason=f"test photos not found at {POSES}"),
]


@pytest.fixture(scope="module")
def estimator() -> Iterator[MediaPipeEstimator]:
    with MediaPipeEstimator(static_images=True) as est:
        yield est


def _angles(estimator: MediaPipeEstimator, name: str) -> AngleSeries:
    frame = read_image(POSES / name)
    pose = estimator.estimate(frame.rgb, 0.0)
    assert pose is not None, f"no person found in {name}"
    height, width = frame.rgb.shape[:2]
    seq = PoseSequence.stack([0.0], [pose], width=width, height=height)
    return hide_unseen(compute_angles(seq), seq)


def _in_region(spec: CameraSpec, value: float) -> bool:
    assert spec.enter_deg is not None
    return value >= spec.enter_deg if spec.rising else value <= spec.enter_deg


def _working(spec: CameraSpec, angles: AngleSeries) -> Side | str | None:
    """The side whose drive angle is inside the hold's region (None: both legs), or "none"."""
    sides: list[Side | None] = [None] if spec.bilateral else list(Side)
    inside = [s for s in sides if _in_region(spec, float(drive_series(angles, spec.angle, spec.limb, s)[0]))]
    return inside[0] if len(inside) == 1 else "none"


def _faults(exercise: Exercise, angles: AngleSeries, side: Side | None) -> list[str]:
    return [
        f.code
        for f in exercise.faults
        if f.check is not None
        and checkable(f.check, angles.view)
        and bool(breaks(f.check, drive_series(angles, f.check.angle, f.check.limb, side))[0])
    ]


@pytest.mark.parametrize("photo", USABLE, ids=[p["file"] for p in USABLE])
def test_photo_reads_as_seen(estimator: MediaPipeEstimator, photo: dict[str, Any]) -> None:
    angles = _angles(estimator, photo["file"])
    position = angles.position[0]
    assert position is not None and position.value == photo["position"]
    for name, (low, high) in photo["angles"].items():
        assert low <= float(angles[name][0]) <= high, f"{name} = {float(angles[name][0]):.1f}"
    if "exercise" not in photo:
        return
    exercise = default_catalog().exercise(photo["exercise"])
    assert exercise.camera is not None
    assert position in exercise.camera.positions
    side = _working(exercise.camera, angles)
    assert side != "none", "the drive angle is not inside the hold's region"
    assert (side.value if isinstance(side, Side) else "both") == photo["side"]
    assert _faults(exercise, angles, side if isinstance(side, Side) else None) == photo["faults"]


def test_every_photo_of_these_poses_is_described() -> None:
    described = {p["file"] for p in LABELS}
    prefixes = ("warrior1_", "boat_", "camel_", "pigeon_", "seatedside_", "sidecrunch_", "kneelingside_")
    on_disk = {p.name for p in POSES.iterdir() if p.name.startswith(prefixes)}
    assert on_disk == described
    assert all(len(p["unusable"]) > 20 for p in LABELS if "unusable" in p)
