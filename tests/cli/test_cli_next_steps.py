"""Bare `psoas` points to the commands a new user needs: profile, plan, session, check-in and serve."""

from __future__ import annotations

from typer.testing import CliRunner

from psoas.cli.app import app


def test_bare_psoas_names_the_everyday_commands() -> None:
    result = CliRunner().invoke(app, [], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in ("psoas profile", "psoas plan", "psoas session", "psoas checkin", "psoas serve"):
        assert command in result.output, command
