"""Export every table: one JSON document, or one CSV file per table in a folder (each written atomically)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from psoas._atomic import write_text_atomic

__all__ = ["write_csv", "write_json"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_json(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    data = {name: [{k: _plain(v) for k, v in row.items()} for row in rows] for name, rows in tables.items()}
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def write_csv(
    folder: Path, tables: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]
) -> list[Path]:
    written = []
    for name, rows in tables.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns[name], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list | dict) else _plain(v) for k, v in row.items()}
            )
        path = folder / f"{name}.csv"
        write_text_atomic(path, buffer.getvalue())
        written.append(path)
    return written
