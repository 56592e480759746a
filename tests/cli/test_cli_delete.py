"""`psoas delete` (Typer's runner, a private SQLite file): list ids, delete one after the question or with
--yes, refuse the check-in that pauses the plan, delete everything."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from psoas.cli.app import app

runner = CliRunner()


def _run(*args: str, code: int = 0, answer: str | None = None) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"}, input=answer)
    assert result.exit_code == code, result.output
    return result.output


def test_a_duplicate_checkin_is_deleted() -> None:
    _run("checkin", "--no-red-flags")
    _run("checkin", "--no-red-flags")
    first, second = json.loads(_run("delete", "checkin", "--list", "--json"))
    _run("delete", "checkin", str(second), answer="n\n", code=1)
    assert json.loads(_run("delete", "checkin", "--json", "--list")) == [first, second]
    assert "Deleted checkin" in _run("delete", "checkin", str(second), answer="y\n")
    assert json.loads(_run("delete", "checkin", "--list", "--json")) == [first]
    missing = _run("delete", "checkin", str(second), "--yes", code=2)
    assert f"There is no checkin {second}" in missing


def test_the_pausing_checkin_stays_and_all_can_go() -> None:
    _run("checkin", "--red-flag", "trauma")
    (flagged,) = json.loads(_run("delete", "checkin", "--list", "--json"))
    refused = runner.invoke(app, ["delete", "checkin", str(flagged), "--yes"], env={"COLUMNS": "400"})
    assert refused.exit_code != 0 and "record the clinician visit" in refused.output
    assert "Deleted" in _run("delete", "all", "--yes")
    assert json.loads(_run("delete", "checkin", "--list", "--json")) == []
    assert "not something psoas can delete" in _run("delete", "plans", code=2)
