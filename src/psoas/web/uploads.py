"""Uploaded photos and clips: type and size limits.

A photo is read into memory and decoded there. A clip is streamed to a private temporary file, because
the video decoder needs a path; it exists only while its job runs.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from psoas.errors import InvalidInputError
from psoas.vision.frames import IMAGE_SUFFIXES

__all__ = ["PHOTO_SUFFIXES", "VIDEO_SUFFIXES", "Limits", "is_image", "read_image_upload", "save_upload"]

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"})
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})  # what a phone or browser makes
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    video_mb: int = 300
    image_mb: int = 25


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
