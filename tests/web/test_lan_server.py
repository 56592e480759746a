"""`psoas serve --lan --host 127.0.0.1` for real, as its own process (loopback only: no test ever opens
this machine's network address): the printed https URL with its token, the QR code of exactly that URL,
and HTTPS that verifies against the generated authority and against nothing else."""

from __future__ import annotations

import os
import re
import ssl
from pathlib import Path

import cv2
import httpx
import pytest

from web_support import qr_image, server_process

QR_CHARS = frozenset("█▀▄ ")


def _rest(lines: object) -> list[str]:
    """What the server prints after its URL, up to its last line."""
    out = []
    for line in lines:  # type: ignore[attr-defined]
        out.append(line.rstrip("\n"))
        if "Ctrl+C stops it" in line:
            return out
    raise AssertionError(f"psoas serve stopped printing: {out}")


def test_serve_lan_prints_its_https_url_a_qr_code_of_it_and_where_to_trust(tmp_path: Path) -> None:
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1") as (url, proc):
        rest = _rest(proc.stdout)
        assert re.fullmatch(r"https://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{32}", url), url
        start = rest.index("Scan this with your phone's camera (same Wi-Fi):") + 1
        end = next(i for i, line in enumerate(rest) if line.startswith("First time on a phone?"))
        qr = rest[start:end]
        assert len(qr) > 10 and all(set(line) <= QR_CHARS for line in qr)
        text, points, _ = cv2.QRCodeDetector().detectAndDecode(qr_image(qr))
        assert points is not None and text == url
        trust = url.split("?")[0] + "trust"
        assert rest[end] == (
            f"First time on a phone? Open {trust} there to trust this computer's certificate once."
        )
        ca = tmp_path / "psoas" / "tls" / "psoas-ca.crt"
        trusted = ssl.create_default_context(cafile=str(ca))
        home = httpx.get(url, verify=trusted)
        assert home.status_code == 200 and "<title>Today · psoas</title>" in home.text
        assert home.headers["set-cookie"].endswith("; HttpOnly; SameSite=Strict; Secure")
        assert httpx.get(trust, verify=trusted).status_code == 200
        assert httpx.get(url.split("?")[0], verify=trusted).status_code == 401  # the token is required
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(url)  # the system's authorities do not know ours
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(url, verify=ssl.create_default_context(cafile=str(_other_ca(tmp_path))))


def test_serve_lan_keeps_its_token_across_restarts_until_new_token(tmp_path: Path) -> None:
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1") as (first, _):
        pass
    token_file = tmp_path / "psoas" / "tls" / "token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert first.endswith("?token=" + token_file.read_text())
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1") as (again, _):
        pass
    assert again.split("?")[1] == first.split("?")[1]
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1", "--new-token") as (renewed, _):
        pass
    assert renewed.split("?")[1] != first.split("?")[1]
    assert renewed.endswith("?token=" + token_file.read_text())


def _other_ca(tmp_path: Path) -> Path:
    """A second authority in another folder: trusting it must not open psoas's server."""
    from psoas.web.tls import load_or_create  # noqa: PLC0415

    return load_or_create(tmp_path / "other", "127.0.0.1").ca_cert


def test_serve_lan_with_a_host_name_is_one_sentence(tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    run = subprocess.run(
        [sys.executable, "-m", "psoas", "serve", "--lan", "--host", "my-laptop.local", "--port", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path), "COLUMNS": "200"},
        timeout=60,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "--lan needs an IP address for --host (its certificate names it), not 'my-laptop.local'." in (
        run.stdout + run.stderr
    )
    assert "Traceback" not in run.stderr
