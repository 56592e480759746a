"""`psoas analyze` on bad input: one sentence, a non-zero exit, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from typer.testing import CliRunner

from psoas.cli.app import app

runner = CliRunner()


def test_missing_video(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.mp4"), "-e", "glute-bridge"])
    assert result.exit_code == 4
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_and_unsupported_exercises(tmp_path: Path) -> None:
    video = tmp_path / "x.mp4"
    result = runner.invoke(app, ["analyze", str(video), "-e", "bridgee"])
    assert result.exit_code == 2
    assert "Did you mean: " in result.stderr
    result = runner.invoke(app, ["analyze", str(video), "-e", "boat-pose"])
    assert result.exit_code == 2
    assert "not supported by the camera yet" in result.stderr


def test_clip_without_a_person_is_invalid_and_says_why(tmp_path: Path) -> None:
    video = tmp_path / "empty-room.mp4"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (160, 120))
    for _ in range(15):
        writer.write(np.full((120, 160, 3), 90, np.uint8))
    writer.release()
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(video), "-e", "glute-bridge", "--out", str(out)])
    assert result.exit_code == 5
    assert "Not enough of the exercise could be seen" in result.stdout
    assert "no person found (100% of frames)" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["quality"]["valid"] is False
    assert report["quality"]["usable_fraction"] == 0.0
