"""Landmark clean-up before measuring: left/right swap repair, side choice, view check.

BlazePose often swaps the near and far limbs in a side view for a few frames. Two cues say when
the labels are swapped: depth (the near side has the smaller z, and in a side view one side stays
near) and continuity (a limb does not jump onto its twin's place from one frame to the next).
Where depth is clear it decides; elsewhere the state carries over from the previous frame, flipped
when the positions show the labels jumping. The batch function and the streaming class compute the
same thing (the batch one vectorised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backcoach.motion._channels import joint_index
from backcoach.motion._landmarks import MIRROR, Landmark

Array = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _pairs(names: tuple[str, ...]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    left = np.array([Landmark["LEFT_" + n.upper()] for n in names], dtype=np.intp)
    right = np.array([Landmark["RIGHT_" + n.upper()] for n in names], dtype=np.intp)
    return left, right


_UPPER_NAMES = (
    "eye_inner",
    "eye",
    "eye_outer",
    "ear",
    "shoulder",
    "elbow",
    "wrist",
    "pinky",
    "index",
    "thumb",
)
_LOWER_NAMES = ("hip", "knee", "ankle", "heel", "foot_index")
_UPPER_CORE = ("shoulder", "elbow", "wrist")
_LOWER_CORE = ("hip", "knee", "ankle")
_MOUTH = (Landmark.MOUTH_LEFT, Landmark.MOUTH_RIGHT)


@dataclass(frozen=True, slots=True)
class SwapTuning:
    """Thresholds of the swap repair (depth in normalised-x units, distances in torso lengths)."""

    depth_margin: float = 0.02
    """Smoothed z difference between the sides beyond which depth overrules the labels."""
    depth_tau_frames: float = 5.0
    """Smoothing of the z difference (frames), so depth noise alone does not swap."""
    jump_ratio: float = 0.5
    """Swapped labels fit the previous frame this much better than the labels as given..."""
    jump_margin: float = 0.15
    """...by at least this many torso lengths per joint pair."""


@dataclass(frozen=True, slots=True)
class _Group:
    left: npt.NDArray[np.intp]
    right: npt.NDArray[np.intp]
    core_left: npt.NDArray[np.intp]
    core_right: npt.NDArray[np.intp]
    members: npt.NDArray[np.intp]


def _group(names: tuple[str, ...], core: tuple[str, ...], extra: tuple[int, ...] = ()) -> _Group:
    left, right = _pairs(names)
    cl, cr = _pairs(core)
    members = np.concatenate([left, right, np.array(extra, dtype=np.intp)])
    return _Group(left, right, cl, cr, members)


GROUPS = (
    _group(_UPPER_NAMES, _UPPER_CORE, tuple(int(i) for i in _MOUTH)),
    _group(_LOWER_NAMES, _LOWER_CORE),
)
_MIRROR = np.asarray(MIRROR, dtype=np.intp)


def _torso(px: Array) -> Array:
    sh = 0.5 * (px[..., Landmark.LEFT_SHOULDER, :] + px[..., Landmark.RIGHT_SHOULDER, :])
    hp = 0.5 * (px[..., Landmark.LEFT_HIP, :] + px[..., Landmark.RIGHT_HIP, :])
    d = sh - hp
    return np.asarray(np.maximum(np.hypot(d[..., 0], d[..., 1]), 1.0), dtype=np.float64)


def _depth_gap(points: Array, g: _Group) -> Array:
    """Mean z of the left core joints minus the right ones (negative: left is nearer)."""
    return np.asarray(
        points[..., g.core_left, 2].mean(axis=-1) - points[..., g.core_right, 2].mean(axis=-1),
        dtype=np.float64,
    )


def _jumps(px: Array, prev: Array, g: _Group, torso: Array, tn: SwapTuning) -> BoolArray:
    """Whether the raw labels of each frame are exchanged relative to the previous frame."""
    a, b = px[..., g.left, :], px[..., g.right, :]
    pa, pb = prev[..., g.left, :], prev[..., g.right, :]
    keep = (np.linalg.norm(a - pa, axis=-1) + np.linalg.norm(b - pb, axis=-1)).sum(axis=-1)
    swap = (np.linalg.norm(a - pb, axis=-1) + np.linalg.norm(b - pa, axis=-1)).sum(axis=-1)
    margin = tn.jump_margin * torso * len(g.left)
    return np.asarray((swap < tn.jump_ratio * keep) & (keep - swap > margin), dtype=np.bool_)


class _SwapState:
    """Whether one group's labels are swapped, frame by frame (the same code in both paths).

    It smooths the depth gap as it would read with the labels put right; when that drifts to
    the wrong side of the reference (the side that is near over the track), the labels have
    swapped. A jump in the positions flips the state at once.
    """

    __slots__ = ("_alpha", "_ema", "margin", "ref", "swapped")

    def __init__(self, ref: float, tn: SwapTuning) -> None:
        self.ref = ref
        self.margin = tn.depth_margin
        self._alpha = 1.0 / max(tn.depth_tau_frames, 1.0)
        self._ema = 0.0
        self.swapped = False

    def step(self, gap: float, jump: bool) -> bool:
        if jump:
            self.swapped = not self.swapped
        if self.ref != 0.0:
            true_gap = -gap if self.swapped else gap
            self._ema += self._alpha * (true_gap * self.ref - self._ema)
            if self._ema < -self.margin:
                self.swapped = not self.swapped
                self._ema = -self._ema
        return self.swapped


def near_reference(points: Array) -> tuple[float, ...]:
    """Per group, the sign of the depth gap over most of the track (+1: the right side is
    nearer... as labelled; 0 unknown)."""
    has = np.isfinite(points[:, 0, 0])
    out = []
    for g in GROUPS:
        total = float(np.sign(_depth_gap(points[has], g)).sum())
        out.append(1.0 if total > 0 else -1.0 if total < 0 else 0.0)
    return tuple(out)


def repair_swaps(
    points: Array, width: float, height: float, tn: SwapTuning | None = None
) -> tuple[Array, BoolArray]:
    """Batch swap repair: (repaired copy of `points`, bool[n] frames where something swapped)."""
    tn = tn or SwapTuning()
    out = np.array(points, dtype=np.float64, copy=True)
    n = out.shape[0]
    any_swapped = np.zeros(n, dtype=np.bool_)
    idx = np.flatnonzero(np.isfinite(out[:, 0, 0]))
    if idx.size == 0:
        return out, any_swapped
    raw = out[idx]
    px = raw[..., :2] * np.array([width, height])
    torso = _torso(px)
    for g, ref in zip(GROUPS, near_reference(out), strict=True):
        gaps = _depth_gap(raw, g).tolist()
        jumps = np.zeros(idx.size, dtype=np.bool_)
        if idx.size > 1:
            jumps[1:] = _jumps(px[1:], px[:-1], g, torso[1:], tn)
        tracker = _SwapState(ref, tn)
        state = np.array(
            [tracker.step(gp, jp) for gp, jp in zip(gaps, jumps.tolist(), strict=True)]
        )
        rows = idx[state]
        if rows.size:
            out[np.ix_(rows, g.members)] = points[np.ix_(rows, _MIRROR[g.members])]
            any_swapped[rows] = True
    return out, any_swapped


class SwapRepairer:
    """Streaming swap repair: the same decisions as `repair_swaps`, one frame at a time (the
    depth reference is the majority so far rather than over the whole track)."""

    def __init__(self, width: float, height: float, tn: SwapTuning | None = None) -> None:
        self.tn = tn or SwapTuning()
        self.scale = np.array([width, height])
        self.repaired = 0
        self._votes = [0.0 for _ in GROUPS]
        self._trackers = [_SwapState(0.0, self.tn) for _ in GROUPS]
        self._prev: Array | None = None

    def push(self, points: Array) -> Array:
        """Repair one frame's points [33, 4] (a NaN frame passes through unchanged)."""
        if not np.isfinite(points[0, 0]):
            return points
        out = np.array(points, dtype=np.float64, copy=True)
        px = out[..., :2] * self.scale
        torso = _torso(px)
        any_swap = False
        for k, g in enumerate(GROUPS):
            gap = float(_depth_gap(out, g))
            self._votes[k] += float(np.sign(gap))
            tracker = self._trackers[k]
            if tracker.ref == 0.0 and self._votes[k] != 0.0:
                tracker.ref = 1.0 if self._votes[k] > 0 else -1.0
            jump = self._prev is not None and bool(_jumps(px, self._prev, g, torso, self.tn))
            if tracker.step(gap, jump):
                out[g.members] = points[_MIRROR[g.members]]
                any_swap = True
        self._prev = px
        self.repaired += int(any_swap)
        return out


def side_visibility(points: Array, joints: tuple[str, ...]) -> Array:
    """Mean visibility per frame of `joints` on each side: [n, 2] (left, right)."""
    left = [joint_index(j, 0) for j in joints]
    right = [joint_index(j, 1) for j in joints]
    return np.stack([points[:, left, 3].mean(axis=-1), points[:, right, 3].mean(axis=-1)], axis=-1)


def view_ratio(points: Array, width: float, height: float) -> Array:
    """Per frame: distance between the two shoulders plus between the two hips, over twice the
    torso length (about 0-0.3 from the side, 0.5 or more from the front or back)."""
    px = points[..., :2] * np.array([width, height])
    sh = np.linalg.norm(px[:, Landmark.LEFT_SHOULDER] - px[:, Landmark.RIGHT_SHOULDER], axis=-1)
    hp = np.linalg.norm(px[:, Landmark.LEFT_HIP] - px[:, Landmark.RIGHT_HIP], axis=-1)
    return np.asarray((sh + hp) / (2.0 * _torso(px)), dtype=np.float64)
