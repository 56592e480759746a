"""Recognition from position segments and each exercise's own rules, on stick figures with known angles."""

from __future__ import annotations

from psoas.catalog import default_catalog
from psoas.coach.recognize import (
    MIN_SEGMENT_S,
    likely_exercise,
    position_segments,
    recognise,
    recognise_pose,
)
from psoas.coach.report import VideoMeta
from psoas.vision.pose import PoseSequence
from synth import Stick, bridges, sequence

FPS = 30.0


def _meta(seq: PoseSequence) -> VideoMeta:
    return VideoMeta(FPS, len(seq), len(seq) / FPS, seq.width, seq.height)


KNEELING = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=90)] * int(8 * FPS)
STANDING_STILL = [Stick()] * int(6 * FPS)


def test_bridges_then_a_kneeling_stretch_are_two_segments() -> None:
    seq = sequence(bridges(3) + KNEELING)
    segments = recognise(seq, _meta(seq), default_catalog())
    assert [s.position for s in segments] == ["lying-on-back", "half-kneeling"]  # one knee down
    first, second = segments
    assert first.exercise == "glute-bridge" and first.evidence == 3.0
    assert second.exercise in {"kneeling-psoas-stretch", "half-kneeling-lunge-stretch"}
    assert {second.exercise, *second.alternatives} == {
        "kneeling-psoas-stretch",
        "half-kneeling-lunge-stretch",
    }
    assert first.analysis is not None and first.analysis.report.rep_count == 3
    assert first.end_s <= second.start_s


def test_standing_still_is_no_exercise() -> None:
    seq = sequence(STANDING_STILL)
    (segment,) = recognise(seq, _meta(seq), default_catalog())
    assert segment.position == "standing" and segment.exercise is None and segment.analysis is None


def test_a_brief_position_is_a_transition_not_a_segment() -> None:
    short = int((MIN_SEGMENT_S - 0.5) * FPS)
    seq = sequence(STANDING_STILL + KNEELING[:short] + STANDING_STILL)
    assert [p.value for _, _, p in position_segments(seq, FPS)] == ["standing"]


def test_the_likely_exercise_is_named_when_the_chosen_one_found_nothing() -> None:
    seq = sequence(bridges(2))
    segments = recognise(seq, _meta(seq), default_catalog())
    assert likely_exercise(segments, "straight-leg-raise") == "glute-bridge"
    assert likely_exercise(segments, "glute-bridge") is None


def test_a_photo_at_a_bridge_top_is_named_a_bridge() -> None:
    top = sequence([bridges(1)[45]])  # mid-way through the held top: hips up, knees bent
    guess = recognise_pose(top, default_catalog())
    assert {guess.exercise, *guess.alternatives} <= {"glute-bridge", "half-bridge", "supported-bridge"}
    assert guess.analysis is not None and guess.analysis.report.at_target is True


def test_a_photo_of_someone_standing_still_names_nothing() -> None:
    guess = recognise_pose(sequence([Stick()]), default_catalog())
    assert (guess.exercise, guess.analysis) == (None, None)
