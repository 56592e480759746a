"""What an exercise needs is catalog data (`requires` decides whether it can be planned, `equipment` says
what to have at hand) and it is said wherever the exercise is planned or played: the plan, the session's
first step, the CLI and the Today page."""

from __future__ import annotations

import html
from datetime import date

import httpx
from typer.testing import CliRunner

from psoas.catalog import Gear, default_catalog
from psoas.cli.app import app
from psoas.plan import Profile, build_plan, make_profile, plan_from_dict
from psoas.plan.builder import plan_item
from psoas.plan.rules import PlanContext
from psoas.session import expand
from psoas.store import Store
from psoas.web import WebConfig, create_app
from web_support import app_server

CAT = default_catalog()
MONDAY = date(2026, 11, 30)
CHAIR = "You need: chair without wheels."


def _profile(*gear: str) -> Profile:
    return make_profile(
        level="beginner",
        sitting_hours=8,
        minutes_per_day=20,
        goals=["posture"],
        equipment=gear,
        started=MONDAY,
    )


def test_the_seated_stretch_needs_a_chair_as_data() -> None:
    seated = CAT.exercise("seated-lateral-stretch")
    assert seated.requires == (Gear.CHAIR,) and seated.equipment == ("chair without wheels",)
    without = build_plan(_profile(), MONDAY, CAT)
    assert dict(without.excluded)["seated-lateral-stretch"] == "needs chair"
    with_chair = build_plan(_profile("chair"), MONDAY, CAT)
    planned = [i for d in with_chair.days for i in d.items if i.exercise_id == "seated-lateral-stretch"]
    assert len(planned) == 7 and {(i.equipment, i.needs) for i in planned} == {
        (("chair without wheels",), CHAIR)
    }
    assert plan_from_dict(with_chair.to_dict()) == with_chair


def test_a_plan_stored_before_equipment_reads_back_with_none() -> None:
    data = build_plan(_profile("chair"), MONDAY, CAT).to_dict()
    for day in data["days"]:  # type: ignore[attr-defined]
        for item in day["items"]:
            del item["equipment"], item["needs"]
    assert {i.needs for d in plan_from_dict(data).days for i in d.items} == {None}


def test_the_sessions_first_step_says_what_to_have_at_hand() -> None:
    seated = plan_item(CAT.exercise("seated-lateral-stretch"), _profile("chair"), 0, PlanContext(), "why")
    setup = expand([seated], CAT).steps[0]
    assert setup.text == f"Get ready: Keep the hand on the hip and lean only a little. {CHAIR}"
    walk = plan_item(CAT.exercise("walking-break"), None, 0, PlanContext(), "why")
    assert walk.needs is None and "You need" not in expand([walk], CAT).steps[0].text


def test_the_cli_plan_and_the_today_page_say_it(store: Store) -> None:
    out = CliRunner().invoke(
        app,
        ["profile", "--level", "beginner", "--equipment", "chair", "--goal", "posture", "--minutes", "20"],
    )
    assert out.exit_code == 0, out.output
    shown = CliRunner().invoke(app, ["plan"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0 and CHAIR in shown.output, shown.output
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        c.put("/api/profile", json={"level": "beginner", "sitting_hours": 8, "minutes_per_day": 20,
                                    "goals": ["posture"], "equipment": ["chair"]})  # fmt: skip
        assert f'<span class="muted needs">{CHAIR}</span>' in html.unescape(c.get("/").text)
        items = c.get("/api/plan/today").json()["items"]
        assert [i["needs"] for i in items if i["exercise_id"] == "seated-lateral-stretch"] == [CHAIR]
