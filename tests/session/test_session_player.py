"""The session engine on a virtual clock: keys arrive at chosen seconds, time advances only by the tick."""

from __future__ import annotations

from collections.abc import Sequence

from psoas.catalog import default_catalog
from psoas.plan import PlanItem, Prescription
from psoas.session import Outcome, PainChoice, Step, View, expand, play

CAT = default_catalog()


class FakeIO:
    """Time moves only when the engine waits for a key; `keys` maps virtual seconds to a key press."""

    def __init__(self, keys: dict[float, str], pain: int = 3, choice: PainChoice = PainChoice.EASIER) -> None:
        self.t = 0.0
        self.keys = dict(keys)
        self.pain_score = pain
        self.choice = choice
        self.views: list[View] = []
        self.said: list[str] = []

    def monotonic(self) -> float:
        return self.t

    def key(self, timeout: float) -> str | None:
        self.t = round(self.t + timeout, 6)
        for at in sorted(self.keys):
            if at <= self.t:
                return self.keys.pop(at)
        return None

    def show(self, view: View) -> None:
        self.views.append(view)

    def say(self, text: str) -> None:
        self.said.append(text)

    def ask_pain(self, step: Step) -> int:
        return self.pain_score

    def ask_choice(self, step: Step, easier: str) -> PainChoice:
        return self.choice


class ListRecorder:
    def __init__(self) -> None:
        self.steps: list[tuple[int, float, str]] = []
        self.pains: list[tuple[str, int, PainChoice]] = []
        self.finished: Outcome | None = None

    def step_done(self, step: Step, done_s: float, outcome: str) -> None:
        self.steps.append((step.index, round(done_s, 1), outcome))

    def pain(self, step: Step, score: int, action: PainChoice) -> None:
        self.pains.append((step.exercise_id, score, action))

    def finish(self, outcome: Outcome) -> None:
        self.finished = outcome


def _timeline(ids: Sequence[str] = ("kneeling-psoas-stretch", "glute-bridge")):  # type: ignore[no-untyped-def]
    doses = {
        "kneeling-psoas-stretch": Prescription(1, True, 10, hold_s=20),  # setup, L 20, switch, R 20
        "glute-bridge": Prescription(1, False, 45, hold_s=2, reps=2),  # setup, work 10
    }
    items = [
        PlanItem(i, CAT.exercise(i).name, CAT.exercise(i).category, doses[i], None, (), ("t",)) for i in ids
    ]
    return expand(items, CAT)


def test_plays_every_step_for_its_length_and_completes() -> None:
    io, rec = FakeIO({}), ListRecorder()
    assert play(_timeline(), io, rec) is Outcome.COMPLETED
    assert rec.steps == [
        (0, 10, "done"),
        (1, 20, "done"),
        (2, 5, "done"),
        (3, 20, "done"),
        (4, 10, "done"),
        (5, 10, "done"),
    ]
    assert io.t == 75.0  # 10 + 20 + 5 + 20 + 10 + 10
    assert rec.finished is Outcome.COMPLETED
    assert io.said[1].startswith("Kneeling psoas stretch. left side. hold 20 seconds.")


def test_pause_stops_the_clock_and_skip_ends_a_step_early() -> None:
    io, rec = FakeIO({12.0: " ", 42.0: " ", 50.0: "s"}), ListRecorder()
    play(_timeline(), io, rec)
    # step 1 (left hold) starts at 10 s, is paused at 12 s (2 s done) until 42 s, and skipped at 50 s
    # with 2 + 8 = 10 s done; the rest then runs in full: 50 + 5 + 20 + 10 + 10 = 95 s
    assert rec.steps[1] == (1, 10.0, "skipped")
    assert [s[2] for s in rec.steps] == ["done", "skipped", "done", "done", "done", "done"]
    assert io.t == 95.0
    assert any(v.paused for v in io.views)


def test_pain_with_easier_version_restarts_the_step_and_records_the_score() -> None:
    io, rec = FakeIO({15.0: "p"}, pain=3, choice=PainChoice.EASIER), ListRecorder()
    play(_timeline(), io, rec)
    assert rec.pains == [("kneeling-psoas-stretch", 3, PainChoice.EASIER)]
    assert rec.steps[1] == (1, 20, "done")
    assert io.t == 75.0 + 5.0  # the 5 s already held before the pain stop are done again, the easier way
    easier = CAT.exercise("kneeling-psoas-stretch").modifications.beginner[0]
    assert any(v.easier == easier for v in io.views)


def test_severe_pain_stops_the_whole_exercise_and_moves_on() -> None:
    io, rec = FakeIO({15.0: "p"}, pain=8), ListRecorder()
    assert play(_timeline(), io, rec) is Outcome.COMPLETED
    assert rec.pains == [("kneeling-psoas-stretch", 8, PainChoice.SKIP)]
    assert rec.steps[:3] == [(0, 10, "done"), (1, 5, "stopped"), (2, 0, "skipped")]
    assert rec.steps[3] == (3, 0, "skipped")
    assert rec.steps[4:] == [(4, 10, "done"), (5, 10, "done")]


def test_quit_saves_nothing_of_the_step_in_progress_and_resume_skips_done_steps() -> None:
    io, rec = FakeIO({33.0: "q"}), ListRecorder()
    assert play(_timeline(), io, rec) is Outcome.QUIT
    assert rec.steps == [(0, 10, "done"), (1, 20, "done")]  # step 2 (switch, 30–35 s) was in progress
    assert rec.finished is Outcome.QUIT
    io2, rec2 = FakeIO({}), ListRecorder()
    assert play(_timeline(), io2, rec2, done={0, 1}) is Outcome.COMPLETED
    assert [s[0] for s in rec2.steps] == [2, 3, 4, 5]
    assert io2.t == 45.0
    assert io2.views[0].done_s == 30.0  # progress starts from what was already done
