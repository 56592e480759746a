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
