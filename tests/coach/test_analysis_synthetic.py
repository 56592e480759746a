"""The whole analysis on synthetic clips whose reps, holds and faults are known by construction."""

from __future__ import annotations

import io

import numpy as np
import pytest

from psoas.catalog import default_catalog
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import VideoMeta
from psoas.errors import UnsupportedExerciseError
from psoas.vision.pose import PoseSequence
from synth import Stick, bridges, sequence


def _meta(seq: PoseSequence) -> VideoMeta:
    return VideoMeta(30.0, len(seq), len(seq) / 30.0, seq.width, seq.height)


def _analyze(seq: PoseSequence, exercise: str):  # type: ignore[no-untyped-def]
    return analyze_sequence(seq, default_catalog().exercise(exercise), _meta(seq)).report


@pytest.mark.parametrize("n", [1, 4])
def test_bridges_are_counted(n: int) -> None:
    report = _analyze(sequence(bridges(n)), "glute-bridge")
    assert report.quality.valid
    assert report.quality.usable_fraction == 1.0
    assert report.rep_count == n
    assert all(r.side == "both" and r.in_form for r in report.reps)
    assert [round(r.peak_angle_deg) for r in report.reps] == [0] * n


def test_dropouts_do_not_change_the_count() -> None:
    seq = sequence(bridges(3))
    seq.image[::7] = np.nan  # every 7th frame lost
    seq.found[::7] = False
    report = _analyze(seq, "glute-bridge")
    assert report.rep_count == 3
    no_person = next(i for i in report.quality.issues if i.code == "no-person")
    assert no_person.frames == len(range(0, len(seq), 7))


def test_sagging_bridge_is_a_fault_with_its_cue() -> None:
    postures = [
        Stick(trunk_deg=-90, hip_left=a, hip_right=a, knee_left=110, knee_right=110)
        for a in [50.0] * 30
        + list(np.linspace(50, 22, 30))
        + [22.0] * 30
        + list(np.linspace(22, 50, 30))
        + [50.0] * 30
    ]
    report = _analyze(sequence(postures), "glute-bridge")
    assert report.rep_count == 1
    assert not report.reps[0].in_form
    assert [f.code for f in report.faults] == ["hips-sagging"]
    assert report.faults[0].cue.startswith("Drive through the heels")


def test_a_standing_clip_is_not_a_bridge() -> None:
    postures = [Stick(hip_left=a, hip_right=0) for a in [0.0] * 30 + list(np.linspace(0, 90, 30)) * 3]
    report = _analyze(sequence(postures), "glute-bridge")
    assert not report.quality.valid
    assert report.rep_count == 0
    assert [i.code for i in report.quality.issues] == ["wrong-exercise"]


def test_a_second_person_jumping_in_is_flagged() -> None:
    seq = sequence(bridges(2))
    seq.image[100:103] += np.array([400.0, -300.0])  # another body tracked for three frames
    report = _analyze(seq, "glute-bridge")
    jump = next(i for i in report.quality.issues if i.code == "pose-jump")
    assert jump.frames == 2  # the jump in and the jump back out
    assert report.rep_count == 2


def test_kneeling_hold_times_only_good_form() -> None:
    fps = 30
    setup = [
        Stick(hip_left=40, knee_left=90, hip_right=90, knee_right=90)
    ] * fps  # hips back: not yet stretching
    good = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=90)] * (6 * fps)
    knee_forward = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=130)] * (4 * fps)
    end = [Stick(hip_left=40, knee_left=90, hip_right=90, knee_right=90)] * fps
    report = _analyze(sequence(setup + good + knee_forward + end), "kneeling-psoas-stretch")
    assert report.quality.valid
    assert report.working_side == "left"
    # Stillness is read from the hips, which stay put while the front knee goes forward at 7 s: one hold,
    # from when the hips stopped moving at the end of the setup (1 s), once a stillness window showed it.
    settled = 1.0
    (hold,) = report.holds
    assert hold.side == "left"
    assert hold.start_s == pytest.approx(settled, abs=0.1)
    assert hold.duration_s == pytest.approx(11.0 - settled, abs=0.15)
    assert hold.in_form_s == pytest.approx(7.0 - settled, abs=0.1)
    assert [f.code for f in report.faults] == ["front-knee-angle"]
    assert report.faults[0].start_s == pytest.approx(7.0, abs=0.05)
    assert any(i.code == "not-checked" for i in report.quality.issues)  # pelvis_level needs a front view


def test_right_side_stretch_is_detected() -> None:
    good = [Stick(hip_right=-20, knee_right=90, hip_left=80, knee_left=90)] * 150
    report = _analyze(sequence(good), "kneeling-psoas-stretch")
    assert report.working_side == "right"
    assert report.holds[0].duration_s == pytest.approx(149 / 30)


def test_alternating_knee_raises() -> None:
    lift = list(np.linspace(0, 90, 15)) + [90.0] * 10 + list(np.linspace(90, 0, 15)) + [0.0] * 15
    postures = [Stick()] * 30
    for side in ("left", "right", "left", "right"):
        postures += [Stick(**{f"hip_{side}": a, f"knee_{side}": a}) for a in lift]
    report = _analyze(sequence(postures), "standing-hip-flexion")
    assert [r.side for r in report.reps] == ["left", "right", "left", "right"]
    assert all(r.in_form for r in report.reps)


def test_an_exercise_the_camera_cannot_follow_says_why() -> None:
    with pytest.raises(
        UnsupportedExerciseError, match="'diaphragmatic-breathing': The camera does not follow"
    ):
        _analyze(sequence([Stick()] * 10), "diaphragmatic-breathing")


def test_a_clip_of_another_exercise_says_what_it_looks_like_and_gives_no_model_numbers() -> None:
    postures = [Stick(hip_left=a, hip_right=0) for a in [0.0] * 30 + list(np.linspace(0, 90, 30)) * 3]
    report = _analyze(sequence(postures), "glute-bridge")
    assert not report.quality.valid and report.psoas is None
    assert [i.message for i in report.quality.issues] == [
        "This looks like standing, not the glute bridge, which is done lying on the back: "
        "choose the exercise you did, or leave the exercise empty to have it recognised."
    ]


def _shown(report: object) -> str:
    from rich.console import Console  # noqa: PLC0415

    from psoas.cli.analyze import report_view  # noqa: PLC0415

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(report_view(report))  # type: ignore[arg-type]
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


def test_the_terminal_says_what_another_exercise_looks_like_and_explains_the_numbers() -> None:
    postures = [Stick(hip_left=a, hip_right=0) for a in [0.0] * 30 + list(np.linspace(0, 90, 30)) * 3]
    wrong = _shown(_analyze(sequence(postures), "glute-bridge"))
    assert "This looks like standing, not the glute bridge, which is done lying on the back" in wrong
    assert "psoas" not in wrong.split("filmed from")[1] and "% of frames" not in wrong
    right = _shown(_analyze(sequence(bridges(2)), "glute-bridge"))
    assert "Peak angle: the hip angle: 0° with thigh and trunk in one line" in right
