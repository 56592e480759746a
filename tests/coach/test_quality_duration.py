"""A report needs some time on camera: a 1-frame clip is not a valid analysis, and a report read by a
person never says "None"."""

from __future__ import annotations

import dataclasses

from rich.console import Console

from psoas.catalog import default_catalog
from psoas.cli.analyze import report_view
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import Report, VideoMeta
from psoas.vision.pose import PoseSequence
from synth import Stick, bridges, sequence

TOP = Stick(trunk_deg=-90, hip_left=0.0, hip_right=0.0, knee_left=110, knee_right=110)


def _analyze(seq: PoseSequence) -> Report:
    meta = VideoMeta(30.0, len(seq), len(seq) / 30.0, seq.width, seq.height)
    return analyze_sequence(seq, default_catalog().exercise("glute-bridge"), meta).report


def test_a_one_frame_clip_is_not_a_valid_report() -> None:
    report = _analyze(sequence([TOP]))
    assert report.quality.valid is False
    short = [i for i in report.quality.issues if i.code == "too-short"]
    assert [(i.message, i.frames, i.fraction) for i in short] == [
        ("the clip shows 0.0 s; at least 0.5 s is needed", 1, 1.0)
    ]


def test_half_a_second_is_the_boundary() -> None:
    """At 30 fps, 16 frames span 15/30 = 0.5 s (enough); 15 frames span 0.467 s (too short)."""
    enough, short = _analyze(sequence([TOP] * 16)), _analyze(sequence([TOP] * 15))
    assert "too-short" not in [i.code for i in enough.quality.issues] and enough.quality.valid
    assert "too-short" in [i.code for i in short.quality.issues] and not short.quality.valid


def test_the_summary_never_shows_none() -> None:
    report = _analyze(sequence(bridges(1)))
    unknown = dataclasses.replace(
        report, working_side=None, quality=dataclasses.replace(report.quality, position=None)
    )
    console = Console(width=200, record=True)
    console.print(report_view(unknown))
    text = console.export_text()
    assert "None" not in text and "usable frames 100%" in text
    console.print(report_view(report))
    assert "working side both" in console.export_text() or "working side" in console.export_text()
