"""Analysis outputs: report.json, angles.csv (one row per frame, with its quality flags), annotated.mp4;
for a photo, report.json and annotated.jpg."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from psoas._atomic import write_text_atomic
from psoas.coach.analysis import Analysis
from psoas.coach.annotate import write_annotated, write_annotated_photo
from psoas.coach.photo import PhotoAnalysis

__all__ = ["angles_csv", "write_outputs", "write_photo_outputs"]


def angles_csv(analysis: Analysis) -> str:
    angles = analysis.angles
    names = sorted(angles.values)
    reasons = list(analysis.reasons)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    psoas = analysis.psoas
    sides = sorted(psoas.length_mm)
    model_cols = [f"psoas_length_mm_{s}" for s in sides] + [f"psoas_stretch_pct_{s}" for s in sides]
    writer.writerow(["frame", "t", "usable", "position", *reasons, *names, *model_cols])
    for i, t in enumerate(angles.t):
        position = angles.position[i]
        row = [i, f"{t:.3f}", int(analysis.usable[i]), position.value if position else ""]
        row += [int(analysis.reasons[r][i]) for r in reasons]
        values = [angles[n][i] for n in names]
        values += [psoas.length_mm[s][i] for s in sides] + [psoas.stretch_pct[s][i] for s in sides]
        row += ["" if not np.isfinite(v) else f"{v:.2f}" for v in values]
        writer.writerow(row)
    return buffer.getvalue()


def write_outputs(analysis: Analysis, out_dir: Path, video: Path | None = None) -> list[Path]:
    """Write angles.csv, annotated.mp4 (when the video is given) and report.json, each atomically.

    report.json is written last, so a folder holding it holds the whole set.
    """
    report = out_dir / "report.json"
    table = out_dir / "angles.csv"
    write_text_atomic(table, angles_csv(analysis))
    written = [table]
    if video is not None:
        written.append(write_annotated(video, analysis, out_dir / "annotated.mp4"))
    write_text_atomic(report, json.dumps(analysis.report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return [report, *written]


def write_photo_outputs(analysis: PhotoAnalysis, rgb: NDArray[np.uint8], out_dir: Path) -> list[Path]:
    """Write annotated.jpg (the photo with its skeleton, faults and cues) and then report.json."""
    picture = write_annotated_photo(rgb, analysis, out_dir / "annotated.jpg")
    report = out_dir / "report.json"
    write_text_atomic(report, json.dumps(analysis.report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return [report, picture]
