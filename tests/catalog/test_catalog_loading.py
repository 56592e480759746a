"""Loading malformed catalog files: always a CatalogError naming the file (and the field), never a crash."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CATALOG_DATA, exercise_dict
from psoas.catalog import load_catalog, load_exercise
from psoas.errors import CatalogError


def _write(tmp: Path, data: dict[str, Any], name: str = "glute-bridge.toml") -> Path:
    path = tmp / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("dose"), "dose"),
        (lambda d: d["dose"]["reps"].update(min="ten"), "dose.reps.min"),
        (lambda d: d["dose"]["reps"].update(min=13), "dose.reps"),
        (lambda d: d.update(category="cardio"), "category"),
        (lambda d: d.update(steps=[]), "steps"),
        (lambda d: d["faults"][0]["check"].update(angle="elbow"), "faults.0.check.angle"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["safety"].update(stop_if=[]), "safety.stop_if"),
        (lambda d: d.update(sources=["not-a-seed"]), "sources.0"),
    ],
)
def test_schema_errors_name_file_and_field(tmp_path: Path, mutate: Any, field: str) -> None:
    data = exercise_dict()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(CatalogError) as caught:
        load_exercise(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"field '{field}'" in message


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = _write(tmp_path, exercise_dict(), name="bridge.toml")
    with pytest.raises(CatalogError, match=r"holds exercise 'glute-bridge'; name it glute-bridge\.toml"):
        load_exercise(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id = 'x\n", "is not valid TOML"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"", "field '(top level)'|field 'id'"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    with pytest.raises(CatalogError, match=expected):
        load_exercise(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="is missing"):
        load_exercise(tmp_path / "nope.toml")


def _catalog_copy(tmp: Path) -> Path:
    root = tmp / "data"
    shutil.copytree(CATALOG_DATA, root)
    return root


def test_duplicate_alias_across_exercises_is_refused(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    data = exercise_dict("half-bridge")
    data["aliases"] = ["Bridge"]  # already an alias of glute-bridge
    _write(root / "exercises", data, "half-bridge.toml")
    with pytest.raises(CatalogError, match="'glute-bridge' and 'half-bridge' both answer to 'bridge'"):
        load_catalog(root)


def test_unknown_seed_is_refused(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    data = exercise_dict()
    data["sources"] = ["999_0000000000000000"]
    _write(root / "exercises", data)
    with pytest.raises(CatalogError, match="Exercise 'glute-bridge' cites unknown seed"):
        load_catalog(root)


def test_empty_catalog_folder(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    for path in (root / "exercises").glob("*.toml"):
        path.unlink()
    with pytest.raises(CatalogError, match="holds no exercise files"):
        load_catalog(root)


def test_opinion_without_attribution_is_refused(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    text = (root / "education.toml").read_text("utf-8")
    (root / "education.toml").write_text(text.replace('attribution = "Lauren Burnham"\n', ""), "utf-8")
    with pytest.raises(CatalogError, match=r"education\.toml, field 'topic\[7\]\.facts\.2'"):
        load_catalog(root)


# --- property tests: any damage to a valid file gives a CatalogError or a valid exercise -------------

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


BASE = exercise_dict()
PATHS = _paths(BASE)


def _damage(path: tuple[Any, ...], value: Any, delete: bool) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    elif value is None:
        parent[path[-1]] = {}  # TOML has no null: use an empty table instead
    else:
        parent[path[-1]] = value
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=LEAVES, delete=st.booleans())
def test_damaged_files_fail_cleanly(tmp_path: Path, path: tuple[Any, ...], value: Any, delete: bool) -> None:
    target = tmp_path / "glute-bridge.toml"
    target.write_text(tomli_w.dumps(_damage(path, value, delete)), encoding="utf-8")
    try:
        load_exercise(target)
    except CatalogError as exc:
        assert str(target) in str(exc)
        assert "\n" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_arbitrary_bytes_fail_cleanly(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "junk.toml"
    target.write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        load_exercise(target)
    assert str(target) in str(caught.value)


def test_a_condition_both_avoided_and_adapted_for_is_refused(tmp_path: Path) -> None:
    data = exercise_dict("straight-leg-raise")
    data["safety"]["avoid_with"] = ["sciatica"]
    path = _write(tmp_path, data, "straight-leg-raise.toml")
    with pytest.raises(CatalogError, match="either avoided or adapted for, not both: \\['sciatica'\\]"):
        load_exercise(path)


def test_an_unknown_condition_is_refused(tmp_path: Path) -> None:
    data = exercise_dict()
    data["safety"]["avoid_with"] = ["headache"]
    with pytest.raises(CatalogError, match=r"field 'safety\.avoid_with\.0'"):
        load_exercise(_write(tmp_path, data))


def test_every_condition_needs_its_entry(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    text = (root / "conditions.toml").read_text("utf-8")
    cut = text.index('[[condition]]\nid = "hernia"')
    (root / "conditions.toml").write_text(text[:cut], "utf-8")
    with pytest.raises(
        CatalogError, match="exactly one entry per condition; missing: \\['hernia', 'postpartum'\\]"
    ):
        load_catalog(root)
