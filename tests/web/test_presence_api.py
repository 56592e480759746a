"""`POST /api/presence` through a real Uvicorn server: real JPEG frames cut from a shared clip at test time
(a standing man, the same frame blacked out), and bad bodies refused with one sentence."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import cv2
import httpx
import numpy as np
import pytest

from conftest import MEDIA_DIR
from psoas.store import Store
from psoas.web import create_app
from psoas.web.presence_api import Looker
from web_support import app_server

CLIP = MEDIA_DIR / "knee_lifts.mp4"


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    with app_server(create_app(store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _jpeg(t_s: float, *, blank: bool = False, long_side: int = 640) -> bytes:
    if not CLIP.is_file():
        pytest.skip(f"test clip not found at {CLIP}")
    cap = cv2.VideoCapture(str(CLIP))
    cap.set(cv2.CAP_PROP_POS_MSEC, t_s * 1000)
    ok, bgr = cap.read()
    cap.release()
    assert ok
    h, w = bgr.shape[:2]
    small = cv2.resize(bgr, (round(w * long_side / max(h, w)), round(h * long_side / max(h, w))))
    if blank:
        small = np.zeros_like(small)
    return bytes(cv2.imencode(".jpg", small)[1])


@pytest.mark.slow
def test_a_real_frame_of_a_standing_man_and_a_covered_camera(client: httpx.Client) -> None:
    # At 1 s he stands still on both feet, side-on (labels/presence.toml); the black frame shows no one.
    standing = client.post("/api/presence", content=_jpeg(1.0), headers={"content-type": "image/jpeg"})
    assert standing.status_code == 200
    body = standing.json()
    assert (body["posture"], body["basis"]) == ("standing", "legs")
    assert 0.6 <= body["confidence"] <= 1.0
    assert body["shoulders"] is not None and 0 < body["shoulders"]["y"] < 1
    away = client.post("/api/presence", content=_jpeg(1.0, blank=True)).json()
    assert away == {"posture": "away", "confidence": 0.9, "basis": "no-person", "shoulders": None}


@pytest.mark.parametrize(
    ("body", "query", "sentence"),
    [
        (b"", "", "Send one JPEG camera frame as the request body."),
        (b"not a picture", "", "The request body is not a JPEG image."),
        (
            bytes(cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))[1]),
            "",
            "The request body is not a JPEG image.",
        ),
        (bytes(cv2.imencode(".jpg", np.zeros((8, 1400, 3), np.uint8))[1]), "", "at most 1280 pixels"),
        (
            bytes(cv2.imencode(".jpg", np.zeros((8, 8, 3), np.uint8))[1]),
            "?seated_y=0.5",
            "Give both seated_y",
        ),
    ],
)
def test_bad_bodies_are_refused_with_one_sentence(
    client: httpx.Client, body: bytes, query: str, sentence: str
) -> None:
    reply = client.post(f"/api/presence{query}", content=body)
    assert reply.status_code == 422
    assert sentence in reply.json()["detail"]


def test_a_body_over_the_limit_is_refused_unread(client: httpx.Client) -> None:
    reply = client.post("/api/presence", content=b"\xff\xd8\xff" + bytes(2 << 20))
    assert reply.status_code == 413
    assert reply.json()["detail"] == "That request is larger than 1024 kB."


@pytest.mark.slow
def test_the_looks_model_closes_with_the_server(store: Store) -> None:
    app = create_app(store=store)

    async def serve_one_look() -> Looker:
        async with app.router.lifespan_context(app):
            looker = app.state.presence = Looker()
            looker.look(bytes(cv2.imencode(".jpg", np.zeros((48, 64, 3), np.uint8))[1]), None)
            assert looker._estimator is not None
        return looker

    assert asyncio.run(serve_one_look())._estimator is None
