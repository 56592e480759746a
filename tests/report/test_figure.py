"""The demonstration figures: one per exercise, drawn from the catalog's key poses at the dose's tempo."""

from __future__ import annotations

import math

import pytest

from psoas.catalog import default_catalog
from psoas.catalog.demo import THOMAS, Demo, View, load_demos
from psoas.report.figure import NECK, SHIN, THIGH, TRUNK, Timing, demo_svg, frames, skeleton


def test_every_exercise_and_the_thomas_test_have_a_demo() -> None:
    ids = {e.id for e in default_catalog().exercises}
    assert set(load_demos()) == ids | {THOMAS}


def test_the_glute_bridge_loop_follows_its_dose() -> None:
    ex = default_catalog().exercise("glute-bridge")
    timing = Timing.of(load_demos()[ex.id], ex.dose)
    # 10 reps with a 20 s squeeze: 1.5 s up (half of REP_S = 3), 20 s hold, 1.5 s down, 1 s rest
    assert timing == Timing(1.5, 20.0, per_side=False)
    loop = frames(load_demos()[ex.id], timing)
    assert loop[-1].at_s == 24.0 and not any(f.mirrored for f in loop)


def test_per_side_work_shows_both_sides_mirrored() -> None:
    ex = default_catalog().exercise("kneeling-psoas-stretch")
    assert ex.dose.per_side and ex.dose.hold_s is not None and ex.dose.reps is None
    demo = load_demos()[ex.id]
    loop = frames(demo, Timing.of(demo, ex.dose))
    one_side = 2 * demo.move_s + ex.dose.hold_s.min + 1
    assert loop[-1].at_s == pytest.approx(2 * one_side)
    assert [f.mirrored for f in loop].index(True) == len(loop) // 2


def test_a_standing_pose_puts_the_joints_where_the_angles_say() -> None:
    pose = load_demos()["standing-hip-flexion"].start.angles()
    lines = skeleton(pose, View.SIDE)
    _, knee, ankle, _, _ = lines["near_leg"][1:]
    assert knee == pytest.approx((0.0, -THIGH), abs=1e-9)
    assert ankle == pytest.approx((0.0, -THIGH - SHIN), abs=1e-9)
    assert lines["head"][0] == pytest.approx((0.0, TRUNK + NECK), abs=1e-9)
    lifted = skeleton(load_demos()["standing-hip-flexion"].end.angles(), View.SIDE)["near_leg"][2]
    assert lifted == pytest.approx((THIGH, 0.0), abs=1e-9)  # the knee at hip height, in front
    assert math.isclose(lines["far_leg"][2][1], -THIGH)  # the other leg copies it when left out


def test_the_svg_is_a_script_free_animation_with_its_caption() -> None:
    ex = default_catalog().exercise("glute-bridge")
    svg = demo_svg(load_demos()[ex.id], ex.dose)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<script" not in svg and "style=" not in svg
    assert 'dur="24.00s"' in svg and 'repeatCount="indefinite"' in svg
    assert f"<title>{load_demos()[ex.id].caption}</title>" in svg
    assert "<rect" in demo_svg(load_demos()[THOMAS], None)  # the table the person lies on


def test_a_demo_that_does_not_move_is_refused() -> None:
    pose = {"trunk": 90, "thigh": -90, "shin": -90, "arm": -90}
    with pytest.raises(ValueError, match="nothing would move"):
        Demo.model_validate({"caption": "still", "start": pose, "end": pose})
