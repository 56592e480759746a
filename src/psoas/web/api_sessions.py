"""Guided sessions under /api: start (refused while a warning sign pauses the plan), resume, record each
step and pain stop, finish."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from pydantic import Field

from psoas.errors import InvalidInputError
from psoas.session import Timeline, expand
from psoas.session.player import SKIP_AT, Outcome, PainChoice, easier_text, spoken
from psoas.session.recorder import StoreRecorder
from psoas.store import records as rec
from psoas.today import context_for, current_pause, custom_items, refuse_if_paused
from psoas.web.api import Services, Strict, Svc
from psoas.web.views import Clock, today_items

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])
SessionId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]  # a database integer; larger ids cannot exist


def _now() -> datetime:
    return datetime.now(UTC)


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
