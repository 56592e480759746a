"""`psoas thomas MEDIA` (a photo or clip of the Thomas test) and `psoas thomas history`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from psoas.cli._edge import INVALID_EXIT, SideChoice, console, open_db, print_json, user_errors, utc_now
from psoas.cli.render import DISCLAIMER
from psoas.report.history import thomas_records, thomas_trend
from psoas.store import records as rec

if TYPE_CHECKING:
    from psoas.measure.thomas import ThomasResult

__all__ = ["thomas"]


class HorizonChoice(StrEnum):
    IMAGE = "image"
    TRUNK = "trunk"


def result_view(r: ThomasResult) -> RenderableType:
    """What was measured and how to read it; an invalid position gives reasons and advice only."""
    from psoas.measure.thomas import (  # noqa: PLC0415 (OpenCV loads slowly)
        CANNOT_CHECK,
        FLAT_TRUNK_DEG,
        POSE_ERROR_DEG,
        REASONS,
    )

    if not r.valid:
        head = "Not a Thomas-test position" if "no-hanging-leg" in r.reasons else "Could not measure"
        why = "\n".join(f"• {REASONS[c]}" for c in r.reasons)
        todo = "\n".join(f"→ {a}" for a in r.advice)
        return Group(
            Text(head + ": no numbers given.", style="bold red"), Text(why), Text(todo, style="yellow")
        )
    assert r.thigh_deg is not None and r.knee_deg is not None and r.window_s is not None
    lines = [
        f"Tested side: {r.side} (horizon: {r.horizon})",
        f"Hanging thigh {r.thigh_reading}.",
        f"Hanging knee {r.knee_reading}.",
        f"From {r.frames_used} of {r.frames} frames ({r.window_s[0]:.1f}–{r.window_s[1]:.1f} s).",
    ]
    cannot = "\n".join(f"• {c}" for c in CANNOT_CHECK)
    note = (
        f"± includes about {POSE_ERROR_DEG:.0f}° of pose-estimation error; a trunk or camera tilt of up to "
        f"{FLAT_TRUNK_DEG:.0f}° still passes and shifts the thigh angle by as much (--horizon trunk "
        "corrects a tilted camera). A screening observation, not a diagnosis. Cut-offs: Kendall et al., 2005."
    )
    return Group(
        Text("\n".join(lines)),
        Text("A picture cannot check:\n" + cannot, style="yellow"),
        Text(note, style="dim"),
        Text(DISCLAIMER, style="dim"),
    )


def _history(as_json: bool) -> None:
    tz = datetime.now().astimezone().tzinfo
    trend = thomas_trend(rec.measurements(open_db()), tz)
    if as_json:
        print_json(None if trend is None else trend.to_dict())
        return
    if trend is None:
        console().print("No Thomas tests stored yet: run `psoas thomas PHOTO_OR_CLIP`.")
        return
    table = Table(title="Thomas test: hanging thigh (°, + above horizontal)", title_justify="left")
    for col in ("day", "left", "right"):
        table.add_column(col)
    for day, *sides in trend.by_day():
        table.add_row(day.isoformat(), *("" if v is None else f"{v:+.1f}" for v in sides))
    out = console()
    out.print(table)
    if trend.thigh_asymmetry_deg is not None:
        out.print(f"Latest left minus right: thigh {trend.thigh_asymmetry_deg:+.1f}°", end="")
        knee = trend.knee_asymmetry_deg
        out.print("" if knee is None else f", knee {knee:+.1f}°")


@user_errors
def thomas(
    media: Annotated[str, typer.Argument(help="A photo or short clip filmed from the side, or 'history'.")],
    side: Annotated[SideChoice, typer.Option(help="The hanging leg, or auto.")] = SideChoice.AUTO,
    horizon: Annotated[
        HorizonChoice,
        typer.Option(help="Horizontal from the picture (camera level; default) or the trunk on the bed."),
    ] = HorizonChoice.IMAGE,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    save: Annotated[bool, typer.Option(help="Store a valid result in the psoas database.")] = True,
) -> None:
    """The Thomas test from a side-on photo or clip: hanging-thigh angle and knee bend, or why not."""
    if media == "history" and not Path(media).exists():
        _history(as_json)
        return
    from psoas.measure.thomas import Horizon, measure_media  # noqa: PLC0415 (OpenCV, mediapipe: slow)

    chosen = side.side()
    result, _ = measure_media(Path(media), chosen, Horizon(horizon.value))
    if result.valid and save:
        rec.add_measurements(open_db(), thomas_records(result, str(Path(media)), utc_now()))
    if as_json:
        print_json(asdict(result))
    else:
        console().print(result_view(result))
    if not result.valid:
        raise typer.Exit(INVALID_EXIT)
