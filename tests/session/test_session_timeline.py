"""Timeline expansion: step order, sides, sets and rests, and totals equal to the plan's estimate."""

from __future__ import annotations

from datetime import date

from psoas.catalog import default_catalog
from psoas.plan import PlanItem, Prescription, build_plan, make_profile
from psoas.session import Kind, Timeline, expand

CAT = default_catalog()


def _item(ex_id: str, rx: Prescription) -> PlanItem:
    ex = CAT.exercise(ex_id)
    return PlanItem(ex.id, ex.name, ex.category, rx, None, (), ("test",))


def test_per_side_holds_expand_to_sides_switches_and_rests() -> None:
    tl = expand([_item("kneeling-psoas-stretch", Prescription(2, True, 10, hold_s=20))], CAT)
    shape = [(s.kind.value, s.side, s.set_no, s.seconds) for s in tl.steps]
    assert shape == [
        ("setup", None, None, 10),
        ("work", "left", 1, 20),
        ("switch", None, None, 5),
        ("work", "right", 1, 20),
        ("rest", None, None, 10),
        ("work", "left", 2, 20),
        ("switch", None, None, 5),
        ("work", "right", 2, 20),
    ]
    assert [s.index for s in tl.steps] == list(range(8))
    assert tl.seconds == 110 == Prescription(2, True, 10, hold_s=20).seconds()


def test_reps_steps_carry_reps_and_time_and_no_zero_length_steps() -> None:
    tl = expand([_item("diaphragmatic-breathing", Prescription(1, False, 0, duration_s=180))], CAT)
    assert [(s.kind, s.seconds) for s in tl.steps] == [(Kind.SETUP, 10), (Kind.WORK, 180)]
    reps = expand([_item("glute-bridge", Prescription(2, False, 45, hold_s=20, reps=10))], CAT)
    work = [s for s in reps.steps if s.kind is Kind.WORK]
    assert [(s.reps, s.seconds) for s in work] == [(10, 230), (10, 230)]
    assert all(s.easier == CAT.exercise("glute-bridge").modifications.beginner[0] for s in reps.steps)


def test_a_whole_day_matches_its_plan_minutes_and_survives_storage() -> None:
    profile = make_profile(
        level="intermediate", sitting_hours=10, minutes_per_day=40, started=date(2026, 11, 2)
    )
    for day in build_plan(profile, date(2026, 11, 18), CAT).days:
        tl = expand(day.items, CAT)
        assert tl.seconds == day.seconds
        assert Timeline.from_list(tl.to_list()) == tl
