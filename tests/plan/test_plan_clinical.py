"""Clinical content of the plan, read as a physiotherapist would: doses, cues, order and progression."""

from __future__ import annotations

from psoas.catalog import default_catalog
from psoas.cli.render import format_dose
from psoas.plan import Level, rules
from psoas.plan.dose import Prescription

CAT = default_catalog()


def test_bridge_dose_by_level_slow_reps_with_a_short_pause_or_short_holds_for_beginners() -> None:
    bridge = CAT.exercise("glute-bridge")
    # beginner: 3 holds of 10 s, 20 s rest: setup 10 + 3 × 10 + 2 × 20 = 80 s
    first = rules.prescribe(bridge, Level.BEGINNER, 0)
    assert first == Prescription(3, False, 20, hold_s=10)
    assert (first.describe(), first.seconds()) == ("3 × 10 s hold", 80)
    assert rules.prescribe(bridge, Level.BEGINNER, 20).hold_s == 30  # 10 + 2 s a week, capped at 30
    # intermediate: 11 reps with a 2 s pause, 2 sets: 10 + 2 × 11 × (3 + 2) + 45 = 165 s
    mid = rules.prescribe(bridge, Level.INTERMEDIATE, 0)
    assert (mid, mid.seconds()) == (Prescription(2, False, 45, hold_s=2, reps=11), 165)
    assert rules.prescribe(bridge, Level.ADVANCED, 0) == Prescription(3, False, 45, hold_s=2, reps=12)
    assert bridge.modifications.beginner[0].startswith("Short holds instead of repetitions")
    assert format_dose(bridge.dose) == (
        "10–12 reps, 2–3 s pause at the top × 2–3 sets (beginners: 3–5 holds of 10–30 s) · 2–3×/week"
    )
    assert not any("20–30 seconds" in step and "repetition" not in step for step in bridge.steps)


def test_side_bend_cues_lean_away_from_the_kneeling_leg_in_both_kneeling_stretches() -> None:
    # The psoas bends the spine towards its own side: leaning away from the kneeling leg lengthens it.
    for ex_id in ("kneeling-psoas-stretch", "half-kneeling-lunge-stretch"):
        advanced = CAT.exercise(ex_id).modifications.advanced
        bends = [m for m in advanced if "sideways" in m]
        assert len(bends) == 1, ex_id
        assert "away from the kneeling leg (towards the front leg)" in bends[0]
    shown = CAT.exercise("kneeling-psoas-stretch").modifications.advanced[0]
    assert "towards the side of the back leg" not in shown
