"""Which exercise each labelled clip shows, as psoas recognises it without being told: a confusion matrix.

    python benchmarks/recognition.py [--model full|heavy] [--only SUBSTRING]

For every clip in tests/coach/labels/*.toml, `psoas.coach.recognize.recognise` cuts the clip by body
position and names the exercise each segment shows (or none). The clip's prediction is the exercise of
its strongest segment (or "none"); it is right when it is one the labels list for the clip, or "none" for
a clip of no followed exercise, and right up to a sibling when it belongs to the same family
(clip_labels.FAMILIES). Prints JSON: per clip, the segments and the verdict; the confusion matrix
(labelled → predicted); the shares. Poses come from benchmarks/posecache.py. The usable still photos
(tests/coach/labels/photos.toml) get the same verdicts from `recognise_pose`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip_labels import MEDIA_DIR, Clip, load_clips, related
from posecache import cached_poses

from psoas.catalog import default_catalog
from psoas.coach.recognize import recognise
from psoas.coach.report import VideoMeta

NONE = "none"


def _followed_matches(clip: Clip, followed: set[str]) -> list[str]:
    return [m for m in clip.matches if m in followed]


def _row(clip: Clip, model: str, followed: set[str]) -> dict[str, Any]:
    seq, fps = cached_poses(clip.path, model=model)
    seq = seq.window(*clip.span)
    meta = VideoMeta(fps, len(seq), len(seq) / fps, seq.width, seq.height)
    segments = recognise(seq, meta, default_catalog())
    named = [s for s in segments if s.exercise is not None]
    best = max(named, key=lambda s: s.evidence, default=None)
    predicted = best.exercise if best and best.exercise else NONE
    truth = _followed_matches(clip, followed)
    right = predicted in truth or (predicted == NONE and not truth)
    near = right or any(related(predicted, m) for m in truth)
    return {
        "clip": clip.name,
        "labelled": truth or [NONE],
        "predicted": predicted,
        "right": right,
        "right_up_to_sibling": near,
        "segments": [
            {
                "start_s": round(s.start_s, 2),
                "end_s": round(s.end_s, 2),
                "position": s.position,
                "exercise": s.exercise,
                "alternatives": list(s.alternatives),
                "evidence": round(s.evidence, 2),
            }
            for s in segments
        ],
    }


PHOTO_LABELS = Path(__file__).resolve().parents[1] / "tests" / "coach" / "labels" / "photos.toml"


def _photo_row(label: dict[str, Any], followed: set[str]) -> dict[str, Any]:
    from psoas.coach.photo import photo_pose  # noqa: PLC0415
    from psoas.coach.recognize import recognise_pose  # noqa: PLC0415
    from psoas.vision.frames import read_image  # noqa: PLC0415

    path = MEDIA_DIR / "poses" / label["file"]
    seq, others = photo_pose(read_image(path).rgb)
    guess = recognise_pose(seq, default_catalog(), others=others)
    truth = [label["exercise"]] if label.get("exercise") in followed else []
    predicted = guess.exercise or NONE
    right = predicted in truth or (predicted == NONE and not truth)
    return {
        "photo": label["file"],
        "labelled": truth or [NONE],
        "predicted": predicted,
        "alternatives": list(guess.alternatives),
        "right": right,
        "right_up_to_sibling": right or any(related(predicted, m) for m in truth),
    }


def photos(followed: set[str]) -> dict[str, Any]:
    """The same verdicts for the labelled still photos (usable ones only: the others get a reason)."""
    labels = tomllib.loads(PHOTO_LABELS.read_text("utf-8"))["photo"]
    rows = [
        _photo_row(label, followed)
        for label in labels
        if label.get("usable", True) and (MEDIA_DIR / "poses" / label["file"]).is_file()
    ]
    n = len(rows)
    return {
        "photos": n,
        "right_share": round(sum(r["right"] for r in rows) / n, 3) if n else None,
        "right_up_to_sibling_share": round(sum(r["right_up_to_sibling"] for r in rows) / n, 3) if n else None,
        "confusion": dict(sorted(Counter(f"{r['labelled'][0]} -> {r['predicted']}" for r in rows).items())),
        "rows": rows,
    }


def run(model: str, only: str | None) -> dict[str, Any]:
    followed = {e.id for e in default_catalog().exercises if e.camera is not None}
    rows = [
        _row(c, model, followed) for c in load_clips() if c.path.is_file() and (not only or only in c.name)
    ]
    matrix = Counter(f"{r['labelled'][0]} -> {r['predicted']}" for r in rows)
    n = len(rows)
    return {
        "model": model,
        "clips": n,
        "right_share": round(sum(r["right"] for r in rows) / n, 3) if n else None,
        "right_up_to_sibling_share": round(sum(r["right_up_to_sibling"] for r in rows) / n, 3) if n else None,
        "confusion": dict(sorted(matrix.items())),
        "rows": rows,
        "still_photos": photos(followed) if not only else None,
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
