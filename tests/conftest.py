"""Shared paths and builders for the tests."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from psoas.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
MEDIA_DIR = SHARED / "media"
CATALOG_DATA = REPO / "src" / "psoas" / "catalog" / "data"


def exercise_dict(exercise_id: str = "glute-bridge") -> dict[str, Any]:
    """A valid exercise as plain data, read from the bundled file: a base for malformed variants."""
    return tomllib.loads((CATALOG_DATA / "exercises" / f"{exercise_id}.toml").read_text("utf-8"))


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's database: the default SQLite file lives in a temp folder."""
    monkeypatch.delenv("PSOAS_DB_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A private SQLite store for a test that serves it (the web tests hand it to the app)."""
    s = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    yield s
    s.dispose()
