"""Does the foot that leaves the floor first name the working leg of a knee raise? Every labelled one.

    PYTHONPATH=src python benchmarks/liftoff.py [--model full|heavy]

For each labelled knee raise with a side (clips that show standing hip flexion or marching), as filmed
and in every variant of benchmarks/variants.py (a mirrored clip's sides swap), psoas.coach.liftoff
reads the side from the model's own labels between the labelled start and top. Prints, as JSON, per
variant (the full model; heavy as filmed only): raises read right, read wrong, and left unread
(neither foot led clearly); and the same totals for other rise thresholds around the one psoas uses,
so the choice shows as a plateau, not a fit. The reading is used only where a repetition's side would
otherwise be unknown (see the module).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from clip_labels import Clip, load_clips
from posecache import cached_poses
from variants import VARIANTS

from psoas.coach import liftoff

RAISES = {"standing-hip-flexion", "marching-in-place"}
RISES = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def _tally(clips: list[Clip], model: str, variant: str | None) -> dict[str, int]:
    out = {"right": 0, "wrong": 0, "unread": 0}
    for original in clips:
        clip = VARIANTS[variant].labels(original) if variant else original
        seq, _ = cached_poses(original.path, model=model, variant=variant)
        for e in clip.events:
            if e.kind != "rep" or e.side not in ("left", "right"):
                continue
            side = liftoff.lift_off_side(seq.image, seq.t, e.start_s, e.peak_s)
            out["unread" if side is None else "right" if side.value == e.side else "wrong"] += 1
    return out


def run(model: str) -> dict[str, Any]:
    clips = [c for c in load_clips() if RAISES & set(c.matches) and c.path.exists()]
    # the variants' poses are kept for the full model (benchmarks/variants.py); heavy reads as filmed
    variants: list[str | None] = [None, *sorted(VARIANTS)] if model == "full" else [None]
    per_variant = {v or "as filmed": _tally(clips, model, v) for v in variants}
    scan = {}
    chosen = liftoff.RISE
    try:
        for rise in RISES:
            liftoff.RISE = rise
            tallies = [_tally(clips, model, v) for v in variants]
            scan[str(rise)] = {k: sum(t[k] for t in tallies) for k in ("right", "wrong", "unread")}
    finally:
        liftoff.RISE = chosen
    return {
        "model": model,
        "clips": [c.path.name for c in clips],
        "rise_trunk_lengths": chosen,
        "per_variant": per_variant,
        "rise_scan_all_variants": scan,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["full", "heavy"], default="full")
    args = parser.parse_args(argv)
    json.dump(run(args.model), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
