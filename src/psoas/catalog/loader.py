"""Read the catalog's TOML files once, validate them, and answer look-ups.

Layout of a catalog folder:
    seeds.toml            [[seed]] entries: the articles the content was written from
    education.toml        [[topic]] entries, each with [[topic.facts]]
    conditions.toml       [[condition]] entries: one per Condition, its name and the plan's advice
    exercises/<id>.toml   one exercise per file; the file name is the exercise id
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from psoas.catalog.education import Seed, Topic
from psoas.catalog.models import Category, Condition, ConditionInfo, Exercise
from psoas.errors import CatalogError, UnknownExerciseError, UnknownTopicError

__all__ = ["DATA_DIR", "Catalog", "default_catalog", "load_catalog", "load_exercise"]

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Catalog:
    exercises: tuple[Exercise, ...]
    topics: tuple[Topic, ...]
    seeds: tuple[Seed, ...]
    conditions: tuple[ConditionInfo, ...] = ()

    def condition(self, which: Condition) -> ConditionInfo:
        found = next((c for c in self.conditions if c.id is which), None)
        if found is None:
            raise CatalogError(f"The catalog says nothing about the condition '{which.value}'.")
        return found

    def exercise(self, ref: str) -> Exercise:
        """The exercise whose id or alias matches `ref` (case and spaces ignored)."""
        key = _normalise(ref)
        for ex in self.exercises:
            if key == ex.id or key in (_normalise(a) for a in ex.aliases):
                return ex
        names = [ex.id for ex in self.exercises]
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
        if not close:
            close = [n for n in names if key and (key in n or n in key)][:3]
        raise UnknownExerciseError(ref, tuple(close))

    def by_category(self, category: Category | None) -> tuple[Exercise, ...]:
        if category is None:
            return self.exercises
        return tuple(ex for ex in self.exercises if ex.category is category)

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == _normalise(topic_id):
                return topic
        raise UnknownTopicError(topic_id, tuple(t.id for t in self.topics))


def _normalise(ref: str) -> str:
    return "-".join(ref.strip().lower().replace("_", " ").split())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
        return tomllib.loads(text)
    except FileNotFoundError:
        raise CatalogError(f"Catalog file {path} is missing.") from None
    except OSError as exc:
        raise CatalogError(f"Catalog file {path} cannot be read: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise CatalogError(f"Catalog file {path} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"Catalog file {path} is not valid TOML: {exc}.") from None


def _validate(model: type[M], data: Any, path: Path, where: str = "") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in (*([where] if where else []), *first["loc"])) or "(top level)"
        more = exc.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise CatalogError(f"Catalog file {path}, field '{field}': {first['msg']}{extra}.") from None


def _entries(data: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"Catalog file {path} needs at least one [[{key}]] table.")
    return entries


def load_exercise(path: Path) -> Exercise:
    """Load and validate one exercise file; its name must be `<id>.toml`."""
    exercise = _validate(Exercise, _read_toml(path), path)
    if path.stem != exercise.id:
        raise CatalogError(f"Catalog file {path} holds exercise '{exercise.id}'; name it {exercise.id}.toml.")
    return exercise


def _check_sources(items: Iterable[tuple[str, tuple[str, ...]]], seeds: tuple[Seed, ...]) -> None:
    known = {seed.id for seed in seeds}
    for owner, sources in items:
        unknown = sorted(set(sources) - known)
        if unknown:
            raise CatalogError(f"{owner} cites unknown seed(s) {', '.join(unknown)}.")


def _check_unique(exercises: tuple[Exercise, ...]) -> None:
    seen: dict[str, str] = {}
    for ex in exercises:
        for name in (ex.id, *(_normalise(a) for a in ex.aliases)):
            if seen.setdefault(name, ex.id) != ex.id:
                raise CatalogError(f"Exercises '{seen[name]}' and '{ex.id}' both answer to '{name}'.")


def _load_conditions(path: Path) -> tuple[ConditionInfo, ...]:
    """Exactly one entry per Condition: the planner names and explains every one it enforces."""
    found = tuple(
        _validate(ConditionInfo, item, path, f"condition[{i}]")
        for i, item in enumerate(_entries(_read_toml(path), "condition", path))
    )
    ids = [c.id for c in found]
    missing = [c.value for c in Condition if c not in ids]
    if missing or len(ids) != len(set(ids)):
        raise CatalogError(f"Catalog file {path} needs exactly one entry per condition; missing: {missing}.")
    return found


def load_catalog(root: Path = DATA_DIR) -> Catalog:
    """Load every file under `root`; raise CatalogError naming the file and field on the first problem."""
    seeds_path, education_path = root / "seeds.toml", root / "education.toml"
    seeds = tuple(
        _validate(Seed, item, seeds_path, f"seed[{i}]")
        for i, item in enumerate(_entries(_read_toml(seeds_path), "seed", seeds_path))
    )
    topics = tuple(
        _validate(Topic, item, education_path, f"topic[{i}]")
        for i, item in enumerate(_entries(_read_toml(education_path), "topic", education_path))
    )
    files = sorted((root / "exercises").glob("*.toml"))
    if not files:
        raise CatalogError(f"Catalog folder {root / 'exercises'} holds no exercise files.")
    exercises = tuple(load_exercise(path) for path in files)
    _check_unique(exercises)
    _check_sources(((f"Exercise '{ex.id}'", ex.sources) for ex in exercises), seeds)
    _check_sources(
        ((f"A fact in topic '{t.id}'", fact.sources) for t in topics for fact in t.facts),
        seeds,
    )
    conditions = _load_conditions(root / "conditions.toml")
    return Catalog(exercises=exercises, topics=topics, seeds=seeds, conditions=conditions)


@functools.cache
def default_catalog() -> Catalog:
    """The catalog bundled with psoas, loaded once per process."""
    return load_catalog(DATA_DIR)
