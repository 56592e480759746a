"""The presence classifier with the real pose model on frames we labelled by eye (labels/presence.toml).

A frame is decoded from ../shared/media at test time and never written. Where the label records a known
miss the classifier must say unknown; nowhere may it name a posture other than the one we saw.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from psoas.habits.presence import Basis, classify
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
