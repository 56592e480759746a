"""The guided-session engine: plays a timeline step by step, reacting to keys, recording as it goes.

It knows nothing about terminals or databases: time, keys, display and speech come through `PlayerIO`,
records go out through `Recorder`. That keeps the rules of a session (pause, skip, pain stop, quit,
resume) testable with a virtual clock, and lets the terminal and, later, the browser share them.

    space  pause / resume      s  skip this step      q  quit (what is done stays saved)
    p      it hurts: stop this exercise, ask for a 0–10 score, offer the easier version or skip it
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from psoas.session.timeline import Kind, Step, Timeline

__all__ = [
    "SKIP_AT",
    "Outcome",
    "PainChoice",
    "PlayerIO",
    "Recorder",
    "View",
    "easier_text",
    "play",
    "spoken",
]

SKIP_AT = 7  # a pain score at or above this always skips the rest of the exercise
TICK_S = 0.1


class Outcome(StrEnum):
    COMPLETED = "completed"
    QUIT = "quit"


class PainChoice(StrEnum):
    EASIER = "easier"
    SKIP = "skip"


@dataclass(frozen=True)
class View:
    step: Step
    remaining_s: float
    paused: bool
    done_s: float  # seconds of the whole session already behind us
    total_s: float
    easier: str | None  # the easier version in use for this exercise, if the user asked for it


class PlayerIO(Protocol):
    def monotonic(self) -> float: ...
    def key(self, timeout: float) -> str | None: ...
    def show(self, view: View) -> None: ...
    def say(self, text: str) -> None: ...
    def ask_pain(self, step: Step) -> int: ...
    def ask_choice(self, step: Step, easier: str) -> PainChoice: ...


class Recorder(Protocol):
    def step_done(self, step: Step, done_s: float, outcome: str) -> None: ...
    def pain(self, step: Step, score: int, action: PainChoice) -> None: ...
    def finish(self, outcome: Outcome) -> None: ...


def spoken(step: Step) -> str:
    """What the voice says as a step begins: short, so it does not talk over the work."""
    if step.kind is Kind.WORK:
        side = f"{step.side} side. " if step.side else ""
        amount = f"{step.reps} reps" if step.reps else f"hold {step.seconds} seconds"
        return f"{step.name}. {side}{amount}. {step.text}"
    return step.text


def play(
    timeline: Timeline,
    io: PlayerIO,
    recorder: Recorder,
    *,
    done: Collection[int] = (),
    easier: dict[str, str] | None = None,
    speed: float = 1.0,
) -> Outcome:
    """Play every step not in `done`; each finished step is recorded before the next one starts."""
    easier = dict(easier or {})
    stopped: set[str] = set()
    behind = float(sum(s.seconds for s in timeline.steps if s.index in done))
    for step in timeline.steps:
        if step.index in done:
            continue
        if step.exercise_id in stopped:
            recorder.step_done(step, 0.0, "skipped")
            behind += step.seconds
            continue
        io.say(spoken(step))
        result = _run_step(step, io, recorder, (behind, timeline.seconds), _Play(easier, speed))
        if result is None:
            recorder.finish(Outcome.QUIT)
            return Outcome.QUIT
        elapsed, outcome = result
        if outcome == "stopped":
            stopped.add(step.exercise_id)
        recorder.step_done(step, elapsed, outcome)
        behind += step.seconds
    recorder.finish(Outcome.COMPLETED)
    return Outcome.COMPLETED


@dataclass(frozen=True)
class _Play:
    easier: dict[str, str]  # exercise id → the easier version chosen after a pain stop (shared, grows)
    speed: float


def _run_step(
    step: Step, io: PlayerIO, recorder: Recorder, progress: tuple[float, float], play: _Play
) -> tuple[float, str] | None:
    """Time one step. Returns (seconds done, outcome) or None when the user quits."""
    behind, total = progress
    easier, speed = play.easier, play.speed
    elapsed, paused = 0.0, False
    last = io.monotonic()
    while elapsed < step.seconds:
        io.show(
            View(step, step.seconds - elapsed, paused, behind + elapsed, total, easier.get(step.exercise_id))
        )
        key = io.key(TICK_S)
        now = io.monotonic()
        if not paused:
            elapsed += (now - last) * speed
        last = now
        if key == " ":
            paused = not paused
        elif key == "s":
            return elapsed, "skipped"
        elif key == "q":
            return None
        elif key == "p":
            score = io.ask_pain(step)
            choice = PainChoice.SKIP
            if score < SKIP_AT and step.exercise_id not in easier:
                choice = io.ask_choice(step, easier_text(step))
            recorder.pain(step, score, choice)
            if choice is PainChoice.SKIP:
                return elapsed, "stopped"
            easier[step.exercise_id] = easier_text(step)
            io.say(f"Easier version. {easier[step.exercise_id]}")
            elapsed, last = 0.0, io.monotonic()  # start the step again, the easier way
    return min(elapsed, float(step.seconds)), "done"


def easier_text(step: Step) -> str:
    return step.easier or "Make it smaller: less range, shorter holds, no pain."
