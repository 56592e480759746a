"""The clip labels are data the benchmark trusts: every field in range, every exercise id real."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from psoas.catalog import default_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from clip_labels import MOVEMENTS, load_clips

CLIPS = load_clips()


def test_both_folders_are_labelled() -> None:
    folders = {c.path.parent.name for c in CLIPS}
    assert folders == {"media", "people"}
    assert len(CLIPS) == 33  # every clip of ../shared/media and its people/ folder


@pytest.mark.parametrize("clip", CLIPS, ids=[c.name for c in CLIPS])
def test_a_clip_label_is_consistent(clip: object) -> None:
    from clip_labels import Clip  # noqa: PLC0415

    assert isinstance(clip, Clip)
    ids = {e.id for e in default_catalog().exercises}
    assert set(clip.matches) <= ids
    start, end = clip.span
    assert 0 <= start < end
    for e in clip.events:
        assert e.kind in {"rep", "hold", "partial", "position"}
        assert e.side in {"left", "right", "both"}
        assert start - 0.05 <= e.start_s <= e.peak_s <= e.end_s <= end + 0.05
    followed = [m for m in clip.matches if m in MOVEMENTS]
    assert all(clip.reps(m) or clip.holds(m) or clip.events for m in followed)
