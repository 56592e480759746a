"""Counting by excursion from the person's own rest, merging legs, and holds that need stillness: exact
answers from synthetic angle series and stick figures with known angles."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from psoas.catalog import Position, default_catalog
from psoas.coach.analysis import analyze_sequence
from psoas.coach.counting import CountRule, Excursion, ExcursionCounter, Stage, count_series
from psoas.coach.holds import HoldTimer
from psoas.coach.report import Report, VideoMeta
from psoas.coach.sides import merge_sides
from psoas.vision.kinematics import compute_angles
from psoas.vision.landmarks import Landmark, Side
from synth import Stick, bridges, ramp, sequence

FPS = 30.0
BRIDGE = CountRule(rising=False, min_range_deg=15, partial_range_deg=6, target_deg=30)
KNEE = CountRule(rising=True, min_range_deg=30, partial_range_deg=12, target_deg=45, min_s=0.2)


def _series(
    rest: float, top: float, reps: int, *, up: int = 30, hold: int = 30, pause: int = 30
) -> list[float]:
    values = [rest] * pause
    for _ in range(reps):
        values += ramp(rest, top, up) + [top] * hold + ramp(top, rest, up) + [rest] * pause
    return values


def _count(rule: CountRule, values: list[float]) -> list[Excursion]:
    t = [i / FPS for i in range(len(values))]
    return count_series(rule, t, values)


@pytest.mark.parametrize(("rest", "top"), [(50, 0), (25, -5), (70, 20)])
def test_bridges_count_from_any_rest_position(rest: float, top: float) -> None:
    # Feet near (50° at rest), long legs with heels down (25°), or a person who rests more bent (70°).
    found = _count(BRIDGE, _series(rest, top, 3))
    assert [e.full for e in found] == [True] * 3
    assert [round(e.range_deg) for e in found] == [rest - top] * 3
    assert [round(e.rest_deg) for e in found] == [rest] * 3


def test_a_wobble_at_the_top_does_not_split_a_rep() -> None:
    top = [0.0, 8.0] * 30  # 8° pulses at the top of a 50° bridge: well inside 60% of the range
    values = [50.0] * 30 + ramp(50, 0, 30) + top + ramp(0, 50, 30) + [50.0] * 30
    assert len(_count(BRIDGE, values)) == 1


def test_movements_short_of_the_target_are_partial_not_counted() -> None:
    counter = ExcursionCounter(BRIDGE)
    values = _series(50, 38, 2) + _series(50, 0, 1)  # two lifts of 12°, then one full bridge
    found = [e for i, v in enumerate(values) if (e := counter.update(i / FPS, v))]
    assert [e.full for e in found] == [False, False, True]
    assert (counter.count, counter.partial_count) == (1, 2)


def test_a_movement_the_other_way_is_not_a_rep_or_partial() -> None:
    # Hugging the knees in (hip flexion rising from 90° to 120°) is not a bridge opening the hips.
    assert _count(BRIDGE, _series(90, 120, 3)) == []


def test_fast_knee_drives_count_every_one() -> None:
    # Three lifts a second on one leg: up and down in 0.15 s each, no pause at the top.
    values = [5.0] * 30 + (ramp(5, 80, 5) + ramp(80, 5, 5)) * 12 + [5.0] * 30
    found = _count(KNEE, values)
    assert len(found) == 12 and all(e.full for e in found)


def test_a_clip_that_opens_at_the_top_does_not_count_its_first_lowering() -> None:
    # At the top (10°), still opening a little (to 0°), then down to the floor: no rest was seen before
    # that first movement, so it is not a repetition. The bridge after it, from the floor, is.
    values = ramp(10, 0, 10) + [0.0] * 20 + ramp(0, 50, 30) + [50.0] * 30
    values += ramp(50, 0, 30) + [0.0] * 30 + ramp(0, 50, 30) + [50.0] * 30
    found = _count(BRIDGE, values)
    assert len(found) == 1
    # It leaves the floor at frame 90 and passes 20% of its range (40°) six frames later.
    assert found[0].start_s == pytest.approx(96 / FPS, abs=0.05)


def test_too_slow_or_too_quick_is_not_a_rep() -> None:
    slow = CountRule(rising=False, min_range_deg=15, partial_range_deg=6, max_s=3.0)
    assert _count(slow, _series(50, 0, 1, up=60, hold=30)) == []  # 5 s out and back: over max_s
    quick = CountRule(rising=True, min_range_deg=30, partial_range_deg=12, min_s=0.5)
    assert _count(quick, [0.0] * 30 + ramp(0, 60, 4) + ramp(60, 0, 4) + [0.0] * 30) == []


def test_a_gap_drops_the_movement_in_progress() -> None:
    counter = ExcursionCounter(BRIDGE)
    values: list[float | None] = [*_series(50, 0, 1)[:80], *[None] * 30, *[50.0] * 30]
    assert [counter.update(i / FPS, v) for i, v in enumerate(values)].count(None) == len(values)
    assert counter.stage is Stage.RESTING and counter.count == 0


def _ex(start: float, end: float, size: float, *, full: bool = True) -> Excursion:
    return Excursion(start, (start + end) / 2, end, 0.0, size, size, full)


def test_one_movement_seen_on_both_legs_is_one_rep() -> None:
    # The far leg's guess follows the near leg at a third of its range: the near leg did the work.
    merged = merge_sides({Side.LEFT: [_ex(1, 2, 80)], Side.RIGHT: [_ex(1.1, 2.1, 25)]})
    assert [(m.side, m.excursion.range_deg) for m in merged] == [("left", 80)]


def test_two_legs_that_travel_alike_make_a_two_legged_rep() -> None:
    merged = merge_sides({Side.LEFT: [_ex(1, 2, 80)], Side.RIGHT: [_ex(1.05, 2.0, 70)]})
    assert [m.side for m in merged] == ["both"]


def test_alternating_legs_keep_their_sides() -> None:
    left = [_ex(1, 2, 70), _ex(3, 4, 70)]
    right = [_ex(2, 3, 70), _ex(4, 5, 70)]
    merged = merge_sides({Side.LEFT: left, Side.RIGHT: right})
    assert [m.side for m in merged] == ["left", "right", "left", "right"]


def _hold(values: list[float], still: list[float], sway: float = math.inf) -> list[tuple[float, float]]:
    timer = HoldTimer(enter_deg=5, exit_deg=15, min_s=3, still_deg_s=15, sway_deg=sway)
    found = [
        e for i, (v, s) in enumerate(zip(values, still, strict=True)) if (e := timer.update(i / FPS, v, (s,)))
    ]
    last = timer.finish()
    return [(round(e.start_s, 2), round(e.end_s, 2)) for e in [*found, *([last] if last else [])]]


def test_a_still_stretch_is_one_hold() -> None:
    values = [-20.0] * 300
    assert _hold(values, values) == [(0.0, 9.97)]


def test_rocking_in_and_out_of_a_stretch_is_no_hold() -> None:
    # The hip rocks between -25° and 0° every 2 s: always inside the region, never still.
    rock = [-12.5 - 12.5 * math.sin(2 * math.pi * i / 60) for i in range(600)]
    assert _hold(rock, rock) == []


def test_breathing_sway_stays_a_hold() -> None:
    # ±2° at one breath every 4 s: under 4°/s, far below the 15°/s limit.
    sway = [-20.0 + 2 * math.sin(2 * math.pi * i / 120) for i in range(300)]
    assert _hold(sway, sway) == [(0.0, 9.97)]


def _triangle(low: float, high: float, deg_s: float, seconds: float) -> list[float]:
    """Back and forth between low and high at a constant speed, sampled at FPS."""
    period = 2 * (high - low) / deg_s
    out = []
    for i in range(round(seconds * FPS)):
        phase = (i / FPS % period) / period
        out.append(low + (high - low) * (2 * phase if phase < 0.5 else 2 - 2 * phase))
    return out


def test_a_slow_rock_under_the_speed_limit_is_no_hold_once_its_sway_counts() -> None:
    # 12°/s between -25° and -5°: under the 15°/s speed limit everywhere, so speed alone calls it
    # still, but it swings 20° (16° from the 10th to the 90th percentile) in every 2 s.
    rock = _triangle(-25, -5, 12, 10)
    assert _hold(rock, rock) == [(0.0, 9.97)]
    assert _hold(rock, rock, sway=12) == []


def test_sway_does_not_delay_a_hold_that_follows_the_move_into_it() -> None:
    # 0° to -30° in 0.5 s (60°/s, not still), then held: the hold is dated back to where the speed
    # window first showed stillness, no later than the end of the move, as without the sway check,
    # though the move itself swung 30°.
    values = ramp(0, -30, 15) + [-30.0] * 285
    with_sway = _hold(values, values, sway=12)
    assert with_sway == _hold(values, values)
    assert len(with_sway) == 1 and with_sway[0][0] <= round(14 / FPS, 2) and with_sway[0][1] == 9.97


def test_breathing_sway_and_settling_deeper_stay_a_hold_with_the_sway_check() -> None:
    # ±2° every 4 s while sinking 0.5°/s deeper: at most 1° + 4° swing within 2 s.
    settle = [-20.0 - 0.5 * i / FPS + 2 * math.sin(2 * math.pi * i / 120) for i in range(300)]
    assert _hold(settle, settle, sway=12) == [(0.0, 9.97)]


def _report(postures: list[Stick], exercise: str) -> Report:
    seq = sequence(postures)
    meta = VideoMeta(FPS, len(seq), len(seq) / FPS, seq.width, seq.height)
    return analyze_sequence(seq, default_catalog().exercise(exercise), meta).report


def _lying(hips: list[float], knee: float = 110) -> list[Stick]:
    return [Stick(trunk_deg=-90, hip_left=a, hip_right=a, knee_left=knee, knee_right=knee) for a in hips]


def test_small_lifts_are_reported_never_a_silent_zero() -> None:
    report = _report(_lying(_series(50, 40, 5)), "glute-bridge")  # five 10° lifts
    assert report.quality.valid and report.rep_count == 0
    assert len(report.partials) == 5
    assert report.notes[0].startswith("5 movements seen, too small to count as glute bridge: lift the hips")


def test_straight_legs_are_not_bridges() -> None:
    # Straight legs lowered (hip flexion 80° → 0°) open the hip as a bridge would, with the hips down.
    report = _report(_lying(_series(80, 0, 3), knee=0), "glute-bridge")
    assert report.rep_count == 0
    assert report.notes == (
        "3 movements not counted: the hips stay on the floor or the knees stay straight, so this is not a "
        "bridge (a bridge lifts the hips with the feet on the floor and the knees bent).",
    )


LIFT = ramp(0, 90, 30) + [90.0] * 30 + ramp(90, 0, 30)  # a knee up (1 s), held (1 s), down (1 s)


def _raises_in_turns(standing: list[float]) -> list[Stick]:
    """Three knee raises on each leg in turns, left first, while the other leg's angles read `standing`."""
    left = [0.0] * 30 + (LIFT + [0.0] * 15 + standing + [0.0] * 15) * 3
    right = [0.0] * 30 + (standing + [0.0] * 15 + LIFT + [0.0] * 15) * 3
    return [
        Stick(hip_left=a, hip_right=b, knee_left=a, knee_right=b) for a, b in zip(left, right, strict=True)
    ]


def test_alternating_knee_raises_are_counted_per_side() -> None:
    # Each knee comes up while the other leg stands still.
    report = _report(_raises_in_turns([0.0] * len(LIFT)), "standing-hip-flexion")
    assert report.counts == {"left": 3, "right": 3}
    assert [r.side for r in report.reps] == ["left", "right"] * 3
    assert report.working_side is None  # both legs worked, in turns


def test_a_few_frames_of_the_standing_leg_copying_the_lifted_one_do_not_cancel_a_knee_raise() -> None:
    # Side-on, BlazePose's guess of the hidden standing leg sometimes follows the lifted one: here for 4
    # frames at each top (4 of the rep's 90 frames), reading 90° where it stands at 0°.
    glitch = [0.0] * 43 + [90.0] * 4 + [0.0] * 43
    report = _report(_raises_in_turns(glitch), "standing-hip-flexion")
    assert report.counts == {"left": 3, "right": 3}
    assert [r.side for r in report.reps] == ["left", "right"] * 3


def test_a_one_sided_set_on_the_other_leg_says_so() -> None:
    hips = _series(0, 90, 3)
    postures = [Stick(hip_left=0, hip_right=a, knee_right=a) for a in hips]
    seq = sequence(postures)
    meta = VideoMeta(FPS, len(seq), len(seq) / FPS, seq.width, seq.height)
    report = analyze_sequence(
        seq, default_catalog().exercise("standing-hip-flexion"), meta, side=Side.LEFT
    ).report
    assert report.counts == {"left": 0, "right": 3} and report.working_side == "right"
    assert report.notes == (
        "You chose the left leg, but the right leg did the work: it is reported as right.",
    )


def _kicks(frames_each_way: int) -> list[Stick]:
    """Both straight legs hover and kick in turns, six kicks each: each leg travels 30° while the other
    moves as much the other way."""
    n = frames_each_way
    kick = ramp(5, 35, n) + ramp(35, 5, n)
    left = [5.0] * 30 + kick * 6 + [5.0] * 30
    right = [5.0] * 30 + (kick[n:] + kick[:n]) * 6 + [5.0] * 30
    return [Stick(trunk_deg=-90, hip_left=a, hip_right=b) for a, b in zip(left, right, strict=True)]


def test_slow_kicks_with_the_other_leg_moving_are_not_straight_leg_raises() -> None:
    report = _report(_kicks(30), "straight-leg-raise")  # 2 s a kick: slow enough for the tempo
    assert report.rep_count == 0
    assert any("the other leg moved too or was hidden" in n for n in report.notes)


def test_flutter_kicks_are_too_quick_for_straight_leg_raises() -> None:
    # 1 s a kick, up and down: the catalog's straight-leg raise takes at least 1 s, and the movement
    # measured from leaving rest to coming back 60% of the way is shorter still.
    report = _report(_kicks(15), "straight-leg-raise")
    assert report.rep_count == 0
    assert report.notes == (
        "6 movements not counted: each took under 1 s, quicker than straight-leg raise is done; move up "
        "and down slowly, under control.",
    )


def test_a_leg_raise_with_the_other_leg_hidden_is_not_counted() -> None:
    hips = _series(0, 70, 2)
    seq = sequence([Stick(trunk_deg=-90, hip_right=a, knee_left=90) for a in hips])
    left_leg = [Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE]
    seq.visibility[:, left_leg] = 0.2  # the far leg behind the lifted one, as BlazePose marks it
    meta = VideoMeta(FPS, len(seq), len(seq) / FPS, seq.width, seq.height)
    report = analyze_sequence(seq, default_catalog().exercise("straight-leg-raise"), meta).report
    assert report.rep_count == 0 and report.counts == {"left": 0, "right": 0}


def test_a_standing_forward_fold_is_not_lying() -> None:
    fold = [Stick(trunk_deg=100, hip_left=100, hip_right=100)] * 30
    seq = sequence(fold)
    assert set(compute_angles(seq).position) == {Position.STANDING}


def test_single_leg_bridges_with_the_free_knee_hugged_count_on_the_working_leg() -> None:
    # The right knee hugged (hip and knee 120°) while the left leg bridges 50° → 0°: the legs' mean
    # moves 85° → 60°, never past the 30° top, but the left leg makes every bridge alone.
    hugged = [replace(s, hip_right=120.0, knee_right=120.0) for s in bridges(3)]
    report = _report(hugged, "glute-bridge")
    assert (report.rep_count, report.counts, report.working_side) == (3, {"both": 0, "left": 3}, "left")
    assert [r.side for r in report.reps] == ["left"] * 3
    assert report.notes == (
        "3 repetitions made by the left leg alone, the other held still (a single-leg version): counted, "
        "with the side.",
    )


def test_a_free_leg_that_moves_too_makes_no_single_leg_bridge() -> None:
    # The right hip follows the left at half its range (120° → 95°): not held still, so no one-leg
    # bridge. The legs' mean rests at 85° and opens only to 47.5°, short of the 30° top: nothing counts.
    moving = [replace(s, hip_right=120.0 - 0.5 * (50.0 - s.hip_left), knee_right=120.0) for s in bridges(3)]
    report = _report(moving, "glute-bridge")
    assert (report.rep_count, report.counts) == (0, {"both": 0})
    assert not any("alone" in n for n in report.notes)


def test_bridges_whose_legs_read_far_apart_say_the_view_is_poor() -> None:
    # Three bridges; the right hip reads 40° more open than the left throughout (as a body seen end-on
    # reads): both legs still move together, so they count, and the report says the numbers may be off.
    apart = [replace(s, hip_right=s.hip_right - 40) for s in bridges(3)]
    report = _report(apart, "glute-bridge")
    assert report.rep_count == 3
    assert report.notes == (
        "The two legs' angles read 40° apart though glute bridge moves them together: from this angle the "
        "pose is read poorly and the numbers may be off. Film from the side, level with the hips.",
    )
    assert _report(bridges(3), "glute-bridge").notes == ()  # legs alike: nothing to say
