"""Build the FastAPI app: store, catalog, job queue and live runs; pages, API, WebSocket and assets.

Everything the pages need is served from this package (no CDN), so the app works offline.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from psoas import __version__
from psoas._json import finite
from psoas.catalog import default_catalog
from psoas.errors import (
    BusyError,
    InvalidInputError,
    MediaError,
    NoProfileError,
    PsoasError,
    StoreError,
    UnknownExerciseError,
    UnsupportedExerciseError,
)
from psoas.store import Store, open_store
from psoas.vision.landmarks import Side
from psoas.web import (
    api,
    api_media,
    api_sessions,
    breaks_api,
    clearance,
    edits,
    pages,
    phone,
    presence_api,
    recognition,
    yourdata,
)
from psoas.web.jobs import Jobs, work_folder
from psoas.web.live import LiveRuns, serve_socket
from psoas.web.security import HostGuard, HostPolicy, SecurityHeaders, TokenGate
from psoas.web.uploads import BodyLimit, Limits

__all__ = ["WebConfig", "create_app", "openapi_for"]

STATIC = Path(__file__).parent / "static"
DESCRIPTION = "Coach, measure and model the health of your psoas. Not a medical device."


@dataclass(frozen=True)
class WebConfig:
    token: str | None = None  # demanded on every request and WebSocket when set (non-loopback hosts)
    db_url: str | None = None  # None: PSOAS_DB_URL or the default SQLite file
    limits: Limits = field(default_factory=Limits)
    live_runs: int = 2
    hosts: HostPolicy = field(default_factory=HostPolicy)  # Host names answered besides loopback
    share: phone.Share | None = None  # serve --lan: the URL phones open and the CA they trust


def _status(exc: PsoasError) -> int:
    if isinstance(exc, UnknownExerciseError):
        return 404
    if isinstance(exc, NoProfileError):
        return 409
    if isinstance(exc, StoreError | BusyError):
        return 503
    if isinstance(exc, InvalidInputError | MediaError | UnsupportedExerciseError):
        return 422
    return 409


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


async def _psoas_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PsoasError)
    if _wants_json(request):
        return JSONResponse({"detail": str(exc)}, status_code=_status(exc))
    return pages.page(request, "error.html", _status(exc), message=str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    message = "There is no such page." if exc.status_code == 404 else str(exc.detail)
    return pages.page(request, "error.html", exc.status_code, message=message)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"] if p not in ("body", "query", "path", "form"))
    detail = f"{where}: {first['msg']}" if where else str(first["msg"])
    if _wants_json(request):
        # The rejected input is echoed back; a NaN or 1e400 in it must not turn the answer into a 500.
        return JSONResponse({"detail": detail, "errors": finite(jsonable_encoder(errors))}, status_code=422)
    return pages.page(request, "error.html", 422, message=detail)


# What a 422 answer really holds (the handler above): one sentence, and pydantic's errors for programs.
REF_ERROR = "#/components/schemas/ValidationError"
VALIDATION_SCHEMA = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {"title": "Errors", "type": "array", "items": {"$ref": REF_ERROR}},
    },
}


def openapi_for(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI's schema with the 422 answer as the handler writes it, not FastAPI's default shape."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            built = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            built["components"]["schemas"]["HTTPValidationError"] = VALIDATION_SCHEMA
            app.openapi_schema = built
        return app.openapi_schema

    return schema


async def _live_socket(ws: WebSocket, exercise: str = "", side: str = "auto", resume: str = "") -> None:
    """The live coach's socket: check the exercise and side, attach (or resume) a run, then talk."""
    from psoas.coach.analysis import camera_spec  # noqa: PLC0415 (mediapipe loads slowly)

    await ws.accept()
    runs: LiveRuns = ws.app.state.runs
    try:
        ex = ws.app.state.services.catalog.exercise(exercise)
        camera_spec(ex)
        if side not in ("auto", "left", "right"):
            raise InvalidInputError(f"side must be auto, left or right, not '{side}'.")
        run = runs.attach(ex, None if side == "auto" else Side(side), resume or None)
    except PsoasError as exc:
        await ws.send_json({"type": "error", "message": str(exc), "fatal": True})
        await ws.close(code=4400)
        return
    await serve_socket(ws, runs, run)


def _favicon() -> Response:
    return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml")


def create_app(config: WebConfig | None = None, store: Store | None = None) -> FastAPI:
    """The app over `store` (or the configured database, opened here and closed at shutdown)."""
    config = config or WebConfig()
    owned = store is None
    the_store = store or open_store(config.db_url)
    work_dir = work_folder()
    limits = config.limits
    jobs = Jobs(work_dir, waiting=limits.waiting_jobs, keep_s=limits.keep_results_s)
    services = api.Services(the_store, default_catalog(), jobs, limits)
    runs = LiveRuns(the_store, config.live_runs)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with breaks_api.ticking(app):
            yield
        runs.close()
        services.jobs.close()
        shutil.rmtree(work_dir, ignore_errors=True)
        if owned:
            the_store.dispose()

    app = FastAPI(
        title="psoas",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's docs pages load their scripts from a CDN; the app must work offline
        redoc_url=None,
    )
    app.openapi = openapi_for(app)  # type: ignore[method-assign]
    app.state.services = services
    app.state.runs = runs
    app.state.share = config.share
    app.add_exception_handler(PsoasError, _psoas_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_api_websocket_route("/ws/live", _live_socket)
    app.include_router(api.router)
    app.include_router(breaks_api.router)
    app.include_router(api_sessions.router)
    app.include_router(api_media.router)
    app.include_router(recognition.router)
    app.include_router(clearance.router)
    app.include_router(yourdata.router)
    app.include_router(yourdata.pages)
    app.include_router(phone.router)
    app.include_router(presence_api.router)
    app.include_router(edits.router)
    app.include_router(edits.pages)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/favicon.ico", _favicon, include_in_schema=False)
    # Added innermost first: headers go on every answer, a foreign Host or Origin is refused before the
    # token is even looked at.
    app.add_middleware(BodyLimit, limits=limits)
    if config.token:
        app.add_middleware(TokenGate, token=config.token)
    app.add_middleware(HostGuard, policy=config.hosts)
    app.add_middleware(SecurityHeaders)
    return app
