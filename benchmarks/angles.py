"""Angle accuracy per camera against a multi-camera triangulation, so accuracy is measured, not assumed.

    python benchmarks/angles.py [--cache DIR]

The pose2sim wheel (BSD-3) ships a calibrated, 60 fps, 4-camera demo (Demo_SinglePerson: four 1088x1920
clips of 100 frames and a Qualisys calibration). The wheel is fetched with `pip download` into the cache
on first run; without a network the benchmark says so and exits 0. BlazePose runs on every camera; its
2-D image landmarks from all cameras, weighted by visibility, are triangulated (DLT) into reference 3-D
points in the calibration's world frame (z up, metres), after undoing each camera's left/right label swaps
against the other cameras. Reference angles use psoas's own conventions in the true vertical.

Prints JSON: per camera, the true view angle (from side-on) and tilt, and the MAE and bias of each angle
as psoas computes it from that camera alone, before (`compute_angles(seq)`), after the camera module's
corrections (side swaps fixed, vertical estimated, per-person view angle), and as the analysis computes
them ("analysis": swaps fixed, the vertical of the standing start, against a level camera's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from psoas.vision import camera
from psoas.vision.camera import MIRROR
from psoas.vision.frames import open_frames
from psoas.vision.kinematics import AngleSeries, View, compute_angles
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import MediaPipeEstimator, PoseSequence, estimate_frames

F64 = NDArray[np.float64]
WHEEL = "pose2sim==0.10.49"
DEMO = "Pose2Sim/Demo_SinglePerson/"
CAMERAS = ("cam01", "cam02", "cam03", "cam04")
DEFAULT_CACHE = Path.home() / ".cache" / "psoas" / "pose2sim-0.10.49"
ANGLES = (
    "hip_flexion_left",
    "hip_flexion_right",
    "knee_flexion_left",
    "knee_flexion_right",
    "thigh_elevation_left",
    "thigh_elevation_right",
    "trunk_lean",
)
MIN_VIS = 0.5  # a camera's landmark takes part in the triangulation above this visibility
KEY = np.array([11, 12, 23, 24, 25, 26, 27, 28])  # shoulders, hips, knees, ankles


@dataclass(frozen=True)
class Camera:
    name: str
    k: F64  # 3x3 intrinsics, pixels
    dist: F64  # k1, k2, p1, p2
    r: F64  # world -> camera rotation (OpenCV axes: x right, y down, z forward)
    t: F64  # world -> camera translation, metres

    @property
    def projection(self) -> F64:
        return np.asarray(self.k @ np.column_stack([self.r, self.t]), dtype=float)

    @property
    def axis(self) -> F64:
        """The optical axis in world coordinates."""
        return np.asarray(self.r[2], dtype=float)

    def project(self, x: F64) -> F64:
        """World points (..., 3) to undistorted pixels (..., 2)."""
        c = x @ self.r.T + self.t
        uv = c @ self.k.T
        return np.asarray(uv[..., :2] / uv[..., 2:], dtype=float)


def read_qca(path: Path) -> list[Camera]:
    """Cameras from a Qualisys .qca.txt, read the way pose2sim's calib_qca_to_toml does (binning 1).

    Qualisys gives each camera's position (mm) and a rotation whose rows are the camera's axes with y up
    and z backwards; OpenCV's camera looks along +z with y down: a half turn about x.
    """
    root = ET.parse(path).getroot()  # a calibration file from the pinned wheel
    flip = np.diag([1.0, -1.0, -1.0])
    cams = []
    for tag in root.findall("cameras/camera"):
        fov, intr, tr = tag.find("fov_video"), tag.find("intrinsic"), tag.find("transform")
        assert fov is not None and intr is not None and tr is not None
        g = {k: float(v) for k, v in intr.attrib.items() if k != "model"} | {
            k: float(v) for k, v in tr.attrib.items()
        }
        k = np.array(
            [
                [g["focalLengthU"] / 64, 0, g["centerPointU"] / 64 - float(fov.attrib["left"])],
                [0, g["focalLengthV"] / 64, g["centerPointV"] / 64 - float(fov.attrib["top"])],
                [0, 0, 1],
            ]
        )
        dist = np.array([g[n] / 64 for n in ("radialDistortion1", "radialDistortion2")] + [0.0, 0.0])
        dist[2:] = [g["tangentalDistortion1"] / 64, g["tangentalDistortion2"] / 64]
        m = np.array([[g[f"r{i}{j}"] for j in (1, 2, 3)] for i in (1, 2, 3)])
        position = np.array([g["x"], g["y"], g["z"]]) / 1000
        r = flip @ m
        cams.append(Camera(tag.attrib["serial"], k, dist, r, -r @ position))
    return cams


def fetch_demo(cache: Path) -> Path | str:
    """The demo folder, extracted from the wheel into `cache`; a sentence when the wheel can't be had."""
    demo = cache / "demo"
    if (demo / "calibration" / "Calib.qca.txt").exists():
        return demo
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", WHEEL, "-d", str(cache)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)
    wheels = sorted(cache.glob("pose2sim-0.10.49-*.whl"))
    if done.returncode or not wheels:
        why = (done.stderr.strip().splitlines() or ["no wheel arrived"])[-1]
        return f"pip could not fetch {WHEEL} ({why}), so nothing was measured."
    with zipfile.ZipFile(wheels[0]) as z:
        for name in z.namelist():
            rel = name.removeprefix(DEMO)
            if name.startswith(DEMO) and (rel.startswith("videos/") or rel.endswith((".qca.txt", ".toml"))):
                (demo / rel).parent.mkdir(parents=True, exist_ok=True)
                (demo / rel).write_bytes(z.read(name))
    return demo


def poses(demo: Path, cache: Path) -> dict[str, PoseSequence]:
    """BlazePose on every camera, cached as .npz next to the demo (the model is pinned, so is the result)."""
    out = {}
    for name in CAMERAS:
        video, npz = demo / "videos" / f"{name}.mp4", cache / f"{name}.poses.npz"
        if not npz.exists():
            with MediaPipeEstimator() as est:
                s = estimate_frames(open_frames(video), est, source=str(video))
            np.savez(npz, t=s.t, image=s.image, visibility=s.visibility, world=s.world, found=s.found,
                     size=np.array([s.width, s.height]))  # fmt: skip
        d = np.load(npz)
        w, h = (int(v) for v in d["size"])
        out[name] = PoseSequence(d["t"], d["image"], d["visibility"], d["world"], d["found"], w, h)
    return out


def undistort(cam: Camera, pixels: F64) -> F64:
    import cv2  # noqa: PLC0415 - OpenCV comes with psoas's camera extra

    flat = np.ascontiguousarray(pixels.reshape(-1, 1, 2))
    ok = np.isfinite(flat[:, 0, 0])
    out = np.full_like(flat, np.nan)
    if ok.any():
        out[ok] = cv2.undistortPoints(flat[ok], cam.k, cam.dist, P=cam.k)
    return out.reshape(pixels.shape)


def triangulate(projections: list[F64], pixels: list[F64], weights: list[F64]) -> F64:
    """Weighted DLT of (..., 2) undistorted pixels seen by several cameras; NaN where fewer than 2 see it."""
    rows = []
    for p, seen, weight in zip(projections, pixels, weights, strict=True):
        w = np.where(np.isfinite(seen[..., 0]), weight, 0.0)[..., None]
        uv = np.nan_to_num(seen)
        rows += [w * (uv[..., :1] * p[2] - p[0]), w * (uv[..., 1:] * p[2] - p[1])]
    a = np.stack(rows, axis=-2)
    _, _, vt = np.linalg.svd(a)
    x = vt[..., -1, :]
    seen = np.sum([w > 0 for w in weights], axis=0) >= 2
    with np.errstate(invalid="ignore", divide="ignore"):
        out = x[..., :3] / x[..., 3:]
    return np.where(seen[..., None], out, np.nan)


def _order(swapped: F64) -> NDArray[np.intp]:
    """Per frame, the landmark order that undoes a swap: (T, 33)."""
    return np.where(swapped[:, None], MIRROR, np.arange(len(MIRROR)))


def _weights(seq: PoseSequence) -> F64:
    return np.where(seq.visibility > MIN_VIS, seq.visibility, 0.0)


def _chirality(x: F64) -> F64:
    """Positive where the labelled left hip is on the body's left (up x anterior), world z up."""
    ears = (x[:, Landmark.LEFT_EAR] + x[:, Landmark.RIGHT_EAR]) / 2
    anterior = x[:, Landmark.NOSE] - ears
    left = np.cross(np.array([0.0, 0.0, 1.0]), anterior)
    return np.einsum("ti,ti->t", left, x[:, Landmark.LEFT_HIP] - x[:, Landmark.RIGHT_HIP])


def label_swaps(cams: list[Camera], pix: dict[str, F64], seqs: dict[str, PoseSequence]) -> dict[str, F64]:
    """Per camera and frame: True where BlazePose's left/right labels are swapped.

    Every frame tries all 2^n labellings of the n cameras and keeps the one that triangulates with the
    least reprojection error on the key joints; a labelling and its complement give the same points with
    the names exchanged, and the anatomical one (left hip on the body's left) is kept.
    """
    n, t = len(cams), len(pix[cams[0].name])
    best_err, best = np.full(t, np.inf), np.zeros((t, n), bool)
    for code in range(2**n):
        flips = [bool(code >> i & 1) for i in range(n)]
        order = [MIRROR if f else np.arange(33) for f in flips]
        views = [pix[c.name][:, o] for c, o in zip(cams, order, strict=True)]
        weights = [_weights(seqs[c.name])[:, o] for c, o in zip(cams, order, strict=True)]
        x = triangulate([c.projection for c in cams], views, weights)
        err = np.nanmean(
            [
                np.linalg.norm(c.project(x[:, KEY]) - v[:, KEY], axis=-1)
                for c, v in zip(cams, views, strict=True)
            ],
            axis=(0, 2),
        )
        better = (err < best_err - 1e-9) & (_chirality(x) > 0)
        best_err, best = np.where(better, err, best_err), np.where(better[:, None], flips, best)
    return {c.name: best[:, i] for i, c in enumerate(cams)}


def reference(
    cams: list[Camera], pix: dict[str, F64], seqs: dict[str, PoseSequence]
) -> tuple[F64, dict[str, F64]]:
    """Reference 3-D landmarks (T, 33, 3), world z up, and each camera's swapped frames."""
    swaps = label_swaps(cams, pix, seqs)
    fixed = {c.name: camera.mirror(seqs[c.name], swaps[c.name]) for c in cams}
    views = [np.take_along_axis(pix[c.name], _order(swaps[c.name])[..., None], axis=1) for c in cams]
    x = triangulate([c.projection for c in cams], views, [_weights(fixed[c.name]) for c in cams])
    return x, swaps


def reference_angles(x: F64, t: F64) -> AngleSeries:
    n = len(x)
    seq = PoseSequence(t, x[..., :2], np.ones((n, 33)), x, np.isfinite(x).all(axis=(1, 2)), 1, 1)
    return compute_angles(seq, view=View.OBLIQUE, up=np.array([0.0, 0.0, 1.0]))


def errors(est: AngleSeries, ref: AngleSeries) -> dict[str, dict[str, float]]:
    out = {}
    for name in ANGLES:
        d = est[name] - ref[name]
        d = d[np.isfinite(d)]
        out[name] = {"mae": round(float(np.mean(np.abs(d))), 1), "bias": round(float(np.mean(d)), 1)}
    return out


def _flat(v: F64) -> F64:
    """Unit vectors of the horizontal part of world vectors (z up)."""
    h = v * np.array([1.0, 1.0, 0.0])
    return np.asarray(h / np.linalg.norm(h, axis=-1, keepdims=True), dtype=float)


def true_view(cam: Camera, x: F64) -> dict[str, float]:
    """The camera's view of the person from the calibration: degrees from side-on, and tilts."""
    across = _flat(x[:, Landmark.LEFT_SHOULDER] - x[:, Landmark.RIGHT_SHOULDER]) + _flat(
        x[:, Landmark.LEFT_HIP] - x[:, Landmark.RIGHT_HIP]
    )
    view = np.degrees(np.arccos(np.abs(np.einsum("ti,i->t", _flat(across), _flat(cam.axis)))))
    centre = -cam.r.T @ cam.t
    sight = np.nanmedian((x[:, Landmark.LEFT_HIP] + x[:, Landmark.RIGHT_HIP]) / 2, axis=0) - centre
    return {
        "view_from_side_deg": round(float(np.nanmedian(view)), 1),
        "optical_axis_tilt_deg": round(float(np.degrees(np.arcsin(-cam.axis[2]))), 1),
        "tilt_to_pelvis_deg": round(float(np.degrees(np.arcsin(-sight[2] / np.linalg.norm(sight)))), 1),
    }


def far_leg(cam: Camera, x: F64, est: AngleSeries, ref: AngleSeries, seq: PoseSequence) -> dict[str, float]:
    """Near- and far-leg MAE of hip and knee flexion; how often psoas's far side and low confidence agree."""
    centre = -cam.r.T @ cam.t
    joints = {s: [SIDE_JOINTS[s].hip, SIDE_JOINTS[s].knee] for s in Side}
    dist = {s: np.linalg.norm(x[:, joints[s]] - centre, axis=-1).mean(axis=1) for s in Side}
    far_is_left = dist[Side.LEFT] > dist[Side.RIGHT]
    err = {}
    for kind in ("hip_flexion", "knee_flexion"):
        e = {s: np.abs(est[f"{kind}_{s.value}"] - ref[f"{kind}_{s.value}"]) for s in Side}
        far = np.where(far_is_left, e[Side.LEFT], e[Side.RIGHT])
        near = np.where(far_is_left, e[Side.RIGHT], e[Side.LEFT])
        err[f"{kind}_near_mae"] = round(float(np.nanmean(near)), 1)
        err[f"{kind}_far_mae"] = round(float(np.nanmean(far)), 1)
    said = np.array([s is Side.LEFT for s in camera.far_side(seq)])
    conf = camera.side_confidence(seq)
    low_left = conf[Side.LEFT] < conf[Side.RIGHT]
    err["far_side_agrees"] = round(float(np.mean(said == far_is_left)), 2)
    err["low_confidence_is_far"] = round(float(np.mean(low_left == far_is_left)), 2)
    return err


def after(cam: Camera, seq: PoseSequence) -> tuple[AngleSeries, PoseSequence, dict[str, object]]:
    """psoas's angles with the camera module's corrections, the fixed sequence, and what was found."""
    fixed, swapped = camera.fix_side_swaps(seq)
    up = camera.estimate_vertical(fixed.world)
    view = float(np.nanmedian(camera.view_angle(fixed.world, up)))
    chosen = camera.view_from_angle(view)
    found = {
        "swapped_frames": int(swapped.sum()),
        "standing_frames": int(camera.upright_frames(fixed.world).sum()),
        "tilt_deg": None if up is None else round(camera.camera_tilt(up), 1),
        "up_error_deg": up_error(cam, up),
        "view_from_side_deg": round(view, 1),
        "view": chosen.value,
    }
    return compute_angles(fixed, view=chosen, up=up), fixed, found


def up_error(cam: Camera, up: F64 | None) -> float:
    """Degrees between an estimated world-frame 'up' (camera axes) and the calibration's."""
    v = np.array([0.0, -1.0, 0.0]) if up is None else up
    return round(float(np.degrees(np.arccos(np.clip(v @ cam.r[:, 2], -1.0, 1.0)))), 1)


def one_camera(cam: Camera, seq: PoseSequence, x: F64, swaps: F64) -> dict[str, object]:
    ref = reference_angles(x, seq.t)
    before = compute_angles(seq)
    fixed_angles, fixed, found = after(cam, seq)
    piped = pipeline(seq)
    _, said = camera.fix_side_swaps(seq)
    truth = true_view(cam, x) | {"swapped_frames": int(swaps.sum())}
    return {
        "truth": truth | {"up_in_camera_axes": [round(float(v), 2) for v in cam.r[:, 2]]},
        "before": {
            "view": before.view.value,
            "shoulder_ratio": round(float(np.nanmedian(before.shoulder_ratio)), 2),
            "up_error_deg": up_error(cam, None),
            "errors": errors(before, ref),
        },
        "after": found
        | {
            "swaps_matching_truth": int(np.sum(said & swaps)),
            "errors": errors(fixed_angles, ref),
            "far_leg": far_leg(cam, x, fixed_angles, ref, fixed),
        },
        "analysis": {
            "tilt_from_level_deg": piped[1],
            "errors_level": errors(compute_angles(piped[0]), ref),
            "errors_start_vertical": errors(piped[2], ref),
        },
    }


def pipeline(seq: PoseSequence) -> tuple[PoseSequence, float | None, AngleSeries]:
    """What `psoas analyze` does: swaps fixed (body, then legs), the view read from the clip, and the
    vertical of the standing start when there is one (camera.start_vertical)."""
    fixed = camera.fix_leg_swaps(camera.fix_side_swaps(seq)[0])[0]
    up = camera.start_vertical(fixed.world, fixed.t)
    tilt = None if up is None else round(camera.tilt_from_level(up), 1)
    return fixed, tilt, compute_angles(fixed, up=up)


def measure(cache: Path) -> dict[str, object]:
    got = fetch_demo(cache)
    if isinstance(got, str):
        return {"skipped": got}
    seqs = poses(got, cache)
    cams = read_qca(got / "calibration" / "Calib.qca.txt")
    pix = {c.name: undistort(c, seqs[c.name].image) for c in cams}
    x, swaps = reference(cams, pix, seqs)
    reproj = [np.nanmedian(np.linalg.norm(c.project(x[:, KEY]) - pix[c.name][:, KEY], axis=-1)) for c in cams]
    return {
        "demo": "pose2sim 0.10.49 Demo_SinglePerson: 4 cameras, 60 fps, 100 frames, taken as synchronised",
        "reference_reprojection_px": round(float(np.nanmedian(reproj)), 1),
        "cameras": {c.name: one_camera(c, seqs[c.name], x, swaps[c.name]) for c in cams},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    print(json.dumps(measure(args.cache), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
