"""The CLI as a real process on hostile input: a pixel bomb (peak memory measured), file names that are
not UTF-8, and outputs that cannot be written. Each ends in one sentence and a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from hostile import png_bomb

pytestmark = pytest.mark.slow

# Runs psoas as its own child and prints that child's exit code, stderr and peak resident memory (MB).
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "psoas", *sys.argv[1:]], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"code": done.returncode, "stderr": done.stderr, "peak_mb": peak}))
"""


def _psoas(*args: str | bytes, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def _one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_a_pixel_bomb_photo_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "thomas.png", 20_000)  # 389 kB that decode to 1.2 GB of colour pixels
    assert bomb.stat().st_size < 500_000
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, "thomas", str(bomb)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["code"] == 4
    assert _one_sentence(result["stderr"]) == (
        f"Error: {bomb} has too many pixels to decode safely; psoas reads photos of up to 64 megapixels."
    )
    assert result["peak_mb"] < 400, result  # importing OpenCV and friends is ~200 MB; the decode is 1,200


def _junk_clip(path: Path) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (64, 48))
    for _ in range(5):
        writer.write(np.full((48, 64, 3), 90, np.uint8))
    writer.release()
    return path


def test_a_file_name_that_is_not_utf8_is_refused_not_crashed_on(tmp_path: Path) -> None:
    clip = _junk_clip(tmp_path / "clip.mp4")
    raw = os.fsencode(tmp_path) + b"/clip-\xff.mp4"
    clip.rename(os.fsdecode(raw))
    photo = os.fsencode(tmp_path) + b"/thomas-\xfe.png"
    Path(os.fsdecode(photo)).write_bytes(cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))[1].tobytes())
    for args in ([b"analyze", raw, b"-e", b"glute-bridge"], [b"thomas", photo], [b"thomas", raw]):
        env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "COLUMNS": "400"}
        done = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"psoas", *args],
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )
        stderr = done.stderr.decode("utf-8")
        assert done.returncode == 4, (args, done.returncode, stderr)
        line = _one_sentence(stderr)
        assert line.endswith("is not valid UTF-8, so psoas cannot open it; rename the file."), line
        assert "\ufffd" in line  # the undecodable byte is shown as �


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere, so no folder is unwritable")
def test_an_unwritable_out_is_one_sentence_and_exit_4_as_a_user(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    clip = _junk_clip(tmp_path / "clip.mp4")
    for args in (
        ["export", "--out", str(locked / "e.json")],
        ["export", "--format", "csv", "--out", str(locked / "csv")],
        ["report", "--out", str(locked / "r.html")],
        ["analyze", str(clip), "-e", "glute-bridge", "--out", str(locked / "a")],
    ):
        done = _psoas(*args, home=tmp_path)
        assert done.returncode == 4, (args, done.stderr)
        assert _one_sentence(done.stderr).endswith(": Permission denied."), done.stderr


def test_an_out_that_cannot_be_written_is_one_sentence_and_exit_4(tmp_path: Path) -> None:
    """A path through a regular file cannot be written by anyone, root included."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    clip = _junk_clip(tmp_path / "clip.mp4")
    cases = {
        (
            "export",
            "--out",
            str(blocker / "e.json"),
        ): f"Error: Cannot write {blocker / 'e.json'}: part of that path is a file, not a folder.",
        (
            "export",
            "--format",
            "csv",
            "--out",
            str(blocker / "csv"),
        ): f"Error: Cannot write {blocker / 'csv'}: part of that path is a file, not a folder.",
        (
            "report",
            "--out",
            str(blocker / "r.html"),
        ): f"Error: Cannot write {blocker / 'r.html'}: part of that path is a file, not a folder.",
        ("analyze", str(clip), "-e", "glute-bridge", "--out", str(blocker / "a")): (
            f"Error: Cannot write {blocker / 'a'}: part of that path is a file, not a folder."
        ),
    }
    for args, sentence in cases.items():
        done = _psoas(*args, home=tmp_path)
        assert done.returncode == 4, (args, done.stderr)
        assert _one_sentence(done.stderr) == sentence
        assert "Traceback" not in done.stderr


def test_a_clip_that_is_not_a_video_is_one_sentence_without_decoder_logs(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"this is not a video" * 100)
    done = _psoas("analyze", str(fake), "-e", "glute-bridge", home=tmp_path)
    assert done.returncode == 4
    assert _one_sentence(done.stderr) == (
        f"Error: {fake} could not be opened as a video (unknown format or damaged file)."
    )
    photo = tmp_path / "thomas.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"broken" * 50)
    done = _psoas("thomas", str(photo), home=tmp_path)
    assert done.returncode == 4
    assert _one_sentence(done.stderr) == f"Error: {photo} could not be read as an image."


def test_the_pose_models_setup_notes_never_reach_stderr(tmp_path: Path) -> None:
    """An empty room: BlazePose is built and run (and TensorFlow Lite would print its notes), nobody is
    found, the report is invalid (exit 5) and stderr holds nothing psoas did not write."""
    clip = _junk_clip(tmp_path / "room.mp4")
    done = _psoas("analyze", str(clip), "-e", "glute-bridge", "--json", home=tmp_path)
    assert done.returncode == 5
    assert json.loads(done.stdout)["quality"]["valid"] is False
    assert done.stderr == ""
