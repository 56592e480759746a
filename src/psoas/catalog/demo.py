"""Key poses for each exercise's demonstration figure, read from demos.toml.

A pose gives the direction of each body segment in degrees (0 = pointing to the viewer's right, 90 = up),
for a figure facing right in a side view, or facing the viewer in a front view. The plain fields are the
working (near) side, drawn on the viewer's right in a front view; the far_ fields fall back to them. The
figure is placed so its lowest point rests on the floor, or with the hips on a table edge (`table`).
"""

from __future__ import annotations

import functools
import tomllib
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from psoas.catalog.loader import DATA_DIR
from psoas.errors import CatalogError

__all__ = ["THOMAS", "Demo", "Pose", "View", "load_demos"]

THOMAS = "thomas-test"  # the demo entry that shows the Thomas test position


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"


class Pose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    trunk: float  # hip → shoulder
    head: float | None = None  # shoulder → head; the trunk's direction when left out
    thigh: float
    shin: float
    foot: float | None = None  # ankle → toes; at right angles to the shin when left out
    far_thigh: float | None = None
    far_shin: float | None = None
    far_foot: float | None = None
    arm: float  # shoulder → elbow
    forearm: float | None = None
    far_arm: float | None = None
    far_forearm: float | None = None
    thigh_scale: float = Field(1.0, gt=0, le=1)  # a thigh pointing at the camera looks shorter

    def angles(self) -> dict[str, float]:
        """Every segment's direction, the defaults filled in (so two poses can be interpolated)."""
        forearm = self.arm if self.forearm is None else self.forearm
        far_thigh = self.thigh if self.far_thigh is None else self.far_thigh
        far_shin = self.shin if self.far_shin is None else self.far_shin
        far_arm = self.arm if self.far_arm is None else self.far_arm
        return {
            "trunk": self.trunk,
            "head": self.trunk if self.head is None else self.head,
            "thigh": self.thigh,
            "shin": self.shin,
            "foot": self.shin + 90 if self.foot is None else self.foot,
            "far_thigh": far_thigh,
            "far_shin": far_shin,
            "far_foot": far_shin + 90 if self.far_foot is None else self.far_foot,
            "arm": self.arm,
            "forearm": forearm,
            "far_arm": far_arm,
            "far_forearm": far_arm if self.far_forearm is None else self.far_forearm,
            "thigh_scale": self.thigh_scale,
        }


class Demo(BaseModel):
    """The start pose and the end (or hold) pose; the figure moves between them at the dose's tempo."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    caption: str = Field(min_length=1)  # what the figure shows, in a few words (its alt text)
    view: View = View.SIDE
    table: bool = False  # lying on a table or bed edge, legs free to hang
    move_s: float = Field(1.5, gt=0)  # one way between the poses, when the dose gives no repetitions
    start: Pose
    end: Pose

    @model_validator(mode="after")
    def _moves(self) -> Self:
        if self.start == self.end:
            raise ValueError("the start and end poses are the same: nothing would move")
        return self


@functools.cache
def load_demos() -> dict[str, Demo]:
    """Every demo by exercise id (and THOMAS), from the catalog's demos.toml."""
    with (DATA_DIR / "demos.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    try:
        return {key: Demo.model_validate(value) for key, value in raw.items()}
    except ValidationError as exc:
        raise CatalogError(f"demos.toml: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from exc
