"""Which BlazePose landmark model runs, and where its file lives.

mediapipe 0.10.21's wheel bundles the full model (pose_landmark_full.tflite). The heavy one is larger and
slower but steadier on people lying or kneeling on the floor; it is not in the wheel, and mediapipe would
download it from the internet the first time it is asked for it. psoas never lets it: `make` copies the
file from the npm package @mediapipe/pose (Apache-2.0) into mediapipe's own model folder, where mediapipe
looks first, and psoas asks for the heavy model only when that file is there (else it uses the full one
and says so). Nothing here imports mediapipe.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from psoas.catalog import Position
from psoas.errors import MediaError

__all__ = [
    "FLOOR",
    "HEAVY_NOTE",
    "ModelChoice",
    "ModelPick",
    "PoseModel",
    "choose_model",
    "install_heavy",
    "installed",
    "model_path",
]


class PoseModel(StrEnum):
    """A BlazePose landmark model; the value is its file's stem in mediapipe/modules/pose_landmark/."""

    FULL = "full"
    HEAVY = "heavy"

    @property
    def complexity(self) -> int:
        """mediapipe's `model_complexity` for this model."""
        return 1 if self is PoseModel.FULL else 2


class ModelChoice(StrEnum):
    """What the user asks for: a model, or auto (heavy for floor positions when it is installed)."""

    FULL = "full"
    HEAVY = "heavy"
    AUTO = "auto"


# Positions on the floor: bodies seen lengthwise, limbs overlapping, where the heavy model helps most.
FLOOR = frozenset(
    {
        Position.LYING_ON_BACK,
        Position.KNEELING,
        Position.HALF_KNEELING,
        Position.SITTING,
        Position.V_SIT,
        Position.KNEELING_BACK_BEND,
        Position.FLOOR_PIGEON,
        Position.SEATED_SIDE_BEND,
    }
)

# The heavy model of @mediapipe/pose@0.5.1675469404 (its full model is byte for byte the wheel's).
HEAVY_SIZE = 27_709_200
HEAVY_SHA256 = "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe"
HEAVY_NOTE = (
    "The heavy pose model is not installed (run `make` with npm available), so the full model was used."
)


@dataclass(frozen=True)
class ModelPick:
    model: PoseModel
    note: str | None  # why the model is not the one asked for, or None


def _mediapipe_dir() -> Path:
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or not spec.submodule_search_locations:
        raise MediaError("mediapipe is not installed; reinstall psoas (`make run` does it).")
    return Path(next(iter(spec.submodule_search_locations)))


def model_path(model: PoseModel, mediapipe_dir: Path | None = None) -> Path:
    """The file mediapipe reads for this model; for the heavy one, the path its downloader checks first."""
    folder = (mediapipe_dir or _mediapipe_dir()) / "modules" / "pose_landmark"
    return folder / f"pose_landmark_{model.value}.tflite"


def installed(model: PoseModel, mediapipe_dir: Path | None = None) -> bool:
    """Whether the model's file is present and whole (a cut-short copy would crash mediapipe)."""
    path = model_path(model, mediapipe_dir)
    if model is PoseModel.FULL:
        return path.is_file()
    return path.is_file() and path.stat().st_size == HEAVY_SIZE


def choose_model(choice: ModelChoice, positions: Iterable[Position], *, heavy_installed: bool) -> ModelPick:
    """The model to run for an exercise done in these positions, and a note when it falls back."""
    wants_heavy = choice is ModelChoice.HEAVY or (
        choice is ModelChoice.AUTO and any(p in FLOOR for p in positions)
    )
    if not wants_heavy:
        return ModelPick(PoseModel.FULL, None)
    if heavy_installed:
        return ModelPick(PoseModel.HEAVY, None)
    return ModelPick(PoseModel.FULL, HEAVY_NOTE)


def install_heavy(source: Path, mediapipe_dir: Path | None = None) -> Path:
    """Copy a heavy model file into mediapipe's model folder after checking it is the expected file."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != HEAVY_SHA256:
        raise MediaError(f"{source} is not the expected heavy pose model (SHA-256 {digest}).")
    target = model_path(PoseModel.HEAVY, mediapipe_dir)
    partial = target.with_suffix(".part")
    shutil.copyfile(source, partial)
    partial.replace(target)  # never a half-copied model where mediapipe looks
    return target


def main(argv: list[str]) -> int:
    """`python -m psoas.vision.models installed|install FILE`: what `make` runs (exit 1: not installed)."""
    if argv == ["installed"]:
        return 0 if installed(PoseModel.HEAVY) else 1
    if len(argv) != 2 or argv[0] != "install":
        print("usage: python -m psoas.vision.models installed | install FILE", file=sys.stderr)
        return 2
    try:
        print(f"installed the heavy pose model: {install_heavy(Path(argv[1]))}")
    except (MediaError, OSError) as exc:
        print(f"note: the heavy pose model was not installed ({exc}); psoas uses the full model.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
