"""Analysis outputs: report.json and angles.csv (one row per frame, with its quality flags)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from psoas._atomic import write_text_atomic
from psoas.coach.analysis import Analysis

__all__ = ["angles_csv", "write_outputs"]


def angles_csv(analysis: Analysis) -> str:
    angles = analysis.angles
    names = sorted(angles.values)
    reasons = list(analysis.reasons)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["frame", "t", "usable", "position", *reasons, *names])
    for i, t in enumerate(angles.t):
        position = angles.position[i]
        row = [i, f"{t:.3f}", int(analysis.usable[i]), position.value if position else ""]
        row += [int(analysis.reasons[r][i]) for r in reasons]
        row += ["" if not np.isfinite(v := angles[n][i]) else f"{v:.2f}" for n in names]
        writer.writerow(row)
    return buffer.getvalue()


def write_outputs(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Write report.json and angles.csv into `out_dir`, each atomically."""
    report = out_dir / "report.json"
    table = out_dir / "angles.csv"
    write_text_atomic(table, angles_csv(analysis))
    write_text_atomic(report, json.dumps(analysis.report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return [report, table]
