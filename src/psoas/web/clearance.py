"""The pause a warning sign sets on the plan, and the clinician visit that lifts it, under /api."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from psoas.safety import RESUMED
from psoas.today import current_pause, record_clearance
from psoas.web.api import Services, Strict, Svc
from psoas.web.views import Clock

__all__ = ["ClearanceIn", "router", "save_clearance"]

router = APIRouter(prefix="/api", tags=["api"])


class ClearanceIn(Strict):
    seen_on: date | None = None  # the day a clinician saw you; today when left out
    note: str = Field("", max_length=2000)


@router.get("/pause")
def get_pause(svc: Svc) -> dict[str, Any] | None:
    """The pause a warning sign set on the plan, with the referral; null when the plan is not paused."""
    pause = current_pause(svc.store, datetime.now(UTC))
    return None if pause is None else pause.to_dict()


def save_clearance(svc: Services, body: ClearanceIn) -> dict[str, Any]:
    clock = Clock.current()
    seen_on = body.seen_on or clock.today
    pause = record_clearance(svc.store, seen_on, body.note, clock.now, clock.tz)
    return {"seen_on": seen_on.isoformat(), "cleared": pause.to_dict(), "message": RESUMED}


@router.post("/clearances", status_code=201)
def post_clearance(body: ClearanceIn, svc: Svc) -> dict[str, Any]:
    """Record that a clinician has seen you after a warning sign: the paused plan resumes."""
    return save_clearance(svc, body)
