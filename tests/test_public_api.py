"""The public API is what `__all__` says, and every name in it exists."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import psoas
from psoas.safety import DISCLAIMER


def test_top_level_api() -> None:
    assert set(psoas.__all__) == {
        "CatalogError",
        "PsoasError",
        "UnknownExerciseError",
        "UnknownTopicError",
        "__version__",
    }


@pytest.mark.parametrize("module", ["psoas", "psoas.catalog", "psoas.errors", "psoas.cli.render"])
def test_all_names_exist(module: str) -> None:
    mod = importlib.import_module(module)
    assert all(hasattr(mod, name) for name in mod.__all__)


def test_errors_form_one_tree() -> None:
    assert issubclass(psoas.CatalogError, psoas.PsoasError)
    assert issubclass(psoas.UnknownExerciseError, psoas.PsoasError)
    assert issubclass(psoas.UnknownTopicError, psoas.PsoasError)
    assert psoas.UnknownExerciseError("x", ()).exit_code == 2


def test_the_readme_disclaimer_is_the_one_every_surface_shows() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    assert quoted.replace("**", "") == DISCLAIMER
