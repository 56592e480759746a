"""`psoas edit`: correct a check-in after the question (or with --yes), or a session step's outcome."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from psoas.cli.app import app

runner = CliRunner()


def _run(*args: str, code: int = 0, answer: str | None = None) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"}, input=answer)
    assert result.exit_code == code, result.output
    return result.output


def test_a_checkin_is_corrected_after_the_question() -> None:
    _run("checkin", "--low-back", "8", "--no-red-flags")
    (row_id,) = json.loads(_run("delete", "checkin", "--list", "--json"))
    _run("edit", "checkin", str(row_id), "--low-back", "3", answer="n\n", code=1)
    changed = _run("edit", "checkin", str(row_id), "--low-back", "3", "--note", "typo", answer="y\n")
    assert f"Changed check-in {row_id}: worst pain 3/10." in changed
    shown = json.loads(_run("edit", "checkin", str(row_id), "--hip", "4", "--yes", "--json"))
    assert shown == {"id": row_id, "worst_pain": 4, "note": "typo", "function": {}}
    assert "Nothing to change" in _run("edit", "checkin", str(row_id), "--yes", code=2)
    assert "from 0 to 10, not 11" in _run("edit", "checkin", str(row_id), "--knee", "11", "--yes", code=2)
    assert f"There is no check-in {row_id + 1}" in _run(
        "edit", "checkin", str(row_id + 1), "--hip", "1", code=2
    )
    assert "not something psoas can edit" in _run("edit", "plan", "1", code=2)


def test_a_steps_outcome_is_corrected() -> None:
    assert "no recorded step 0" in _run("edit", "step", "1", "0", "--outcome", "done", "--yes", code=2)
    assert "--outcome (done, skipped, stopped)" in _run(
        "edit", "step", "1", "0", "--outcome", "maybe", code=2
    )
