"""Which pose model runs: the choice per position, the fallback note, and the heavy model's file checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from psoas.catalog import Position
from psoas.errors import MediaError
from psoas.vision.models import (
    HEAVY_NOTE,
    HEAVY_SIZE,
    ModelChoice,
    ModelPick,
    PoseModel,
    choose_model,
    install_heavy,
    installed,
    model_path,
)
from psoas.vision.pose import MediaPipeEstimator

FULL, HEAVY = PoseModel.FULL, PoseModel.HEAVY
LYING, KNEEL, HALF, SIT, STAND, WALK = (
    Position.LYING_ON_BACK,
    Position.KNEELING,
    Position.HALF_KNEELING,
    Position.SITTING,
    Position.STANDING,
    Position.WALKING,
)


@pytest.mark.parametrize(
    ("choice", "positions", "heavy_there", "expected"),
    [
        (ModelChoice.FULL, (LYING,), True, ModelPick(FULL, None)),
        (ModelChoice.HEAVY, (STAND,), True, ModelPick(HEAVY, None)),
        (ModelChoice.HEAVY, (STAND,), False, ModelPick(FULL, HEAVY_NOTE)),
        (ModelChoice.AUTO, (LYING,), True, ModelPick(HEAVY, None)),
        (ModelChoice.AUTO, (KNEEL, HALF), True, ModelPick(HEAVY, None)),
        (ModelChoice.AUTO, (SIT,), True, ModelPick(HEAVY, None)),
        (ModelChoice.AUTO, (LYING,), False, ModelPick(FULL, HEAVY_NOTE)),
        (ModelChoice.AUTO, (STAND,), True, ModelPick(FULL, None)),
        (ModelChoice.AUTO, (STAND, WALK), False, ModelPick(FULL, None)),
    ],
)
def test_model_choice_per_position(
    choice: ModelChoice, positions: tuple[Position, ...], heavy_there: bool, expected: ModelPick
) -> None:
    assert choose_model(choice, positions, heavy_installed=heavy_there) == expected


def test_model_files_sit_where_mediapipe_looks(tmp_path: Path) -> None:
    folder = tmp_path / "modules" / "pose_landmark"
    assert model_path(HEAVY, tmp_path) == folder / "pose_landmark_heavy.tflite"
    assert model_path(FULL, tmp_path) == folder / "pose_landmark_full.tflite"
    assert FULL.complexity == 1
    assert HEAVY.complexity == 2


def test_a_heavy_model_counts_as_installed_only_when_whole(tmp_path: Path) -> None:
    path = model_path(HEAVY, tmp_path)
    assert not installed(HEAVY, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"cut short")
    assert not installed(HEAVY, tmp_path)
    with path.open("r+b") as f:
        f.truncate(HEAVY_SIZE)
    assert installed(HEAVY, tmp_path)


def test_install_refuses_a_file_that_is_not_the_heavy_model(tmp_path: Path) -> None:
    (tmp_path / "modules" / "pose_landmark").mkdir(parents=True)
    fake = tmp_path / "pose_landmark_heavy.tflite"
    fake.write_bytes(b"not a model")
    with pytest.raises(MediaError, match="is not the expected heavy pose model"):
        install_heavy(fake, tmp_path)
    assert list((tmp_path / "modules" / "pose_landmark").iterdir()) == []


def test_the_wheel_bundles_the_full_model() -> None:
    assert installed(FULL)


@pytest.mark.skipif(installed(HEAVY), reason="the heavy model is installed here")
def test_asking_for_a_missing_heavy_model_refuses_before_any_download() -> None:
    with pytest.raises(MediaError, match="heavy pose model is not installed"):
        MediaPipeEstimator(model=HEAVY)
    assert not model_path(HEAVY).exists()


def test_the_estimator_leaves_the_callers_frame_as_it_was() -> None:
    rgb = np.full((120, 160, 3), 90, np.uint8)
    with MediaPipeEstimator() as estimator:
        assert estimator.estimate(rgb, 0.0) is None  # nobody in a grey picture
        assert estimator.estimate(rgb[:, ::2], 0.1) is None  # a strided view is accepted too
    assert rgb.flags.writeable
    assert (rgb == 90).all()
