"""What every catalog model shares: frozen pydantic models, the text and id shapes, and the body
positions that exercises are done in and the camera tells apart."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["Position", "SeedId", "Slug", "Text"]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
SeedId = Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}$")]
Text = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Position(StrEnum):
    STANDING = "standing"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    LYING_ON_BACK = "lying-on-back"
    SITTING = "sitting"
    WALKING = "walking"
    ANY = "any"
    # Positions the camera tells apart for held poses (an exercise's own `position` stays the plain one).
    LUNGE = "lunge"  # standing, legs split: front knee bent, back leg long with the foot on the floor
    V_SIT = "v-sit"  # balancing on the sitting bones, thighs and feet lifted (boat)
    KNEELING_BACK_BEND = "kneeling-back-bend"  # kneeling upright, thighs upright, trunk leaning back
    FLOOR_PIGEON = "floor-pigeon"  # front shin folded on the floor, back leg long behind, hips low
    SEATED_SIDE_BEND = "seated-side-bend"  # seen from the front: seated, trunk bent to one side
    # Trunk along the floor but the face turned down or to the side (a plank, lying on the front or on
    # one side, a pigeon folded forward): not lying on the back. No exercise is done in it; the camera
    # names it so a back-lying exercise is not counted there.
    FACE_DOWN = "face-down"
