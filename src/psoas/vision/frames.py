"""Frame sources: a video file (decoded in a thread, streamed), an image, a folder of images, a webcam.

Frames are RGB uint8 arrays (height, width, 3), converted from OpenCV's BGR in the decoding thread so the
conversion overlaps pose estimation. Phone clips carry a rotation
flag; OpenCV is asked to apply it, so `width`/`height` are those of the upright picture.
"""

from __future__ import annotations

import functools
import io
import os
import queue
import threading
import warnings
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from psoas.errors import MediaError

# FFmpeg, inside OpenCV, prints its own complaint about a damaged file ("moov atom not found") before
# psoas's one sentence; quiet (AV_LOG_QUIET). OpenCV reads this when it first opens a video.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

__all__ = [
    "IMAGE_SUFFIXES",
    "MAX_PIXELS",
    "Frame",
    "VideoInfo",
    "header_size",
    "image_size",
    "open_frames",
    "probe",
    "read_image",
    "shown",
    "webcam_frames",
]

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
FOLDER_FPS = 30.0
# Frames larger than this on their long side are scaled down before pose estimation: BlazePose works on
# a 256-pixel crop, so 4K input only costs time and memory.
MAX_SIDE = 1920
# The decoder thread runs ahead of pose estimation by up to this many bytes of frames: enough to decode
# the first seconds while mediapipe loads, little next to the model's own memory.
PREFETCH_BYTES = 96 * 2**20
# A photo's pixels are counted from its header before it is decoded (image_size): a small file can hold a
# picture whose decoded pixels need gigabytes.
MAX_PIXELS = 64_000_000  # a 48-megapixel phone photo passes; a 30000×30000 decompression bomb does not


@dataclass(frozen=True)
class VideoInfo:
    source: str
    fps: float
    frames: int
    width: int
    height: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps if self.fps else 0.0


@dataclass(frozen=True)
class Frame:
    index: int
    t: float
    rgb: NDArray[np.uint8]


def _rgb(bgr: object) -> NDArray[np.uint8]:
    small = _fit(np.asarray(bgr, dtype=np.uint8))  # scale first: converting a 4K frame costs more
    return np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def _fit(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    h, w = image.shape[:2]
    scale = MAX_SIDE / max(h, w)
    if scale >= 1:
        return image
    size = (round(w * scale), round(h * scale))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def shown(path: Path | str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 (kept by Python as surrogates) become �."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _cv_path(path: Path) -> str:
    """The path as OpenCV takes it. A name that is not UTF-8 crashes OpenCV's open, so it is refused."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MediaError(
            f"The file name {shown(path)!r} is not valid UTF-8, so psoas cannot open it; rename the file."
        ) from None
    return text


def header_size(source: Path | bytes) -> tuple[int, int] | None:
    """(width, height) read from an image's header, never decoding it; None when no image library knows
    the header. A size beyond Pillow's own bomb limit is reported as (MAX_PIXELS, MAX_PIXELS)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return MAX_PIXELS, MAX_PIXELS
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return width, height


def image_size(source: Path | bytes, name: str) -> tuple[int, int]:
    """header_size, or MediaError for a picture over MAX_PIXELS (a decompression bomb) or no image."""
    size = header_size(source)
    if size is None:
        raise MediaError(f"{name} could not be read as an image.")
    if size[0] * size[1] > MAX_PIXELS:
        raise MediaError(
            f"{name} has too many pixels to decode safely; psoas reads photos of up to "
            f"{MAX_PIXELS // 1_000_000} megapixels."
        )
    return size


def _open_capture(path: Path) -> Any:
    _cv_path(path)
    if not path.exists():
        raise MediaError(f"Video file {path} does not exist.")
    if path.is_file() and path.stat().st_size == 0:
        raise MediaError(f"Video file {path} is empty (0 bytes).")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        raise MediaError(f"{path} is an image, but a video is expected here.")
    cap = cv2.VideoCapture(_cv_path(path))
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    if not cap.isOpened():
        raise MediaError(f"{path} could not be opened as a video (unknown format or damaged file).")
    return cap


def probe(path: Path) -> VideoInfo:
    """Read a video's size, rate and length without decoding it all; raise MediaError when unusable."""
    _cv_path(path)
    if not path.exists():
        raise MediaError(f"Video file {path} does not exist.")
    stat = path.stat()
    # Remembered per file version: the CLI probes for its progress bar and the analysis probes again.
    return _probe(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _probe(path: Path, _mtime_ns: int, _size: int) -> VideoInfo:
    if path.is_dir():
        images = _folder_images(path)
        first = _read_image(images[0])
        h, w = _fit(first).shape[:2]
        return VideoInfo(str(path), FOLDER_FPS, len(images), w, h)
    cap = _open_capture(path)
    try:
        ok, first = cap.read()
        if not ok or first is None:
            raise MediaError(f"{path} holds no decodable video frames.")
        fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        h, w = _fit(np.asarray(first, dtype=np.uint8)).shape[:2]
        return VideoInfo(str(path), float(fps), max(frames, 1), w, h)
    finally:
        cap.release()


class _Budget:
    """Bytes of decoded frames not yet taken by the consumer; the decoder waits while it is spent."""

    def __init__(self, limit: int) -> None:
        self._limit, self._used = limit, 0
        self._cond = threading.Condition()

    def take(self, n: int, stop: threading.Event) -> bool:
        """Wait for room for `n` more bytes (one frame always fits); False once `stop` is set."""
        with self._cond:
            while self._used and self._used + n > self._limit and not stop.is_set():
                self._cond.wait(0.05)
            self._used += n
            return not stop.is_set()

    def give(self, n: int) -> None:
        with self._cond:
            self._used -= n
            self._cond.notify()


Item = Frame | BaseException | None


def _decode(path: Path, out: queue.SimpleQueue[Item], budget: _Budget, stop: threading.Event) -> None:
    try:
        cap = _open_capture(path)
        fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        index = 0
        while not stop.is_set():
            ok, bgr = cap.read()
            if not ok:
                break
            frame = Frame(index, index / fps, _rgb(bgr))
            if not budget.take(frame.rgb.nbytes, stop):
                break
            out.put(frame)
            index += 1
        cap.release()
        out.put(None)
    except Exception as exc:  # noqa: BLE001 - handed to the consumer thread, which re-raises it
        out.put(exc)


def _video_frames(path: Path) -> Generator[Frame, None, None]:
    # Decoding runs in its own thread so it overlaps pose estimation; the byte budget bounds memory.
    frames: queue.SimpleQueue[Item] = queue.SimpleQueue()
    budget = _Budget(PREFETCH_BYTES)
    stop = threading.Event()
    worker = threading.Thread(target=_decode, args=(path, frames, budget, stop), daemon=True)
    worker.start()
    try:
        while (item := frames.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            budget.give(item.rgb.nbytes)
            yield item
    finally:
        stop.set()  # a decoder waiting for room sees it within its next wait
        worker.join()


def _read_image(path: Path) -> NDArray[np.uint8]:
    text = _cv_path(path)
    if not path.exists():
        raise MediaError(f"Image {path} does not exist.")
    image_size(path, str(path))
    image = cv2.imread(text, cv2.IMREAD_COLOR)
    if image is None:
        raise MediaError(f"{path} could not be read as an image.")
    return np.asarray(image, dtype=np.uint8)


def read_image(path: Path) -> Frame:
    """One photo as a single frame at time 0."""
    return Frame(0, 0.0, _rgb(_read_image(path)))


def decode_image(data: bytes, name: str) -> Frame:
    """A photo held in memory (an upload, a camera snapshot) as a single frame; it never touches disk."""
    if data:
        image_size(data, name)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is None:
        raise MediaError(f"{name} could not be read as an image.")
    return Frame(0, 0.0, _rgb(image))


def _folder_images(folder: Path) -> list[Path]:
    images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not images:
        raise MediaError(f"Folder {folder} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))}).")
    return images


def open_frames(path: Path) -> Generator[Frame, None, None]:
    """Frames of a video file, or of a folder of images (one frame per image at 30 fps)."""
    _cv_path(path)
    if path.is_dir():
        return (Frame(i, i / FOLDER_FPS, _rgb(_read_image(p))) for i, p in enumerate(_folder_images(path)))
    return _video_frames(path)


def webcam_frames(index: int) -> Iterator[Frame]:
    """Live frames from a camera, timestamped by their arrival; stops when the camera does."""
    import time  # noqa: PLC0415

    cap = cv2.VideoCapture(index)
    if not cap.isOpened():
        raise MediaError(f"Camera {index} could not be opened (is it connected and free?).")
    start = time.monotonic()
    try:
        i = 0
        while True:
            ok, bgr = cap.read()
            if not ok:
                return
            yield Frame(i, time.monotonic() - start, _rgb(bgr))
            i += 1
    finally:
        cap.release()
