"""Real photos (../shared/media/poses) against our reading of each one (labels/photos.toml): the position,
the working side and the faults of the photos of exercises the camera follows, and the reason for the
ones that cannot be read. A fault the label marks borderline (within a few degrees of its limit by eye)
may or may not be reported."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from conftest import MEDIA_DIR
from psoas.catalog import default_catalog
from psoas.coach.explain import position_words
from psoas.coach.photo import PHOTO_REASONS, analyze_photo
from psoas.coach.report import PhotoReport

POSES = MEDIA_DIR / "poses"
LABELS = tomllib.loads((Path(__file__).parent / "labels" / "photos.toml").read_text("utf-8"))["photo"]
CHECKED = [p for p in LABELS if "check" in p]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSES.is_dir(), reason=f"test photos not found at {POSES}"),
]


def _rgb(name: str) -> np.ndarray:  # type: ignore[type-arg]
    return np.asarray(cv2.cvtColor(cv2.imread(str(POSES / name)), cv2.COLOR_BGR2RGB), np.uint8)


@functools.cache
def _report(name: str, exercise: str) -> PhotoReport:
    return analyze_photo(_rgb(name), default_catalog().exercise(exercise)).report


def test_every_photo_is_labelled_once() -> None:
    files = sorted(p.name for p in POSES.iterdir() if p.suffix in (".jpg", ".png"))
    assert sorted(p["file"] for p in LABELS) == files


def _reason_start(code: str) -> str:
    """The fixed opening of a reason's sentence (before the numbers and joints filled in)."""
    return PHOTO_REASONS[code].split("{")[0].split("(")[0]


@pytest.mark.parametrize("label", CHECKED, ids=lambda p: p["file"])
def test_photo_matches_our_reading(label: dict[str, Any]) -> None:
    report = _report(label["file"], label["check"])
    q = report.quality
    if not label["usable"]:
        assert not q.valid
        assert q.issues[0].message.startswith(_reason_start(label["why_code"])), q.issues
        return
    spec = default_catalog().exercise(label["check"]).camera
    assert spec is not None
    position = label["position"].split(" (")[0]  # the catalog's word, before any description
    if position not in spec.positions:
        assert not q.valid
        assert [i.code for i in q.issues] == ["wrong-exercise"]
        name = default_catalog().exercise(label["check"]).name.lower()
        assert q.issues[0].message.startswith(f"This looks like {position_words(position)}, not the {name}")
        return
    assert (q.valid, q.position, report.matches) == (True, position, True)
    if label["side"] in ("left", "right", "both"):
        assert report.working_side == label["side"]
    found = {f.code for f in report.faults}
    expected = set(label["faults"])
    assert expected <= found <= expected | set(label.get("borderline", [])), report.faults


def test_two_people_side_by_side_are_refused() -> None:
    """Two real photos put side by side at one height: two people in one picture."""
    pair = [_rgb("bridge_sunita_stock_01.jpg"), _rgb("bridge_fedb_butt_lift_1.jpg")]
    pair = [cv2.resize(im, (round(im.shape[1] * 600 / im.shape[0]), 600)) for im in pair]
    report = analyze_photo(np.hstack(pair), default_catalog().exercise("glute-bridge")).report
    assert not report.quality.valid
    assert report.quality.issues[0].message == PHOTO_REASONS["two-people"]


@pytest.mark.parametrize("name", ["bridge_sunita_stock_01.jpg", "halfkneel_fedb_kneeling_hip_flexor_0.jpg"])
def test_one_person_is_not_taken_for_two(name: str) -> None:
    exercise = "glute-bridge" if name.startswith("bridge") else "kneeling-psoas-stretch"
    assert all(i.message != PHOTO_REASONS["two-people"] for i in _report(name, exercise).quality.issues)
