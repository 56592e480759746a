"""BlazePose's 33 landmarks, the two body sides, and the joints psoas reads on each side."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple

__all__ = ["KEY_POINTS", "SIDE_JOINTS", "Landmark", "Side", "SideJoints"]


class Landmark(IntEnum):
    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class SideJoints(NamedTuple):
    shoulder: Landmark
    hip: Landmark
    knee: Landmark
    ankle: Landmark
    ear: Landmark


SIDE_JOINTS = {
    Side.LEFT: SideJoints(
        Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE, Landmark.LEFT_EAR
    ),
    Side.RIGHT: SideJoints(
        Landmark.RIGHT_SHOULDER,
        Landmark.RIGHT_HIP,
        Landmark.RIGHT_KNEE,
        Landmark.RIGHT_ANKLE,
        Landmark.RIGHT_EAR,
    ),
}

# The joints every angle psoas reports depends on; the quality gate asks that these be seen.
KEY_POINTS = tuple(j for side in Side for j in SIDE_JOINTS[side][:4])
