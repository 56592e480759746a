"""How many threads BlazePose's network runs on, and the mediapipe graph built with them.

mediapipe's pose solution runs its TensorFlow Lite models (XNNPACK) on one thread, whatever the machine,
so a clip is analysed on one core while the others idle. The network is most of a frame's time and
XNNPACK splits it across threads without changing its arithmetic, so psoas asks for as many threads as
the process may use (measured on 2 cores: 1.7 times the frames per second, the same landmarks).
Processes that share the machine (batch workers, Ray actors) get their share through OMP_NUM_THREADS,
the variable Ray already sets for its workers; the camera presence check, which looks once every few
seconds, asks for one thread so it stays a background cost.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["MAX_THREADS", "default_threads", "pose_graph"]

# Past four threads a 256-pixel network gains little and each extra thread spins a while after a frame.
MAX_THREADS = 4


def default_threads() -> int:
    """OMP_NUM_THREADS when set to a whole number, else the cores this process may run on; 1 to 4."""
    asked = os.environ.get("OMP_NUM_THREADS", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return min(int(asked), MAX_THREADS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS))


def pose_graph(options: dict[str, Any], threads: int) -> Any:
    """mediapipe's Pose solution with its inference nodes set to `threads` XNNPACK threads.

    mediapipe 0.10.21 (pinned) has no public setting for this: the solution's graph config is edited in
    the one step where mediapipe itself edits node options, before the graph is built."""
    import mediapipe as mp  # noqa: PLC0415 - heavy; callers import it lazily too
    from mediapipe.calculators.tensor import inference_calculator_pb2  # noqa: PLC0415

    ext = inference_calculator_pb2.InferenceCalculatorOptions.ext

    class _ThreadedPose(mp.solutions.pose.Pose):  # type: ignore[misc]  # mediapipe ships no types
        def _modify_calculator_options(self, config: Any, params: Any) -> None:
            super()._modify_calculator_options(config, params)
            nodes = [n for n in config.node if n.calculator.startswith("InferenceCalculator")]
            if not nodes:
                raise RuntimeError("mediapipe's pose graph has no inference node to set threads on")
            for node in nodes:
                node.options.Extensions[ext].delegate.xnnpack.num_threads = threads

    return _ThreadedPose(**options)
