"""`psoas model length` and `psoas model rank`: the psoas's modelled muscle–tendon length."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from psoas.catalog import default_catalog
from psoas.cli._edge import console, print_json, user_errors
from psoas.cli._help import PlainFlagsCommand, PlainFlagsGroup
from psoas.errors import InvalidInputError
from psoas.model.rank import POSE_GUESS_DEG, rank_stretches
from psoas.model.surrogate import MUSCLES, surrogate
from psoas.vision.landmarks import Side

__all__ = ["app"]

app = typer.Typer(
    help="The psoas modelled: muscle–tendon length from hip angles (OpenSim surrogate).", cls=PlainFlagsGroup
)

LUMBAR_NOTE = (
    "Lumbar posture does not change the length in this model: its psoas runs from the pelvis over the "
    "pelvic brim to the thigh bone and crosses no lumbar joint."
)
TENDON_NOTE = "Normalised fibre length assumes a rigid tendon at its slack length and no pennation."


def _assumptions() -> list[str]:
    model = surrogate()
    prov = model.provenance
    worst = max(e["max_abs_mm"] for e in model.held_out_error.values())
    return [
        f"Surrogate of {prov['model_file']} (OpenSim {prov['opensim_version']}, SHA-256 "
        f"{prov['model_sha256'][:12]}…); held-out error at most {worst:.3f} mm.",
        "Neutral: standing, all hip angles 0°. Left and right are mirror images.",
        LUMBAR_NOTE,
        TENDON_NOTE,
    ]


def _check_range(name: str, value: float) -> None:
    lo, hi = surrogate().ranges[name]
    if not lo <= value <= hi:
        label = name.replace("_", " ")
        raise InvalidInputError(
            f"{label.capitalize()} {value:g}° is outside the model's fitted range ({lo:g}° to {hi:g}°): "
            "beyond it the OpenSim paths jump where they wrap over the pelvic brim, so psoas gives no number."
        )


@app.command(cls=PlainFlagsCommand)
@user_errors
def length(
    hip_flexion: Annotated[float, typer.Option(help="Degrees; negative is extension (thigh behind).")],
    hip_adduction: Annotated[float, typer.Option(help="Degrees; positive moves the knee inwards.")] = 0.0,
    hip_rotation: Annotated[float, typer.Option(help="Degrees; positive turns the knee inwards.")] = 0.0,
    lumbar_extension: Annotated[
        float, typer.Option(help="Degrees of lower-back arch (recorded; see the note).")
    ] = 0.0,
    side: Annotated[Side, typer.Option(help="Which leg.")] = Side.RIGHT,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Psoas and iliacus length in one hip pose, the change from standing, and normalised fibre length."""
    for name, value in (
        ("hip_flexion", hip_flexion),
        ("hip_adduction", hip_adduction),
        ("hip_rotation", hip_rotation),
    ):
        _check_range(name, value)
    model = surrogate()
    rows = [model.describe(m, side.value, hip_flexion, hip_adduction, hip_rotation) for m in MUSCLES]
    inputs = {
        "hip_flexion_deg": hip_flexion,
        "hip_adduction_deg": hip_adduction,
        "hip_rotation_deg": hip_rotation,
        "lumbar_extension_deg": lumbar_extension,
        "side": side.value,
    }
    if as_json:
        print_json({"inputs": inputs, "muscles": [asdict(r) for r in rows], "assumptions": _assumptions()})
        return
    table = Table(title=f"Modelled length, {side.value} side", title_justify="left")
    for col in ("muscle", "length", "standing", "change", "normalised fibre"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.muscle,
            f"{r.length_mm:.1f} mm",
            f"{r.neutral_mm:.1f} mm",
            f"{r.change_pct:+.1f}%",
            f"{r.normalised_fibre:.2f}",
        )
    out = console()
    out.print(table)
    for line in _assumptions():
        out.print(f"[dim]• {line}[/]")


RANK_UNCERTAINTY = (
    f"The uncertainty that matters is the pose, not the fit: the target hip angles are our guesses and "
    f"a camera reads them about {POSE_GUESS_DEG:.0f}° off (about 7 mm of psoas length), while the "
    "surrogate's fit error is a few hundredths of a millimetre. Stretches whose ranges overlap cannot "
    "be told apart by the model: read the order as rough groups, not a league table."
)


@app.command(cls=PlainFlagsCommand)
@user_errors
def rank(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """The catalog's stretches ranked by modelled psoas lengthening in their target pose."""
    ranked = rank_stretches(default_catalog())
    if as_json:
        print_json(
            {
                "ranking": [
                    {
                        "exercise": r.exercise_id,
                        "leg": r.leg,
                        "pose": r.pose.model_dump(),
                        "psoas": asdict(r.psoas),
                        "clipped": r.clipped,
                        "change_range_pct": list(r.change_range_pct),
                        "pose_note": r.note,
                    }
                    for r in ranked
                ],
                "assumptions": _assumptions(),
            }
        )
        return
    table = Table(title="Stretches by modelled psoas lengthening", title_justify="left")
    for col in ("#", "exercise", "leg", "hip flexion", "psoas", "change", f"if ±{POSE_GUESS_DEG:.0f}°"):
        table.add_column(col)
    for i, r in enumerate(ranked, 1):
        lo, hi = r.change_range_pct
        table.add_row(
            str(i),
            r.name,
            r.leg,
            f"{r.pose.flexion_deg:+.0f}°",
            f"{r.psoas.length_mm:.1f} mm",
            f"{r.psoas.change_pct:+.1f}%",
            f"{lo:+.1f} to {hi:+.1f}%",
        )
    out = console()
    out.print(table)
    out.print(f"[yellow]{RANK_UNCERTAINTY}[/]")
    out.print("[bold]Target poses (our estimates, not numbers from the articles):[/]")
    for r in ranked:
        out.print(f"[dim]• {r.name}: {r.note}[/]")
    for line in _assumptions():
        out.print(f"[dim]• {line}[/]")
