"""Counts and holds against the labelled clips, and false positives on clips of other exercises.

    python benchmarks/counting.py [--model full|heavy] [--only SUBSTRING] [--details]

Every labelled clip (tests/coach/labels/*.toml) is paired with every exercise the camera follows. A
pairing with an exercise the clip shows compares psoas's report with the labels: repetitions per side
(exact, off by one, relative error), each labelled repetition found at its time, and hold time (within
1 s). A pairing with an exercise the clip does not show must give no valid repetition or hold: anything
else is a false positive (pairings with a close sibling of the clip's exercise, labels.FAMILIES, are
left out of both). Poses come from benchmarks/posecache.py (BlazePose runs once per clip and
model). Prints JSON. Nothing is fitted here: the thresholds are the catalog's, per exercise. With
--loco NAME it scans one of the values set while watching these clips over a grid and reports the share
right leaving each clip out (the value is chosen on the other clips), beside the share at each value.
With --live the labelled repetition clips go through the live coach frame by frame instead. With
--variant NAME every clip is first changed as benchmarks/variants.py says (mirrored, half the frame
rate, small, tilted, farther away, twice as fast), with its labels carried over, to see whether the
counts hold when a person films (or moves) differently; played faster, only repetitions are scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip_labels import Clip, load_clips, related
from posecache import cached_poses
from variants import VARIANTS

from psoas.catalog import CameraMode, CameraSpec, Exercise, default_catalog
from psoas.coach import holds, tracking
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import Report, VideoMeta
from psoas.vision import camera

HOLD_TOLERANCE_S = 1.0


Tweak = Callable[[CameraSpec], CameraSpec]


def _report(clip: Clip, exercise: Exercise, model: str, variant: str | None = None) -> Report:
    seq, fps = cached_poses(clip.path, model=model, variant=variant)
    seq = seq.window(*clip.span)
    meta = VideoMeta(fps, len(seq), len(seq) / fps, seq.width, seq.height)
    return analyze_sequence(seq, exercise, meta).report


def _found_in_time(clip: Clip, exercise: str, report: Report) -> int:
    """Labelled repetitions that one counted repetition of the same side (or of a side not given)
    overlaps."""
    hits = 0
    for e in clip.reps(exercise):
        hits += any(
            r.start_s <= e.end_s and r.end_s >= e.start_s and r.side in (e.side, "both", "unknown")
            for r in report.reps
        )
    return hits


def _predicted(report: Report) -> dict[str, Any]:
    return {
        "valid": report.quality.valid,
        "count": report.rep_count,
        "sides": {k: v for k, v in report.counts.items() if v},
        "partials": len(report.partials),
        "hold_s": round(sum(h.duration_s for h in report.holds), 2),
        "hold_sides": sorted({h.side for h in report.holds}),
        "notes": list(report.notes),
    }


def _side_verdict(got: dict[str, int], truth: dict[str, int], report: Report) -> str:
    """ "right"; "unknown" where every side psoas gave is right and the rest were reported as not
    known, with a note saying why; else "wrong"."""
    if got == truth:
        return "right"
    known = {k: v for k, v in got.items() if k != "unknown"}
    noted = any("side" in n for n in report.notes)
    fits = all(truth.get(k, 0) >= v for k, v in known.items())
    return "unknown" if "unknown" in got and noted and fits else "wrong"


def _matched(clip: Clip, exercise: str, report: Report, mode: CameraMode) -> dict[str, Any]:
    row: dict[str, Any] = {"clip": clip.name, "exercise": exercise, "predicted": _predicted(report)}
    if mode is CameraMode.REPS:
        truth = len(clip.reps(exercise))
        count = report.rep_count if report.quality.valid else 0
        sides = {k: v for k, v in report.counts.items() if v}
        row |= {
            "expected": {"count": truth, "sides": clip.rep_sides(exercise)},
            "exact": count == truth,
            "off_by_one": abs(count - truth) <= 1,
            "relative_error": abs(count - truth) / truth if truth else float(count > 0),
            "sides_right": sides == clip.rep_sides(exercise),
            "sides": _side_verdict(sides, clip.rep_sides(exercise), report),
            "found_in_time": _found_in_time(clip, exercise, report),
        }
    else:
        holds = clip.holds(exercise)
        truth_s = sum(h.end_s - h.start_s for h in holds)
        got_s = sum(h.duration_s for h in report.holds) if report.quality.valid else 0.0
        row |= {
            "expected": {"hold_s": round(truth_s, 2), "hold_sides": sorted({h.side for h in holds})},
            "hold_within_1s": abs(got_s - truth_s) <= HOLD_TOLERANCE_S,
            "sides_right": {h.side for h in report.holds} == {h.side for h in holds},
            "sides": _side_verdict(
                dict(Counter(h.side for h in report.holds)), dict(Counter(h.side for h in holds)), report
            ),
        }
    return row


def _wrong(clip: Clip, exercise: str, report: Report) -> dict[str, Any]:
    claimed = report.quality.valid and (report.rep_count > 0 or bool(report.holds))
    return {
        "clip": clip.name,
        "exercise": exercise,
        "false_positive": claimed,
        "predicted": _predicted(report),
    }


def _share(rows: list[dict[str, Any]], key: str) -> float | None:
    return round(float(np.mean([r[key] for r in rows])), 3) if rows else None


def _verdicts(rows: list[dict[str, Any]], verdict: str) -> float | None:
    return round(float(np.mean([r["sides"] == verdict for r in rows])), 3) if rows else None


def _summary(matched: list[dict[str, Any]], wrong: list[dict[str, Any]]) -> dict[str, Any]:
    reps = [r for r in matched if "exact" in r]
    holds = [r for r in matched if "hold_within_1s" in r]
    labelled = sum(r["expected"]["count"] for r in reps)
    return {
        "rep_pairings": len(reps),
        "exact_share": round(float(np.mean([r["exact"] for r in reps])), 3) if reps else None,
        "off_by_one_share": round(float(np.mean([r["off_by_one"] for r in reps])), 3) if reps else None,
        "mean_relative_error": round(float(np.mean([r["relative_error"] for r in reps])), 3)
        if reps
        else None,
        "sides_right_share": round(float(np.mean([r["sides_right"] for r in reps])), 3) if reps else None,
        "sides_unknown_with_note_share": _verdicts(reps, "unknown"),
        "sides_wrong_share": _verdicts(reps, "wrong"),
        "reps_found_in_time": f"{sum(r['found_in_time'] for r in reps)}/{labelled}",
        "hold_pairings": len(holds),
        "holds_within_1s_share": _share(holds, "hold_within_1s"),
        "hold_sides": {v: _verdicts(holds, v) for v in ("right", "unknown", "wrong")},
        "wrong_pairings": len(wrong),
        "false_positives": sum(r["false_positive"] for r in wrong),
    }


def _followed(tweak: Tweak | None) -> list[Exercise]:
    out = []
    for e in default_catalog().exercises:
        if e.camera is not None:
            out.append(e.model_copy(update={"camera": tweak(e.camera)}) if tweak else e)
    return out


def run(
    model: str, only: str | None, tweak: Tweak | None = None, variant: str | None = None
) -> dict[str, Any]:
    followed = _followed(tweak)
    matched: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for labelled in load_clips():
        if (only and only not in labelled.name) or not labelled.path.is_file():
            continue
        clip = VARIANTS[variant].labels(labelled) if variant else labelled
        for exercise in followed:
            assert exercise.camera is not None
            report = _report(clip, exercise, model, variant)
            if exercise.id in clip.matches:
                if exercise.camera.mode is not CameraMode.REPS and variant and not VARIANTS[variant].holds:
                    continue  # a hold played faster is shorter: its truth is not the label's
                matched.append(_matched(clip, exercise.id, report, exercise.camera.mode))
            elif any(related(exercise.id, m) for m in clip.matches):
                continue  # a sibling of the clip's exercise (clip_labels.FAMILIES): neither right nor wrong
            else:
                wrong.append(_wrong(clip, exercise.id, report))
    return {
        "model": model,
        "variant": variant,
        "summary": _summary(matched, wrong),
        "matched": matched,
        "false_positives": [r for r in wrong if r["false_positive"]],
        "wrong": wrong,
    }


def _module_value(module: ModuleType, name: str) -> Callable[[float], Tweak]:
    """A grid over a module constant the code reads at each use (not a catalog value): setting it is the
    tweak, and the catalog stays as it is."""

    def make(value: float) -> Tweak:
        assert hasattr(module, name), name
        setattr(module, name, value)
        return lambda c: c

    return make


# The values that were set while watching these clips, each scanned over a grid (per exercise values
# scale together): the minimum range of a repetition, the stillness limit of a hold, and the share of
# the shortest hold that a hold cut by the clip needs.
GRIDS: dict[str, tuple[tuple[float, ...], Callable[[float], Tweak]]] = {
    "min_range_scale": (
        (0.6, 0.8, 1.0, 1.2, 1.4),
        lambda k: (
            lambda c: c.model_copy(update={"min_range_deg": c.min_range_deg * k}) if c.min_range_deg else c
        ),
    ),
    "still_deg_s": (
        (8.0, 12.0, 15.0, 20.0, 25.0),
        lambda v: lambda c: c.model_copy(update={"still_deg_s": v}) if c.enter_deg is not None else c,
    ),
    # The swing a hold allows over holds.SWAY_WINDOW_S, for the exercises that keep the default.
    "sway_deg": (
        (8.0, 10.0, 12.0, 15.0, 20.0),
        lambda v: (
            lambda c: (
                c.model_copy(update={"sway_deg": v})
                if c.enter_deg is not None and c.sway_deg == CameraSpec.model_fields["sway_deg"].default
                else c
            )
        ),
    ),
    # The share of the shortest hold that a hold cut by the clip's start or end needs (holds.EDGE_SHARE).
    "edge_share": ((0.3, 0.5, 0.7, 0.85, 1.0), _module_value(holds, "EDGE_SHARE")),
    # How much closer traded labels must sit to go back to the model's own (vision.camera.SWAP_BACK_GAIN).
    "swap_back_gain": ((0.5, 0.75, 1.0, 1.25, 1.5), _module_value(camera, "SWAP_BACK_GAIN")),
    # How far one leg may move against a two-legged repetition, as a share of it (tracking.AGAINST_SHARE).
    "against_share": ((0.0, 0.1, 0.2, 0.3, 0.5), _module_value(tracking, "AGAINST_SHARE")),
}


def _scores(result: dict[str, Any]) -> dict[str, list[bool]]:
    """Per clip, verdicts per pairing: exact count or hold within 1 s, and every side right; or no false
    positive."""
    out: dict[str, list[bool]] = {}
    for r in result["matched"]:
        out.setdefault(r["clip"], []).extend(
            [bool(r.get("exact", r.get("hold_within_1s"))), r["sides"] == "right"]
        )
    for r in result["wrong"]:
        out.setdefault(r["clip"], []).append(not r["false_positive"])
    return out


def loco(model: str, name: str) -> dict[str, Any]:
    """Leave one clip out: pick the grid value best on the other clips, score the clip left out with it."""
    values, make = GRIDS[name]
    per_value = {v: _scores(run(model, None, make(v))) for v in values}
    clips = sorted(next(iter(per_value.values())))
    held_out, chosen = [], []
    for clip in clips:

        def others(v: float, clip: str = clip) -> int:
            return sum(sum(s) for c, s in per_value[v].items() if c != clip)

        best = max(values, key=lambda v: (others(v), -abs(v - values[len(values) // 2])))
        chosen.append(best)
        held_out += per_value[best][clip]
    return {
        "parameter": name,
        "grid": list(values),
        "right_share_per_value": {str(v): round(_share_all(per_value[v]), 3) for v in values},
        "leave_one_clip_out_right_share": round(sum(held_out) / len(held_out), 3),
        "values_chosen": dict(sorted(Counter(chosen).items())),
    }


def _share_all(scores: dict[str, list[bool]]) -> float:
    flat = [x for s in scores.values() for x in s]
    return sum(flat) / len(flat) if flat else 0.0


def live(model: str) -> dict[str, Any]:
    """The live coach fed each labelled clip frame by frame (as the webcam and the web page feed it):
    repetitions counted live against the labels, beside the file analysis of the same poses."""
    from psoas.coach.live import LiveCoach  # noqa: PLC0415
    from psoas.vision.pose import Pose  # noqa: PLC0415

    rows = []
    for clip in load_clips():
        for exercise in _followed(None):
            assert exercise.camera is not None
            if exercise.id not in clip.matches or exercise.camera.mode is not CameraMode.REPS:
                continue
            seq, _ = cached_poses(clip.path, model=model)
            seq = seq.window(*clip.span)
            coach = LiveCoach(exercise)
            for i, t in enumerate(seq.t):
                pose = Pose(float(t), seq.image[i], seq.visibility[i], seq.world[i]) if seq.found[i] else None
                state = coach.update(float(t), pose, width=seq.width, height=seq.height)
            truth = len(clip.reps(exercise.id))
            rows.append({"clip": clip.name, "exercise": exercise.id, "expected": truth, "live": state.reps})
    exact = sum(r["live"] == r["expected"] for r in rows)
    return {"model": model, "rep_pairings": len(rows), "live_exact": exact, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="full", choices=["full", "heavy"])
    parser.add_argument("--only", help="only clips whose file name contains this")
    parser.add_argument("--loco", choices=sorted(GRIDS), help="leave-one-clip-out scan of one parameter")
    parser.add_argument("--live", action="store_true", help="count with the live coach, frame by frame")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help="the clips changed as variants.py says")
    args = parser.parse_args(argv)
    if args.live:
        print(json.dumps(live(args.model), indent=1))
        return 0
    if args.loco:
        print(json.dumps(loco(args.model, args.loco), indent=1))
        return 0
    result = run(args.model, args.only, variant=args.variant)
    del result["wrong"]
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
