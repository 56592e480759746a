"""Correcting your records: a check-in's scores, note and ratings, or a session step's outcome; under /api
and as pages (a form to change, a button to confirm). Warning signs and times are not editable."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import Field, ValidationError

from psoas.assess.checkin import SIGNS
from psoas.assess.edit import CheckInChanges, edit_stored_checkin
from psoas.errors import PsoasError
from psoas.store import records as rec
from psoas.store.edits import StepOutcome, checkin_by_id, edit_step
from psoas.web.api import Strict, Svc
from psoas.web.pages import page

__all__ = ["CheckInEdit", "pages", "router"]

router = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**62)]
Score = Annotated[int, Field(ge=0, le=10)]
OUTCOME_WORDS = {
    StepOutcome.DONE: "done",
    StepOutcome.SKIPPED: "skipped",
    StepOutcome.STOPPED: "stopped for pain",
}


class CheckInEdit(Strict):
    """The fields to change; those left out stay as they were."""

    low_back: Score | None = None
    hip: Score | None = None
    knee: Score | None = None
    stiffness: Score | None = None
    hours_sat: float | None = Field(None, ge=0, le=24)
    signs: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=20)
    note: str | None = Field(None, max_length=2000)
    function: dict[Annotated[str, Field(max_length=60)], Score] | None = Field(None, max_length=3)


class StepEdit(Strict):
    outcome: Literal["done", "skipped", "stopped"]


def _edit_checkin(svc: Svc, row_id: int, body: CheckInEdit) -> dict[str, Any]:
    changes = CheckInChanges(**body.model_dump())
    new = edit_stored_checkin(svc.store, row_id, changes)
    if new is None:
        raise HTTPException(404, f"There is no check-in {row_id}.")
    return {"id": row_id, "worst_pain": new.worst_pain, "note": new.note, "function": dict(new.function)}


@router.patch("/checkins/{row_id}")
def patch_checkin(row_id: RowId, body: CheckInEdit, svc: Svc) -> dict[str, Any]:
    """Correct a check-in's scores, sitting hours, signs, note or activity ratings (not its warning signs:
    only a recorded clinician visit lifts the pause they set)."""
    return _edit_checkin(svc, row_id, body)


@router.patch("/sessions/{row_id}/steps/{index}")
def patch_step(
    row_id: RowId, index: Annotated[int, Path(ge=0, le=10_000)], body: StepEdit, svc: Svc
) -> dict[str, Any]:
    """Correct the outcome of one recorded step of a session."""
    if not edit_step(svc.store, row_id, index, StepOutcome(body.outcome)):
        raise HTTPException(404, f"Session {row_id} has no recorded step {index}.")
    return {"session": row_id, "index": index, "outcome": body.outcome}


def _checkin_form(request: Request, svc: Svc, row_id: int, status: int = 200, **extra: Any) -> HTMLResponse:
    record = checkin_by_id(svc.store, row_id)
    if record is None:
        raise HTTPException(404, f"There is no check-in {row_id}.")
    return page(request, "edit_checkin.html", status, c=record, row_id=row_id, signs=SIGNS, **extra)


@pages.get("/edit/checkin/{row_id}", response_class=HTMLResponse)
def edit_checkin_page(request: Request, row_id: RowId, svc: Svc) -> HTMLResponse:
    return _checkin_form(request, svc, row_id)


@pages.post("/edit/checkin/{row_id}", response_class=HTMLResponse)
async def edit_checkin_submit(request: Request, row_id: RowId, svc: Svc) -> HTMLResponse:
    form = await request.form()
    record = checkin_by_id(svc.store, row_id)
    rated = dict(record.function) if record else {}
    raw = {
        "low_back": form.get("low_back"),
        "hip": form.get("hip"),
        "knee": form.get("knee"),
        "stiffness": form.get("stiffness"),
        "hours_sat": form.get("hours_sat"),
        "signs": form.getlist("signs"),
        "note": form.get("note") or "",
        "function": {a: form.get(f"function_{i}") for i, a in enumerate(rated) if form.get(f"function_{i}")},
    }
    try:
        _edit_checkin(svc, row_id, CheckInEdit.model_validate(raw))
    except ValidationError as exc:
        errors = [f"{' '.join(map(str, e['loc']))}: {e['msg'].lower()}." for e in exc.errors()]
        return _checkin_form(request, svc, row_id, 422, errors=errors)
    except PsoasError as exc:
        return _checkin_form(request, svc, row_id, 422, errors=[str(exc)])
    return _checkin_form(request, svc, row_id, saved=True)


def _session_page(request: Request, svc: Svc, row_id: int, **extra: Any) -> HTMLResponse:
    steps = [s for s in rec.session_steps(svc.store, row_id) if s.kind == "work"]
    if not steps:
        raise HTTPException(404, f"Session {row_id} has no recorded exercise steps.")
    names = {e.id: e.name for e in svc.catalog.exercises}
    day = next((r.day for r in rec.sessions(svc.store) if r.id == row_id), None)
    rows = [(s, names.get(s.exercise_id, s.exercise_id)) for s in steps]
    return page(request, "edit_session.html", rows=rows, day=day, row_id=row_id, words=OUTCOME_WORDS, **extra)


@pages.get("/edit/session/{row_id}", response_class=HTMLResponse)
def edit_session_page(request: Request, row_id: RowId, svc: Svc) -> HTMLResponse:
    return _session_page(request, svc, row_id)


@pages.post("/edit/session/{row_id}/{index}", response_class=HTMLResponse)
async def edit_step_submit(request: Request, row_id: RowId, index: int, svc: Svc) -> HTMLResponse:
    outcome = (await request.form()).get("outcome")
    if outcome not in {o.value for o in StepOutcome} or not edit_step(
        svc.store, row_id, index, StepOutcome(str(outcome))
    ):
        raise HTTPException(422, "Choose done, skipped or stopped for a recorded step.")
    word = OUTCOME_WORDS[StepOutcome(str(outcome))]
    return _session_page(request, svc, row_id, saved=index, saved_word=word)
