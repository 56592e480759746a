"""Uploads under /api: a clip or photo of an exercise, a Thomas test, and the background jobs that
analyse them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse

from psoas.errors import BusyError, InvalidInputError, PsoasError
from psoas.vision.landmarks import Side
from psoas.web.api import Services, Svc
from psoas.web.jobs import analysis_work, photo_work, thomas_work
from psoas.web.uploads import is_image, read_image_upload, save_upload

__all__ = ["refuse_if_busy", "router", "saved_video"]

router = APIRouter(prefix="/api", tags=["api"])

Side_ = Literal["auto", "left", "right"]


def _side(value: str) -> Side | None:
    return None if value == "auto" else Side(value)


async def saved_video(file: UploadFile, svc: Services) -> Path:
    """The uploaded clip on disk, checked to hold decodable video before any job is queued for it."""
    from psoas.vision.frames import probe  # noqa: PLC0415 (OpenCV loads slowly)

    path = await save_upload(file, svc.jobs.folder, svc.limits, allow_images=False)
    try:
        probe(path)
    except PsoasError:
        path.unlink(missing_ok=True)
        raise InvalidInputError(f"'{file.filename}' holds no video psoas can decode.") from None
    return path


def refuse_if_busy(svc: Services) -> None:
    if svc.jobs.full():
        raise BusyError(f"{svc.jobs.waiting} uploads are already waiting; try again when one has finished.")


@router.post("/analyses", status_code=202)
async def upload_analysis(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A video clip of one exercise, or a photo of its pose.")],
    exercise: Annotated[str, Form(max_length=80)],
    side: Annotated[Side_, Form()] = "auto",
    save: Annotated[bool, Form()] = True,
) -> dict[str, Any]:
    """Analyse an uploaded clip, or check a photo's pose, in the background; poll /api/jobs/{id} for
    progress and the result."""
    from psoas.coach.analysis import camera_spec  # noqa: PLC0415 (OpenCV and mediapipe load slowly)
    from psoas.vision.frames import decode_image  # noqa: PLC0415

    ex = svc.catalog.exercise(exercise)
    camera_spec(ex)
    refuse_if_busy(svc)
    name = file.filename or "upload"
    if is_image(file):  # a photo stays in memory
        photo = await read_image_upload(file, svc.limits, photos_only=True)
        decode_image(photo, name)  # refused here, as a clip that does not decode is
        return svc.jobs.submit(
            "photo", photo_work(svc.store, photo, ex, _side(side), save=save, name=name), None, name
        ).to_dict()
    path = await saved_video(file, svc)
    work = analysis_work(svc.store, path, ex, _side(side), save=save, name=file.filename or "upload")
    return svc.jobs.submit("analysis", work, path, file.filename or "upload").to_dict()


@router.post("/thomas", status_code=202)
async def upload_thomas(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A side-on photo or short clip of the Thomas test.")],
    side: Annotated[Side_, Form()] = "auto",
    horizon: Annotated[Literal["image", "trunk"], Form()] = "image",
    save: Annotated[bool, Form()] = True,
) -> dict[str, Any]:
    """Measure the Thomas test in the background; poll /api/jobs/{id} for the result."""
    name = file.filename or "upload"
    refuse_if_busy(svc)
    if is_image(file):  # a photo (a camera snapshot too) stays in memory
        photo = await read_image_upload(file, svc.limits)
        work = thomas_work(svc.store, photo, _side(side), horizon, save=save, name=name)
        return svc.jobs.submit("thomas", work).to_dict()
    path = await saved_video(file, svc)
    work = thomas_work(svc.store, path, _side(side), horizon, save=save, name=name)
    return svc.jobs.submit("thomas", work, path, name).to_dict()


@router.get("/jobs/{job_id}")
def get_job(job_id: str, svc: Svc) -> dict[str, Any]:
    job = svc.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "No such job: it may have ended before the server restarted.")
    return job.to_dict()


@router.get("/jobs/{job_id}/video", response_class=FileResponse)
def get_job_video(job_id: str, svc: Svc) -> FileResponse:
    job = svc.jobs.get(job_id)
    if job is None or job.video is None or not job.video.exists():
        raise HTTPException(404, "This job has no annotated video.")
    return FileResponse(job.video, media_type="video/webm", filename="annotated.webm")


@router.get("/jobs/{job_id}/image", response_class=FileResponse)
def get_job_image(job_id: str, svc: Svc) -> FileResponse:
    job = svc.jobs.get(job_id)
    if job is None or job.image is None or not job.image.exists():
        raise HTTPException(404, "This job has no annotated photo.")
    return FileResponse(job.image, media_type="image/jpeg", filename="annotated.jpg")
