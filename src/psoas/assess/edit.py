"""Correcting a check-in: new scores, sitting hours, signs, note or activity ratings, validated as a new
check-in is. Its time and warning signs stay: only a recorded clinician visit lifts a pause."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from psoas.assess.checkin import make_checkin
from psoas.errors import InvalidInputError
from psoas.store.checkins import CheckInRecord
from psoas.store.db import Store
from psoas.store.edits import checkin_by_id, edit_checkin
from psoas.store.profiles import latest_profile

__all__ = ["CheckInChanges", "edit_stored_checkin", "edited"]

T = TypeVar("T")


@dataclass(frozen=True)
class CheckInChanges:
    """What to change; None leaves a field as it was. `function` ratings are merged into the old ones."""

    low_back: int | None = None
    hip: int | None = None
    knee: int | None = None
    stiffness: int | None = None
    hours_sat: float | None = None
    signs: Sequence[str] | None = None
    note: str | None = None
    function: Mapping[str, int] | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in vars(self).values())


def _pick(new: T | None, old: T) -> T:
    return old if new is None else new


def edited(old: CheckInRecord, changes: CheckInChanges, activities: Sequence[str]) -> CheckInRecord:
    """The check-in with `changes` applied; an out-of-range value raises one sentence, as at check-in.
    Ratings of activities no longer in the profile are kept as they were."""
    kept = [a for a, _ in old.function if a not in activities]
    rated = {**dict(old.function), **(changes.function or {})}
    return make_checkin(
        at=old.at,
        pain_low_back=_pick(changes.low_back, old.pain_low_back),
        pain_hip=_pick(changes.hip, old.pain_hip),
        pain_knee=_pick(changes.knee, old.pain_knee),
        stiffness=_pick(changes.stiffness, old.stiffness),
        hours_sat=_pick(changes.hours_sat, old.hours_sat),
        signs=_pick(changes.signs, old.signs),
        red_flags=old.red_flags,
        note=_pick(changes.note, old.note),
        function=rated,
        activities=[*activities, *kept],
    )


def edit_stored_checkin(store: Store, row_id: int, changes: CheckInChanges) -> CheckInRecord | None:
    """Apply `changes` to the stored check-in `row_id` and return it as stored now; None when there is
    no such check-in. Nothing to change is refused with one sentence."""
    if changes.empty:
        raise InvalidInputError("Nothing to change: give at least one new score, the note or a rating.")
    old = checkin_by_id(store, row_id)
    if old is None:
        return None
    found = latest_profile(store)
    new = edited(old, changes, found[1].activities if found else ())
    edit_checkin(store, row_id, new)
    return new
