"""The exercise and education catalog: data files validated into typed models."""

from psoas.catalog.base import Position
from psoas.catalog.camera_spec import (
    AngleCheck,
    AngleName,
    CameraMode,
    CameraSpec,
    Direction,
    Limb,
    Phase,
    SideMode,
)
from psoas.catalog.education import Fact, Seed, Topic
from psoas.catalog.loader import DATA_DIR, Catalog, default_catalog, load_catalog, load_exercise
from psoas.catalog.models import (
    Adaptation,
    Amount,
    Category,
    Condition,
    ConditionInfo,
    Dose,
    Exercise,
    Fault,
    Gear,
    HipPose,
    Intensity,
    ModelPose,
    Modifications,
    Range,
    Safety,
)
from psoas.catalog.text import camera_text

__all__ = [
    "DATA_DIR",
    "Adaptation",
    "Amount",
    "AngleCheck",
    "AngleName",
    "CameraMode",
    "CameraSpec",
    "Catalog",
    "Category",
    "Condition",
    "ConditionInfo",
    "Direction",
    "Dose",
    "Exercise",
    "Fact",
    "Fault",
    "Gear",
    "HipPose",
    "Intensity",
    "Limb",
    "ModelPose",
    "Modifications",
    "Phase",
    "Position",
    "Range",
    "Safety",
    "Seed",
    "SideMode",
    "Topic",
    "camera_text",
    "default_catalog",
    "load_catalog",
    "load_exercise",
]
