"""`POST /api/presence`: one JPEG camera frame in, sitting / standing / away out (the break page's opt-in
camera look, once every few seconds). The frame is decoded in memory and dropped: never written, never
kept. The pose model is loaded on the first look and shared by the server's looks (one at a time)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request

from psoas.errors import InvalidInputError, MediaError
from psoas.habits.presence import Seated, classify, shoulders_of
from psoas.vision.pose import MediaPipeEstimator

__all__ = ["MAX_LOOK_BYTES", "Looker", "router"]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """FastAPI runs an included router's lifespan inside the app's: the looks' model closes at shutdown."""
    yield
    looker = getattr(app.state, "presence", None)
    if looker is not None:
        looker.close()


router = APIRouter(prefix="/api", tags=["api"], lifespan=_lifespan)

MAX_LOOK_BYTES = 1 << 20  # a 640×480 webcam JPEG is ~40 kB; BodyLimit stops a larger body before this
MAX_LOOK_SIDE = 1280
JPEG_START = b"\xff\xd8\xff"


class Looker:
    """BlazePose for single looks: static-image mode, since looks seconds apart share no motion."""

    def __init__(self) -> None:
        self._estimator: MediaPipeEstimator | None = None
        self._lock = threading.Lock()  # a mediapipe graph runs one frame at a time

    def look(self, jpeg: bytes, seated: Seated | None) -> dict[str, Any]:
        import cv2  # noqa: PLC0415 - OpenCV loads slowly; the app starts without it
        import numpy as np  # noqa: PLC0415

        bgr = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        if bgr is None:
            raise MediaError("The frame could not be decoded as JPEG.")
        rgb = np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), np.uint8)
        size = (rgb.shape[1], rgb.shape[0])
        with self._lock:
            if self._estimator is None:
                # One inference thread: a look every few seconds is a background cost, not a race.
                self._estimator = MediaPipeEstimator(static_images=True, threads=1)
            pose = self._estimator.estimate(rgb, 0.0)
        del rgb, bgr  # nothing of the picture outlives the look
        shoulders = None if pose is None else shoulders_of(pose, size)
        found = (
            None
            if shoulders is None
            else {"y": round(shoulders.shoulder_y, 4), "width": round(shoulders.shoulder_width, 4)}
        )
        return classify(pose, size, seated=seated).to_dict() | {"shoulders": found}

    def close(self) -> None:
        with self._lock:
            if self._estimator is not None:
                self._estimator.close()
                self._estimator = None


def _looker(request: Request) -> Looker:
    looker = getattr(request.app.state, "presence", None)
    if looker is None:
        looker = request.app.state.presence = Looker()
    return looker


def _check(jpeg: bytes) -> None:
    """Refuse a body that is no webcam JPEG before anything decodes it."""
    from psoas.vision.frames import header_size  # noqa: PLC0415 - loads Pillow and OpenCV

    if not jpeg:
        raise InvalidInputError("Send one JPEG camera frame as the request body.")
    if len(jpeg) > MAX_LOOK_BYTES:
        raise InvalidInputError(f"A camera frame must be at most {MAX_LOOK_BYTES >> 10} kB.")
    size = header_size(jpeg) if jpeg.startswith(JPEG_START) else None
    if size is None:
        raise MediaError("The request body is not a JPEG image.")
    if max(size) > MAX_LOOK_SIDE:
        raise MediaError(f"A camera frame must be at most {MAX_LOOK_SIDE} pixels on its longer side.")


JPEG_BODY = {
    "requestBody": {
        "required": True,
        "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post("/presence", openapi_extra=JPEG_BODY)
async def presence(
    request: Request,
    seated_y: Annotated[float | None, Query(ge=0, le=1)] = None,
    seated_width: Annotated[float | None, Query(gt=0, le=1)] = None,
) -> dict[str, Any]:
    """Sitting, standing or away (posture null: no information) in one JPEG frame, with a confidence 0–1
    and the shoulders' place (fractions of the frame) for calibrating a seated position. `seated_y` and
    `seated_width` are that calibration, used when only the upper body is in view."""
    jpeg = await request.body()
    _check(jpeg)
    if (seated_y is None) != (seated_width is None):
        raise InvalidInputError("Give both seated_y and seated_width, or neither.")
    seated = None if seated_y is None or seated_width is None else Seated(seated_y, seated_width)
    return await asyncio.to_thread(_looker(request).look, jpeg, seated)
