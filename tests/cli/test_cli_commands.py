"""The CLI through Typer's runner: tables, panels, JSON, filters and one-sentence errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from psoas import __version__
from psoas.catalog import Category, default_catalog
from psoas.cli.app import app

runner = CliRunner()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_no_command_shows_the_overview() -> None:
    out = _ok()
    assert "not a medical device" in out
    assert "Kneeling psoas stretch" in out
    assert "every 40 minutes" in out


def test_overview_json() -> None:
    data = json.loads(_ok("overview", "--json"))
    assert data["exercises"] == 25
    assert [s["id"] for s in data["starter"]][:2] == ["warm-up", "kneeling-psoas-stretch"]
    assert data["by_category"] == {
        "habit": 1,
        "relaxation": 3,
        "strength": 12,
        "stretch": 8,
        "warm-up": 1,
    }


def test_version() -> None:
    assert _ok("--version").strip() == f"psoas {__version__}"


def test_exercises_table_lists_every_id() -> None:
    out = runner.invoke(app, ["exercises"], env={"COLUMNS": "200"}).stdout
    for ex in default_catalog().exercises:
        assert ex.id in out
    assert "hold 20–30 s × 2–3 sets, each side · daily" in out


def test_exercises_json_has_full_fields() -> None:
    data = json.loads(_ok("exercises", "--json"))
    assert len(data) == 25
    fields = {
        "id",
        "name",
        "aliases",
        "category",
        "intensity",
        "position",
        "equipment",
        "requires",
        "summary",
        "steps",
        "dose",
        "cues",
        "faults",
        "benefits",
        "modifications",
        "safety",
        "sources",
        "camera",
        "camera_note",
        "model_pose",
        "family",
        "progression_of",
        "after_weeks",
    }
    assert all(set(entry) == fields for entry in data)
    bridge = next(e for e in data if e["id"] == "glute-bridge")
    assert bridge["dose"]["reps"] == {"min": 10, "max": 12}
    assert bridge["faults"][0]["check"] == {
        "angle": "hip_flexion",
        "limb": "working",
        "min_deg": None,
        "max_deg": 20.0,
        "phase": "top",
    }


@pytest.mark.parametrize("category", [c for c in Category if c is not Category.MOBILITY])
def test_category_filter(category: Category) -> None:
    data = json.loads(_ok("exercises", "--category", category.value, "--json"))
    assert data
    assert {e["category"] for e in data} == {category.value}


def test_an_empty_category_is_not_offered() -> None:
    # The seeds name no pure mobility drill: offering the category would only list nothing.
    result = runner.invoke(app, ["exercises", "-c", "mobility"])
    assert result.exit_code == 2
    assert (
        "'mobility' is not a category with exercises; choose stretch, strength, relaxation, warm-up, habit."
        in (" ".join(result.output.split()))
    )


def test_flags_show_no_type_in_help() -> None:
    """`--version`, `--json` and `--help` take no value: the help shows no `<bool>` beside them."""
    for command in ([], ["exercises"], ["checkin"], ["edit"], ["model"]):
        shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"}).output
        assert "<bool>" not in shown and "--help" in shown, command
    assert "<int>" in runner.invoke(app, ["checkin", "--help"], env={"COLUMNS": "200"}).output


def test_unknown_category_is_a_usage_error() -> None:
    result = runner.invoke(app, ["exercises", "--category", "cardio"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_show_renders_every_section() -> None:
    result = runner.invoke(app, ["exercises", "show", "kneeling-psoas-stretch"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for heading in ("Steps", "Dose", "Cues", "Common faults", "Modifications", "Safety: stop if it hurts"):
        assert heading in result.stdout
    assert "Kneeling psoas stretch" in result.stdout
    assert "004_3300b23856dd6860" in result.stdout


def test_show_accepts_an_alias_and_json() -> None:
    data = json.loads(_ok("exercises", "show", "knee raises", "--json"))
    assert data["id"] == "standing-hip-flexion"


def test_show_says_what_the_camera_does_or_why_not() -> None:
    breathing = runner.invoke(app, ["exercises", "show", "diaphragmatic-breathing"], env={"COLUMNS": "200"})
    assert "slow belly breathing moves no joint it can measure" in " ".join(breathing.stdout.split())
    boat = runner.invoke(app, ["exercises", "show", "boat-pose"], env={"COLUMNS": "200"})
    assert "The camera times holds, in form and still: film from the side" in " ".join(boat.stdout.split())


def test_unknown_id_exits_2_with_suggestions() -> None:
    result = runner.invoke(app, ["exercises", "show", "glute-brige"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: No exercise called 'glute-brige'. Did you mean: glute-bridge,")


def test_learn_lists_topics_and_shows_one() -> None:
    assert "professional-help" in _ok("learn")
    out = runner.invoke(app, ["learn", "perspectives"], env={"COLUMNS": "200"}).stdout
    assert "Opinion (Liz Koch, quoted in two articles):" in out


def test_learn_json() -> None:
    topic = json.loads(_ok("learn", "anatomy", "--json"))
    assert topic["id"] == "anatomy"
    assert all(f["kind"] == "fact" for f in topic["facts"])
    assert len(json.loads(_ok("learn", "--json"))) == 8


def test_unknown_topic_exits_2() -> None:
    result = runner.invoke(app, ["learn", "astrology"])
    assert result.exit_code == 2
    assert "No topic called 'astrology'. Known topics: anatomy," in result.stderr
