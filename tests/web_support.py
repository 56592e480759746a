"""Helpers for the web tests and the latency benchmark: a real server process, the system's Chromium,
and a fake camera made from a real clip."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2

__all__ = [
    "CHROMIUM",
    "PAGES",
    "app_server",
    "chromium_missing",
    "jpeg_frames",
    "qr_image",
    "running_server",
    "server_process",
    "write_y4m",
]

CHROMIUM = Path("/usr/bin/chromium")
URL = re.compile(r"psoas is running at (\S+)")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return "the playwright package is not installed"
    return None


# Every page, with the title its <h1> starts with.
PAGES = {
    "/": "Today",
    "/exercises": "Exercise library",
    "/exercises/kneeling-psoas-stretch": "Kneeling psoas stretch",
    "/learn": "Learn about the psoas",
    "/session": "Guided session",
    "/live": "Live camera coach",
    "/analyze": "Analyse a video or a photo",
    "/thomas": "Thomas test",
    "/checkin": "Check-in",
    "/breaks": "Sitting-break timer",
    "/history": "History",
    "/export": "Export",
    "/settings": "Settings",
}


def _scaled(bgr: Any, long_side: int, *, even: bool = False) -> Any:
    """`bgr` resized so its longer side is `long_side` (even width and height when asked, for YUV 4:2:0)."""
    h, w = bgr.shape[:2]
    scale = long_side / max(h, w)
    size = (round(w * scale), round(h * scale))
    if even:
        size = (size[0] // 2 * 2, size[1] // 2 * 2)
    return cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)


def write_y4m(video: Path, out: Path, *, long_side: int = 640, tail_s: float = 0.0) -> tuple[int, float]:
    """Convert `video` to a YUV4MPEG2 file (what Chromium's fake camera plays), scaled so the longer side
    is `long_side`, with the last frame held for `tail_s`. Returns (frames written, fps)."""
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    written = 0
    with out.open("wb") as f:
        header_written = False
        last = None
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            small = _scaled(bgr, long_side, even=True)
            if not header_written:
                h, w = small.shape[:2]
                f.write(f"YUV4MPEG2 W{w} H{h} F{round(fps)}:1 Ip A1:1 C420jpeg\n".encode())
                header_written = True
            last = cv2.cvtColor(small, cv2.COLOR_BGR2YUV_I420).tobytes()
            f.write(b"FRAME\n" + last)
            written += 1
        for _ in range(round(tail_s * fps)):
            assert last is not None
            f.write(b"FRAME\n" + last)
    cap.release()
    return written + round(tail_s * fps), fps


@contextmanager
def running_server(data_home: Path, *extra: str, db_url: str | None = None) -> Iterator[str]:
    """`psoas serve --port 0` as its own process on a private database; yields the URL it printed."""
    with server_process(data_home, *extra, db_url=db_url) as (url, _):
        yield url


@contextmanager
def server_process(
    data_home: Path, *extra: str, db_url: str | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Like running_server, with more environment (TMPDIR, say); yields the URL and the process."""
    exe = shutil.which("psoas", path=str(Path(sys.executable).parent)) or "psoas"
    full_env = {**os.environ, "XDG_DATA_HOME": str(data_home), "COLUMNS": "400", **(env or {})}
    full_env.pop("PSOAS_DB_URL", None)
    if db_url:
        full_env["PSOAS_DB_URL"] = db_url
    proc = subprocess.Popen(
        [exe, "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=full_env,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            found = URL.search(line)
            if found:
                yield found.group(1), proc
                break
        else:
            raise RuntimeError(f"psoas serve exited with {proc.wait()} before printing its URL")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def app_server(app: Any) -> Iterator[str]:
    """A real Uvicorn server for `app` on a free loopback port, in a thread; yields its base URL."""
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    from psoas.web.server import bind  # noqa: PLC0415

    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws_max_size=4 << 20))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def jpeg_frames(video: Path, long_side: int = 640) -> list[bytes]:
    """Every frame of `video` as the live page would send it: scaled to `long_side`, JPEG quality 75."""
    cap = cv2.VideoCapture(str(video))
    out = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        out.append(cv2.imencode(".jpg", _scaled(bgr, long_side), [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes())
    cap.release()
    return out


def qr_image(lines: list[str], *, scale: int = 8) -> Any:
    """Half-block QR lines (web/qr.py, as `serve --lan` prints them) back as a grey image for OpenCV:
    each character is two modules, one above the other; dark modules black."""
    import numpy as np  # noqa: PLC0415

    from psoas.web.qr import HALF_BLOCKS  # noqa: PLC0415

    pairs = {char: pair for pair, char in HALF_BLOCKS.items()}
    rows: list[list[bool]] = [[] for _ in range(2 * len(lines))]
    for i, line in enumerate(lines):
        for char in line:
            top, bottom = pairs[char]
            rows[2 * i].append(top)
            rows[2 * i + 1].append(bottom)
    image = np.where(np.array(rows, dtype=bool), 0, 255).astype(np.uint8)
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
