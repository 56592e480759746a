"""Which pose model runs: the choice per position, the fallback note, the heavy model's file checks, and
the threads its network runs on."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from psoas.catalog import Position
from psoas.errors import MediaError
from psoas.vision.frames import open_frames
from psoas.vision.inference import MAX_THREADS, default_threads
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


def _os_threads() -> int:
    return sum(1 for _ in Path("/proc/self/task").iterdir())


def _threads_started(threads: int, rgb: NDArray[np.uint8]) -> int:
    before = _os_threads()
    with MediaPipeEstimator(threads=threads) as estimator:
        estimator.estimate(rgb, 0.0)
        return _os_threads() - before


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_the_network_runs_on_the_threads_asked_for() -> None:
    # Each of the graph's two networks (person detector, landmarks) gets a pool of threads - 1 workers
    # beside the caller's thread, so asking for 3 threads instead of 1 starts 2 × 2 more.
    rgb = np.full((120, 160, 3), 90, np.uint8)
    assert _threads_started(3, rgb) - _threads_started(1, rgb) == 4


@pytest.mark.parametrize(
    ("omp", "cores", "expected"),
    [(None, 2, 2), (None, 1, 1), (None, 16, MAX_THREADS), ("1", 16, 1), ("3", 2, 3), ("9", 2, MAX_THREADS),
     ("0", 2, 2), ("two", 2, 2)],
)  # fmt: skip
def test_default_threads_follow_omp_num_threads_then_the_cores(
    monkeypatch: pytest.MonkeyPatch, omp: str | None, cores: int, expected: int
) -> None:
    if omp is None:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OMP_NUM_THREADS", omp)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    assert default_threads() == expected


CLIP = Path(__file__).resolve().parents[3] / "shared" / "media" / "knee_lifts.mp4"


@pytest.mark.slow
@pytest.mark.skipif(not CLIP.exists(), reason="needs ../shared/media/knee_lifts.mp4")
def test_more_threads_give_the_very_same_landmarks_on_a_real_clip() -> None:
    frames = [f.rgb for f in itertools.islice(open_frames(CLIP), 45)]
    runs = []
    for threads in (1, 2):
        with MediaPipeEstimator(threads=threads) as estimator:
            runs.append([estimator.estimate(rgb, i / 30) for i, rgb in enumerate(frames)])
    assert all(p is not None for p in runs[0])
    for one, two in zip(*runs, strict=True):
        assert one is not None and two is not None
        assert np.array_equal(one.image, two.image) and np.array_equal(one.world, two.world)
