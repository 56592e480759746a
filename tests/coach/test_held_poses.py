"""The six poses the camera learnt last (warrior I, boat, camel, pigeon, bicycle crunch, seated side
stretch) on synthetic clips whose holds, reps, sides and faults are known by construction."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from psoas.catalog import default_catalog
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import Report, VideoMeta
from psoas.vision.pose import PoseSequence
from synth import Stick, facing, joined, sequence

FPS = 30


def _analyze(seq: PoseSequence, exercise: str) -> Report:
    meta = VideoMeta(FPS, len(seq), len(seq) / FPS, seq.width, seq.height)
    return analyze_sequence(seq, default_catalog().exercise(exercise), meta).report


def _held(setup: Stick, pose: Stick, seconds: float = 6.0) -> PoseSequence:
    """One second of `setup`, then `pose` held still for `seconds`, then `setup` again."""
    return sequence([setup] * FPS + [pose] * int(seconds * FPS) + [setup] * FPS)


def _one_hold(report: Report, side: str, seconds: float = 6.0) -> None:
    assert report.quality.valid
    (hold,) = report.holds
    assert hold.side == side
    # The hold starts where the body came to rest after the setup (1 s), once a stillness window showed it.
    assert hold.start_s == pytest.approx(1.0, abs=0.1)
    assert hold.duration_s == pytest.approx(seconds, abs=0.1)


STAND = Stick()
WARRIOR = Stick(hip_left=-40, knee_left=0, hip_right=85, knee_right=90)


def test_warrior_one_holds_the_back_leg_side_in_form() -> None:
    report = _analyze(_held(STAND, WARRIOR), "warrior-one")
    _one_hold(report, "left")  # the back leg, whose hip flexors stretch
    assert report.holds[0].in_form_s == pytest.approx(report.holds[0].duration_s, abs=0.05)
    assert report.faults == ()


@pytest.mark.parametrize(
    ("pose", "fault"),
    [
        (replace(WARRIOR, knee_left=30), "back-knee-bent"),
        (replace(WARRIOR, knee_right=40, hip_right=45), "front-knee-angle"),
        # Trunk 20° forward with the back thigh 55° behind vertical and the front thigh level.
        (replace(WARRIOR, trunk_deg=20, hip_left=-35, hip_right=110), "leaning-forward"),
    ],
)
def test_warrior_one_faults(pose: Stick, fault: str) -> None:
    report = _analyze(_held(STAND, pose), "warrior-one")
    assert [f.code for f in report.faults] == [fault]
    # Out of form from the start: at most the frames where smoothing still blends the setup in.
    assert report.holds[0].in_form_s <= 0.1


SIT = Stick(hip_left=90, knee_left=90, hip_right=90, knee_right=90)
BOAT = Stick(trunk_deg=-30, hip_left=105, hip_right=105, knee_left=45, knee_right=45)


def test_boat_pose_holds_both_legs() -> None:
    report = _analyze(_held(SIT, BOAT), "boat-pose")
    _one_hold(report, "both")
    assert report.faults == ()


def test_boat_pose_faults_a_sinking_trunk_and_low_legs() -> None:
    # Trunk 55° back, thighs 27° up (hips at 62° to the trunk): in the V, but rounded and low.
    report = _analyze(_held(SIT, Stick(trunk_deg=-55, hip_left=62, hip_right=62)), "boat-pose")
    assert len(report.holds) == 1
    assert sorted({f.code for f in report.faults}) == ["legs-dropping", "rounded-back"]


KNEEL = Stick(hip_left=0, hip_right=0, knee_left=90, knee_right=90)
CAMEL = Stick(trunk_deg=-40, hip_left=-40, hip_right=-40, knee_left=90, knee_right=90)


def test_camel_pose_holds_with_the_neck_long() -> None:
    report = _analyze(_held(KNEEL, CAMEL), "camel-pose")
    _one_hold(report, "both")
    assert report.faults == ()


def test_camel_pose_faults_the_head_thrown_back_and_hips_sitting_back() -> None:
    dropped = replace(CAMEL, neck_deg=-50.0)
    assert [f.code for f in _analyze(_held(KNEEL, dropped), "camel-pose").faults] == ["neck-dropping"]
    # Hips 30° behind the knees: thighs 60° below horizontal, shins flat, trunk still 40° back.
    back = Stick(trunk_deg=-40, hip_left=-10, hip_right=-10, knee_left=120, knee_right=120)
    assert [f.code for f in _analyze(_held(KNEEL, back), "camel-pose").faults] == ["hips-sitting-back"]


PIGEON = Stick(hip_left=-80, knee_left=10, hip_right=90, knee_right=165)


def test_pigeon_pose_holds_the_back_leg_side() -> None:
    report = _analyze(_held(KNEEL, PIGEON), "pigeon-pose")
    _one_hold(report, "left")
    assert [f.code for f in report.faults] == []
    assert any(i.code == "not-checked" for i in report.quality.issues)  # pelvis level needs the front


def test_pigeon_pose_faults_a_bent_back_leg() -> None:
    bent = replace(PIGEON, knee_left=60.0)
    assert [f.code for f in _analyze(_held(KNEEL, bent), "pigeon-pose").faults] == ["back-leg-bent"]


def _pedal(sides: list[str], turn: float) -> list[Stick]:
    """Lying on the back, legs out at 40°; each knee in turn comes in to 100° and out again while the
    trunk turns `turn` degrees towards it at the top."""
    rest = Stick(trunk_deg=-90, shoulder_width=0, hip_left=40, hip_right=40)
    out = [rest] * FPS
    for side in sides:
        sign = 1.0 if side == "left" else -1.0
        for a in [*np.linspace(40, 100, 12), *[100.0] * 6, *np.linspace(100, 40, 12), *[40.0] * 10]:
            share = (a - 40) / 60
            twist = sign * turn * share
            if side == "left":
                out.append(replace(rest, hip_left=a, knee_left=90 * share, twist_deg=twist))
            else:
                out.append(replace(rest, hip_right=a, knee_right=90 * share, twist_deg=twist))
    return out


def test_bicycle_crunch_counts_each_knee_with_its_side() -> None:
    report = _analyze(sequence(_pedal(["left", "right", "left", "right"], 40.0)), "side-crunch")
    assert report.quality.valid
    assert [r.side for r in report.reps] == ["left", "right", "left", "right"]
    assert report.counts == {"left": 2, "right": 2}
    assert all(r.in_form for r in report.reps)


def test_bicycle_crunch_needs_the_trunk_to_turn() -> None:
    report = _analyze(sequence(_pedal(["left", "right"], 0.0)), "side-crunch")
    assert report.rep_count == 0
    assert any("does not look like a bicycle crunch" in n for n in report.notes)
    shallow = _analyze(sequence(_pedal(["left", "right"], 30.0)), "side-crunch")
    assert shallow.rep_count == 2
    assert [f.code for f in shallow.faults] == ["not-turning", "not-turning"]


def _side_stretch(bends: list[float], pelvis: float = 0.0) -> PoseSequence:
    frames = []
    for bend in bends:
        frames += [facing()] * FPS + [facing(bend_deg=bend, pelvis_deg=pelvis)] * (5 * FPS)
    return joined([*frames, *[facing()] * FPS])


def test_seated_side_stretch_times_each_side() -> None:
    report = _analyze(_side_stretch([30.0, -30.0]), "seated-lateral-stretch")
    assert report.quality.valid
    # Leaning left first stretches the right flank, then leaning right the left one.
    assert [h.side for h in report.holds] == ["right", "left"]
    assert [round(h.duration_s, 1) for h in report.holds] == [5.0, 5.0]
    assert report.faults == ()


def test_seated_side_stretch_faults_a_lifting_hip_and_wants_the_front() -> None:
    lifted = _analyze(_side_stretch([30.0], pelvis=15.0), "seated-lateral-stretch")
    assert {f.code for f in lifted.faults} == {"hip-lifting"}
    side_on = _analyze(
        sequence([Stick(hip_left=90, hip_right=90, knee_left=90, knee_right=90)] * 90),
        "seated-lateral-stretch",
    )
    assert not side_on.quality.valid
    assert "not-facing" in {i.code for i in side_on.quality.issues}
