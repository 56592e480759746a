"""Safe routes when conditions rule out many stretches: late pregnancy (no lying on the back) and a hip
replacement (no deep bending, no pigeon). A day without strength work is filled with gentle movement
that is safe with the condition, not cut to five minutes. Plans written out by hand, day by day."""

from __future__ import annotations

from datetime import date

import pytest

from psoas.catalog import default_catalog
from psoas.plan import build_plan, make_profile
from psoas.plan.builder import FILL_WHY

CAT = default_catalog()
MONDAY = date(2026, 11, 30)
STAND = ("standing-split-stance-stretch", 110)  # 2 × 20 s per side, beginner
FILLED = (STAND, ("progressive-muscle-relaxation", 610), ("walking-break", 130))  # 850 s of 900
PREGNANT = {
    0: (("warm-up", 190), ("standing-hip-flexion", 250), ("bird-dog", 242), STAND),
    3: (("warm-up", 190), ("bird-dog", 242), ("hip-hinge", 88), STAND, ("diaphragmatic-breathing", 190)),
}
HIP = {
    0: (
        ("warm-up", 190),
        ("glute-bridge", 80),
        ("standing-hip-flexion", 250),
        STAND,
        ("diaphragmatic-breathing", 190),
    ),
    3: (
        ("warm-up", 190),
        ("side-plank", 80),
        ("straight-leg-raise", 250),
        STAND,
        ("diaphragmatic-breathing", 190),
    ),
}


@pytest.mark.parametrize(
    ("limitation", "due", "strength_days"),
    [("pregnancy", date(2027, 3, 1), PREGNANT), ("hip-replacement", None, HIP)],
)
def test_non_strength_days_are_filled_with_safe_gentle_movement(
    limitation: str, due: date | None, strength_days: dict[int, tuple[tuple[str, int], ...]]
) -> None:
    profile = make_profile(
        level="beginner", sitting_hours=8, limitations=[limitation], minutes_per_day=15, started=MONDAY,
        due_date=due,
    )  # fmt: skip
    plan = build_plan(profile, MONDAY, CAT)
    days = [tuple((i.exercise_id, i.seconds) for i in d.items) for d in plan.days]
    assert days == [strength_days.get(n, FILLED) for n in range(7)]
    tuesday = plan.days[1]
    assert [i.why for i in tuesday.items[1:]] == [(FILL_WHY,), (FILL_WHY,)]
    assert all(d.seconds <= 15 * 60 for d in plan.days)


def test_late_pregnancy_relaxes_off_the_back() -> None:
    profile = make_profile(
        level="beginner", sitting_hours=8, minutes_per_day=15, started=MONDAY, due_date=date(2027, 3, 1)
    )
    relax = build_plan(profile, MONDAY, CAT).days[1].items[1]
    assert relax.exercise_id == "progressive-muscle-relaxation"
    assert relax.notes == ("Sit tall or lie on your side instead of on your back.",)


def test_a_plain_desk_day_is_not_filled() -> None:
    """No condition narrows the stretches: a day short of stretches for want of a chair or bed stays as it
    was (the fill is a safe route, not padding)."""
    profile = make_profile(level="beginner", sitting_hours=8, minutes_per_day=15, started=MONDAY)
    ids = [i.exercise_id for i in build_plan(profile, MONDAY, CAT).days[1].items]
    assert "walking-break" not in ids and "progressive-muscle-relaxation" not in ids
