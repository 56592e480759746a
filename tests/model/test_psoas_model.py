"""The psoas surrogate against OpenSim values, the pose mapping on synthetic 3-D poses, and the ranking."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from numpy.typing import NDArray
from typer.testing import CliRunner

from psoas.catalog import default_catalog
from psoas.cli.app import app
from psoas.coach.analysis import analyze_sequence
from psoas.coach.report import VideoMeta
from psoas.model.mapping import hip_coordinates
from psoas.model.rank import rank_stretches
from psoas.model.surrogate import surrogate
from psoas.vision.landmarks import Landmark, Side
from synth import Stick, sequence

runner = CliRunner()
F64 = NDArray[np.float64]

# Right psoas and iliacus lengths (mm) computed with OpenSim 4.6 on Model_Pose2Sim_muscles_flex.osim
# at these hip flexion angles (adduction and rotation 0), independently of the fitted surrogate.
OPENSIM = {
    -30: (256.29, 237.64),
    -20: (249.12, 229.09),
    -10: (242.17, 220.49),
    0: (235.30, 211.83),
    30: (214.59, 185.47),
    90: (175.36, 137.66),
    120: (174.02, 140.30),
}


@pytest.mark.parametrize("flexion", sorted(OPENSIM))
def test_surrogate_matches_opensim(flexion: int) -> None:
    psoas, iliacus = OPENSIM[flexion]
    model = surrogate()
    for side in ("left", "right"):  # the model is symmetric
        assert float(model.length_mm("psoas", side, flexion)) == pytest.approx(psoas, abs=0.05)
        assert float(model.length_mm("iliacus", side, flexion)) == pytest.approx(iliacus, abs=0.05)


def test_committed_fit_meets_the_error_target_and_says_where_it_came_from() -> None:
    model = surrogate()
    assert all(e["max_abs_mm"] <= 1.0 for e in model.held_out_error.values())
    prov = model.provenance
    assert len(prov["model_sha256"]) == 64
    assert prov["opensim_version"] == "4.6"
    assert "L5_S1_Flex_Ext" in prov["unchanged_coordinates"]  # the psoas crosses no lumbar joint here


def test_outside_the_fitted_box_is_nan_never_a_guess() -> None:
    out = surrogate().length_mm("psoas", "right", np.array([[-31.0, 0.0], [121.0, np.nan]]), 0.0, 0.0)
    assert out.shape == (2, 2)
    assert np.isnan(out[0, 0]) and np.isnan(out[1, 0]) and np.isnan(out[1, 1])
    assert math.isfinite(out[0, 1])
    assert np.isnan(surrogate().length_mm("psoas", "right", 0.0, adduction=6.0))


def test_change_and_normalised_fibre_length() -> None:
    row = surrogate().describe("psoas", "right", -30.0)
    assert row.change_pct == pytest.approx(100 * (256.29 / 235.30 - 1), abs=0.03)
    # (length - tendon slack 99.54 mm) / optimal fibre 116.9 mm
    assert row.normalised_fibre == pytest.approx((256.29 - 99.543) / 116.9, abs=1e-3)


def _rotation(rng: np.random.Generator) -> F64:
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q *= np.sign(np.diag(r))
    return np.asarray(q if np.linalg.det(q) > 0 else -q, float)


def _pose(flexion: dict[Side, float], adduction: dict[Side, float]) -> F64:
    """33 world landmarks in the model's pelvis frame (x anterior, y up, z right), then y flipped to
    MediaPipe's y-down, right-handed frame (x, -y, -z keeps it right-handed)."""
    p = np.zeros((33, 3))
    p[Landmark.LEFT_HIP], p[Landmark.RIGHT_HIP] = (0, 0, -0.1), (0, 0, 0.1)
    p[Landmark.LEFT_SHOULDER], p[Landmark.RIGHT_SHOULDER] = (0, 0.5, -0.18), (0, 0.5, 0.18)
    for side, hip in ((Side.LEFT, Landmark.LEFT_HIP), (Side.RIGHT, Landmark.RIGHT_HIP)):
        f, a = math.radians(flexion[side]), math.radians(adduction[side])
        medial = 1.0 if side is Side.LEFT else -1.0  # towards the midline along z
        femur = np.array([math.sin(f) * math.cos(a), -math.cos(f) * math.cos(a), medial * math.sin(a)])
        knee = Landmark.LEFT_KNEE if side is Side.LEFT else Landmark.RIGHT_KNEE
        p[knee] = p[hip] + 0.42 * femur
    return np.asarray(p * np.array([1.0, -1.0, -1.0]), float)


def test_mapping_recovers_known_hip_angles_in_any_orientation() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        flexion = {Side.LEFT: rng.uniform(-30, 120), Side.RIGHT: rng.uniform(-30, 120)}
        adduction = {Side.LEFT: rng.uniform(-20, 20), Side.RIGHT: rng.uniform(-20, 20)}
        world = _pose(flexion, adduction) @ _rotation(rng).T + rng.normal(size=3)
        for side in Side:
            got = hip_coordinates(world[None], side)
            assert float(got.flexion[0]) == pytest.approx(flexion[side], abs=1e-6)
            assert float(got.adduction[0]) == pytest.approx(adduction[side], abs=1e-6)


def test_stretches_rank_by_modelled_lengthening() -> None:
    ranked = rank_stretches(default_catalog())
    # Target hip flexion of the leg that lengthens most, from each exercise's model_pose; the psoas
    # shortens steadily with flexion from -30° to 90° (OPENSIM above), so the order follows the angle.
    assert [(r.exercise_id, r.pose.flexion_deg) for r in ranked] == [
        ("camel-pose", -25),
        ("half-kneeling-lunge-stretch", -20),
        ("kneeling-psoas-stretch", -15),
        ("lying-edge-of-bed-stretch", -10),
        ("pigeon-pose", -10),
        ("standing-split-stance-stretch", -10),
        ("single-knee-to-chest", 0),
        ("seated-lateral-stretch", 90),
    ]
    assert ranked[1].psoas.length_mm == pytest.approx(OPENSIM[-20][0], abs=0.05)
    assert ranked[-2].leg == "other"  # knee-to-chest: the straight leg, not the hugged one
    # each change comes with its range for the hip angle 10° either way (camel's -35° is held to -30°)
    camel, lunge, kneeling = ranked[:3]
    assert camel.change_range_pct == pytest.approx((ranked[2].psoas.change_pct, 8.9), abs=0.05)  # -15°, -30°
    assert kneeling.change_range_pct[1] == pytest.approx(camel.psoas.change_pct, abs=1e-6)  # -15-10 = -25
    assert camel.overlaps(lunge) and camel.overlaps(kneeling) and not camel.overlaps(ranked[-1])


def test_model_length_command() -> None:
    result = runner.invoke(
        app, ["model", "length", "--hip-flexion", "-20", "--lumbar-extension", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    psoas, iliacus = data["muscles"]
    assert psoas["length_mm"] == pytest.approx(OPENSIM[-20][0], abs=0.05)
    assert iliacus["length_mm"] == pytest.approx(OPENSIM[-20][1], abs=0.05)
    assert data["inputs"]["lumbar_extension_deg"] == 5
    assert any("crosses no lumbar joint" in line for line in data["assumptions"])
    bad = runner.invoke(app, ["model", "length", "--hip-flexion", "-45"])
    assert bad.exit_code == 2
    assert "outside the model's fitted range (-30° to 120°)" in bad.stderr


def test_model_rank_command_prints_its_assumptions() -> None:
    result = runner.invoke(app, ["model", "rank"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.stdout.index("Camel pose") < result.stdout.index("Seated lateral stretch")
    assert "our estimates, not numbers from the articles" in result.stdout
    assert "The uncertainty that matters is the pose, not the fit" in result.stdout


def test_analysis_reports_the_psoas_block() -> None:
    fps = 30
    setup = [Stick(hip_left=40, knee_left=90, hip_right=90, knee_right=90)] * fps
    hold = [Stick(hip_left=-20, knee_left=90, hip_right=80, knee_right=90)] * (8 * fps)
    seq = sequence(setup + hold + setup)
    meta = VideoMeta(30.0, len(seq), len(seq) / 30.0, seq.width, seq.height)
    analysis = analyze_sequence(seq, default_catalog().exercise("kneeling-psoas-stretch"), meta)
    psoas = analysis.report.psoas
    assert psoas is not None and psoas.side == "left"
    # hip -20° for 8 s: the hold's frames average to the -20° length (smoothing only touches its edges)
    assert psoas.hold_average_mm == pytest.approx(OPENSIM[-20][0], abs=0.5)
    assert psoas.peak_length_mm is not None and psoas.peak_length_mm >= OPENSIM[-20][0] - 0.05
    assert psoas.modelled_fraction == 1.0
    mid = fps + 4 * fps
    assert analysis.psoas.length_mm["left"][mid] == pytest.approx(OPENSIM[-20][0], abs=0.05)
    assert analysis.psoas.stretch_pct["left"][mid] == pytest.approx(100 * (249.12 / 235.30 - 1), abs=0.03)
