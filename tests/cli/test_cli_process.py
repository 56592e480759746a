"""The installed CLI as a real process: the console script and `python -m psoas`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(sys.executable).with_name("psoas")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psoas", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_console_script_is_installed() -> None:
    result = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("psoas ")


def test_exercises_json_in_a_process() -> None:
    result = _run("exercises", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 25


def test_show_in_a_process() -> None:
    result = _run("exercises", "show", "kneeling-psoas-stretch")
    assert result.returncode == 0
    assert "Kneeling psoas stretch" in result.stdout


def test_bad_input_is_one_sentence_and_exit_2() -> None:
    result = _run("exercises", "show", "psoas-massage")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: No exercise called 'psoas-massage'.")
    assert "Traceback" not in result.stderr
