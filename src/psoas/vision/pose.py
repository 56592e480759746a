"""Per-frame poses and the estimator that makes them.

Array layout (one frame): ``image`` is (33, 2) in pixels (x right, y down); ``visibility`` is (33,) in
[0, 1]; ``world`` is (33, 3) in metres, origin between the hips, y down (MediaPipe's world frame).
A sequence stacks frames on a first time axis: (T, 33, 2), (T, 33), (T, 33, 3).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from psoas.errors import MediaError
from psoas.vision.inference import default_threads, pose_graph
from psoas.vision.models import PoseModel, installed, model_path

if TYPE_CHECKING:
    from psoas.vision.frames import Frame  # frames.py loads OpenCV; the model commands import this module

__all__ = ["MediaPipeEstimator", "Pose", "PoseEstimator", "PoseSequence", "estimate_frames"]

N_LANDMARKS = 33
F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Pose:
    t: float
    image: F64
    visibility: F64
    world: F64

    def __post_init__(self) -> None:
        shapes = (self.image.shape, self.visibility.shape, self.world.shape)
        if shapes != ((N_LANDMARKS, 2), (N_LANDMARKS,), (N_LANDMARKS, 3)):
            raise ValueError(f"a Pose needs (33, 2), (33,), (33, 3) arrays, got {shapes}")

    @classmethod
    def from_mediapipe(cls, result: Any, *, t: float, width: int, height: int) -> Pose | None:
        """Build from `mp.solutions.pose.Pose.process(...)`; None when no person was found."""
        if result.pose_landmarks is None or result.pose_world_landmarks is None:
            return None
        img = np.array([(p.x * width, p.y * height, p.visibility) for p in result.pose_landmarks.landmark])
        world = np.array([(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark])
        return cls(t=t, image=img[:, :2], visibility=img[:, 2], world=world)


@dataclass(frozen=True)
class PoseSequence:
    """Poses of a whole clip; frames with no person hold NaN and `found` is False."""

    t: F64
    image: F64
    visibility: F64
    world: F64
    found: NDArray[np.bool_]
    width: int
    height: int

    @classmethod
    def stack(cls, t: list[float], poses: list[Pose | None], *, width: int, height: int) -> PoseSequence:
        n = len(poses)
        image = np.full((n, N_LANDMARKS, 2), np.nan)
        vis = np.zeros((n, N_LANDMARKS))
        world = np.full((n, N_LANDMARKS, 3), np.nan)
        for i, pose in enumerate(poses):
            if pose is not None:
                image[i], vis[i], world[i] = pose.image, pose.visibility, pose.world
        found = np.array([p is not None for p in poses], dtype=bool)
        return cls(np.asarray(t, float), image, vis, world, found, width, height)

    def __len__(self) -> int:
        return len(self.t)

    def window(self, start_s: float, end_s: float) -> PoseSequence:
        """The frames whose time lies in [start_s, end_s]."""
        keep = (self.t >= start_s) & (self.t <= end_s)
        return PoseSequence(
            self.t[keep], self.image[keep], self.visibility[keep], self.world[keep], self.found[keep],
            self.width, self.height,
        )  # fmt: skip


class PoseEstimator(Protocol):
    def estimate(self, rgb: NDArray[np.uint8], t: float) -> Pose | None: ...

    def close(self) -> None: ...


@contextmanager
def native_logs_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null meanwhile. MediaPipe and TensorFlow Lite print setup notes
    ("Created TensorFlow Lite XNNPACK delegate", absl warnings) straight to it from C++ when the graph is
    built and first run; no setting silences them, and a person must see only psoas's own sentence."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with Path(os.devnull).open("wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class MediaPipeEstimator:
    """BlazePose from mediapipe 0.10.21: the full model (bundled in the wheel) or the heavy one.

    Pinned on purpose: 0.10.21 is the last release whose wheel bundles pose_landmark_full.tflite, so it
    runs offline. The heavy model runs only when `make` installed its file (psoas.vision.models): asked
    for without it, the estimator refuses at once, before mediapipe could try to download it.
    mediapipe is imported and the graph built on the first frame, not here, so a video's decoder thread
    (started by the first frame read) decodes ahead while mediapipe loads.
    """

    def __init__(
        self,
        *,
        model: PoseModel = PoseModel.FULL,
        static_images: bool = False,
        min_confidence: float = 0.5,
        threads: int | None = None,
    ) -> None:
        if not installed(model):
            raise MediaError(
                f"The {model.value} pose model is not installed at {model_path(model)}; "
                "use the full model or run `make` with npm available."
            )
        self.model = model
        self.threads = threads or default_threads()  # psoas.vision.inference says why
        self._options = {
            "static_image_mode": static_images,
            "model_complexity": model.complexity,
            "smooth_landmarks": not static_images,
            "enable_segmentation": False,
            "min_detection_confidence": min_confidence,
            "min_tracking_confidence": min_confidence,
        }
        self._pose: Any = None
        self._warm = False  # the graph has run once (its first run logs setup notes)

    def _graph(self) -> Any:
        if self._pose is None:
            with native_logs_silenced():
                self._pose = pose_graph(self._options, self.threads)  # imports mediapipe: heavy, lazy
        return self._pose

    def estimate(self, rgb: NDArray[np.uint8], t: float) -> Pose | None:
        height, width = rgb.shape[:2]
        # A read-only view makes mediapipe wrap the pixels instead of copying them; process() returns only
        # when the graph is done with them, and the caller's array keeps its own flags.
        view = np.ascontiguousarray(rgb).view()  # reference mode needs C order
        view.flags.writeable = False
        graph = self._graph()
        if self._warm:
            found = graph.process(view)
        else:
            with native_logs_silenced():
                found = graph.process(view)
            self._warm = True
        return Pose.from_mediapipe(found, t=t, width=width, height=height)

    def close(self) -> None:
        if self._pose is not None:
            self._pose.close()
            self._pose = None

    def __enter__(self) -> MediaPipeEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def estimate_frames(
    frames: Iterable[Frame],
    estimator: PoseEstimator,
    *,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> PoseSequence:
    """The poses of streamed frames, holding one frame at a time; the picture size is the first frame's."""
    times: list[float] = []
    poses: list[Pose | None] = []
    size: tuple[int, int] | None = None
    for frame in frames:
        size = size or (frame.rgb.shape[1], frame.rgb.shape[0])
        times.append(frame.t)
        poses.append(estimator.estimate(frame.rgb, frame.t))
        if progress:
            progress(frame.index + 1)
    if size is None:
        raise MediaError(f"{source} holds no decodable frames.")
    return PoseSequence.stack(times, poses, width=size[0], height=size[1])
