"""The annotated video's overlay says what the report says, frame by frame; drawing marks the picture."""

from __future__ import annotations

import numpy as np
import pytest

from psoas.catalog import AngleName, Limb, default_catalog
from psoas.coach.analysis import Analysis, analyze_sequence
from psoas.coach.annotate import FAULT, GOOD, Overlay, draw, overlays
from psoas.coach.report import VideoMeta
from psoas.coach.rules import drive_series
from psoas.vision.landmarks import Landmark, Side
from psoas.vision.pose import PoseSequence
from synth import Stick, bridges, sequence


def _analysis(seq: PoseSequence, exercise: str) -> Analysis:
    meta = VideoMeta(30.0, len(seq), len(seq) / 30.0, seq.width, seq.height)
    return analyze_sequence(seq, default_catalog().exercise(exercise), meta)


def test_rep_count_rises_as_each_rep_ends() -> None:
    analysis = _analysis(sequence(bridges(2)), "glute-bridge")
    drive = drive_series(analysis.angles, AngleName.HIP_FLEXION, Limb.WORKING, None)
    shown = overlays(analysis, "hip flexion", drive)
    ends = [r.end_s for r in analysis.report.reps]
    t = analysis.angles.t
    for k, end in enumerate(ends, 1):
        first = int(np.flatnonzero(t >= end)[0])
        assert (shown[first - 1].reps, shown[first].reps) == (k - 1, k)
    assert shown[0].hold_s is None
    assert shown[45].angle_deg == pytest.approx(drive[45])


def test_hold_timer_and_fault_cue_follow_the_report() -> None:
    fps = 30
    setup = [Stick(hip_left=40, knee_left=90, hip_right=90, knee_right=90)] * fps
    good = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=90)] * (6 * fps)
    knee_forward = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=130)] * (4 * fps)
    end = [Stick(hip_left=40, knee_left=90, hip_right=90, knee_right=90)] * fps
    analysis = _analysis(sequence(setup + good + knee_forward + end), "kneeling-psoas-stretch")
    drive = drive_series(analysis.angles, AngleName.HIP_FLEXION, Limb.WORKING, Side.LEFT)
    shown = overlays(analysis, "hip flexion (left)", drive)
    (hold,) = analysis.report.holds
    assert shown[fps - 1].hold_s is None  # before the hold
    assert shown[4 * fps].hold_s == pytest.approx(4.0 - hold.start_s, abs=0.05)  # in the good part
    assert shown[-1].hold_s == pytest.approx(hold.in_form_s, abs=1e-9)  # the total, once it ends
    (fault,) = analysis.report.faults
    mid_fault = 9 * fps
    assert shown[mid_fault].fault and shown[mid_fault].cue == fault.cue
    assert not shown[4 * fps].fault and shown[4 * fps].cue is None


def test_unusable_frames_say_why() -> None:
    seq = sequence(bridges(1))
    seq.found[10] = False
    seq.image[10] = np.nan
    analysis = _analysis(seq, "glute-bridge")
    shown = overlays(analysis, "hip flexion", np.full(len(seq), np.nan))
    assert shown[10].cue == "No person found"
    assert shown[10].angle_deg is None


def test_draw_marks_a_copy_in_the_fault_colour() -> None:
    seq = sequence([Stick()])
    frame = np.zeros((1920, 1080, 3), np.uint8)
    overlay = Overlay(
        reps=2, hold_s=None, angle_label="hip flexion", angle_deg=12.0, cue="Stand tall.", fault=True
    )
    out = draw(frame, seq.image[0], seq.visibility[0], overlay)
    assert not frame.any()  # the input is untouched
    hip, knee = seq.image[0, Landmark.LEFT_HIP], seq.image[0, Landmark.LEFT_KNEE]
    x, y = ((hip + knee) / 2).astype(int)
    assert tuple(out[y, x]) == FAULT  # the middle of the thigh bone
    good = draw(frame, seq.image[0], seq.visibility[0], Overlay(None, 4.0, "hip flexion", None, None, False))
    assert tuple(good[y, x]) == GOOD
