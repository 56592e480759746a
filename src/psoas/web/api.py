"""The JSON API under /api: what the pages' scripts call, and what scripts and tests can call too.

Every handler is a thin edge: validate (pydantic and the domain's own checks), call the same functions
the CLI calls, return plain data. A PsoasError becomes one sentence with a 4xx status (see app.py).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.assess.checkin import assess, make_checkin
from psoas.catalog import Catalog
from psoas.errors import InvalidInputError
from psoas.plan.profile import due_date_for_week, make_profile
from psoas.report.export import csv_texts, json_text
from psoas.store import Store, schema
from psoas.store import records as rec
from psoas.today import current_pause
from psoas.web.jobs import Jobs
from psoas.web.uploads import Limits
from psoas.web.views import Clock, breaks_today, dashboard, history, rest_today, today_items

__all__ = [
    "CheckIn",
    "ProfileIn",
    "Services",
    "Strict",
    "Svc",
    "router",
    "save_checkin",
    "save_profile",
    "services",
]

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


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


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
    # 0–10 for each activity the profile names (0 not at all, 10 as well as before); any may be left out
    function: dict[Annotated[str, Field(max_length=60)], Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=dict, max_length=3
    )


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
    activities: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=3)


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


def checkin_from(body: CheckIn, activities: tuple[str, ...] = ()) -> rec.CheckInRecord:
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
        function=body.function,
        activities=activities,
    )


def save_checkin(svc: Services, body: CheckIn) -> dict[str, Any]:
    found = rec.latest_profile(svc.store)
    record = checkin_from(body, found[1].activities if found else ())
    earlier = rec.checkins(svc.store)
    rec.add_checkin(svc.store, record)
    at_risk = found is not None and found[1].at_risk(Clock.current().today)
    return {**assess(record, earlier, at_risk=at_risk).to_dict(), "function": dict(record.function)}


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
        activities=body.activities,
    )
    rec.save_profile(svc.store, profile, _now())
    return {**profile.to_dict(), "pregnancy_week": profile.pregnancy_week(today)}


@router.put("/profile")
def put_profile(body: ProfileIn, svc: Svc) -> dict[str, Any]:
    return save_profile(svc, body)


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
