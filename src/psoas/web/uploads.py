"""Uploaded photos and clips: type and size limits.

A photo is read into memory and decoded there. A clip is streamed to a private temporary file, because
the video decoder needs a path; it exists only while its job runs. BodyLimit stops reading a request at
its route's limit, before the form parser spools more of it to disk.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from psoas.errors import InvalidInputError
from psoas.vision.frames import IMAGE_SUFFIXES, image_size

__all__ = [
    "PHOTO_SUFFIXES",
    "VIDEO_SUFFIXES",
    "BodyLimit",
    "Limits",
    "is_image",
    "read_image_upload",
    "save_upload",
]

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"})
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})  # what a phone or browser makes
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    video_mb: int = 300
    image_mb: int = 25
    form_kb: int = 1024  # any other request body: forms and JSON are a few kB
    waiting_jobs: int = 4  # uploads queued or running at once; more are refused until one ends
    keep_results_s: float = 3600.0  # a finished job's result and annotated video, then deleted


def _kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    known = ", ".join(sorted(VIDEO_SUFFIXES | IMAGE_SUFFIXES))
    raise InvalidInputError(f"'{name}' is not a video or photo psoas can read; use one of {known}.")


def is_image(upload: UploadFile) -> bool:
    return _kind(Path(upload.filename or "upload").name) == "image"


async def read_image_upload(upload: UploadFile, limits: Limits, *, photos_only: bool = False) -> bytes:
    """A photo upload, read into memory (never written to disk), within its size limit; `photos_only`
    takes only the formats a phone or browser makes."""
    name = Path(upload.filename or "upload").name
    if photos_only and Path(name).suffix.lower() not in PHOTO_SUFFIXES:
        known = ", ".join(sorted(PHOTO_SUFFIXES))
        raise InvalidInputError(f"'{name}' is not a photo format psoas checks; use one of {known}.")
    data = await upload.read(limits.image_mb * CHUNK + 1)
    if len(data) > limits.image_mb * CHUNK:
        raise InvalidInputError(f"That image is larger than the {limits.image_mb} MB limit.")
    if not data:
        raise InvalidInputError(f"'{name}' is empty.")
    image_size(data, f"'{name}'")  # a photo that is no image, or a decompression bomb, is refused now
    return data


async def save_upload(upload: UploadFile, folder: Path, limits: Limits, *, allow_images: bool) -> Path:
    """Write the upload under `folder`; a wrong type or a file over its limit raises one sentence."""
    name = Path(upload.filename or "upload").name
    kind = _kind(name)
    if kind == "image" and not allow_images:
        raise InvalidInputError("Exercise analysis needs a video clip, not a photo.")
    limit_mb = limits.video_mb if kind == "video" else limits.image_mb
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="upload-", suffix=Path(name).suffix.lower())
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit_mb * CHUNK:
                    raise InvalidInputError(f"That {kind} is larger than the {limit_mb} MB limit.")
                out.write(chunk)
        if size == 0:
            raise InvalidInputError(f"'{name}' is empty.")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


UPLOAD_ROUTES = frozenset({"/api/analyses", "/api/recognitions", "/api/thomas"})
SLACK = 64 << 10  # the multipart framing and the small form fields around the file
FILENAME = re.compile(rb'filename="([^"\r\n]*)"')


def _cap(path: str, head: bytes, limits: Limits) -> tuple[int, str]:
    """The most bytes this request may carry, and the sentence when it carries more. An upload's limit is
    its file kind's, known from the file name in the first part's headers (which precede its bytes)."""
    if path not in UPLOAD_ROUTES:
        return limits.form_kb << 10, f"That request is larger than {limits.form_kb} kB."
    found = FILENAME.search(head)
    suffix = Path(found.group(1).decode("latin-1")).suffix.lower() if found else ""
    kind, mb = ("image", limits.image_mb) if suffix in IMAGE_SUFFIXES else ("video", limits.video_mb)
    return mb * CHUNK + SLACK, f"That {kind} is larger than the {mb} MB limit."


class BodyLimit:
    """ASGI middleware: a body declared larger than its limit is refused (413) unread; one that streams
    past it stops being read there, so at most the limit ever reaches memory or disk."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        cap, sentence = _cap(path, b"", self.limits)
        if declared.isdigit() and int(declared) > cap:
            await _too_large(send, sentence)
            return
        seen = bytearray()  # the first bytes, where the file name is
        count = 0

        async def counted() -> Message:
            nonlocal count
            message = await receive()
            if message["type"] == "http.request":
                count += len(message.get("body", b""))
                if len(seen) < 16 << 10:
                    seen.extend(message.get("body", b"")[: 16 << 10])
                limit, why = _cap(path, bytes(seen), self.limits)
                if count > limit:
                    raise HTTPException(413, why)
            return message

        await self.app(scope, counted, send)


async def _too_large(send: Send, sentence: str) -> None:
    headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps({"detail": sentence}).encode()})
