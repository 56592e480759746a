"""Frame sources on files made here: a real encoded video, images, and broken inputs."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from psoas.errors import MediaError
from psoas.vision.frames import open_frames, probe


def _video(path: Path, frames: int, size: tuple[int, int] = (64, 48), fps: float = 25.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), i * 5 % 255, np.uint8))
    writer.release()
    return path


def test_video_is_streamed_with_times(tmp_path: Path) -> None:
    path = _video(tmp_path / "clip.mp4", 20)
    info = probe(path)
    assert (info.width, info.height, info.fps, info.frames) == (64, 48, 25.0, 20)
    frames = list(open_frames(path))
    assert [f.index for f in frames] == list(range(20))
    assert frames[5].t == pytest.approx(0.2)


def test_stopping_early_releases_the_decoder(tmp_path: Path) -> None:
    path = _video(tmp_path / "clip.mp4", 60)
    stream = open_frames(path)
    first = [next(stream) for _ in range(3)]
    stream.close()  # must not hang on the decoder thread blocked on a full queue
    assert first[-1].index == 2


def test_large_frames_are_scaled_down(tmp_path: Path) -> None:
    path = _video(tmp_path / "big.mp4", 2, size=(3840, 2160))
    assert (probe(path).width, probe(path).height) == (1920, 1080)


def test_folder_of_images(tmp_path: Path) -> None:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i:03}.png"), np.zeros((10, 20, 3), np.uint8))
    info = probe(tmp_path)
    assert (info.frames, info.width, info.height) == (3, 20, 10)
    assert [f.t for f in open_frames(tmp_path)] == pytest.approx([0, 1 / 30, 2 / 30])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.mp4", None, "does not exist"),
        ("empty.mp4", b"", r"is empty \(0 bytes\)"),
        ("junk.mp4", b"not a video at all" * 100, "could not be opened as a video|holds no decodable"),
        ("photo.png", "png", "is an image, but a video is expected"),
    ],
)
def test_bad_inputs_raise_one_sentence(tmp_path: Path, name: str, content: object, message: str) -> None:
    path = tmp_path / name
    if content == "png":
        cv2.imwrite(str(path), np.zeros((8, 8, 3), np.uint8))
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(MediaError, match=message):
        probe(path)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="holds no images"):
        probe(tmp_path)
