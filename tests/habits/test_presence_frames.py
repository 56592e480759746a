"""The presence classifier with the real pose model on frames we labelled by eye (labels/presence.toml).

A frame is decoded from ../shared/media at test time and never written. Where the label records a known
miss the classifier must say unknown; nowhere may it name a posture other than the one we saw.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from psoas.habits.presence import Basis, Look, Posture, classify, shoulders_of
from psoas.vision.pose import MediaPipeEstimator

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from presence_frames import MEDIA, Labelled, load_frame, load_labels

LABELS = load_labels()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MEDIA.is_dir(), reason=f"test media not found at {MEDIA}"),
]


@pytest.fixture(scope="module")
def estimator() -> Iterator[MediaPipeEstimator]:
    # One look every few seconds: frames are unrelated, so no tracking between them.
    with MediaPipeEstimator(static_images=True) as e:
        yield e


def test_every_label_is_one_of_the_four_answers() -> None:
    assert {label.expected for label in LABELS} == {"sitting", "standing", "away", "unknown"}
    assert all(label.expected != "unknown" for label in LABELS if label.known_miss)


@pytest.mark.parametrize("label", LABELS, ids=[label.name for label in LABELS])
def test_a_labelled_frame(label: Labelled, estimator: MediaPipeEstimator) -> None:
    rgb = load_frame(label)
    look = classify(estimator.estimate(rgb, 0.0), (rgb.shape[1], rgb.shape[0]))
    answer = look.posture.value if look.posture else "unknown"
    if label.known_miss:
        assert (answer, look.basis) == ("unknown", Basis.UNKNOWN)
    else:
        assert answer == label.expected
        assert look.confidence >= (0.6 if answer != "unknown" else 0.0)


def test_laptop_framing_with_a_calibrated_seat(estimator: MediaPipeEstimator) -> None:
    """A real head-and-shoulders crop (the wall-stretch woman at 1 s, facing the camera; crop chosen by
    looking: x 0.3-0.65, y 0-0.45 of the frame, hips just out of it) stands for a laptop camera. The same
    crop moved 200 px down the picture (its top filled by repeating the top row) is where she would sit;
    her shoulders are ~194 px apart, so standing is 200/194 = 1.03 shoulder widths higher: over 0.8."""
    rgb = load_frame(Labelled("people/standing_quad_stretch_woman.mp4", "standing", 1.0))
    h, w = rgb.shape[:2]
    high = np.ascontiguousarray(rgb[: int(0.45 * h), int(0.3 * w) : int(0.65 * w)])
    low = np.ascontiguousarray(cv2.copyMakeBorder(high[:-200], 200, 0, 0, 0, cv2.BORDER_REPLICATE), np.uint8)
    size = (high.shape[1], high.shape[0])
    seated_pose, standing_pose = estimator.estimate(low, 0.0), estimator.estimate(high, 1.0)
    assert classify(seated_pose, size) == Look(None, 0.0, Basis.UNKNOWN)  # no calibration: no guess
    seat = shoulders_of(seated_pose, size) if seated_pose else None
    assert seat is not None
    assert seat.shoulder_width == pytest.approx(194 / 672, abs=0.02)
    sitting = classify(seated_pose, size, seated=seat)
    standing = classify(standing_pose, size, seated=seat)
    assert (sitting.posture, sitting.basis) == (Posture.SITTING, Basis.SHOULDERS)
    assert (standing.posture, standing.basis) == (Posture.STANDING, Basis.SHOULDERS)
