"""Export every table: one JSON document, or one CSV file per table in a folder (each written atomically)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from psoas._atomic import write_text_atomic
from psoas._json import dumps, finite

__all__ = ["csv_texts", "json_text", "write_csv", "write_json"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def json_text(tables: dict[str, list[dict[str, Any]]]) -> str:
    data = {name: [{k: _plain(v) for k, v in row.items()} for row in rows] for name, rows in tables.items()}
    return dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def csv_texts(tables: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]) -> dict[str, str]:
    """One CSV document per table; lists and dicts are written as JSON inside their cell."""
    texts = {}
    for name, rows in tables.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns[name], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: dumps(v) if isinstance(v, list | dict) else _plain(finite(v)) for k, v in row.items()}
            )
        texts[name] = buffer.getvalue()
    return texts


def write_json(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    write_text_atomic(path, json_text(tables))


def write_csv(
    folder: Path, tables: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]
) -> list[Path]:
    written = []
    for name, text in csv_texts(tables, columns).items():
        path = folder / f"{name}.csv"
        write_text_atomic(path, text)
        written.append(path)
    return written
