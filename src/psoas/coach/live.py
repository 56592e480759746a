"""The camera coach, one frame at a time: what the webcam loop and the web page's live coach run.

Same parts as the file pipeline (angles, quality gate, trackers, the catalog's form rules), but causal:
landmarks are smoothed with the One-Euro filter instead of zero-phase filtering, the view is read from the
last two seconds, and a fault is reported once it has lasted MIN_FAULT_S. Every pose is kept (landmarks
only, never pixels) so `finish` can run the file analysis over the whole session for the stored report.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import CameraMode, Exercise, Fault, Phase, SideMode
from psoas.coach.analysis import (
    REASONS,
    Analysis,
    analyze_sequence,
    camera_spec,
    checkable,
    frame_reasons,
    hide_unseen,
    top_faults,
)
from psoas.coach.counting import Excursion, ExcursionCounter, Stage
from psoas.coach.holds import HoldTimer
from psoas.coach.liftoff import BEFORE_S, lift_off_side
from psoas.coach.notes import repeated_side_note, side_counts, unknown_side_note
from psoas.coach.report import VideoMeta
from psoas.coach.rules import MIN_FAULT_S, breaks, drive_series
from psoas.coach.sides import (
    BOTH,
    UNKNOWN,
    SidedExcursion,
    merge_sides,
    one_leg_too,
    settle_sides,
    trusted_side,
)
from psoas.coach.trackers import Episode
from psoas.coach.tracking import count_rule, held_still, hold_timer_for, judge_reps, still_angles
from psoas.vision.camera import body_tracker, leg_tracker, mirror, mirror_legs
from psoas.vision.frames import Frame
from psoas.vision.kinematics import SIDED, View, compute_angles, shoulder_ratio, view_of
from psoas.vision.landmarks import Landmark, Side
from psoas.vision.pose import Pose, PoseEstimator, PoseSequence
from psoas.vision.smoothing import OneEuro

__all__ = ["LiveCoach", "LiveRep", "LiveState", "run_live"]

F64 = NDArray[np.float64]
VIEW_WINDOW = 60  # frames of shoulder ratio the view is read from (2 s at 30 fps)
CUE_AFTER_REP_S = 2.0  # a top-of-rep cue stays on screen this long


@dataclass(frozen=True)
class LiveRep:
    index: int
    side: str
    end_s: float
    peak_angle_deg: float
    in_form: bool


@dataclass(frozen=True)
class LiveState:
    """Everything the overlay shows for one frame; `to_dict` is what the web page receives."""

    t: float
    usable: bool
    reasons: tuple[str, ...]
    view: str
    position: str | None
    side: str | None
    angle_deg: float | None
    reps: int
    reps_in_form: int
    counts: dict[str, int]  # repetitions per side label, "unknown" as the file analysis says it
    partials: int  # movements that fell short of a repetition
    holding: bool
    hold_s: float
    hold_in_form_s: float
    faults: tuple[str, ...]
    cue: str | None
    landmarks: tuple[tuple[float, float, float], ...] = field(default=())  # x, y (0–1), visibility
    notes: tuple[str, ...] = ()  # the file analysis's sentences that apply so far (a side not given)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()}


@dataclass(frozen=True)
class _Seen:
    """What one frame showed, before the trackers' totals are added."""

    reasons: tuple[str, ...]
    view: View
    position: str | None
    values: dict[str, float]
    pose: Pose | None
    failing: dict[Side | None, list[Fault]]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


class LiveCoach:
    """Feed poses in time order with `update`; read the overlay state it returns."""

    def __init__(self, exercise: Exercise, *, side: Side | None = None) -> None:
        self.exercise = exercise
        self.spec = camera_spec(exercise)
        self._chosen = side
        self._body, self._legs = body_tracker(), leg_tracker()
        self._sides: list[Side | None] = [None] if self.spec.bilateral else list(Side)
        self._counters: dict[Side | None, ExcursionCounter] = {}
        self._timers: dict[Side | None, HoldTimer] = {}
        if self.spec.mode is CameraMode.REPS:
            # Two-legged work is counted on each leg too, for its one-leg versions (sides.one_leg_too).
            legs = list(Side) if self.spec.bilateral and self.spec.angle in SIDED else []
            self._counters = {s: ExcursionCounter(count_rule(self.spec)) for s in [*self._sides, *legs]}
        else:
            self._timers = {s: hold_timer_for(self.spec) for s in self._sides}
        self._found: dict[Side | None, list[Excursion]] = {s: [] for s in self._counters or self._sides}
        self._held: dict[Excursion, bool] = {}  # a one-leg movement's free leg kept still, judged once
        self._verdicts: dict[Excursion, tuple[bool, float]] = {}  # in form, and the peak angle
        self._judged: dict[Excursion, bool] = {}  # counted as this exercise (or a partial of it)
        self._lifted: dict[Excursion, Side | None] = {}  # the side read at lift-off, where asked
        # Landmarks are smoothed in units of the picture's height (pixels) and metres (world): both move
        # about one unit per second, so one set of One-Euro parameters suits both.
        self._image_filter = OneEuro(min_cutoff=1.5, beta=0.5)
        self._world_filter = OneEuro(min_cutoff=1.5, beta=0.5)
        self._ratios: deque[float] = deque(maxlen=VIEW_WINDOW)
        self._recent: deque[tuple[float, dict[str, float]]] = deque()  # (t, angles) of the last seconds
        self._poses: list[Pose | None] = []
        self._times: list[float] = []
        self._relabels: list[bool] = []  # per frame: left and right exchanged to keep them continuous
        self._previous: Pose | None = None
        self._failing_since: dict[tuple[str, str], float] = {}
        self._reps: list[LiveRep] = []
        self._traded = self._repeated = 0  # reps whose side is withheld, and why (see _merge)
        self._partials = 0
        self._hold: dict[Side | None, tuple[float, float]] = {}  # side → (held s, in-form s)
        self._last_cue: tuple[float, str] | None = None
        self._size: tuple[int, int] | None = None

    @property
    def reps(self) -> tuple[LiveRep, ...]:
        return tuple(self._reps)

    def _view(self, pose: Pose) -> View:
        ratio = float(shoulder_ratio(pose.image[None])[0])
        if math.isfinite(ratio):
            self._ratios.append(ratio)
        return self._read_view()

    def _read_view(self) -> View:
        return view_of(float(np.median(self._ratios))) if self._ratios else View.OBLIQUE

    def _smooth(self, pose: Pose, height: int) -> Pose:
        image = self._image_filter(pose.t, pose.image / height) * height
        world = self._world_filter(pose.t, pose.world)
        return Pose(t=pose.t, image=image, visibility=pose.visibility, world=world)

    def update(self, t: float, pose: Pose | None, *, width: int, height: int) -> LiveState:
        """One frame: its pose (None when no person was found) and the picture's size."""
        self._size = (width, height)
        self._times.append(t)
        self._poses.append(pose)
        self._relabels.append(False)
        if pose is None:
            self._previous = None
            for counter in self._counters.values():
                counter.update(t, None)
            for timer in self._timers.values():
                timer.update(t, math.nan, ())
            return self._state(t, _Seen(("no-person",), View.OBLIQUE, None, {}, None, {}))
        pose = self._relabelled(pose, width, height)
        view = self._view(pose)
        pair = [p for p in (self._previous, pose) if p is not None]
        raw = PoseSequence.stack([p.t for p in pair], list(pair), width=width, height=height)
        reasons = frame_reasons(raw, compute_angles(raw, view=view), self.spec)
        self._previous = pose
        why = tuple(code for code, mask in reasons.items() if mask[-1])
        smooth = self._smooth(pose, height)
        one = PoseSequence.stack([t], [smooth], width=width, height=height)
        angles = hide_unseen(compute_angles(one, view=view), one)
        position = angles.position[0]
        active = not why and position in self.spec.positions
        values = {name: float(series[0]) for name, series in angles.values.items()}
        self._remember(t, values)
        still = tuple(float(a[0]) for a in still_angles(angles, self.spec))
        for s in self._counters or self._sides:
            drive = float(drive_series(angles, self.spec.angle, self.spec.limb, s)[0]) if active else math.nan
            if s in self._counters:
                excursion = self._counters[s].update(t, drive)
                if excursion is not None:
                    self._close_rep(s, excursion)
            else:
                self._timers[s].update(t, drive, still)
        failing = self._failing(t, angles, active and not why, view)
        self._time_holds(t, failing)
        return self._state(t, _Seen(why, view, position.value if position else None, values, smooth, failing))

    def _relabelled(self, pose: Pose, width: int, height: int) -> Pose:
        """Left and right kept continuous frame to frame, as the file analysis repairs them; a frame so
        relabelled is remembered, as the file analysis gives no side to a movement that needed it."""
        one = PoseSequence.stack([pose.t], [pose], width=width, height=height)
        flip = np.array([self._body.update(pose.image)])
        one = mirror(one, flip)
        legs = np.array([self._legs.update(one.image[0])])
        one = mirror_legs(one, legs)
        self._relabels[-1] = bool(flip[0] or legs[0])
        return Pose(t=pose.t, image=one.image[0], visibility=one.visibility[0], world=one.world[0])

    def _remember(self, t: float, values: dict[str, float]) -> None:
        self._recent.append((t, values))
        while self._recent and self._recent[0][0] < t - 10.0:
            self._recent.popleft()

    def _label(self, side: Side | None) -> str:
        return side.value if side else "both"

    def _in_phase(self, side: Side | None) -> bool:
        """Inside a hold, or away from rest during a repetition."""
        if side in self._timers:
            return self._timers[side].holding
        return self._counters[side].stage is Stage.MOVING

    def _close_rep(self, side: Side | None, excursion: Excursion) -> None:
        """Judge a finished movement's top checks on the angles around its peak, as the file pipeline
        does, then merge it with the other leg's movements (one movement, one rep)."""
        t = np.array([ti for ti, _ in self._recent])
        names = self._recent[-1][1].keys()
        table = {n: np.array([row.get(n, math.nan) for _, row in self._recent]) for n in names}
        label = self._label(side)
        episode = Episode(excursion.start_s, excursion.end_s, excursion.peak_s, excursion.peak_deg)
        bad = [
            fault
            for fault in self.exercise.faults
            if fault.check is not None
            and fault.check.phase is Phase.TOP
            and top_faults(
                fault, drive_series(table, fault.check.angle, fault.check.limb, side), t, [episode], label
            )
        ]
        lasting = any(
            key[1] == label and excursion.end_s - since >= MIN_FAULT_S
            for key, since in self._failing_since.items()
        )
        self._found[side].append(excursion)
        self._verdicts[excursion] = (not bad and not lasting, excursion.peak_deg)
        if bad and excursion.full:
            self._last_cue = (excursion.end_s, bad[0].cue)
        self._merge()

    def _merge(self) -> None:
        """One movement, one rep, judged by the file analysis's rules over the recent angles."""
        t = np.array([ti for ti, _ in self._recent])
        names = self._recent[-1][1].keys()
        table = {n: np.array([row.get(n, math.nan) for _, row in self._recent]) for n in names}
        per_leg = {s: items for s, items in self._found.items() if s is not None}
        if self.spec.bilateral and per_leg:

            def held(m: SidedExcursion) -> bool:
                if m.excursion not in self._held:
                    other = drive_series(table, self.spec.angle, self.spec.limb, Side(m.side).other)
                    self._held[m.excursion] = held_still(other, t, m.excursion)
                return self._held[m.excursion]

            merged = one_leg_too(self._found[None], per_leg, held)
        elif self.spec.bilateral:
            merged = [SidedExcursion(BOTH, e) for e in self._found[None]]
        else:
            merged = merge_sides(per_leg)
        # A rep judged once keeps its verdict when it leaves the recent window.
        fresh = [m for m in merged if m.excursion not in self._judged]
        judged = judge_reps(self.spec, table, t, fresh)
        for m in fresh:
            self._judged[m.excursion] = m in judged.reps or m in judged.partials
        kept = [m for m in merged if self._judged[m.excursion]]
        full = [m for m in kept if m.excursion.full]
        self._partials = len(kept) - len(full)
        times, relabels = np.array(self._times), np.array(self._relabels, bool)
        sides, _, self._repeated = settle_sides(
            [trusted_side(m.side, times, relabels, m.excursion.start_s, m.excursion.end_s) for m in full],
            alternating=self.spec.sides is SideMode.ALTERNATING,
            front=self._read_view() is View.FRONT,
            read=(lambda i: self._at_lift_off(full[i].excursion)) if self.spec.side_at_lift_off else None,
        )
        self._traded = sides.count(UNKNOWN) - self._repeated
        self._reps = [
            LiveRep(i, side, m.excursion.end_s, m.excursion.peak_deg, self._verdicts[m.excursion][0])
            for i, (m, side) in enumerate(zip(full, sides, strict=True), 1)
        ]

    def _at_lift_off(self, e: Excursion) -> Side | None:
        """The side read at lift-off (coach.liftoff) from the model's own labels, once per movement."""
        if e not in self._lifted:
            lo = bisect.bisect_left(self._times, e.start_s - BEFORE_S)
            hi = bisect.bisect_right(self._times, e.peak_s)
            blank = np.full((len(Landmark), 2), np.nan)
            image = np.stack([p.image if p is not None else blank for p in self._poses[lo:hi]] or [blank])
            self._lifted[e] = lift_off_side(image, np.array(self._times[lo:hi] or [0.0]), e.start_s, e.peak_s)
        return self._lifted[e]

    def _failing(self, t: float, angles: Any, active: bool, view: View) -> dict[Side | None, list[Fault]]:
        """Faults breaking their rule now, per side; a fault counts once it has lasted MIN_FAULT_S."""
        out: dict[Side | None, list[Fault]] = {s: [] for s in self._sides}
        for fault in self.exercise.faults:
            check = fault.check
            if check is None or check.phase is Phase.TOP or not checkable(check, view):
                continue
            for side in self._sides:
                key = (fault.code, self._label(side))
                in_phase = active and (check.phase is Phase.ANY or self._in_phase(side))
                value = drive_series(angles, check.angle, check.limb, side)
                if in_phase and bool(breaks(check, value)[0]):
                    since = self._failing_since.setdefault(key, t)
                    if t - since >= MIN_FAULT_S:
                        out[side].append(fault)
                else:
                    self._failing_since.pop(key, None)
        return out

    def _time_holds(self, t: float, failing: dict[Side | None, list[Fault]]) -> None:
        if self.spec.mode is not CameraMode.HOLD:
            return
        dt = t - self._times[-2] if len(self._times) > 1 else 0.0
        for side, timer in self._timers.items():
            if timer.holding:
                # A new hold counts from when the stillness that opened it began, as the report does.
                first = t - timer.since if timer.since is not None else 0.0
                held, in_form = self._hold.get(side, (first, first))
                self._hold[side] = (held + dt, in_form + (0.0 if failing[side] else dt))
            else:
                self._hold.pop(side, None)

    def _working(self, values: dict[str, float]) -> Side | None:
        if self.spec.bilateral:
            return None
        if self._hold:
            return max(self._hold, key=lambda s: self._hold[s][0])
        if self._reps and self._reps[-1].side in ("left", "right"):
            return Side(self._reps[-1].side)
        col = self.spec.angle.value
        scores = {s: values.get(f"{col}_{s.value}", math.nan) for s in Side}
        seen = {s: v for s, v in scores.items() if math.isfinite(v)}
        if not seen:
            return None
        pick = max if self.spec.rising else min
        return pick(seen, key=lambda s: seen[s])

    def _counts(self) -> dict[str, int]:
        """Repetitions per side label, counted as the file analysis counts them (empty for holds)."""
        return side_counts(self.spec, [r.side for r in self._reps])

    def _hold_label(self, t: float, side: Side | None, held: float) -> str | None:
        """The side the overlay names: "unknown" while the hold in progress needed a relabelling."""
        label = side.value if side else (BOTH if self.spec.bilateral else None)
        if label is None or side not in self._hold:
            return label
        # Only the frames since the hold began matter: read backwards, not the whole session.
        for ti, relabelled in zip(reversed(self._times), reversed(self._relabels), strict=True):
            if ti < t - held:
                break
            if relabelled:
                return label if label == BOTH else UNKNOWN  # as sides.trusted_side says
        return label

    def _state(self, t: float, seen: _Seen) -> LiveState:
        reasons, values, pose = seen.reasons, seen.values, seen.pose
        side = self._working(values)
        faults = seen.failing.get(side, [])
        row = {name: np.array([v]) for name, v in values.items()}
        angle = float(drive_series(row, self.spec.angle, self.spec.limb, side)[0]) if row else math.nan
        held, in_form = self._hold.get(side, (0.0, 0.0))
        label = self._hold_label(t, side, held)
        traded = self._traded + (label == UNKNOWN)
        cue = faults[0].cue if faults else None
        if cue is None and self._last_cue and t - self._last_cue[0] <= CUE_AFTER_REP_S:
            cue = self._last_cue[1]
        if cue is None and reasons:
            cue = REASONS[reasons[0]].capitalize()
        marks: tuple[tuple[float, float, float], ...] = ()
        if pose is not None and self._size:
            w, h = self._size
            marks = tuple(
                (round(float(x) / w, 4), round(float(y) / h, 4), round(float(v), 3))
                for (x, y), v in zip(pose.image, pose.visibility, strict=True)
            )
        return LiveState(
            t=t,
            usable=not reasons,
            reasons=reasons,
            view=seen.view.value,
            position=seen.position,
            side=label,
            angle_deg=_finite(angle),
            reps=len(self._reps),
            reps_in_form=sum(r.in_form for r in self._reps),
            counts=self._counts(),
            partials=self._partials,
            holding=side in self._hold,
            hold_s=held,
            hold_in_form_s=in_form,
            faults=tuple(f.code for f in faults),
            cue=cue,
            landmarks=marks,
            notes=unknown_side_note(traded) + repeated_side_note(self._repeated),
        )

    def finish(self) -> Analysis | None:
        """The file analysis over every pose seen (for the stored report); None when nothing was seen."""
        if not self._poses or self._size is None:
            return None
        w, h = self._size
        seq = PoseSequence.stack(self._times, self._poses, width=w, height=h)
        span = self._times[-1] - self._times[0]
        fps = (len(self._times) - 1) / span if span > 0 else 30.0
        meta = VideoMeta(fps, len(self._times), span, w, h)
        return analyze_sequence(seq, self.exercise, meta, side=self._chosen)


def run_live(
    frames: Iterable[Frame],
    coach: LiveCoach,
    estimator: PoseEstimator,
    on_state: Callable[[LiveState], bool],
) -> Analysis | None:
    """Estimate and coach each frame as it arrives until the frames end or `on_state` returns False."""
    for frame in frames:
        height, width = frame.rgb.shape[:2]
        state = coach.update(frame.t, estimator.estimate(frame.rgb, frame.t), width=width, height=height)
        if not on_state(state):
            break
    return coach.finish()
