"""Background work for uploads: exercise analysis (with an annotated WebM) and the Thomas test.

One job runs at a time: BlazePose already uses both cores, and a queue gives honest progress. Jobs live
in memory; the uploaded file is deleted when its job ends. Only a few jobs may wait at once, and a
finished job (its result and annotated video) is forgotten after a while. Each server works in its own
temporary folder, marked with its process id; a folder left by a server that was killed is removed at the
next start.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psoas._json import finite
from psoas.catalog import Exercise
from psoas.coach.explain import explain_numbers
from psoas.coach.report import PhotoReport, Report
from psoas.errors import BusyError, PsoasError
from psoas.report.history import thomas_records
from psoas.store import Store
from psoas.store import records as rec
from psoas.vision.landmarks import Side

__all__ = ["WEB_VIDEO_SIDE", "Job", "Jobs", "analysis_work", "photo_work", "thomas_work", "work_folder"]

WEB_VIDEO_SIDE = 720  # the annotated clip's longer side: VP8 at full 1080p encodes at a few frames a second
Progress = Callable[..., None]  # (progress 0–1, stage=None, video=None, image=None)
Work = Callable[[Path, Progress], dict[str, Any]]  # (a folder for outputs, report) → result


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    status: str = "queued"  # queued → running → done | failed
    progress: float = 0.0  # 0–1
    stage: str = "waiting"
    result: dict[str, Any] | None = None
    error: str | None = None
    video: Path | None = field(default=None, repr=False)
    image: Path | None = field(default=None, repr=False)  # a photo's annotated picture
    ended: float | None = field(default=None, repr=False)  # time.monotonic() when it finished

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": round(self.progress, 3),
            "stage": self.stage,
            "result": finite(self.result),
            "error": self.error,
            "video": f"/api/jobs/{self.id}/video" if self.video else None,
            "image": f"/api/jobs/{self.id}/image" if self.image else None,
        }


class Jobs:
    def __init__(self, folder: Path, *, waiting: int = 4, keep_s: float = 3600.0) -> None:
        self.folder = folder
        self.waiting = waiting
        self.keep_s = keep_s
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="psoas-job")

    def get(self, job_id: str) -> Job | None:
        self.sweep()
        with self._lock:
            return self._jobs.get(job_id)

    def _set(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def full(self) -> bool:
        with self._lock:
            return sum(j.ended is None for j in self._jobs.values()) >= self.waiting

    def sweep(self, now: float | None = None) -> None:
        """Forget jobs finished more than keep_s ago, and delete their outputs."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [j.id for j in self._jobs.values() if j.ended is not None and now - j.ended >= self.keep_s]
            for job_id in old:
                del self._jobs[job_id]
        for job_id in old:
            shutil.rmtree(self.folder / job_id, ignore_errors=True)

    def submit(self, kind: str, work: Work, upload: Path | None = None, name: str = "upload") -> Job:
        """Queue `work`; `upload` (a temporary file it reads) is deleted when the job ends, or now when
        too many jobs wait already. Errors name the upload as `name`, never by its path here."""
        self.sweep()
        job = Job(uuid.uuid4().hex, kind)
        with self._lock:
            busy = sum(j.ended is None for j in self._jobs.values()) >= self.waiting
            if not busy:
                self._jobs[job.id] = job
        if busy:
            if upload is not None:
                upload.unlink(missing_ok=True)
            raise BusyError(f"{self.waiting} uploads are already waiting; try again when one has finished.")
        self._pool.submit(self._run, job.id, work, upload, name)
        return job

    def _run(self, job_id: str, work: Work, upload: Path | None, name: str) -> None:
        self._set(job_id, status="running", stage="finding the body")

        def report(
            progress: float, stage: str | None = None, video: Path | None = None, image: Path | None = None
        ) -> None:
            changes: dict[str, Any] = {"progress": min(1.0, max(0.0, progress))}
            if stage:
                changes["stage"] = stage
            if video:
                changes["video"] = video
            if image:
                changes["image"] = image
            self._set(job_id, **changes)

        try:
            result = work(self.folder / job_id, report)
            self._set(job_id, status="done", progress=1.0, stage="done", result=result)
        except PsoasError as exc:
            self._set(job_id, status="failed", stage="failed", error=self._private(str(exc), upload, name))
        except Exception as exc:  # noqa: BLE001 (a job's bug must reach the page, not kill the worker)
            why = self._private(f"Analysis failed unexpectedly: {exc}", upload, name)
            self._set(job_id, status="failed", stage="failed", error=why)
        finally:
            self._set(job_id, ended=time.monotonic())
            if upload is not None:
                upload.unlink(missing_ok=True)

    def _private(self, message: str, upload: Path | None, name: str) -> str:
        """`message` with this server's paths replaced: the page shows the name the user gave the file."""
        if upload is not None:
            message = message.replace(str(upload), f"'{name}'")
        return message.replace(str(self.folder), "the server's upload folder")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


PREFIX = "psoas-web-"  # then the server's process id, a dash and mkdtemp's random part


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to clear
        return True
    return True


def _clear_stale(parent: Path) -> None:
    """Remove the work folders of servers that are gone (killed before they could clean up)."""
    for folder in parent.glob(f"{PREFIX}*-*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if pid.isdigit() and folder.stat().st_uid == os.getuid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def work_folder() -> Path:
    """A fresh private folder for this server's uploads and outputs, after clearing stale ones."""
    parent = Path(tempfile.gettempdir())
    _clear_stale(parent)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))


def _now() -> datetime:
    return datetime.now(UTC)


def _stored(
    store: Store, report: Report | PhotoReport, exercise: Exercise, *, save: bool, name: str
) -> dict[str, Any]:
    """A clip's or photo's report as the job returns it, with what its numbers mean; stored first when
    asked, unless it could not be read as the exercise (nothing in it counts, so it is not history)."""
    data = report.to_dict()
    saved = None
    if save and report.quality.valid:
        saved = rec.add_analysis(store, rec.AnalysisRecord(_now(), exercise.id, name, True, data))
    return {"report": data, "saved": saved, "explain": list(_explain(report, exercise))}


def _explain(report: Report | PhotoReport, exercise: Exercise) -> tuple[str, ...]:
    if not report.quality.valid or isinstance(report, PhotoReport):
        return ()
    psoas = report.psoas is not None and report.psoas.peak_length_mm is not None
    return explain_numbers(exercise, reps=bool(report.reps), holds=bool(report.holds), psoas=psoas)


def analysis_work(
    store: Store, upload: Path, exercise: Exercise, side: Side | None, *, save: bool, name: str
) -> Work:
    """The job that analyses an uploaded clip, draws the annotated WebM and (when asked) stores the report."""

    def work(out: Path, report: Progress) -> dict[str, Any]:
        from psoas.coach.analysis import analyze_video  # noqa: PLC0415 (mediapipe loads slowly)
        from psoas.coach.annotate import write_annotated  # noqa: PLC0415
        from psoas.vision.frames import probe  # noqa: PLC0415

        total = max(1, probe(upload).frames)
        analysis = analyze_video(upload, exercise, side=side, progress=lambda n: report(0.8 * n / total))
        report(0.8, "drawing the annotated video")
        video = write_annotated(upload, analysis, out / "annotated.webm", max_side=WEB_VIDEO_SIDE)
        result = _stored(store, analysis.report, exercise, save=save, name=name)
        report(1.0, video=video)
        return result

    return work


def photo_work(
    store: Store, photo: bytes, exercise: Exercise, side: Side | None, *, save: bool, name: str
) -> Work:
    """The job that checks an uploaded photo (decoded in memory) against one exercise, draws the annotated
    picture and (when asked) stores the report."""

    def work(out: Path, report: Progress) -> dict[str, Any]:
        from psoas.coach.annotate import write_annotated_photo  # noqa: PLC0415 (mediapipe loads slowly)
        from psoas.coach.photo import analyze_photo  # noqa: PLC0415
        from psoas.vision.frames import decode_image  # noqa: PLC0415

        rgb = decode_image(photo, name).rgb
        analysis = analyze_photo(rgb, exercise, side=side)
        report(0.8, "drawing the annotated photo")
        image = write_annotated_photo(rgb, analysis, out / "annotated.jpg")
        result = _stored(store, analysis.report, exercise, save=save, name=name)
        report(1.0, image=image)
        return result

    return work


def thomas_work(
    store: Store, media: Path | bytes, side: Side | None, horizon: str, *, save: bool, name: str
) -> Work:
    """The job that measures the Thomas test in a clip (a file) or a photo (bytes, decoded in memory) and
    stores a valid result when asked."""

    def work(out: Path, report: Progress) -> dict[str, Any]:
        from psoas.measure.thomas import REASONS, Horizon, measure_media, measure_photo  # noqa: PLC0415
        from psoas.vision.frames import decode_image  # noqa: PLC0415 (OpenCV loads slowly)

        if isinstance(media, bytes):
            result, _ = measure_photo(decode_image(media, name), name, side, Horizon(horizon))
        else:
            result, _ = measure_media(media, side, Horizon(horizon))
        data = {**asdict(result), "reasons_text": [REASONS[c] for c in result.reasons]}
        saved = result.valid and save
        if saved:
            rec.add_measurements(store, thomas_records(result, name, _now()))
        report(1.0)
        return {"result": data, "saved": saved}

    return work
