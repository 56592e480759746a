"""The server-rendered pages. Each reads what it shows through views.py or the API's helpers; the pages'
scripts (static/*.js) talk to /api and /ws for the interactive parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from psoas.assess.checkin import RED_FLAGS, SIGNS
from psoas.catalog import Category, Gear, camera_text
from psoas.catalog.demo import THOMAS, load_demos
from psoas.catalog.text import format_dose, option_text
from psoas.errors import PsoasError
from psoas.habits.sitting import SittingDay, sitting_history
from psoas.plan.dose import REP_S
from psoas.plan.profile import MAX_ACTIVITIES, Goal, Level, Limitation, RiskFactor
from psoas.report.figure import demo_svg
from psoas.report.history import flag_days, thomas_trend
from psoas.safety import DISCLAIMER
from psoas.session.player import SKIP_AT
from psoas.store import records as rec
from psoas.store.erase import TABLE_WORDS, Kind, record_ids
from psoas.today import break_routines, current_pause
from psoas.web.api import CheckIn, ProfileIn, Svc, save_checkin, save_profile, services
from psoas.web.clearance import ClearanceIn, save_clearance
from psoas.web.phone import share_card
from psoas.web.views import ChartCache, Clock, dashboard, history, history_lists

__all__ = ["router", "templates"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    DISCLAIMER=DISCLAIMER, format_dose=format_dose, camera_text=camera_text, option_text=option_text
)

NAV = (
    ("/", "Today"),
    ("/exercises", "Exercises"),
    ("/learn", "Learn"),
    ("/session", "Session"),
    ("/live", "Live coach"),
    ("/analyze", "Video"),
    ("/thomas", "Thomas test"),
    ("/checkin", "Check-in"),
    ("/breaks", "Breaks"),
    ("/history", "History"),
    ("/export", "Export"),
    ("/settings", "Settings"),
)
templates.env.globals["NAV"] = NAV


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Every page carries the pause a warning sign set, so each says it the same way (base.html)."""
    if "pause" not in context:
        pause = current_pause(services(request).store, Clock.current().now)
        context["pause"] = None if pause is None else pause.to_dict()
    return templates.TemplateResponse(
        request, name, {"path": request.url.path, **context}, status_code=status
    )


def _camera_exercises(svc: Svc) -> list[Any]:
    return [e for e in svc.catalog.exercises if e.camera is not None]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, svc: Svc) -> HTMLResponse:
    return _home(request, svc)


def _home(request: Request, svc: Svc, status: int = 200, **context: Any) -> HTMLResponse:
    data = dashboard(svc.store, svc.catalog, Clock.current())
    return page(request, "dashboard.html", status, data=data, today=Clock.current().today, **context)


@router.post("/clear", response_class=HTMLResponse)
async def clear_submit(request: Request, svc: Svc) -> HTMLResponse:
    """The Today page's form: a clinician has seen you after a warning sign."""
    form = await request.form()
    raw = {"seen_on": form.get("seen_on") or None, "note": form.get("note") or ""}
    try:
        result = save_clearance(svc, ClearanceIn.model_validate(raw))
    except ValidationError as exc:
        return _home(request, svc, 422, clear_errors=_errors(exc))
    except PsoasError as exc:
        return _home(request, svc, 422, clear_errors=[str(exc)])
    return _home(request, svc, cleared=result["message"])


@router.get("/exercises", response_class=HTMLResponse)
def library(request: Request, svc: Svc) -> HTMLResponse:
    groups = [(c.value, [e for e in svc.catalog.exercises if e.category is c]) for c in Category]
    return page(request, "library.html", groups=[g for g in groups if g[1]], demos=load_demos())


@router.get("/exercises/{exercise_id}", response_class=HTMLResponse)
def exercise(request: Request, exercise_id: str, svc: Svc) -> HTMLResponse:
    ex = svc.catalog.exercise(exercise_id)
    seeds = {s.id: s for s in svc.catalog.seeds}
    sources = [seeds[s] for s in ex.sources if s in seeds]
    conditions = {c.id.value: c.name for c in svc.catalog.conditions}
    return page(
        request, "exercise.html", ex=ex, demo=load_demos()[ex.id], sources=sources, conditions=conditions
    )


@router.get("/learn", response_class=HTMLResponse)
def learn(request: Request, svc: Svc) -> HTMLResponse:
    """The education topics, each point naming its source article by title."""
    seeds = {s.id: s for s in svc.catalog.seeds}
    return page(request, "learn.html", topics=svc.catalog.topics, seeds=seeds)


@router.get("/exercises/{exercise_id}/demo.svg")
def exercise_demo(exercise_id: str, svc: Svc) -> Response:
    """The exercise's looping stick-figure demonstration, at its dose's tempo (no script inside)."""
    ex = svc.catalog.exercise(exercise_id)
    return _svg(demo_svg(load_demos()[ex.id], ex.dose))


@router.get("/thomas/demo.svg")
def thomas_demo() -> Response:
    return _svg(demo_svg(load_demos()[THOMAS], None))


def _svg(text: str) -> Response:
    return Response(text, media_type="image/svg+xml", headers={"cache-control": "max-age=3600"})


@router.get("/session", response_class=HTMLResponse)
def session(request: Request, svc: Svc) -> HTMLResponse:
    pause = current_pause(svc.store, Clock.current().now)
    return page(
        request,
        "session.html",
        skip_at=SKIP_AT,
        rep_s=REP_S,
        names={e.id: e.name for e in svc.catalog.exercises},
        camera=[e.id for e in _camera_exercises(svc)],
        pause=None if pause is None else pause.to_dict(),
    )


@router.get("/live", response_class=HTMLResponse)
def live(request: Request, svc: Svc) -> HTMLResponse:
    from psoas.coach.annotate import BONES  # noqa: PLC0415 (OpenCV loads slowly; only here)

    bones = [[int(a), int(b)] for a, b in BONES]
    others = [e for e in svc.catalog.exercises if e.camera is None]
    return page(request, "live.html", exercises=_camera_exercises(svc), others=others, bones=bones)


@router.get("/analyze", response_class=HTMLResponse)
def analyze(request: Request, svc: Svc) -> HTMLResponse:
    return page(request, "analyze.html", exercises=_camera_exercises(svc), limits=svc.limits)


@router.get("/thomas", response_class=HTMLResponse)
def thomas(request: Request, svc: Svc) -> HTMLResponse:
    # Only the measurements: the page needs no other history.
    trend = thomas_trend(rec.measurements(svc.store), Clock.current().tz)
    rows = [] if trend is None else [(d.isoformat(), left, right) for d, left, right in trend.by_day()]
    asymmetry = None if trend is None else trend.thigh_asymmetry_deg
    demo = load_demos()[THOMAS]
    return page(request, "thomas.html", rows=rows, asymmetry=asymmetry, limits=svc.limits, demo=demo)


def _activities(request: Request) -> tuple[str, ...]:
    found = rec.latest_profile(services(request).store)
    return found[1].activities if found else ()


def _checkin_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    activities = _activities(request)
    return page(
        request, "checkin.html", status, red_flags=RED_FLAGS, signs=SIGNS, activities=activities, **context
    )


@router.get("/checkin", response_class=HTMLResponse)
def checkin_form(request: Request) -> HTMLResponse:
    return _checkin_page(request, form={})


def _errors(exc: ValidationError) -> list[str]:
    """Pydantic's errors as sentences a person can act on."""
    out = []
    for error in exc.errors():
        field = " ".join(str(p).replace("_", " ") for p in error["loc"] if not isinstance(p, int))
        out.append(f"{field.capitalize()}: {error['msg'].lower()}.")
    return out


@router.post("/checkin", response_class=HTMLResponse)
async def checkin_submit(request: Request, svc: Svc) -> HTMLResponse:
    form = await request.form()
    raw = {
        "low_back": form.get("low_back") or 0,
        "hip": form.get("hip") or 0,
        "knee": form.get("knee") or 0,
        "stiffness": form.get("stiffness") or 0,
        "hours_sat": form.get("hours_sat") or 0,
        "signs": form.getlist("signs"),
        "red_flags": form.getlist("red_flags"),
        "no_red_flags": form.get("no_red_flags") == "on",
        "note": form.get("note") or "",
        "function": {
            a: form.get(f"function_{i}")
            for i, a in enumerate(_activities(request))
            if form.get(f"function_{i}")
        },
    }
    try:
        checkin = CheckIn.model_validate(raw)
        result = save_checkin(svc, checkin)
    except ValidationError as exc:
        return _checkin_page(request, 422, form=raw, errors=_errors(exc))
    except PsoasError as exc:
        return _checkin_page(request, 422, form=raw, errors=[str(exc)])
    names = {e.id: e.name for e in svc.catalog.exercises}
    return page(request, "checkin_result.html", result=result, names=names, checkin=checkin)


@router.get("/breaks", response_class=HTMLResponse)
def breaks(request: Request, svc: Svc) -> HTMLResponse:
    """While a warning sign pauses the plan the reminders stay, without exercise routines."""
    pause = current_pause(svc.store, Clock.current().now)
    chosen = break_routines(svc.store, svc.catalog, Clock.current().now)
    routines = [{"title": r.title, "text": r.text} for r in chosen]
    interval_s = request.app.state.breaks.config.interval_s  # the one schedule (web/breaks_api.py)
    paused = None if pause is None else pause.to_dict()
    return page(request, "breaks.html", routines=routines, pause=paused, interval_s=interval_s)


CHARTS = ChartCache()


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, svc: Svc) -> HTMLResponse:
    """A plain `def`: FastAPI runs it in its threadpool, so reading the store and drawing the charts
    (matplotlib, only when the data changed) never holds up the event loop and the other pages."""
    clock = Clock.current()
    summary = history(svc.store, clock)
    analyses = list(zip(rec.analyses(svc.store), record_ids(svc.store, Kind.ANALYSIS), strict=True))[-10:]
    thomas = [] if summary.thomas is None else summary.thomas.by_day()
    return page(
        request,
        "history.html",
        figures=CHARTS.figures(summary),
        history=summary,
        flags=flag_days(summary),
        analyses=analyses[::-1],
        names={e.id: e.name for e in svc.catalog.exercises},
        thomas=[(d.isoformat(), left, right) for d, left, right in thomas][::-1],
        lists=history_lists(svc.store, svc.catalog, clock),
        sitting=_sitting(request, clock),
        interval_s=request.app.state.breaks.config.interval_s,  # the breaks page's "over N min" too
    )


def _sitting(request: Request, clock: Clock) -> list[SittingDay]:
    """The last 14 days with any sitting the break schedule saw, newest first."""
    runner = request.app.state.breaks
    days = sitting_history(runner.store, days=14, now=clock.now.astimezone(clock.tz), config=runner.config)
    return [d for d in reversed(days) if d.bouts or d.taken or d.missed]


@router.get("/export", response_class=HTMLResponse)
def export(request: Request, svc: Svc) -> HTMLResponse:
    counts = {name: len(rows) for name, rows in rec.all_rows(svc.store).items()}
    return page(request, "export.html", counts=counts, words=TABLE_WORDS)


def _settings_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    choices = {
        "level": Level,
        "goals": Goal,
        "limitations": Limitation,
        "equipment": Gear,
        "risk_factors": RiskFactor,
    }
    conditions = {c.id.value: c.name for c in services(request).catalog.conditions}
    words = {v.value: option_text(v.value, conditions) for options in choices.values() for v in options}
    phone = share_card(request)
    return page(request, "settings.html", status, choices=choices, words=words, phone=phone, **context)


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, svc: Svc) -> HTMLResponse:
    found = rec.latest_profile(svc.store)
    form = {} if found is None else found[1].to_dict()
    if found is not None:
        form["pregnancy_week"] = found[1].pregnancy_week(Clock.current().today)
    return _settings_page(request, form=form, new=found is None)


@router.post("/settings", response_class=HTMLResponse)
async def settings_submit(request: Request, svc: Svc) -> HTMLResponse:
    form = await request.form()
    raw = {
        "level": form.get("level") or "",
        "sitting_hours": form.get("sitting_hours") or "",
        "goals": form.getlist("goals"),
        "limitations": form.getlist("limitations"),
        "minutes_per_day": form.get("minutes_per_day") or "",
        "equipment": form.getlist("equipment"),
        "pregnancy_week": form.get("pregnancy_week") or None,
        "birth_year": form.get("birth_year") or None,
        "risk_factors": form.getlist("risk_factors"),
        "activities": [str(form.get(f"activity_{i}") or "") for i in range(MAX_ACTIVITIES)],
    }
    try:
        saved = save_profile(svc, ProfileIn.model_validate(raw))
    except ValidationError as exc:
        return _settings_page(request, 422, form=raw, errors=_errors(exc), new=False)
    except PsoasError as exc:
        return _settings_page(request, 422, form=raw, errors=[str(exc)], new=False)
    return _settings_page(request, form=saved, saved=True, new=False)
