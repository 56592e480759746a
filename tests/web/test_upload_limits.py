"""Oversized uploads against a real server: stopped at the limit (bytes the server wrote, measured in
/proc), a bounded job queue, results that expire, and work folders of killed servers cleared at start."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from psoas.store import Store
from psoas.web import WebConfig, create_app
from psoas.web.uploads import Limits
from web_support import app_server, server_process

MB = 1 << 20
BOUNDARY = "psoasboundary"


def _written(pid: int) -> int:
    """Bytes the process has passed to write() (files; socket sends are not counted)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc")


def _upload(url: str, path: str, filename: str, send_mb: int, declared: int | None = None) -> int:
    """POST a multipart upload of `send_mb` MB of zeros, chunked (or with a declared Content-Length),
    as a browser streams it; stop sending once the server answers. Returns the HTTP status."""
    host, port = url.split("//")[1].split("/", maxsplit=1)[0].split(":")
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    length = f"content-length: {declared}" if declared is not None else "transfer-encoding: chunked"
    request = (
        f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\n{length}\r\n"
        f"content-type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
    ).encode()
    chunk = bytes(MB)
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(request)
        sent = [head] + [chunk] * send_mb
        try:
            for piece in sent:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop, as a browser does
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if declared is None else piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = sock.recv(4096)
    return int(answer.split()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    with server_process(tmp_path, env={"TMPDIR": str(tmp_path)}) as (url, proc):
        yield url.rstrip("/"), proc.pid


def test_a_photo_streamed_past_its_limit_is_not_read_past_it(served: tuple[str, int]) -> None:
    url, pid = served
    before = _written(pid)
    assert _upload(url, "/api/thomas", "bomb.png", send_mb=60) == 413
    assert _written(pid) - before < 26 * MB  # the 25 MB image limit, not the 60 MB sent


def test_a_declared_oversized_upload_is_refused_unread(served: tuple[str, int]) -> None:
    url, pid = served
    before = _written(pid)
    assert _upload(url, "/api/analyses", "clip.mp4", send_mb=40, declared=2000 * MB) == 413
    assert _upload(url, "/api/thomas", "clip.mp4", send_mb=40, declared=400 * MB) == 413
    assert _written(pid) - before < MB


def test_a_large_form_is_refused_with_a_sentence(store: Store) -> None:
    with app_server(create_app(WebConfig(limits=Limits(form_kb=4)), store=store)) as url:
        reply = httpx.post(url + "/api/checkins", content=b"[" + b"1," * 4000 + b"1]")
        assert (reply.status_code, reply.json()) == (413, {"detail": "That request is larger than 4 kB."})


def test_a_clip_streamed_past_its_limit_stops_there(store: Store) -> None:
    with app_server(create_app(WebConfig(limits=Limits(video_mb=2)), store=store)) as url:
        before = _written(os.getpid())
        assert _upload(url, "/api/analyses", "clip.mp4", send_mb=30) == 413
        assert _written(os.getpid()) - before < 3 * MB


def test_the_job_queue_is_bounded_and_results_expire(store: Store, tmp_path: Path) -> None:
    config = WebConfig(limits=Limits(waiting_jobs=0))
    with app_server(create_app(config, store=store)) as url:
        reply = httpx.post(url + "/api/thomas", files={"file": ("a.png", b"x" * 100, "image/png")})
        assert reply.status_code == 503
        assert reply.json() == {"detail": "0 uploads are already waiting; try again when one has finished."}
    config = WebConfig(limits=Limits(waiting_jobs=1, keep_results_s=0.0))
    app = create_app(config, store=store)
    with app_server(app) as url:
        jobs = app.state.services.jobs
        job = jobs.submit("thomas", lambda out, report: (out.mkdir(parents=True), {"ok": True})[1])
        deadline = time.monotonic() + 30
        while jobs.full() and time.monotonic() < deadline:  # full while the one job allowed has not ended
            time.sleep(0.01)
        assert (jobs.folder / job.id).is_dir()
        assert httpx.get(f"{url}/api/jobs/{job.id}").status_code == 404  # expired, outputs deleted
        assert not (jobs.folder / job.id).exists()


def test_a_killed_servers_upload_folder_is_cleared_at_the_next_start(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    stale = tmp_path / f"psoas-web-{dead.stdout.decode().strip()}-abc"
    stale.mkdir()
    (stale / "upload-1.mp4").write_bytes(bytes(MB))
    alive = tmp_path / f"psoas-web-{os.getpid()}-def"
    alive.mkdir()
    unknown = tmp_path / "psoas-web-other"
    unknown.mkdir()
    with server_process(tmp_path, env={"TMPDIR": str(tmp_path)}) as (url, proc):
        assert httpx.get(url + "api/health").status_code == 200  # serving: it cleans up when stopped
        own = [p.name.split("-")[2] for p in tmp_path.glob("psoas-web-*") if p not in (alive, unknown)]
        assert own == [str(proc.pid)]
        assert not stale.exists() and alive.is_dir() and unknown.is_dir()
    assert sorted(tmp_path.glob("psoas-web-*")) == sorted([alive, unknown])
