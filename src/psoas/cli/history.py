"""`psoas history`, `psoas report` and `psoas export`: what you did, as tables, charts and files."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from psoas.catalog import default_catalog
from psoas.cli._edge import console, local_today, open_db, print_json, user_errors, writing
from psoas.cli.render import DISCLAIMER
from psoas.errors import InvalidInputError
from psoas.habits.break_rules import schedule_config
from psoas.habits.sitting import SittingDay, sitting_history
from psoas.report.export import write_csv, write_json
from psoas.report.history import History, sparkline, summarise, thomas_trend
from psoas.store import Store, schema
from psoas.store import records as rec

__all__ = ["export", "history", "report"]


@dataclass(frozen=True)
class _Records:
    """Everything the history views read, fetched once per command."""

    sessions: list[rec.SessionRecord]
    steps: list[rec.StepRecord]
    checkins: list[rec.CheckInRecord]
    breaks: list[rec.BreakRecord]
    analyses: list[rec.AnalysisRecord]
    measurements: list[rec.MeasurementRecord]

    @classmethod
    def read(cls, store: Store) -> _Records:
        return cls(
            rec.sessions(store),
            rec.session_steps(store),
            rec.checkins(store),
            rec.breaks_between(store),
            rec.analyses(store),
            rec.measurements(store),
        )

    def summary(self) -> History:
        tz = datetime.now().astimezone().tzinfo
        summary = summarise(self.sessions, self.steps, self.checkins, self.breaks, local_today(), tz)
        return replace(summary, thomas=thomas_trend(self.measurements, tz))


def _analyses_table(analyses: list[rec.AnalysisRecord]) -> Table:
    table = Table(title="Camera analyses", title_justify="left")
    for col in ("when", "exercise", "result", "source"):
        table.add_column(col)
    for a in analyses:
        report = a.report
        if not a.valid:
            result = "not enough seen"
        elif report.get("mode") == "photo":
            shape = "in position" if report["matches"] else "not its shape"
            result = f"photo: {shape}, {len(report['faults'])} fault(s)"
        elif report.get("mode") == "reps":
            result = f"{report['rep_count']} reps, {sum(r['in_form'] for r in report['reps'])} in form"
        else:
            held = sum(h["in_form_s"] for h in report["holds"])
            result = f"{len(report['holds'])} hold(s), {held:.0f} s in form"
        table.add_row(f"{a.at.astimezone():%Y-%m-%d %H:%M}", a.exercise_id, result, Path(a.source).name)
    return table


def _sitting_table(days: list[SittingDay]) -> Table:
    table = Table(title="Sitting, last 7 days (bouts against 40 and 60 minutes)", title_justify="left")
    for col in ("day", "bouts", "over 40", "over 60", "longest", "breaks", "verified", "missed"):
        table.add_column(col)
    for d in days:
        longest = f"{d.longest_s / 60:.0f} min" if d.bouts else "–"
        counts = (d.bouts, d.over_interval, d.over_max)
        table.add_row(
            d.day.isoformat(), *map(str, counts), longest, *map(str, (d.taken, d.verified, d.missed))
        )
    return table


@user_errors
def history(
    last: Annotated[int, typer.Option(help="How many recent sessions and check-ins to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the series as JSON.")] = False,
) -> None:
    """Recent sessions and check-ins, with sparklines for pain, sessions and breaks."""
    if last < 1:
        raise InvalidInputError(f"--last must be at least 1, not {last}.")
    store = open_db()
    records = _Records.read(store)
    summary = records.summary()
    config = schedule_config(default_catalog(), os.environ)
    sitting = sitting_history(store, days=7, now=datetime.now().astimezone(), config=config)
    if as_json:
        print_json({**summary.to_dict(), "sitting": [d.to_dict() for d in sitting]})
        return
    out = console()
    table = Table(title="Sessions", title_justify="left")
    for col in ("#", "day", "status", "steps done", "minutes"):
        table.add_column(col)
    for s in records.sessions[-last:]:
        mine = [x for x in records.steps if x.session_id == s.id]
        done = sum(x.outcome == "done" for x in mine)
        minutes = sum(x.done_s for x in mine) / 60
        table.add_row(str(s.id), s.day.isoformat(), s.status, str(done), f"{minutes:.1f}")
    out.print(table)
    checks = Table(title="Check-ins", title_justify="left")
    for col in ("when", "worst pain", "function", "sat h", "warning signs"):
        checks.add_column(col)
    for c in records.checkins[-last:]:
        flags = ", ".join(c.red_flags) or "none"
        rated = "–" if c.function_score is None else f"{c.function_score:g}"
        checks.add_row(
            f"{c.at.astimezone():%Y-%m-%d %H:%M}", str(c.worst_pain), rated, f"{c.hours_sat:g}", flags
        )
    out.print(checks)
    if records.analyses:
        out.print(_analyses_table(records.analyses[-last:]))
    if any(d.bouts for d in sitting):
        out.print(_sitting_table(sitting))
    out.print(f"pain (0–10)        {sparkline([v for _, v in summary.pain], 10)}")
    if summary.function:
        out.print(f"function (0–10)    {sparkline([v for _, v in summary.function], 10)}  higher is better")
    out.print(f"sessions per week  {sparkline([v for _, v in summary.sessions_per_week])}")
    out.print(f"breaks per day     {sparkline([v for _, v in summary.breaks_per_day])}")


@user_errors
def report(
    out: Annotated[Path, typer.Option("--out", help="Where to write the HTML report.")] = Path("report.html"),
) -> None:
    """An HTML report with charts: pain trend, sessions per week, breaks per day, adherence."""
    if out.is_dir():
        raise InvalidInputError(f"{out} is a folder; give a file name such as {out / 'report.html'}.")
    from psoas.report.charts import write_report  # noqa: PLC0415 (matplotlib loads slowly; only here)

    summary = _Records.read(open_db()).summary()
    with writing(out):
        write_report(out, summary, datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"), DISCLAIMER)
    console().print(f"Report written to {out}")


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"


@user_errors
def export(
    fmt: Annotated[
        Format, typer.Option("--format", help="csv (a folder of files) or json (one file).")
    ] = Format.JSON,
    out: Annotated[Path | None, typer.Option("--out", help="File (json) or folder (csv).")] = None,
) -> None:
    """Export everything stored: profile, plans, sessions, steps, pain, check-ins, breaks, measurements."""
    tables = rec.all_rows(open_db())
    if fmt is Format.JSON:
        target = out or Path("psoas-export.json")
        if target.is_dir():
            raise InvalidInputError(f"{target} is a folder; JSON export needs a file name.")
        with writing(target):
            write_json(target, tables)
        console().print(f"Exported {sum(len(r) for r in tables.values())} rows to {target}")
        return
    folder = out or Path("psoas-export")
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(f"{folder} is a file; CSV export needs a folder.")
    columns = {table.name: [c.name for c in table.columns] for table in schema.metadata.sorted_tables}
    with writing(folder):
        written = write_csv(folder, tables, columns)
    console().print(f"Exported {len(written)} CSV files to {folder}/")
