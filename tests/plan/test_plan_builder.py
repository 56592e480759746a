"""The weekly plan as a whole: property tests over any valid profile, and hand-checked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.catalog import Category, Gear, default_catalog
from psoas.plan import Goal, Level, Limitation, PlanContext, build_plan, make_profile, plan_from_dict
from psoas.safety import Pause, Urgency

CAT = default_catalog()

profiles = st.builds(
    lambda level, hours, goals, limits, minutes, gear, offset, due: make_profile(
        level=level,
        sitting_hours=hours,
        goals=goals,
        limitations=limits,
        minutes_per_day=minutes,
        equipment=gear,
        started=date(2026, 1, 5) + timedelta(days=offset),
        due_date=None if due is None else date(2026, 1, 5) + timedelta(days=due),  # implies pregnancy
    ),
    st.sampled_from([lv.value for lv in Level]),
    st.floats(0, 24, allow_nan=False),
    st.sets(st.sampled_from([g.value for g in Goal])),
    st.sets(st.sampled_from([x.value for x in Limitation if x is not Limitation.PREGNANCY])),
    st.integers(5, 120),
    st.sets(st.sampled_from([g.value for g in Gear])),
    st.integers(0, 300),
    st.none() | st.integers(0, 900),
)
days = st.dates(date(2026, 1, 5), date(2027, 12, 31))
days_or_none = st.dates(date(2026, 1, 5), date(2027, 12, 31))
contexts = st.builds(
    PlanContext,
    paused=st.none() | st.just(Pause(datetime(2026, 6, 1, 9, tzinfo=UTC), ("trauma",), Urgency.TODAY)),
    rest_from=st.none() | days_or_none,
    painful=st.lists(
        st.tuples(st.sampled_from([e.id for e in CAT.exercises]), st.integers(0, 10)), max_size=3
    ).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(profiles, days, contexts)
def test_any_profile_gets_a_plan_within_budget_with_safe_spacing(profile, when, ctx) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(profile, when, CAT, ctx)
    assert len(plan.days) == 7 and plan.days[0].day.weekday() == 0 and plan.days[0].day <= when
    strength = [d.strength for d in plan.days]
    for i in range(7):
        assert not (strength[i] and strength[(i + 1) % 7]), "strength days must never touch (Sun→Mon too)"
    assert sum(strength) <= 3
    excluded = {i for i, _ in plan.excluded}
    for day in plan.days:
        assert day.seconds <= profile.minutes_per_day * 60
        ids = [i.exercise_id for i in day.items]
        assert len(ids) == len(set(ids))
        assert not excluded & set(ids)
        categories = [i.category for i in day.items]
        if Category.STRENGTH in categories:
            assert categories[0] is Category.WARM_UP, "warm up first"
        if ctx.paused is not None:
            assert day.items == () and day.rest, "a warning sign pauses the whole plan"
        if ctx.rest_from is not None and day.day >= ctx.rest_from:
            assert {i.exercise_id for i in day.items} <= {"diaphragmatic-breathing"} and day.rest
        conditions = profile.conditions(plan.week_start + timedelta(days=6))
        for item in day.items:
            assert not set(CAT.exercise(item.exercise_id).safety.avoid_with) & conditions
        assert all(i.why for i in day.items), "every item explains itself"
    assert build_plan(profile, when, CAT, ctx) == plan, "deterministic"
    assert plan_from_dict(plan.to_dict()) == plan


def test_a_desk_worker_beginner_week_by_hand() -> None:
    profile = make_profile(
        level="beginner", sitting_hours=9, goals=["posture"], minutes_per_day=30, started=date(2026, 11, 16)
    )
    plan = build_plan(profile, date(2026, 11, 18), CAT)
    assert plan.week_start == date(2026, 11, 16)
    assert [d.strength for d in plan.days] == [True, False, False, True, False, False, False]
    monday = plan.days[0]
    ids = [i.exercise_id for i in monday.items]
    assert ids[0] == "warm-up"
    assert "kneeling-psoas-stretch" in ids  # the first seed psoas stretch, daily
    for day in plan.days:
        stretches = [i for i in day.items if i.category is Category.STRETCH]
        assert stretches and stretches[0].exercise_id == "kneeling-psoas-stretch"
        assert stretches[0].prescription.hold_s == 20 and stretches[0].prescription.sets == 2
    tuesday = [i.exercise_id for i in plan.days[1].items]
    # 9 h sitting → up to four stretches, but one lunge variant a day and pigeon (intense) waits past
    # beginner; without a bed or chair that leaves the kneeling stretch and the knee hug
    assert [i.exercise_id for i in plan.days[1].items if i.category is Category.STRETCH] == [
        "kneeling-psoas-stretch",
        "single-knee-to-chest",
    ]
    assert tuesday[-1] == "diaphragmatic-breathing"
    assert all(i.modification for i in monday.items), "beginners get the easier version"
