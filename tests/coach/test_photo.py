"""Still photos on synthetic one-frame poses: exact angles, position, the top of the movement, faults and
the reasons a photo cannot be read."""

from __future__ import annotations

import json
from dataclasses import replace

import cv2
import numpy as np
import pytest

from psoas.catalog import default_catalog
from psoas.coach.annotate import FAULT, draw_photo, write_annotated_photo
from psoas.coach.photo import PHOTO_REASONS, PhotoAnalysis, analyze_pose
from psoas.errors import UnsupportedExerciseError
from psoas.vision.landmarks import Landmark, Side
from psoas.vision.people import cover
from psoas.vision.pose import Pose, PoseSequence
from synth import Stick, rotation, seen_by, sequence

CATALOG = default_catalog()


def photo(exercise: str, stick: Stick, **kw: object) -> PhotoAnalysis:
    return analyze_pose(sequence([stick]), CATALOG.exercise(exercise), **kw)  # type: ignore[arg-type]


def bridge(hip: float, knee: float = 110.0) -> Stick:
    return Stick(trunk_deg=-90, hip_left=hip, hip_right=hip, knee_left=knee, knee_right=knee)


def half_kneel(*, back_hip: float = -20.0, front_knee: float = 90.0, trunk: float = 0.0) -> Stick:
    """Kneeling on the left knee (shin flat behind), right foot forward; side-on."""
    return Stick(trunk_deg=trunk, hip_left=back_hip, knee_left=90, hip_right=90, knee_right=front_knee)


def angle_values(analysis: PhotoAnalysis) -> dict[str, float | None]:
    return {a.name: a.value_deg for a in analysis.report.angles}


def codes(analysis: PhotoAnalysis) -> list[str]:
    return [f.code for f in analysis.report.faults]


def test_bridge_top_in_form() -> None:
    a = photo("glute-bridge", bridge(10))
    r = a.report
    assert (r.quality.valid, r.matches, r.at_target, r.working_side) == (True, True, True, "both")
    assert r.quality.position == "lying-on-back"
    assert angle_values(a)["hip_flexion"] == pytest.approx(10.0, abs=1e-6)
    assert angle_values(a)["knee_flexion"] == pytest.approx(110.0, abs=1e-6)
    drive = next(x for x in r.angles if x.name == "hip_flexion")
    assert drive.used_by == ("drive", "hips-sagging", "over-arching")
    assert (drive.label, drive.read_by) == (
        "hip flexion",
        "whether you are at the top; form check (the hips stop short of the line or drop during the hold); "
        "form check (the lower back arches and the hips rise past the line)",
    )
    assert r.faults == ()
    assert r.notes == ("In the position of glute bridge, with none of the faults the camera checks.",)


@pytest.mark.parametrize(("hip", "fault"), [(25.0, "hips-sagging"), (-25.0, "over-arching")])
def test_bridge_top_faults_carry_value_and_bounds(hip: float, fault: str) -> None:
    """Hip flexion 25 is past the top (30) but sags (max 20); -25 arches past the limit (min -15)."""
    r = photo("glute-bridge", bridge(hip)).report
    (f,) = r.faults
    assert (f.code, f.side, f.angle) == (fault, "both", "hip_flexion")
    assert f.value_deg == pytest.approx(hip, abs=1e-6)
    assert (f.min_deg, f.max_deg) == ((None, 20.0) if hip > 0 else (-15.0, None))
    expected = next(x for x in CATALOG.exercise("glute-bridge").faults if x.code == fault)
    assert (f.message, f.cue) == (expected.description, expected.cue)


def test_bridge_at_rest_is_not_the_top_and_judges_no_top_fault() -> None:
    """Hips down (hip flexion 50): the top checks (hips sagging, hip lift) do not judge a resting pose."""
    r = photo("glute-bridge", bridge(50)).report
    assert (r.quality.valid, r.matches, r.at_target, r.faults) == (True, True, False, ())
    assert r.notes[0].startswith(
        "Not at the top of the movement of glute bridge (hip flexion 50°; the top of the movement is at "
        "30° or less): lift the hips"
    )


def test_straight_knees_are_not_a_bridge_shape() -> None:
    r = photo("glute-bridge", bridge(10, knee=5)).report
    assert (r.quality.valid, r.matches, r.faults) == (True, False, ())
    assert r.notes[0].startswith("This is not the shape of glute bridge: the hips stay on the floor")


def test_kneeling_stretch_picks_the_back_leg_and_skips_pelvis_from_the_side() -> None:
    a = photo("kneeling-psoas-stretch", half_kneel())
    r = a.report
    assert (r.quality.position, r.working_side, r.at_target, r.faults) == ("half-kneeling", "left", True, ())
    values = angle_values(a)
    assert values["hip_flexion_left"] == pytest.approx(-20.0, abs=1e-6)
    assert values["knee_flexion_right"] == pytest.approx(90.0, abs=1e-6)  # the front knee: the other leg
    assert values["trunk_lean"] == pytest.approx(0.0, abs=1e-6)
    assert values["pelvis_level"] is None  # only seen from the front
    assert r.not_checked == ("pelvis-rotated",)
    assert r.unchecked == (
        'Not checked in this photo, as that needs a photo taken from the front: "The pelvis turns or drops '
        'to one side instead of staying square."',
    )


def test_kneeling_stretch_faults_on_the_front_knee_and_the_trunk() -> None:
    r = photo("kneeling-psoas-stretch", half_kneel(front_knee=130, trunk=25)).report
    got = {f.code: (f.side, round(f.value_deg, 6)) for f in r.faults}
    assert got == {"front-knee-angle": ("right", 130.0), "forward-lean": (None, 25.0)}


def test_kneeling_stretch_not_deep_enough_is_not_in_the_stretch() -> None:
    """The hold starts at hip flexion 5 or less; 12 is kneeling upright, not yet stretching."""
    r = photo("kneeling-psoas-stretch", half_kneel(back_hip=12)).report
    assert (r.matches, r.at_target) == (True, False)
    assert r.notes[0].startswith(
        "Not at the stretch of kneeling psoas stretch (hip flexion 12°; the stretch is"
    )
    # hold-phase checks still judge a still pose: the back hip closed (max 0) is seen
    assert [f.code for f in r.faults] == ["rear-hip-closed"]


def test_chosen_side_overrides_the_leg_found() -> None:
    r = photo("kneeling-psoas-stretch", half_kneel(), side=Side.RIGHT).report
    assert r.working_side == "right"
    assert r.at_target is False  # the right hip is bent 90°: not stretched


@pytest.mark.parametrize(
    ("stick", "side", "faults"),
    [
        (Stick(hip_left=90, knee_left=90), "left", []),
        (Stick(hip_right=60, knee_right=90), "right", ["thigh-too-low"]),  # thigh 30° below level
        (Stick(trunk_deg=-15, hip_left=90, knee_left=90), "left", ["leaning-back"]),
    ],
)
def test_standing_knee_raise(stick: Stick, side: str, faults: list[str]) -> None:
    r = photo("standing-hip-flexion", stick).report
    assert (r.quality.position, r.working_side, r.at_target) == ("standing", side, True)
    assert sorted(f.code for f in r.faults) == faults


def test_straight_leg_raise_too_high_and_bent() -> None:
    a = photo("straight-leg-raise", Stick(trunk_deg=-90, hip_left=70, knee_left=20))
    assert a.report.working_side == "left"
    assert angle_values(a)["thigh_elevation_left"] == pytest.approx(70.0, abs=1e-6)
    assert sorted(codes(a)) == ["knee-bending", "lifting-too-high"]


def test_edge_of_bed_reads_the_hugged_knee_as_the_drive() -> None:
    """The drive angle is the other leg's (hugged knee, 120°); the working leg is the one hanging."""
    stick = Stick(trunk_deg=-90, hip_left=-10, knee_left=80, hip_right=120, knee_right=120)
    r = photo("lying-edge-of-bed-stretch", stick).report
    assert (r.working_side, r.at_target) == ("left", True)
    assert next(a for a in r.angles if "drive" in a.used_by).name == "hip_flexion_right"


def test_wrong_position_is_invalid_with_one_sentence() -> None:
    r = photo("glute-bridge", Stick(hip_left=90, knee_left=90)).report
    assert (r.quality.valid, r.matches, r.angles, r.faults, r.working_side) == (False, False, (), (), None)
    assert [i.message for i in r.quality.issues] == [
        "This looks like standing, not the glute bridge, which is done lying on the back: "
        "choose the exercise you did, or leave the exercise empty to have it recognised."
    ]


def test_no_person() -> None:
    seq = PoseSequence.stack([0.0], [None], width=640, height=480)
    r = analyze_pose(seq, CATALOG.exercise("glute-bridge")).report
    assert r.quality.valid is False
    assert [i.message for i in r.quality.issues] == [PHOTO_REASONS["no-person"]]


def test_two_people_is_the_first_reason() -> None:
    r = photo("glute-bridge", bridge(10), others=True).report
    assert r.quality.valid is False
    assert r.quality.issues[0].message == PHOTO_REASONS["two-people"]


def test_body_cut_off_names_the_joints() -> None:
    """Hips near the bottom edge: the shins of a standing person hang below the picture."""
    r = photo("standing-hip-flexion", Stick(hip_left=90, knee_left=90, hip_y=1650)).report
    assert r.quality.valid is False
    assert r.quality.issues[0].message == (
        "The body is cut off (ankles outside the picture): take the photo with the whole body in it."
    )


def test_hidden_joint_at_the_border_is_cut_off() -> None:
    seq = sequence([Stick(hip_left=90, knee_left=90, hip_y=1450)])  # right ankle 10 px above the border
    vis = seq.visibility.copy()
    vis[0, Landmark.RIGHT_ANKLE] = 0.1
    assert seq.image[0, Landmark.RIGHT_ANKLE, 1] == pytest.approx(1850.0)
    ex = CATALOG.exercise("standing-hip-flexion")
    seen = analyze_pose(replace(seq, height=1860), ex).report
    assert seen.quality.valid  # clearly seen at the border: in the picture
    cut = analyze_pose(replace(seq, visibility=vis, height=1860), ex).report
    assert cut.quality.issues[0].message.startswith("The body is cut off (ankles outside")


def test_turned_camera_is_not_side_on() -> None:
    seq = seen_by(sequence([bridge(10)]), rotation(yaw=70))
    r = analyze_pose(seq, CATALOG.exercise("straight-leg-raise")).report  # followed side-on only
    assert r.quality.valid is False
    assert r.quality.issues[0].message == (
        "The camera is not side-on (the body is turned 70° from side-on; at most 45° reads): "
        "take the photo from the side."
    )


def test_unsupported_exercise_is_refused() -> None:
    with pytest.raises(UnsupportedExerciseError):
        photo("diaphragmatic-breathing", bridge(10))


def test_report_is_json_with_photo_mode() -> None:
    data = json.loads(
        json.dumps(photo("kneeling-psoas-stretch", half_kneel(front_knee=130)).report.to_dict())
    )
    assert (data["mode"], data["exercise"], data["photo"]) == (
        "photo",
        "kneeling-psoas-stretch",
        {"width": 1080, "height": 1920},
    )
    assert data["faults"][0]["code"] == "front-knee-angle"
    assert data["faults"][0]["value_deg"] == 130.0


def test_drawn_photo_marks_the_faulted_bones_red(tmp_path: object) -> None:
    a = photo("kneeling-psoas-stretch", half_kneel(front_knee=130))
    blank = np.zeros((1920, 1080, 3), np.uint8)
    drawn = draw_photo(blank, a)
    knee = a.poses.image[0, Landmark.RIGHT_KNEE]
    ankle = a.poses.image[0, Landmark.RIGHT_ANKLE]
    mid = ((knee + ankle) / 2).astype(int)
    assert tuple(drawn[mid[1], mid[0]]) == FAULT  # the front shin, drawn in the fault colour
    assert drawn.shape == blank.shape


def test_annotated_photo_is_written_as_a_readable_jpeg(tmp_path: pytest.TempPathFactory) -> None:
    a = photo("glute-bridge", bridge(10))
    out = write_annotated_photo(np.full((1920, 1080, 3), 128, np.uint8), a, tmp_path / "annotated.jpg")  # type: ignore[operator]
    image = cv2.imread(str(out))
    assert image is not None and image.shape == (1920, 1080, 3)


def test_cover_fills_the_person_box_with_the_mean_colour() -> None:
    rgb = np.zeros((100, 100, 3), np.uint8)
    rgb[:, 50:] = 200
    points = np.full((33, 2), 10.0)
    points[0] = (20.0, 20.0)  # a 10 px box at (10, 10)-(20, 20), padded by 1.5 px
    pose = Pose(0.0, points, np.ones(33), np.zeros((33, 3)))
    out = cover(rgb, pose)
    assert (out[8:22, 8:22] == 100).all()  # the picture's mean
    assert (out[30:, :50] == 0).all() and (out[:, 50:] == 200).all()  # nothing else touched
