"""`psoas analyze` on bad input: one sentence, a non-zero exit, nothing half-written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from rich.console import Console
from typer.testing import CliRunner

from psoas.catalog import default_catalog
from psoas.cli.analyze import photo_view
from psoas.cli.app import app
from psoas.coach.photo import analyze_pose
from synth import Stick, sequence

runner = CliRunner()


def _empty_room(video: Path) -> Path:
    """A real 1.5 s clip of a grey picture: nobody in it."""
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (160, 120))
    for _ in range(15):
        writer.write(np.full((120, 160, 3), 90, np.uint8))
    writer.release()
    return video


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
    result = runner.invoke(app, ["analyze", str(video), "-e", "diaphragmatic-breathing"])
    assert result.exit_code == 2
    assert "slow belly breathing moves no joint it can measure" in " ".join(result.stderr.split())


def test_clip_without_a_person_is_invalid_and_says_why(tmp_path: Path) -> None:
    video = _empty_room(tmp_path / "empty-room.mp4")
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(video), "-e", "glute-bridge", "--out", str(out)])
    assert result.exit_code == 5
    assert "Not enough of the exercise could be seen" in result.stdout
    assert "no person found (100% of frames)" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["quality"]["valid"] is False
    assert report["quality"]["usable_fraction"] == 0.0


def test_flag_mistakes_are_one_sentence(tmp_path: Path) -> None:
    video = str(tmp_path / "x.mp4")
    cases = {
        ("analyze", "--webcam", "0"): "Say which exercise to coach",
        ("analyze", video, "-e", "glute-bridge", "--workers", "0"): "--workers must be at least 1",
        ("analyze", "-e", "glute-bridge"): "either video files or --webcam",
        ("analyze", video, "--webcam", "0", "-e", "glute-bridge"): "either video files or --webcam",
    }
    for args, message in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.output


def test_a_camera_that_is_not_there(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--webcam", "57", "-e", "glute-bridge"])
    assert result.exit_code == 4
    assert "Camera 57 could not be opened" in result.stderr


def test_a_batch_reports_each_file_and_stores_the_readable_ones(tmp_path: Path) -> None:
    empty = _empty_room(tmp_path / "empty-room.mp4")
    missing = tmp_path / "missing.mp4"
    result = runner.invoke(app, ["analyze", str(missing), str(empty), "-e", "glute-bridge", "--json"])
    assert result.exit_code == 4  # the first failure's code: a video that cannot be read
    reports = json.loads(result.stdout)
    assert reports[0] == {"video_path": str(missing), "error": f"Video file {missing} does not exist."}
    assert reports[1]["quality"]["valid"] is False
    from psoas.store import open_store, records  # noqa: PLC0415 - after the private data dir is set

    (stored,) = records.analyses(open_store())
    assert (stored.source, stored.exercise_id, stored.valid) == (str(empty), "glute-bridge", False)
    assert stored.report == reports[1]
    shown = runner.invoke(app, ["history"], env={"COLUMNS": "160"})
    assert shown.exit_code == 0
    assert "Camera analyses" in shown.stdout
    assert "glute-bridge" in shown.stdout and "not enough seen" in shown.stdout


def test_the_model_flag_falls_back_to_full_with_a_note_when_heavy_is_missing(tmp_path: Path) -> None:
    from psoas.vision.models import HEAVY_NOTE, PoseModel, installed  # noqa: PLC0415

    video = _empty_room(tmp_path / "empty-room.mp4")
    result = runner.invoke(app, ["analyze", str(video), "-e", "glute-bridge", "--model", "heavy", "--json"])
    assert result.exit_code == 5  # nobody in the picture, whichever model looked
    assert json.loads(result.stdout)["quality"]["usable_fraction"] == 0.0  # stdout stays pure JSON
    note_given = HEAVY_NOTE.split(" (")[0] in " ".join(result.stderr.split())
    assert note_given is not installed(PoseModel.HEAVY)
    result = runner.invoke(app, ["analyze", str(video), "-e", "glute-bridge", "--model", "huge"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_an_empty_room_is_recognised_as_nothing(tmp_path: Path) -> None:
    video = _empty_room(tmp_path / "empty-room.mp4")
    result = runner.invoke(app, ["analyze", str(video), "--json", "--no-save"])
    assert result.exit_code == 5
    assert json.loads(result.stdout) == {"video_path": str(video), "segments": []}


POSES = Path(__file__).resolve().parents[2].parent / "shared" / "media" / "poses"


def test_a_photo_with_nobody_gives_the_reason_and_exit_5(tmp_path: Path) -> None:
    photo = tmp_path / "empty-room.jpg"
    cv2.imwrite(str(photo), np.full((480, 640, 3), 90, np.uint8))
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(photo), "-e", "glute-bridge", "--out", str(out)])
    assert result.exit_code == 5
    assert "No person was found in the photo." in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert (report["mode"], report["quality"]["valid"], report["photo"]) == (
        "photo",
        False,
        {"width": 640, "height": 480},
    )
    assert cv2.imread(str(out / "annotated.jpg")).shape == (480, 640, 3)


@pytest.mark.slow
def test_a_real_photo_is_checked_stored_and_listed(tmp_path: Path) -> None:
    """A half-kneeling hip-flexor stretch, front knee well past the ankle (labels/photos.toml)."""
    photo = POSES / "halfkneel_fedb_kneeling_hip_flexor_0.jpg"
    if not photo.exists():
        pytest.skip(f"{photo} not found")
    out = tmp_path / "out"
    args = ["analyze", str(photo), "-e", "kneeling-psoas-stretch", "--json", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["mode"], report["matches"], report["at_target"]) == ("photo", True, True)
    assert [f["code"] for f in report["faults"]] == ["front-knee-angle"]
    assert json.loads((out / "report.json").read_text()) == report
    assert (out / "annotated.jpg").stat().st_size > 0
    shown = runner.invoke(app, ["history"], env={"COLUMNS": "160"})
    assert "photo: in position, 1 fault(s)" in shown.stdout


@pytest.mark.slow
def test_a_photo_is_recognised_without_naming_the_exercise(tmp_path: Path) -> None:
    """A warrior I, front knee over the ankle, back leg straight (labels/held_poses.toml)."""
    photo = POSES / "warrior1_victeshua_bw_man_02.jpg"
    if not photo.exists():
        pytest.skip(f"{photo} not found")
    result = runner.invoke(app, ["analyze", str(photo), "--json", "--no-save"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["exercise"], found["report"]["exercise"], found["report"]["matches"]) == (
        "warrior-one",
        "warrior-one",
        True,
    )


def test_a_photo_check_says_its_angles_and_skipped_checks_in_words() -> None:
    """A synthetic side-on half-kneel: pelvis level is not read side-on; its check is said, not coded."""
    stick = Stick(trunk_deg=0, hip_left=-20, knee_left=90, hip_right=90, knee_right=90)
    exercise = default_catalog().exercise("kneeling-psoas-stretch")
    report = analyze_pose(sequence([stick]), exercise).report
    out = io.StringIO()
    Console(file=out, width=400).print(photo_view(report))
    text = out.getvalue()
    assert "pelvis-rotated" not in text and "key pose" not in text and "read by" not in text
    assert "needs a photo taken from the front" in text
    assert '"The pelvis turns or drops to one side instead of staying square."' in text
    assert "whether you are in the stretch" in text
    # The heading names the exercise and the camera's angle in words (the stick figure is seen side-on).
    assert text.splitlines()[0].startswith(f"{exercise.name} · photo ")
    assert text.splitlines()[0].endswith(" · filmed from the side")
