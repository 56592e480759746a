"""Deleting your records: one check-in, session, camera analysis or Thomas test, or everything; under /api
and as pages with a confirmation. The check-in whose warning sign pauses the plan cannot be deleted: only
a recorded clinician visit lifts the pause."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from psoas.errors import PlanPausedError
from psoas.store import Store
from psoas.store.erase import Kind, delete_all
from psoas.today import delete_record_safely
from psoas.web.api import Strict, Svc
from psoas.web.pages import page

__all__ = ["pages", "router"]

router = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**62)]
WORDS = {
    Kind.CHECKIN: "the check-in",
    Kind.SESSION: "the session",
    Kind.ANALYSIS: "the camera analysis",
    Kind.THOMAS: "the Thomas test",
}


class EraseIn(Strict):
    confirm: bool  # must be true: everything psoas stores about you is deleted


def _delete(store: Store, kind: Kind, row_id: int) -> dict[str, Any]:
    if not delete_record_safely(store, kind, row_id, datetime.now(UTC)):
        raise HTTPException(404, f"There is no {WORDS[kind].removeprefix('the ')} {row_id}.")
    return {"deleted": kind.value, "id": row_id}


class Stored(StrEnum):
    """The kinds of record under /api that can be deleted (and edited), as their paths name them."""

    CHECKINS = "checkins"
    SESSIONS = "sessions"
    ANALYSES = "analyses"
    THOMAS = "thomas"


KINDS = {
    Stored.CHECKINS: Kind.CHECKIN,
    Stored.SESSIONS: Kind.SESSION,
    Stored.ANALYSES: Kind.ANALYSIS,
    Stored.THOMAS: Kind.THOMAS,
}


@router.delete("/{stored}/{row_id}")
def delete_record(stored: Stored, row_id: RowId, svc: Svc) -> dict[str, Any]:
    """Delete one record: a check-in (not the one whose warning sign pauses the plan: 409), a session
    with its steps (its pain stops stay: they shape the plan for two weeks), a camera analysis, or a
    Thomas test (every measurement taken with the measurement `row_id`)."""
    return _delete(svc.store, KINDS[stored], row_id)


@router.post("/erase")
def erase(body: EraseIn, svc: Svc) -> dict[str, Any]:
    """Delete everything psoas stores about you; `confirm` must be true."""
    if not body.confirm:
        raise HTTPException(422, "Nothing was deleted: confirm must be true to delete all your data.")
    return {"deleted_rows": delete_all(svc.store)}


@pages.get("/delete/{kind}/{row_id}", response_class=HTMLResponse)
def confirm_delete(request: Request, kind: Kind, row_id: RowId) -> HTMLResponse:
    return page(request, "confirm_delete.html", what=WORDS[kind], action=f"/delete/{kind.value}/{row_id}")


@pages.post("/delete/{kind}/{row_id}", response_class=HTMLResponse)
def delete_page(request: Request, kind: Kind, row_id: RowId, svc: Svc) -> HTMLResponse:
    try:
        _delete(svc.store, kind, row_id)
    except PlanPausedError as exc:
        return page(request, "confirm_delete.html", 409, what=WORDS[kind], refused=str(exc))
    return page(request, "confirm_delete.html", what=WORDS[kind], done=True)


@pages.get("/erase", response_class=HTMLResponse)
def confirm_erase(request: Request) -> HTMLResponse:
    return page(request, "confirm_delete.html", what="all your data", action="/erase", everything=True)


@pages.post("/erase", response_class=HTMLResponse)
def erase_page(request: Request, svc: Svc) -> HTMLResponse:
    delete_all(svc.store)
    return page(request, "confirm_delete.html", what="all your data", done=True, everything=True)
