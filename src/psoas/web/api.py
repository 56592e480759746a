"""The JSON API under /api: what the pages' scripts call, and what scripts and tests can call too.

Every handler is a thin edge: validate (pydantic and the domain's own checks), call the same functions
the CLI calls, return plain data. A PsoasError becomes one sentence with a 4xx status (see app.py).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.assess.checkin import assess, make_checkin
from psoas.catalog import Catalog
from psoas.errors import BusyError, InvalidInputError, PsoasError
from psoas.plan.profile import due_date_for_week, make_profile
from psoas.report.export import csv_texts, json_text
from psoas.session import Timeline, expand
from psoas.session.player import SKIP_AT, Outcome, PainChoice, easier_text, spoken
from psoas.session.recorder import StoreRecorder
from psoas.store import Store, schema
from psoas.store import records as rec
from psoas.today import context_for, current_pause, custom_items, refuse_if_paused
from psoas.vision.landmarks import Side
from psoas.web.jobs import Jobs, analysis_work, photo_work, thomas_work
from psoas.web.uploads import Limits, is_image, read_image_upload, save_upload
from psoas.web.views import Clock, breaks_today, dashboard, history, rest_today, today_items

__all__ = ["Services", "Strict", "Svc", "refuse_if_busy", "router", "saved_video"]

router = APIRouter(prefix="/api", tags=["api"])


class Services:
    """What the handlers share: one store, the catalog, the job queue and the upload limits."""

    def __init__(self, store: Store, catalog: Catalog, jobs: Jobs, limits: Limits) -> None:
        self.store = store
        self.catalog = catalog
        self.jobs = jobs
        self.limits = limits


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


Svc = Annotated[Services, Depends(services)]
SessionId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]  # a database integer; larger ids cannot exist


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SessionStart(Strict):
    exercises: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=40)


class StepDone(Strict):
    index: int = Field(ge=0)
    done_s: float = Field(ge=0, le=86_400)
    outcome: Literal["done", "skipped", "stopped"]


class PainStop(Strict):
    index: int = Field(ge=0)
    score: int = Field(ge=0, le=10)
    choice: Literal["easier", "skip"] = "skip"


class SessionEnd(Strict):
    outcome: Literal["completed", "quit"]


class CheckIn(Strict):
    low_back: int = Field(0, ge=0, le=10)
    hip: int = Field(0, ge=0, le=10)
    knee: int = Field(0, ge=0, le=10)
    stiffness: int = Field(0, ge=0, le=10)
    hours_sat: float = Field(0.0, ge=0, le=24)
    signs: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    red_flags: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    no_red_flags: bool = False
    note: str = Field("", max_length=2000)


class BreakTaken(Strict):
    outcome: Literal["done", "skipped", "snoozed"]
    due_at: datetime | None = None
    routine: str | None = Field(None, max_length=80)


class ProfileIn(Strict):
    level: Literal["beginner", "intermediate", "advanced"]
    sitting_hours: float = Field(ge=0, le=24)
    goals: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=10)
    limitations: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=12)
    minutes_per_day: int = Field(ge=5, le=120)
    equipment: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=10)
    pregnancy_week: int | None = Field(None, ge=0, le=42)  # weeks pregnant today; stored as a due date
    birth_year: int | None = Field(None, ge=1800, le=2200)
    risk_factors: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=4)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/dashboard")
def get_dashboard(svc: Svc) -> dict[str, Any]:
    return dashboard(svc.store, svc.catalog, Clock.current())


@router.get("/exercises")
def list_exercises(svc: Svc) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "name": e.name, "category": e.category.value, "camera": e.camera is not None}
        for e in svc.catalog.exercises
    ]


@router.get("/exercises/{exercise_id}")
def get_exercise(exercise_id: str, svc: Svc) -> dict[str, Any]:
    data: dict[str, Any] = svc.catalog.exercise(exercise_id).model_dump(mode="json")
    return data


@router.get("/plan/today")
def plan_today(svc: Svc) -> dict[str, Any]:
    """Today's items; `paused` (with the referral) while a warning sign pauses the plan, `rest` on a
    rest day after severe pain."""
    clock = Clock.current()
    items, source = today_items(svc.store, svc.catalog, clock)
    pause = current_pause(svc.store, clock.now)
    return {
        "source": source,
        "items": [i.to_dict() for i in items],
        "paused": None if pause is None else pause.to_dict(),
        "rest": rest_today(svc.store, clock),
    }


def _session_payload(session_id: int, timeline: Timeline, done: frozenset[int]) -> dict[str, Any]:
    return {
        "id": session_id,
        "total_s": timeline.seconds,
        "steps": [{**step.to_dict(), "spoken": spoken(step)} for step in timeline.steps],
        "done": sorted(done),
        "skip_at": SKIP_AT,
    }


@router.post("/sessions", status_code=201)
def start_session(body: SessionStart, svc: Svc) -> dict[str, Any]:
    """Start a guided session: today's plan, or the exercises named. Refused (409) while paused."""
    clock = Clock.current()
    refuse_if_paused(svc.store, clock.now)
    warnings: tuple[str, ...] = ()
    if body.exercises:
        found = rec.latest_profile(svc.store)
        profile = found[1] if found else None
        ctx = context_for(svc.store, clock.now)
        items, warnings = custom_items(body.exercises, svc.catalog, profile, ctx, clock.today)
        source = "custom"
    else:
        items, source = today_items(svc.store, svc.catalog, clock)
    if not items:
        raise InvalidInputError("Nothing to play: no exercise is planned or chosen for this session.")
    timeline = expand(items, svc.catalog)
    session_id = rec.start_session(
        svc.store, timeline.to_list(), timeline.seconds, clock.today, source, clock.now
    )
    return {**_session_payload(session_id, timeline, frozenset()), "warnings": list(warnings)}


@router.get("/sessions/open")
def open_session(svc: Svc) -> dict[str, Any] | None:
    """The newest unfinished session, to resume where it stopped; null when there is none, or while a
    warning sign pauses the plan."""
    active = rec.open_session(svc.store)
    if active is None or current_pause(svc.store, _now()) is not None:
        return None
    return _session_payload(active.record.id, Timeline.from_list(active.timeline), active.done)


def _active(svc: Services, session_id: int, index: int) -> tuple[StoreRecorder, Any]:
    active = rec.open_session(svc.store, session_id)
    if active is None:
        raise HTTPException(404, f"Session {session_id} is not an unfinished session.")
    timeline = Timeline.from_list(active.timeline)
    if index >= len(timeline.steps):
        raise InvalidInputError(
            f"Session {session_id} has {len(timeline.steps)} steps; there is no step {index}."
        )
    return StoreRecorder(svc.store, session_id, _now), timeline.steps[index]


@router.post("/sessions/{session_id}/steps")
def step_done(session_id: SessionId, body: StepDone, svc: Svc) -> dict[str, Any]:
    recorder, step = _active(svc, session_id, body.index)
    recorder.step_done(step, min(body.done_s, float(step.seconds)), body.outcome)
    return {"recorded": body.index}


@router.post("/sessions/{session_id}/pain")
def pain_stop(session_id: SessionId, body: PainStop, svc: Svc) -> dict[str, Any]:
    """Record a pain stop. A score of SKIP_AT or more always ends the exercise, whatever was chosen."""
    recorder, step = _active(svc, session_id, body.index)
    choice = PainChoice.SKIP if body.score >= SKIP_AT else PainChoice(body.choice)
    recorder.pain(step, body.score, choice)
    easier = easier_text(step) if choice is PainChoice.EASIER else None
    return {"action": choice.value, "easier": easier, "advice": _pain_advice(body.score)}


def _pain_advice(score: int) -> str:
    if score >= SKIP_AT:
        return "Stop this exercise today. If the pain stays or comes back, see a doctor or physiotherapist."
    return "Pain is a signal to stop: go gentler or skip. If it keeps coming back, see a professional."


@router.post("/sessions/{session_id}/finish")
def finish_session(session_id: SessionId, body: SessionEnd, svc: Svc) -> dict[str, Any]:
    recorder, _ = _active(svc, session_id, 0)
    recorder.finish(Outcome(body.outcome))
    steps = rec.session_steps(svc.store, session_id)
    return {
        "id": session_id,
        "status": body.outcome,
        "done": sum(s.outcome == "done" for s in steps),
        "skipped": sum(s.outcome != "done" for s in steps),
    }


def checkin_from(body: CheckIn) -> rec.CheckInRecord:
    if body.red_flags and body.no_red_flags:
        raise InvalidInputError("Answer the warning-sign screen once: either some signs apply or none do.")
    if not body.red_flags and not body.no_red_flags:
        raise InvalidInputError(
            "Answer the warning-sign screen: tick each sign that applies, or 'none of these'."
        )
    return make_checkin(
        at=_now(),
        pain_low_back=body.low_back,
        pain_hip=body.hip,
        pain_knee=body.knee,
        stiffness=body.stiffness,
        hours_sat=body.hours_sat,
        signs=body.signs,
        red_flags=body.red_flags,
        note=body.note,
    )


def save_checkin(svc: Services, body: CheckIn) -> dict[str, Any]:
    record = checkin_from(body)
    earlier = rec.checkins(svc.store)
    rec.add_checkin(svc.store, record)
    found = rec.latest_profile(svc.store)
    at_risk = found is not None and found[1].at_risk(Clock.current().today)
    return assess(record, earlier, at_risk=at_risk).to_dict()


@router.post("/checkins", status_code=201)
def post_checkin(body: CheckIn, svc: Svc) -> dict[str, Any]:
    """Save a check-in and return the assessment: warning signs refer to a professional first."""
    return save_checkin(svc, body)


@router.post("/breaks", status_code=201)
def post_break(body: BreakTaken, svc: Svc) -> dict[str, Any]:
    now = _now()
    rec.add_break(svc.store, rec.BreakRecord(_due(body.due_at, now), now, body.outcome, body.routine))
    return breaks_today(svc.store, Clock.current())


def _due(due_at: datetime | None, now: datetime) -> datetime:
    """When the reminder fell due, as the page says, if that is a plausible moment (within a day)."""
    if due_at is None or due_at.tzinfo is None:
        return now
    try:
        return due_at if abs(due_at - now) <= timedelta(days=1) else now
    except OverflowError:  # a date at the edge of the calendar, shifted by its zone
        return now


@router.get("/breaks/today")
def get_breaks(svc: Svc) -> dict[str, int]:
    return breaks_today(svc.store, Clock.current())


@router.get("/history")
def get_history(svc: Svc) -> dict[str, Any]:
    return history(svc.store, Clock.current()).to_dict()


@router.get("/profile")
def get_profile(svc: Svc) -> dict[str, Any] | None:
    found = rec.latest_profile(svc.store)
    if found is None:
        return None
    return {**found[1].to_dict(), "pregnancy_week": found[1].pregnancy_week(Clock.current().today)}


def save_profile(svc: Services, body: ProfileIn) -> dict[str, Any]:
    found = rec.latest_profile(svc.store)
    today = Clock.current().today
    started = found[1].started if found else today
    due = None if body.pregnancy_week is None else due_date_for_week(body.pregnancy_week, today)
    profile = make_profile(
        level=body.level,
        sitting_hours=body.sitting_hours,
        goals=body.goals,
        limitations=body.limitations,
        minutes_per_day=body.minutes_per_day,
        equipment=body.equipment,
        started=started,
        due_date=due,
        birth_year=body.birth_year,
        risk_factors=body.risk_factors,
    )
    rec.save_profile(svc.store, profile, _now())
    return {**profile.to_dict(), "pregnancy_week": profile.pregnancy_week(today)}


@router.put("/profile")
def put_profile(body: ProfileIn, svc: Svc) -> dict[str, Any]:
    return save_profile(svc, body)


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


@router.get("/export.json")
def export_json(svc: Svc) -> Response:
    text = json_text(rec.all_rows(svc.store))
    headers = {"content-disposition": 'attachment; filename="psoas-export.json"'}
    return Response(text, media_type="application/json", headers=headers)


@router.get("/export.zip")
def export_zip(svc: Svc) -> Response:
    """Every table as CSV, zipped."""
    columns = {table.name: [c.name for c in table.columns] for table in schema.metadata.sorted_tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in csv_texts(rec.all_rows(svc.store), columns).items():
            archive.writestr(f"psoas-export/{name}.csv", text)
    headers = {"content-disposition": 'attachment; filename="psoas-export.zip"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)
