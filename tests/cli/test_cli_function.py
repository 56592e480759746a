"""The function measure from the terminal: activities named with `psoas profile --activity`, rated with
`psoas checkin --function` (or asked with -i), and shown in `psoas history`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from psoas.cli.app import app

runner = CliRunner()


def _run(*args: str, code: int = 0, answer: str | None = None) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"}, input=answer)
    assert result.exit_code == code, result.output
    return result.output


def test_activities_are_named_once_and_rated_at_each_checkin() -> None:
    profile = json.loads(
        _run(
            "profile",
            "--level",
            "beginner",
            "--activity",
            "climbing stairs",
            "--activity",
            "walking",
            "--json",
        )
    )
    assert profile["activities"] == ["climbing stairs", "walking"]
    out = _run("checkin", "--no-red-flags", "--function", "climbing stairs=4", "--function", "walking=7")
    assert "Function today (0 not at all – 10 as well as before): climbing stairs 4/10 · walking 7/10." in out
    rated = json.loads(_run("checkin", "--no-red-flags", "--function", "walking=9", "--json"))
    assert rated["function"] == {"walking": 9}
    history = json.loads(_run("history", "--json"))
    assert [p["value"] for p in history["function"]] == [9.0]  # the day's last rated check-in
    assert "function (0–10)" in _run("history")


def test_bad_ratings_are_one_sentence() -> None:
    _run("profile", "--level", "beginner", "--activity", "walking")
    assert "'running' is not one of your profile's activities" in _run(
        "checkin", "--no-red-flags", "--function", "running=3", code=2
    )
    assert "takes ACTIVITY=SCORE" in _run("checkin", "--no-red-flags", "--function", "walking", code=2)
    assert "must be a whole number from 0 to 10" in _run(
        "checkin", "--no-red-flags", "--function", "walking=lots", code=2
    )
    assert "from 0 to 10, not 12" in _run("checkin", "--no-red-flags", "--function", "walking=12", code=2)


def test_the_interactive_checkin_asks_each_activity() -> None:
    _run("profile", "--level", "beginner", "--activity", "walking")
    # pain ×3, stiffness, hours, the activity, 8 signs, 11 warning signs, the note
    answers = "2\n0\n0\n1\n6\n" + "5\n" + "n\n" * 8 + "n\n" * 11 + "\n"
    out = _run("checkin", "-i", answer=answers)
    assert "How well could you manage walking today? (0 = not at all, 10 = as well as before)" in out
    assert "walking 5/10" in out
