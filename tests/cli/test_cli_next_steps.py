"""Bare `psoas` points to the commands a new user needs: profile, plan, session, check-in and serve; and
`psoas plan` without a profile shows the starter routine, as the web does."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from psoas.cli.app import app
from psoas.today import STARTER


def test_bare_psoas_names_the_everyday_commands() -> None:
    result = CliRunner().invoke(app, [], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in ("psoas profile", "psoas plan", "psoas session", "psoas checkin", "psoas serve"):
        assert command in result.output, command


def test_plan_without_a_profile_is_the_starter_routine() -> None:
    result = CliRunner().invoke(app, ["plan", "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"] == "starter" and [i["exercise_id"] for i in data["items"]] == list(STARTER)
