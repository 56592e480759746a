"""An exercise's demonstration as an animated SVG stick figure, drawn from the catalog's key poses.

The bones are the camera overlay's (shoulder–hip–knee–ankle–heel–toes and shoulder–elbow–wrist per side,
plus the shoulder and hip lines), and the loop follows the dose: a repetition takes REP_S seconds plus
its hold at the top, a hold is held for the dose's shortest hold, and per-side work shows both sides.
SVG animation (SMIL) needs no script, so the figure plays wherever the picture is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from psoas.catalog.demo import Demo, View
from psoas.catalog.models import Dose
from psoas.plan.dose import REP_S

__all__ = ["Frame", "Timing", "demo_svg", "frames", "skeleton"]

TRUNK, THIGH, SHIN, UPPER_ARM, FOREARM = 52.0, 44.0, 42.0, 30.0, 27.0
NECK, HEAD_R, HEEL, TOES, HALF_HIPS, HALF_SHOULDERS = 14.0, 9.0, 5.0, 13.0, 9.0, 15.0
REST_S = 1.0  # a breath at the start pose before the next repetition
EASE_STEPS = 6  # frames per movement: enough for the eye, few enough to keep the file small
NEAR, FAR, JOINT = "#1f6f78", "#93bcc0", "#ffffff"

Point = tuple[float, float]


@dataclass(frozen=True)
class Frame:
    at_s: float
    angles: dict[str, float]
    mirrored: bool  # the other side: the figure drawn as in a mirror


def _towards(p: Point, angle: float, length: float) -> Point:
    rad = math.radians(angle)
    return (p[0] + length * math.cos(rad), p[1] + length * math.sin(rad))


def _leg(hip: Point, a: dict[str, float], prefix: str) -> list[Point]:
    knee = _towards(hip, a[prefix + "thigh"], THIGH * a["thigh_scale"])
    ankle = _towards(knee, a[prefix + "shin"], SHIN)
    heel = _towards(ankle, a[prefix + "foot"] + 180, HEEL)
    return [hip, knee, ankle, heel, _towards(heel, a[prefix + "foot"], HEEL + TOES)]


def _arm(shoulder: Point, a: dict[str, float], prefix: str) -> list[Point]:
    elbow = _towards(shoulder, a[prefix + "arm"], UPPER_ARM)
    return [shoulder, elbow, _towards(elbow, a[prefix + "forearm"], FOREARM)]


def skeleton(a: dict[str, float], view: View) -> dict[str, list[Point]]:
    """The figure's lines with the hip centre at the origin, y up: far limbs first (drawn behind)."""
    mid_shoulder = _towards((0.0, 0.0), a["trunk"], TRUNK)
    sideways = view is View.FRONT
    near_hip = _towards((0.0, 0.0), a["trunk"] - 90, HALF_HIPS if sideways else 0.0)
    far_hip = _towards((0.0, 0.0), a["trunk"] + 90, HALF_HIPS if sideways else 0.0)
    near_shoulder = _towards(mid_shoulder, a["trunk"] - 90, HALF_SHOULDERS if sideways else 0.0)
    far_shoulder = _towards(mid_shoulder, a["trunk"] + 90, HALF_SHOULDERS if sideways else 0.0)
    return {
        "far_leg": [far_shoulder, *_leg(far_hip, a, "far_")],
        "far_arm": _arm(far_shoulder, a, "far_"),
        "hips": [far_hip, near_hip],
        "shoulders": [far_shoulder, near_shoulder],
        "near_leg": [near_shoulder, *_leg(near_hip, a, "")],
        "near_arm": _arm(near_shoulder, a, ""),
        "head": [_towards(mid_shoulder, a["head"], NECK)],
    }


@dataclass(frozen=True)
class Timing:
    move_s: float  # one way between the poses
    hold_s: float  # at the end pose
    per_side: bool

    @classmethod
    def of(cls, demo: Demo, dose: Dose | None) -> Timing:
        """The dose's tempo: a repetition takes REP_S seconds plus its hold; a position (no dose,
        e.g. the Thomas test) is shown held for a few seconds."""
        if dose is None:
            return cls(demo.move_s, 3.0, per_side=False)
        hold = float(dose.hold_s.min) if dose.hold_s else 0.0
        return cls(REP_S / 2 if dose.reps else demo.move_s, hold, dose.per_side)


def frames(demo: Demo, timing: Timing) -> list[Frame]:
    """One loop of the demonstration: to the end pose, hold, back, a rest; then the other side."""
    move, hold = timing.move_s, timing.hold_s
    start, end = demo.start.angles(), demo.end.angles()
    out: list[Frame] = []
    t = 0.0
    for mirrored in (False, True) if timing.per_side else (False,):
        for a, b in ((start, end), (end, start)):
            for step in range(EASE_STEPS + 1):
                f = (1 - math.cos(math.pi * step / EASE_STEPS)) / 2
                mixed = {k: a[k] + (b[k] - a[k]) * f for k in a}
                out.append(Frame(t + move * step / EASE_STEPS, mixed, mirrored))
            t += move
            pause = hold if a is start else REST_S
            if pause:
                t += pause
                out.append(Frame(t, b, mirrored))
    return out


def _placed(frame: Frame, demo: Demo) -> dict[str, list[Point]]:
    """The figure with the floor at y = 0 (its lowest point), or the hips on a table edge at y = 0."""
    lines = skeleton(frame.angles, demo.view)
    sign = -1.0 if frame.mirrored else 1.0
    body = [p for name, ps in lines.items() if name != "head" for p in ps]
    lift = 0.0 if demo.table else -min(y for _, y in body)
    return {name: [(sign * x, y + lift) for x, y in ps] for name, ps in lines.items()}


def _box(placed: list[dict[str, list[Point]]]) -> tuple[float, float, float, float]:
    xs = [x for p in placed for ps in p.values() for x, _ in ps]
    ys = [y for p in placed for ps in p.values() for _, y in ps]
    pad = HEAD_R + 6
    return min(xs) - pad, min(*ys, 0.0) - 4, max(xs) + pad, max(ys) + pad


def _fmt(ps: list[Point]) -> str:
    return " ".join(f"{x:.1f},{-y:.1f}" for x, y in ps)


def _animate(attribute: str, values: list[str], key_times: str, total: float) -> str:
    return (
        f'<animate attributeName="{attribute}" values="{";".join(values)}" keyTimes="{key_times}" '
        f'dur="{total:.2f}s" repeatCount="indefinite"/>'
    )


def _table(p: dict[str, list[Point]]) -> tuple[float, float]:
    """The table's left edge and width: under the trunk, its edge at the hips."""
    xs = [x for x, _ in p["shoulders"]]
    if min(xs) < 0:
        return min(xs) - 10, -min(xs) + 14
    return -4.0, max(xs) + 14


def _props(demo: Demo, placed: list[dict[str, list[Point]]], box: tuple[float, ...], anim: str) -> list[str]:
    """The floor, and the table the figure lies on (it moves to the other side with the figure)."""
    x0, y0, x1, _ = box
    floor = y0 + 4 if demo.table else 0.0
    line = f'x1="{x0:.1f}" y1="{-floor:.1f}" x2="{x1:.1f}" y2="{-floor:.1f}"'
    out = [f'<line {line} stroke="{FAR}" stroke-width="2"/>']
    if demo.table:
        tables = [_table(p) for p in placed]
        xs, widths = [f"{x:.1f}" for x, _ in tables], [f"{w:.1f}" for _, w in tables]
        out.append(
            f'<rect x="{xs[0]}" y="4" width="{widths[0]}" height="{-floor - 4:.1f}" fill="none" '
            f'stroke="{FAR}" stroke-width="2" rx="3">{anim.format(attr="x", values=";".join(xs))}'
            f"{anim.format(attr='width', values=';'.join(widths))}</rect>"
        )
    return out


def demo_svg(demo: Demo, dose: Dose | None) -> str:
    """The looping figure as a standalone SVG document (no script, no styles: CSP-proof)."""
    loop = frames(demo, Timing.of(demo, dose))
    total = loop[-1].at_s
    placed = [_placed(f, demo) for f in loop]
    box = _box(placed)
    key_times = ";".join(f"{f.at_s / total:.4f}" for f in loop)
    x0, y0, x1, y1 = box
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {-y1:.1f} {x1 - x0:.1f} {y1 - y0:.1f}" '
        f'role="img" aria-label="{escape(demo.caption)}"><title>{escape(demo.caption)}</title>',
        *_props(demo, placed, box, _animate("{attr}", ["{values}"], key_times, total)),
    ]
    for name in ("far_leg", "far_arm", "hips", "shoulders", "near_leg", "near_arm"):
        colour = FAR if name.startswith("far") else NEAR
        values = [_fmt(p[name]) for p in placed]
        parts.append(
            f'<polyline points="{values[0]}" fill="none" stroke="{colour}" stroke-width="5" '
            f'stroke-linecap="round" stroke-linejoin="round">{_animate("points", values, key_times, total)}'
            "</polyline>"
        )
    heads = [p["head"][0] for p in placed]
    parts.append(
        f'<circle cx="{heads[0][0]:.1f}" cy="{-heads[0][1]:.1f}" r="{HEAD_R}" fill="{JOINT}" stroke="{NEAR}" '
        f'stroke-width="4">{_animate("cx", [f"{x:.1f}" for x, _ in heads], key_times, total)}'
        f"{_animate('cy', [f'{-y:.1f}' for _, y in heads], key_times, total)}</circle>"
    )
    parts.append("</svg>")
    return "".join(parts)
