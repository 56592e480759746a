"""Counts and holds against the labelled clips, and false positives on clips of other exercises.

    python benchmarks/counting.py [--model full|heavy] [--only SUBSTRING] [--details]

Every labelled clip (tests/coach/labels/*.toml) is paired with every exercise the camera follows. A
pairing with an exercise the clip shows compares psoas's report with the labels: repetitions per side
(exact, off by one, relative error), each labelled repetition found at its time, and hold time (within
1 s). A pairing with an exercise the clip does not show must give no valid repetition or hold: anything
else is a false positive (pairings with a close sibling of the clip's exercise, labels.FAMILIES, are
left out of both). Poses come from benchmarks/posecache.py (BlazePose runs once per clip and
model). Prints JSON. Nothing is fitted here: the thresholds are the catalog's, per exercise.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip_labels import Clip, load_clips, related
from posecache import cached_poses

from psoas.catalog import CameraMode, default_catalog
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import Report, VideoMeta
from psoas.vision.pose import PoseSequence

HOLD_TOLERANCE_S = 1.0


def trim(seq: PoseSequence, span: tuple[float, float]) -> PoseSequence:
    keep = (seq.t >= span[0]) & (seq.t <= span[1])
    return replace(
        seq,
        t=seq.t[keep],
        image=seq.image[keep],
        visibility=seq.visibility[keep],
        world=seq.world[keep],
        found=seq.found[keep],
    )


def _report(clip: Clip, exercise: str, model: str) -> Report:
    seq, fps = cached_poses(clip.path, model=model)
    seq = trim(seq, clip.span)
    meta = VideoMeta(fps, len(seq), len(seq) / fps, seq.width, seq.height)
    return analyze_sequence(seq, default_catalog().exercise(exercise), meta).report


def _found_in_time(clip: Clip, exercise: str, report: Report) -> int:
    """Labelled repetitions that one counted repetition of the same side overlaps."""
    hits = 0
    for e in clip.reps(exercise):
        hits += any(
            r.start_s <= e.end_s and r.end_s >= e.start_s and r.side in (e.side, "both") for r in report.reps
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
        "reps_found_in_time": f"{sum(r['found_in_time'] for r in reps)}/{labelled}",
        "hold_pairings": len(holds),
        "holds_within_1s_share": _share(holds, "hold_within_1s"),
        "wrong_pairings": len(wrong),
        "false_positives": sum(r["false_positive"] for r in wrong),
    }


def run(model: str, only: str | None) -> dict[str, Any]:
    catalog = default_catalog()
    followed = [e for e in catalog.exercises if e.camera is not None]
    matched: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for clip in load_clips():
        if (only and only not in clip.name) or not clip.path.is_file():
            continue
        for exercise in followed:
            assert exercise.camera is not None
            report = _report(clip, exercise.id, model)
            if exercise.id in clip.matches:
                matched.append(_matched(clip, exercise.id, report, exercise.camera.mode))
            elif any(related(exercise.id, m) for m in clip.matches):
                continue  # a sibling of the clip's exercise (clip_labels.FAMILIES): neither right nor wrong
            else:
                wrong.append(_wrong(clip, exercise.id, report))
    return {
        "model": model,
        "summary": _summary(matched, wrong),
        "matched": matched,
        "false_positives": [r for r in wrong if r["false_positive"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="full", choices=["full", "heavy"])
    parser.add_argument("--only", help="only clips whose file name contains this")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.model, args.only), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
