"""The HTML report: matplotlib charts (pain, sessions, breaks, adherence, and the Thomas test once one is
stored) in one self-contained page."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: render to memory

import matplotlib.dates as _mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from psoas._atomic import write_text_atomic
from psoas.report.history import History, flag_days

__all__ = ["figures", "render_html", "write_report"]


mdates: Any = _mdates  # its locators and formatters carry no type hints
Series = Sequence[tuple[date, float]]
COLOURS = ("#c0392b", "#3a7ca5")
MIN_SPAN_DAYS = 7  # a single day is shown inside a week, with day ticks, not hours or years


def _days_axis(ax: Any, lines: dict[str, Series], today: date | None = None) -> None:
    """Whole days on the x axis, at least a week wide, so one point sits inside a readable range; the
    axis ends at today (half a day past it, to show today's bar whole), never in the future."""
    days = [d for points in lines.values() for d, _ in points]
    first, last = min(days), max(days)
    spare = max(1, (MIN_SPAN_DAYS - (last - first).days) // 2)
    start, end, past = first - timedelta(days=spare), last + timedelta(days=spare), 0.0
    if today is not None and end > today:
        end, past = max(last, today), 0.5
        start = min(start, end - timedelta(days=MIN_SPAN_DAYS - 1))  # still a week wide
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end) + past)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8, interval_multiples=True)
    locator.intervald[mdates.HOURLY] = []  # never finer than a day
    ax.xaxis.set_major_locator(mdates.DayLocator() if (last - first).days < MIN_SPAN_DAYS else locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))


def _chart(
    title: str,
    series: Series | dict[str, Series],
    ylabel: str,
    kind: str,
    ymax: float | None,
    today: date | None,
) -> str:
    """One chart; a dict of series draws one labelled line each."""
    lines = series if isinstance(series, dict) else {"": series}
    fig, ax = plt.subplots(figsize=(7, 2.6), dpi=100)
    try:
        if any(lines.values()):
            for (label, points), colour in zip(lines.items(), COLOURS, strict=False):
                if not points:  # e.g. a Thomas test of one side only: no empty legend entry
                    continue
                xs: Any = [d for d, _ in points]  # matplotlib plots dates; its stubs only admit numbers
                ys = [v for _, v in points]
                if kind == "bar":
                    ax.bar(xs, ys, width=0.8 if len(xs) > 1 else 0.5, color="#3a7ca5")
                else:
                    ax.plot(xs, ys, marker="o", color=colour, label=label or None)
            if len(lines) > 1:
                ax.legend(loc="upper left", fontsize=8)
            _days_axis(ax, {k: v for k, v in lines.items() if v}, today)
            fig.autofmt_xdate()
        else:
            ax.text(0.5, 0.5, "no data yet", ha="center", va="center", transform=ax.transAxes, color="grey")
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(ylabel)
        if ymax is not None:
            ax.set_ylim(0, ymax)
        elif kind == "bar":  # counts: whole sessions and breaks, not 0.2 of one
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if kind == "signed":
            ax.axhline(0, color="grey", lw=0.8)
        ax.grid(alpha=0.3)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,{data}"></figure>'


def figures(history: History) -> list[str]:
    """Every chart with something to show, as an HTML <figure> with an inline PNG (the report and the
    web's history page); a chart without data is left out rather than drawn empty."""
    specs = (
        ("Worst pain per check-in day (0–10)", history.pain, "pain", "line", 10),
        (
            "How well you managed your activities (0–10, higher is better)",
            history.function,
            "function",
            "line",
            10,
        ),
        ("Sessions completed per week", history.sessions_per_week, "sessions", "bar", None),
        ("Sitting breaks taken per day", history.breaks_per_day, "breaks", "bar", None),
        ("Adherence: share of days with exercise", history.adherence, "share", "bar", 1),
    )
    charts = [_chart(t, data, label, kind, top, history.today) for t, data, label, kind, top in specs if data]
    if history.thomas is not None:
        trend = history.thomas
        charts.append(
            _chart(
                "Thomas test: hanging thigh against horizontal (above 0° suggests short hip flexors)",
                {"left": trend.left, "right": trend.right},
                "degrees",
                "signed",
                None,
                history.today,
            )
        )
    return charts


def render_html(history: History, generated: str, disclaimer: str) -> str:
    charts = figures(history) or ["<p class='note'>Nothing to chart yet.</p>"]
    flags = "".join(
        f"<li>{html.escape(question)} ({', '.join(days)})</li>" for question, days in flag_days(history)
    )
    flag_html = f"<h2>Warning signs reported</h2><ul>{flags}</ul>" if flags else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>psoas report</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;color:#222}"
        "figure{margin:1em 0}img{max-width:100%}.note{color:#666;font-size:.9em}</style></head><body>"
        f"<h1>psoas report</h1><p class='note'>Generated {html.escape(generated)}.</p>"
        f"{flag_html}{''.join(charts)}<p class='note'>{html.escape(disclaimer)}</p></body></html>"
    )


def write_report(path: Path, history: History, generated: str, disclaimer: str) -> None:
    write_text_atomic(path, render_html(history, generated, disclaimer))
