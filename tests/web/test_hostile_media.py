"""Hostile media against a real server: a pixel-bomb photo, a frame header that claims 11000×11000
pixels (the server's peak memory measured in /proc), and uploads that are not what their name says."""

from __future__ import annotations

import asyncio
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from hostile import jpeg_claiming, png_bomb
from psoas.store import Store
from psoas.web import WebConfig, create_app
from web_support import app_server, server_process

BOMB_SENTENCE = "'bomb.png' has too many pixels to decode safely; psoas reads photos of up to 64 megapixels."


def _peak_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM in /proc")


@pytest.fixture
def url(store: Store) -> Iterator[str]:
    with app_server(create_app(WebConfig(), store=store)) as base:
        yield base


def test_a_pixel_bomb_photo_is_refused_before_any_job(url: str, tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bomb.png", 20_000).read_bytes()
    reply = httpx.post(url + "/api/thomas", files={"file": ("bomb.png", bomb, "image/png")}, timeout=60)
    assert (reply.status_code, reply.json()) == (422, {"detail": BOMB_SENTENCE})


def test_thomas_uploads_are_checked_up_front_and_never_show_server_paths(url: str) -> None:
    not_image = httpx.post(url + "/api/thomas", files={"file": ("photo.png", b"hello" * 50, "image/png")})
    assert (not_image.status_code, not_image.json()) == (
        422,
        {"detail": "'photo.png' could not be read as an image."},
    )
    not_video = httpx.post(url + "/api/thomas", files={"file": ("clip.mp4", b"hello" * 50, "video/mp4")})
    assert (not_video.status_code, not_video.json()) == (
        422,
        {"detail": "'clip.mp4' holds no video psoas can decode."},
    )
    wrong_kind = httpx.post(url + "/api/thomas", files={"file": ("notes.txt", b"hello", "text/plain")})
    assert wrong_kind.status_code == 422 and "/tmp" not in wrong_kind.text


def test_a_job_error_names_the_upload_not_the_server_path(store: Store) -> None:
    from psoas.errors import MediaError  # noqa: PLC0415

    app = create_app(WebConfig(), store=store)
    with app_server(app) as url:
        jobs = app.state.services.jobs
        upload = jobs.folder / "upload-x1y2.mp4"
        upload.write_bytes(b"x")

        def work(out: Path, report: Any) -> dict[str, Any]:
            raise MediaError(f"{upload} could not be opened as a video (unknown format or damaged file).")

        job = jobs.submit("thomas", work, upload, "my clip.mp4")
        for _ in range(500):
            body = httpx.get(f"{url}/api/jobs/{job.id}").json()
            if body["status"] == "failed":
                break
            asyncio.run(asyncio.sleep(0.01))
        assert (
            body["error"] == "'my clip.mp4' could not be opened as a video (unknown format or damaged file)."
        )
        assert not upload.exists()


def test_a_live_frame_claiming_a_huge_size_is_refused_from_its_header(tmp_path: Path) -> None:
    """Decoding the claimed 11000×11000 picture would take 363 MB; the header alone is read."""

    async def talk(ws_url: str, jpeg: bytes) -> dict[str, Any]:
        async with websockets.connect(ws_url) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 120))["type"] == "hello"
            await ws.send(struct.pack("<d", 1.0) + jpeg)
            answer: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 120))
            return answer

    with server_process(tmp_path) as (url, proc):
        ws_url = url.replace("http://", "ws://") + "ws/live?exercise=glute-bridge"
        first = asyncio.run(talk(ws_url, jpeg_claiming(16, 16)))  # BlazePose loaded: the baseline
        before = _peak_mb(proc.pid)
        second = asyncio.run(talk(ws_url, jpeg_claiming(11000, 11000)))
        grown = _peak_mb(proc.pid) - before
    assert first["type"] == "state" and first["frames"] == 1
    assert second == {"type": "error", "message": "Frames must be at most 1280 pixels on their longer side."}
    assert grown < 100, grown
