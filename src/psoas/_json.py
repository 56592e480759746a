"""JSON that every parser accepts: a number that is not finite (NaN, ±Infinity) is written as null.

Python's json writes NaN and Infinity, which browsers' JSON.parse and strict parsers reject; a missing
measurement is null in everything psoas writes.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["dumps", "finite"]


def finite(value: Any) -> Any:
    """`value` with every non-finite float replaced by None (tuples become lists, as in JSON)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """json.dumps of `finite(value)`; raises instead of ever writing NaN or Infinity."""
    return json.dumps(finite(value), allow_nan=False, **options)
