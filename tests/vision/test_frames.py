"""Frame sources on files made here: a real encoded video, images, and broken inputs."""

from __future__ import annotations

import struct
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


def test_images_reach_the_model_as_rgb_like_video_frames(tmp_path: Path) -> None:
    red = np.zeros((10, 20, 3), np.uint8)
    red[..., 2] = 255  # OpenCV writes BGR: this is a red picture
    cv2.imwrite(str(tmp_path / "000.png"), red)
    from psoas.vision.frames import read_image  # noqa: PLC0415

    for frame in (next(iter(open_frames(tmp_path))), read_image(tmp_path / "000.png")):
        assert frame.rgb[0, 0].tolist() == [255, 0, 0]


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


def _rotate_90(mp4: Path) -> None:
    """Set the video track's display matrix to a 90° clockwise turn, as a phone filming upright does."""
    data = bytearray(mp4.read_bytes())
    box = data.find(b"tkhd")
    assert data[box + 4] == 0  # version 0 header: 32-bit times
    # type, version+flags, created, modified, track id, reserved, duration, reserved(8), layer, group,
    # volume, reserved: then the 3x3 matrix (a, b, u, c, d, v, x, y, w)
    matrix = box + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 8 + 2 + 2 + 2 + 2
    assert struct.unpack(">9i", data[matrix : matrix + 36]) == (65536, 0, 0, 0, 65536, 0, 0, 0, 1 << 30)
    data[matrix : matrix + 36] = struct.pack(">9i", 0, 65536, 0, -65536, 0, 0, 0, 0, 1 << 30)
    mp4.write_bytes(bytes(data))


def test_rotation_metadata_is_honoured(tmp_path: Path) -> None:
    video = tmp_path / "phone.mp4"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (320, 240))
    for _ in range(5):
        frame = np.zeros((240, 320, 3), np.uint8)
        frame[0:40, 0:60] = 255  # a white block in the stored picture's top-left corner
        writer.write(frame)
    writer.release()
    _rotate_90(video)
    info = probe(video)
    assert (info.width, info.height) == (240, 320)  # the upright picture
    first = next(iter(open_frames(video)))
    white = np.argwhere(first.rgb[..., 0] > 128)
    # turned 90° clockwise, the block lies along the top edge at the right: rows 0–59, columns 200–239
    assert white.min(axis=0).tolist() == [0, 200]
    assert white.max(axis=0).tolist() == [59, 239]


def test_a_rewritten_video_is_probed_again(tmp_path: Path) -> None:
    path = _video(tmp_path / "clip.mp4", 20)
    assert probe(path).frames == 20
    _video(path, 30, size=(80, 60))
    info = probe(path)
    assert (info.frames, info.width, info.height) == (30, 80, 60)


def test_the_decoder_runs_ahead_only_as_far_as_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psoas.vision.frames as frames_module  # noqa: PLC0415

    monkeypatch.setattr(frames_module, "PREFETCH_BYTES", 2 * 64 * 48 * 3)  # two frames
    path = _video(tmp_path / "clip.mp4", 40)
    assert [f.index for f in open_frames(path)] == list(range(40))
    stream = open_frames(path)
    assert next(stream).index == 0
    stream.close()  # the decoder is waiting for room: closing must still end it
