"""`POST /api/recognitions`: an uploaded clip, with no exercise named, cut into the exercise(s) it shows,
each analysed as if it had been named (the web's "recognise it"); the same code as
`psoas analyze VIDEO` without --exercise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from psoas.catalog import Catalog
from psoas.store import Store
from psoas.store import records as rec
from psoas.web.api import Svc
from psoas.web.api_media import refuse_if_busy, saved_video
from psoas.web.jobs import Progress, Work

__all__ = ["recognition_work", "router"]

router = APIRouter(prefix="/api", tags=["api"])


def recognition_work(store: Store, catalog: Catalog, upload: Path, *, save: bool, name: str) -> Work:
    """The job: poses of the clip, its segments, and each recognised segment's report (stored if asked)."""

    def work(out: Path, report: Progress) -> dict[str, Any]:
        from psoas.coach.recognize import recognise  # noqa: PLC0415 (mediapipe loads slowly)
        from psoas.coach.report import VideoMeta  # noqa: PLC0415
        from psoas.vision.frames import open_frames, probe  # noqa: PLC0415
        from psoas.vision.pose import MediaPipeEstimator, estimate_frames  # noqa: PLC0415

        info = probe(upload)
        total = max(1, info.frames)
        with MediaPipeEstimator() as estimator:
            seq = estimate_frames(
                open_frames(upload), estimator, source=name, progress=lambda n: report(0.9 * n / total)
            )
        report(0.9, "recognising the exercise")
        meta = VideoMeta(info.fps, len(seq), len(seq) / info.fps, info.width, info.height)
        segments, saved = [], []
        for s in recognise(seq, meta, catalog):
            data = s.analysis.report.to_dict() if s.analysis else None
            if save and s.exercise is not None and s.analysis is not None and data is not None:
                valid = s.analysis.report.quality.valid
                record = rec.AnalysisRecord(datetime.now(UTC), s.analysis.report.exercise, name, valid, data)
                saved.append(rec.add_analysis(store, record))
            segments.append(
                {
                    "start_s": s.start_s,
                    "end_s": s.end_s,
                    "position": s.position,
                    "exercise": s.exercise,
                    "name": catalog.exercise(s.exercise).name if s.exercise else None,
                    "alternatives": [catalog.exercise(a).name for a in s.alternatives],
                    "attempted": catalog.exercise(s.attempted).name if s.attempted else None,
                    "report": data,
                }
            )
        report(1.0)
        return {"segments": segments, "saved": saved}

    return work


@router.post("/recognitions", status_code=202)
async def upload_recognition(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A video clip of one or more exercises.")],
    save: Annotated[bool, Form()] = True,
) -> dict[str, Any]:
    """Say which exercise(s) an uploaded clip shows, and analyse each, in the background; poll
    /api/jobs/{id} for progress and the result."""
    refuse_if_busy(svc)
    path = await saved_video(file, svc)
    name = file.filename or "upload"
    work = recognition_work(svc.store, svc.catalog, path, save=save, name=name)
    return svc.jobs.submit("recognition", work, path, name).to_dict()
