"""Every number a camera report shows is explained in words (the CLI and the web share these lines)."""

from __future__ import annotations

from psoas.catalog import Position, default_catalog
from psoas.coach.explain import PSOAS_MEANING, exercise_name, explain_numbers, position_words, seen_instead
from psoas.coach.notes import counts_text

CAT = default_catalog()


def test_a_bridges_peak_angle_is_the_hip_angle_in_words() -> None:
    lines = explain_numbers(CAT.exercise("glute-bridge"), reps=True, holds=False, psoas=True)
    assert lines == (
        "Peak angle: the hip angle: 0° with thigh and trunk in one line (standing tall, or a bridge's line "
        "from shoulders to knees), positive with the hip bent forward, negative with the thigh behind the "
        "trunk, read at the top of each repetition.",
        PSOAS_MEANING,
    )
    assert explain_numbers(CAT.exercise("glute-bridge"), reps=False, holds=False, psoas=False) == ()


def test_holds_and_positions_in_words() -> None:
    held = explain_numbers(CAT.exercise("kneeling-psoas-stretch"), reps=False, holds=True, psoas=False)
    assert held == ("Held s: seconds still in the position; in form s: the part of them without a fault.",)
    assert position_words(Position.LYING_ON_BACK) == "lying on the back"
    assert position_words(Position.HALF_KNEELING) == "half-kneeling"
    assert position_words(Position.FLOOR_PIGEON) == "a pigeon on the floor"
    assert (position_words(Position.LUNGE), position_words(Position.LUNGE, done=True)) == (
        "a lunge",
        "in a lunge",
    )
    assert seen_instead(Position.LUNGE, CAT.exercise("glute-bridge"), (Position.LYING_ON_BACK,)).startswith(
        "This looks like a lunge, not the glute bridge, which is done lying on the back: "
    )
    assert seen_instead(Position.KNEELING, CAT.exercise("standing-hip-flexion"), (Position.STANDING,)) == (
        "This looks like kneeling, not the standing hip flexion (knee raises), which is done standing: "
        "choose the exercise you did, or leave the exercise empty to have it recognised."
    )


def test_counts_name_sides_only_when_there_are_sides() -> None:
    assert counts_text({"left": 3, "right": 2}) == "left 3 · right 2"
    assert counts_text({"both": 4}) == ""  # "4 repetitions (both 4)" said nothing more
    assert counts_text({}) == ""
    assert counts_text({"both": 0, "left": 3}) == "left 3"  # single-leg bridges only
    assert counts_text({"both": 2, "left": 1}) == "both 2 · left 1"  # one among two-legged ones


def test_exercise_names_for_people() -> None:
    assert exercise_name("glute-bridge") == CAT.exercise("glute-bridge").name == "Glute bridge"
    assert exercise_name(None) == "nothing the camera follows"
    assert exercise_name("no-such-exercise") == "no-such-exercise"  # an old record's id stays readable
