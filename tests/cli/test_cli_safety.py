"""The warning-sign pause and its clearance through the CLI (Typer's runner, a private SQLite file):
check-in → plan, session and named exercises refuse with the referral → `psoas clear` → the plan resumes.
Also the profile's new limitations, pregnancy weeks and risk factors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from typer.testing import CliRunner

from psoas.cli.app import app
from psoas.safety import EMERGENCY, RESUMED, SEE_DOCTOR_TODAY

runner = CliRunner()
WIDE = {"COLUMNS": "400"}


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=WIDE)
    assert result.exit_code == code, result.output
    return result.output


def _today() -> str:
    return datetime.now().astimezone().date().isoformat()


def test_a_warning_sign_pauses_plan_and_sessions_until_clear() -> None:
    _run("profile", "--level", "beginner", "--sitting-hours", "9", "--minutes", "20")
    checked = json.loads(_run("checkin", "--red-flag", "bladder-bowel", "--json"))
    assert checked["messages"][0] == EMERGENCY and checked["paused"] is True
    week = json.loads(_run("plan", "--week", "--json"))
    assert all(d["items"] == [] and d["rest"] == week["notes"][0] for d in week["days"])
    assert week["notes"][0].startswith("Your plan is paused") and "psoas clear" in week["notes"][0]
    for args in (
        ("session", "--dry-run"),
        ("session", "diaphragmatic-breathing", "--dry-run"),
        ("session", "--resume"),
    ):
        out = _run(*args, code=7)
        assert "Go to an emergency department now" in out and "psoas clear --seen-on" in out
    _run("checkin", "--no-red-flags")
    assert json.loads(_run("plan", "--json"))["days"][0]["items"] == [], "a clear check-in does not lift it"
    assert json.loads(_run("clear", "--status", "--json"))["flags"] == ["bladder-bowel"]

    yesterday = (datetime.now().astimezone().date() - timedelta(days=1)).isoformat()
    assert "must be dated between the warning sign" in _run("clear", "--seen-on", yesterday, code=2)
    cleared = json.loads(_run("clear", "--seen-on", _today(), "--note", "ED: scan clear", "--json"))
    assert cleared["message"] == RESUMED and cleared["cleared"]["urgency"] == "emergency"
    assert json.loads(_run("plan", "--json"))["days"][0]["items"]
    assert json.loads(_run("session", "--dry-run", "--json"))["total_s"] > 0
    assert "nothing to clear" in _run("clear", code=2)
    assert _run("clear", "--status") == "Your plan is not paused.\n"


def test_other_warning_signs_say_see_a_doctor_today() -> None:
    checked = json.loads(_run("checkin", "--red-flag", "calf-swelling", "--hours-sat", "10", "--json"))
    assert checked["messages"][:1] == [SEE_DOCTOR_TODAY] and "blood clot" in checked["messages"][1]
    assert checked["urgency"] == "today"


def test_severe_pain_turns_todays_plan_into_rest() -> None:
    _run("profile", "--level", "beginner", "--sitting-hours", "9", "--minutes", "20")
    _run("checkin", "--low-back", "8", "--no-red-flags")
    today = json.loads(_run("plan", "--json"))["days"][0]
    assert [i["exercise_id"] for i in today["items"]] == ["diaphragmatic-breathing"]
    assert today["rest"].startswith("Rest from exercise")
    out = _run("session", "glute-bridge", "--dry-run", code=2)
    assert "Glute bridge left out. Rest from exercise" in out and "Nothing to play" in out


def test_profile_records_new_limitations_pregnancy_and_risk_factors() -> None:
    made = json.loads(
        _run(
            "profile", "--level", "beginner", "--sitting-hours", "8",
            "--limitation", "sciatica,hip-replacement", "--pregnancy-week", "24",
            "--birth-year", "1990", "--risk-factor", "cancer-history", "--json",
        )
    )  # fmt: skip
    assert made["limitations"] == ["hip-replacement", "pregnancy", "sciatica"]
    assert (made["birth_year"], made["risk_factors"]) == (1990, ["cancer-history"])
    assert "│ 24 today " in _run("profile")
    assert "not safe with a hip replacement" in _run("plan", "--week")
    refused = _run("profile", "--limitation", "pregnancy", "--pregnancy-week", "50", code=2)
    assert "between 0 and 42, not 50" in refused
    kept = json.loads(_run("profile", "--minutes", "25", "--json"))
    assert kept["due_date"] == made["due_date"], "other edits keep the due date"
    dropped = json.loads(_run("profile", "--limitation", "none", "--json"))
    assert dropped["due_date"] is None and dropped["limitations"] == []
    assert "'gout' is not a limitation" in _run("profile", "--limitation", "gout", code=2)
