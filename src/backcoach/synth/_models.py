"""Kinematic models of the seven exercises in the body's sagittal plane.

Each model owns a set of named parameters (angles in degrees, a few lengths); a pose is a dict of
parameter arrays over time and `skeleton` turns it into 2-D joint positions (a: along the body,
toward the head or the face; y: up; floor at y = 0). The parameter that carries an exercise's
primary signal is that signal itself, so truth needs no inversion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from backcoach.synth._body import Body
from backcoach.synth._geometry import (
    FloatArray,
    angle_at,
    elevation,
    heading,
    rot,
    two_link,
    unit,
)

SIDES = ("left", "right")
Params = Mapping[str, FloatArray]
Skeleton = dict[str, FloatArray]
"""2-D joints keyed `<part>_<side>` (shoulder, elbow, wrist, hip, knee, ankle, heel, toe),
plus `ear` and `head_dir` (unit vector along the head, toward its top)."""

SUPINE, FACE_DOWN, STANDING = 1, -1, -1
"""Posture sign: +1 when the front of the body faces up (+y), -1 when it faces down or +a."""

_FLOOR_HAND = 0.035  # wrist height with the hand flat on the floor


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def _foot(
    body: Body, ankle: FloatArray, f: FloatArray, sigma: int
) -> tuple[FloatArray, FloatArray]:
    """Heel and toe from the ankle and the heel->toe direction; `sigma` turns f toward the sole."""
    n = rot(f, sigma * 90.0)
    heel = ankle - body.heel_back * f + body.ankle_h * n
    toe = heel + body.foot * f
    return heel, toe


def _full(value: float, like: FloatArray) -> FloatArray:
    return np.full(like.shape, value, dtype=np.float64)


class Model:
    """An exercise's body model: start pose, rep peaks and the pose -> skeleton map."""

    posture: ClassVar[int] = SUPINE
    foot_sigma: ClassVar[int] = 1
    direction: ClassVar[int] = 1  # +1 when the primary signal rises toward the target
    excursion: ClassVar[float] = 30.0  # typical |target - start| of the primary signal
    unilateral: ClassVar[bool] = False

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        self.body = body
        self.start: dict[str, float] = {"shift": 0.0}
        self.lateral: dict[str, float] = {}

    def primary(self, side: str | None) -> str:
        """The parameter holding the primary signal (of the moving side)."""
        raise NotImplementedError

    def primary_signal(self, side: str | None) -> str:
        """The `joint_angles` key of the primary signal."""
        return self.primary(side)

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        """Parameter values at a rep's peak (only the ones that move)."""
        raise NotImplementedError

    def skeleton(self, p: Params) -> Skeleton:
        raise NotImplementedError

    def extra_signals(self, p: Params) -> dict[str, FloatArray]:
        """True signals that are parameters rather than geometry."""
        return {}

    # shared pieces ------------------------------------------------------------------------

    def _supine_leg(
        self,
        hip: FloatArray,
        lam: FloatArray,
        theta: FloatArray,
        kappa: FloatArray,
        rel: FloatArray,
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """A leg lying on the back from hip angle (to the trunk line), knee angle and the foot's
        angle to the shank."""
        b = self.body
        psi = lam + theta
        knee = hip + b.thigh * unit(psi)
        shank_dir = psi + 180.0 - kappa
        ankle = knee + b.shank * unit(shank_dir)
        f = rot(unit(shank_dir + 180.0), rel)
        heel, toe = _foot(b, ankle, f, 1)
        return knee, ankle, heel, toe

    def _hook_leg(self, hip_y: float, psi: float) -> tuple[float, float]:
        """Knee angle and foot angle that put the foot flat on the floor for thigh heading psi."""
        b = self.body
        knee_y = hip_y + b.thigh * np.sin(np.radians(psi))
        x = float(np.degrees(np.arcsin(np.clip((knee_y - b.ankle_h) / b.shank, -1.0, 1.0))))
        shank_dir = 180.0 + x
        return 180.0 - (shank_dir - psi), 180.0 - x

    def _floor_arms(self, sk: Skeleton, shoulder: FloatArray, side: str) -> FloatArray:
        """Arms lying along the body, hands on the floor; returns the wrist."""
        b = self.body
        reach = 0.97 * b.arm
        drop = np.clip(shoulder[..., 1] - _FLOOR_HAND, 0.0, reach)
        along = np.sqrt(reach**2 - drop**2)
        wrist = np.stack([shoulder[..., 0] - along, _full(_FLOOR_HAND, drop)], axis=-1)
        elbow, wrist = two_link(shoulder, wrist, b.upper_arm, b.forearm, -1.0)
        sk[f"elbow_{side}"], sk[f"wrist_{side}"] = elbow, wrist
        return wrist

    def _head(self, sk: Skeleton, shoulder: FloatArray, head_deg: FloatArray) -> None:
        sk["head_dir"] = unit(head_deg)
        sk["ear"] = shoulder + self.body.neck * sk["head_dir"]


class PartialCrunch(Model):
    posture = SUPINE
    excursion = 27.0

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        self.hip = np.array([0.0, body.hip_r])
        lam0 = float(np.degrees(np.arcsin((body.shoulder_r - body.hip_r) / body.trunk)))
        self.arm_style = "head" if rng.random() < 0.4 else "reach"
        self.legs = {}
        for side in SIDES:
            psi = lam0 + float(rng.uniform(125.0, 135.0))
            kappa, rel = self._hook_leg(body.hip_r, psi)
            self.legs[side] = (psi, kappa, rel)
        drop = float(np.degrees(np.arcsin((body.shoulder_r - _FLOOR_HAND) / (0.97 * body.arm))))
        self.start.update(
            trunk=lam0 + float(rng.uniform(-1.0, 1.5)),
            flex=float(rng.uniform(3.0, 10.0)),
            arm=180.0 + drop,
        )
        if self.arm_style == "head":
            self.lateral.update(elbow=body.shoulder_hw + 0.12, wrist=0.07)

    def primary(self, side: str | None) -> str:
        return "trunk"

    def primary_signal(self, side: str | None) -> str:
        return "trunk_lift"

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        flex = rng.uniform(57.0, 68.0) if "neck_pulled" in faults else rng.uniform(12.0, 25.0)
        return {
            "trunk": float(rng.uniform(22.0, 33.0)),
            "flex": float(flex),
            "arm": 180.0 - float(rng.uniform(0.0, 8.0)),
        }

    def skeleton(self, p: Params) -> Skeleton:
        b = self.body
        lam = p["trunk"]
        hip = np.broadcast_to(self.hip, (*lam.shape, 2)).copy()
        shoulder = hip + b.trunk * unit(lam)
        sk: Skeleton = {}
        self._head(sk, shoulder, lam + p["flex"])
        for side in SIDES:
            psi, kappa, rel = self.legs[side]
            knee, ankle, heel, toe = self._supine_leg(
                hip, _full(0.0, lam), _full(psi, lam), _full(kappa, lam), _full(rel, lam)
            )
            sk.update({f"hip_{side}": hip, f"knee_{side}": knee, f"ankle_{side}": ankle})
            sk.update({f"heel_{side}": heel, f"toe_{side}": toe, f"shoulder_{side}": shoulder})
            if self.arm_style == "head":
                ant = rot(sk["head_dir"], 90.0)
                target = sk["ear"] - 0.07 * ant + 0.02 * sk["head_dir"]
                elbow, wrist = two_link(shoulder, target, b.upper_arm, b.forearm, 1.0)
            else:
                target = shoulder + 0.97 * b.arm * unit(p["arm"])
                target[..., 1] = np.maximum(target[..., 1], _FLOOR_HAND)
                elbow, wrist = two_link(shoulder, target, b.upper_arm, b.forearm, -1.0)
            sk[f"elbow_{side}"], sk[f"wrist_{side}"] = elbow, wrist
        return sk


class _SupineUnilateral(Model):
    """Lying on the back, knees bent, feet flat; one leg at a time moves; the hands reach for it."""

    posture = SUPINE
    direction = -1
    unilateral = True

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        self.hip = np.array([0.0, body.hip_r])
        self.lam = float(np.degrees(np.arcsin((body.shoulder_r - body.hip_r) / body.trunk)))
        self.head_deg = self.lam + float(rng.uniform(2.0, 8.0))
        for side in SIDES:
            theta = float(rng.uniform(126.0, 134.0))
            kappa, rel = self._hook_leg(body.hip_r, self.lam + theta)
            self.start.update(
                {
                    f"hip_{side}": theta,
                    f"knee_{side}": kappa,
                    f"foot_{side}": rel,
                    f"grab_{side}": 0.0,
                }
            )

    def primary(self, side: str | None) -> str:
        return f"hip_{side}"

    def _grab_point(self, knee: FloatArray, hip: FloatArray, ankle: FloatArray) -> FloatArray:
        raise NotImplementedError

    def skeleton(self, p: Params) -> Skeleton:
        b = self.body
        n = p["hip_left"].shape
        hip = np.broadcast_to(self.hip, (*n, 2)).copy()
        lam = _full(self.lam, p["hip_left"])
        shoulder = hip + b.trunk * unit(lam)
        sk: Skeleton = {}
        self._head(sk, shoulder, _full(self.head_deg, lam))
        grabs = []
        for side in SIDES:
            knee, ankle, heel, toe = self._supine_leg(
                hip, lam, p[f"hip_{side}"], p[f"knee_{side}"], p[f"foot_{side}"]
            )
            sk.update({f"hip_{side}": hip, f"knee_{side}": knee, f"ankle_{side}": ankle})
            sk.update({f"heel_{side}": heel, f"toe_{side}": toe, f"shoulder_{side}": shoulder})
            grabs.append((p[f"grab_{side}"], self._grab_point(knee, hip, ankle)))
        for side in SIDES:
            rest = self._floor_arms(sk, shoulder, side)
            target = rest.copy()
            for weight, point in grabs:
                target += weight[..., None] * (point - rest)
            elbow, wrist = two_link(shoulder, target, b.upper_arm, b.forearm, -1.0)
            sk[f"elbow_{side}"], sk[f"wrist_{side}"] = elbow, wrist
        return sk


class HamstringStretch(_SupineUnilateral):
    excursion = 35.0

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        assert side is not None
        if "knee_not_straight" in faults:
            hip, knee = rng.uniform(95.0, 105.0), rng.uniform(125.0, 142.0)
        else:
            hip, knee = rng.uniform(88.0, 102.0), rng.uniform(166.0, 178.0)
        return {
            f"hip_{side}": float(hip),
            f"knee_{side}": float(knee),
            f"foot_{side}": float(rng.uniform(95.0, 110.0)),
            f"grab_{side}": 1.0,
        }

    def _grab_point(self, knee: FloatArray, hip: FloatArray, ankle: FloatArray) -> FloatArray:
        return hip + 0.8 * (knee - hip)


class KneeToChest(_SupineUnilateral):
    excursion = 80.0

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        # the resting leg floats up: the knee opens and the thigh rises a little
        self._lift_tables: dict[str, tuple[FloatArray, FloatArray]] = {}
        share = np.linspace(0.0, 1.0, 401)
        for side in SIDES:
            hip = np.broadcast_to(self.hip, (share.size, 2))
            _, _, heel, _ = self._supine_leg(
                hip,
                self.lam * np.ones_like(share),
                self.start[f"hip_{side}"] - 10.0 * share,
                self.start[f"knee_{side}"] + 75.0 * share,
                self.start[f"foot_{side}"] * np.ones_like(share),
            )
            rise = (heel[:, 1] - heel[0, 1]) / body.leg
            top = int(np.argmax(rise))
            self._lift_tables[side] = (rise[: top + 1], share[: top + 1])

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        assert side is not None
        theta0 = self.start[f"hip_{side}"]
        if "knee_not_to_chest" in faults:
            third = theta0 - 0.36 * (theta0 - 60.0)
            hip, knee = rng.uniform(94.0, max(95.0, min(104.0, third))), rng.uniform(70.0, 90.0)
        else:
            hip, knee = rng.uniform(40.0, 56.0), rng.uniform(45.0, 62.0)
        out = {f"hip_{side}": float(hip), f"knee_{side}": float(knee), f"grab_{side}": 1.0}
        if "other_leg_lifted" in faults:
            other = _other(side)
            rise, shares = self._lift_tables[other]
            share = float(np.interp(rng.uniform(0.22, 0.32), rise, shares))
            out[f"hip_{other}"] = self.start[f"hip_{other}"] - 10.0 * share
            out[f"knee_{other}"] = self.start[f"knee_{other}"] + 75.0 * share
        return out

    def _grab_point(self, knee: FloatArray, hip: FloatArray, ankle: FloatArray) -> FloatArray:
        return knee + 0.15 * (ankle - knee)


class WallSit(Model):
    posture = STANDING
    foot_sigma = -1
    direction = -1
    excursion = 50.0

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        self.wall = float(rng.uniform(0.28, 0.42)) * body.height / 1.75  # ankle to hip line
        self.lean = float(rng.uniform(1.0, 4.0))
        self.offsets = {"left": float(rng.uniform(-0.5, 0.5))}
        self.offsets["right"] = -self.offsets["left"]
        self.start.update(knee=float(rng.uniform(172.0, 178.0)), flex=float(rng.uniform(3.0, 10.0)))

    def primary(self, side: str | None) -> str:
        return "knee"

    def primary_signal(self, side: str | None) -> str:
        return "knee_mean"

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        knee = rng.uniform(66.0, 75.0) if "too_deep" in faults else rng.uniform(105.0, 140.0)
        return {"knee": float(knee)}

    def _shank_tilt(self, kappa: FloatArray) -> FloatArray:
        """Shank angle from vertical (knee forward +) that keeps the hip on the wall line."""
        b = self.body
        k = np.radians(kappa)
        lo = np.full(kappa.shape, np.radians(-40.0))
        hi = np.full(kappa.shape, np.radians(70.0))
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            f = b.shank * np.sin(mid) - b.thigh * np.sin(mid + k) + self.wall
            lo = np.where(f < 0.0, mid, lo)
            hi = np.where(f < 0.0, hi, mid)
        out: FloatArray = np.degrees(0.5 * (lo + hi))
        return out

    def skeleton(self, p: Params) -> Skeleton:
        b = self.body
        sk: Skeleton = {}
        shoulders = []
        for side in SIDES:
            kappa = p["knee"] + self.offsets[side]
            beta = self._shank_tilt(kappa)
            ankle = np.stack([_full(0.0, kappa), _full(b.ankle_h, kappa)], axis=-1)
            knee = ankle + b.shank * np.stack(
                [np.sin(np.radians(beta)), np.cos(np.radians(beta))], -1
            )
            hip = knee + b.thigh * unit(270.0 - beta - kappa)
            heel, toe = _foot(b, ankle, unit(_full(0.0, kappa)), -1)
            shoulder = hip + b.trunk * unit(_full(90.0 + self.lean, kappa))
            elbow = shoulder + b.upper_arm * unit(_full(275.0, kappa))
            wrist = elbow + b.forearm * unit(_full(282.0, kappa))
            sk.update({f"hip_{side}": hip, f"knee_{side}": knee, f"ankle_{side}": ankle})
            sk.update({f"heel_{side}": heel, f"toe_{side}": toe, f"shoulder_{side}": shoulder})
            sk.update({f"elbow_{side}": elbow, f"wrist_{side}": wrist})
            shoulders.append(shoulder)
        shoulder = 0.5 * (shoulders[0] + shoulders[1])
        self._head(sk, shoulder, 90.0 + self.lean - p["flex"])
        return sk


class BirdDog(Model):
    posture = FACE_DOWN
    foot_sigma = -1
    excursion = 45.0
    unilateral = True

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        hip_y = body.knee_r + body.thigh
        shoulder_y = _FLOOR_HAND + body.arm
        lam = float(np.degrees(np.arcsin(np.clip((shoulder_y - hip_y) / body.trunk, -0.9, 0.9))))
        self.hip = np.array([0.0, hip_y])
        self.lam = lam
        self.start.update(flex=float(rng.uniform(5.0, 15.0)))
        for side in SIDES:
            kappa = float(rng.uniform(86.0, 94.0))
            knee = self.hip + np.array([0.0, -body.thigh])
            ankle = knee + body.shank * unit(90.0 + kappa)
            gamma = float(elevation(self.hip, ankle))
            # dorsum of the foot on the floor: foot roughly along the shank, pointing back
            self.start.update(
                {
                    f"leg_{side}": gamma,
                    f"knee_{side}": kappa,
                    f"foot_{side}": float(rng.uniform(170.0, 178.0)),
                    f"arm_{side}": -90.0 + float(rng.uniform(-2.0, 2.0)),
                }
            )

    def primary(self, side: str | None) -> str:
        return f"leg_{side}"

    def primary_signal(self, side: str | None) -> str:
        return f"leg_line_{side}"

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        assert side is not None
        gamma0 = self.start[f"leg_{side}"]
        if "leg_not_level" in faults:
            lo = max(-30.5, 0.64 * gamma0)
            leg, knee = (
                rng.uniform(lo, max(lo + 0.5, min(-27.5, lo + 3.0))),
                rng.uniform(160.0, 175.0),
            )
        else:
            leg, knee = rng.uniform(-7.0, 6.0), rng.uniform(168.0, 178.0)
        arm = rng.uniform(-62.0, -46.0) if "arm_not_raised" in faults else rng.uniform(-8.0, 8.0)
        return {
            f"leg_{side}": float(leg),
            f"knee_{side}": float(knee),
            f"foot_{side}": float(rng.uniform(95.0, 120.0)),
            f"arm_{_other(side)}": float(arm),
        }

    def skeleton(self, p: Params) -> Skeleton:
        b = self.body
        like = p["leg_left"]
        hip = np.broadcast_to(self.hip, (*like.shape, 2)).copy()
        shoulder = hip + b.trunk * unit(_full(self.lam, like))
        sk: Skeleton = {}
        self._head(sk, shoulder, self.lam - p["flex"])
        for side in SIDES:
            gamma, kappa = p[f"leg_{side}"], p[f"knee_{side}"]
            d = np.sqrt(b.thigh**2 + b.shank**2 - 2 * b.thigh * b.shank * np.cos(np.radians(kappa)))
            cos_h = (b.thigh**2 + d**2 - b.shank**2) / (2 * b.thigh * d)
            at_hip = np.degrees(np.arccos(np.clip(cos_h, -1.0, 1.0)))
            ankle = hip + d[..., None] * unit(180.0 - gamma)
            knee = hip + b.thigh * unit(180.0 - gamma + at_hip)
            f = rot(unit(heading(knee - ankle)), -p[f"foot_{side}"])
            heel, toe = _foot(b, ankle, f, -1)
            arm = unit(p[f"arm_{side}"])
            elbow = shoulder + b.upper_arm * arm
            wrist = shoulder + b.arm * arm
            sk.update({f"hip_{side}": hip, f"knee_{side}": knee, f"ankle_{side}": ankle})
            sk.update({f"heel_{side}": heel, f"toe_{side}": toe, f"shoulder_{side}": shoulder})
            sk.update({f"elbow_{side}": elbow, f"wrist_{side}": wrist})
        return sk


class _Bridging(Model):
    """Lying on the back, knees bent, feet planted, shoulders on the floor; the hips may rise."""

    posture = SUPINE

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        lam0 = float(np.degrees(np.arcsin((body.shoulder_r - body.hip_r) / body.trunk)))
        self.theta0 = float(rng.uniform(126.0, 134.0))
        psi = lam0 + self.theta0
        kappa, rel = self._hook_leg(body.hip_r, psi)
        hip = np.array([0.0, body.hip_r])
        self.shoulder = hip + body.trunk * unit(lam0)
        _, ankle, _, _ = self._supine_leg(
            hip[None], np.array([0.0]), np.array([psi]), np.array([kappa]), np.array([rel])
        )
        self.ankle = ankle[0]
        self.head_deg = lam0 + float(rng.uniform(2.0, 8.0))

    def _at_height(self, hip_y: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Hip on a circle about the shoulder at height hip_y; knee from the planted foot."""
        b = self.body
        dy = np.clip(hip_y - self.shoulder[1], -0.95 * b.trunk, 0.95 * b.trunk)
        hip = np.stack([self.shoulder[0] - np.sqrt(b.trunk**2 - dy**2), self.shoulder[1] + dy], -1)
        ankle = np.broadcast_to(self.ankle, hip.shape).copy()
        knee, ankle = two_link(hip, ankle, b.thigh, b.shank, -1.0)
        return hip, knee, ankle

    def _hip_angle(self, hip: FloatArray, knee: FloatArray) -> FloatArray:
        """Shoulder-hip-knee angle, signed so it keeps rising past 180."""
        diff = heading(knee - hip) - heading(self.shoulder - hip)
        return np.mod(diff, 360.0)

    def _bridge_skeleton(self, hip_y: FloatArray) -> Skeleton:
        b = self.body
        hip, knee, ankle = self._at_height(hip_y)
        shoulder = np.broadcast_to(self.shoulder, hip.shape).copy()
        sk: Skeleton = {}
        self._head(sk, shoulder, _full(self.head_deg, hip_y))
        heel, toe = _foot(b, ankle, unit(_full(180.0, hip_y)), 1)
        for side in SIDES:
            sk.update({f"hip_{side}": hip, f"knee_{side}": knee, f"ankle_{side}": ankle})
            sk.update({f"heel_{side}": heel, f"toe_{side}": toe, f"shoulder_{side}": shoulder})
            self._floor_arms(sk, shoulder, side)
        return sk


class GluteBridge(_Bridging):
    excursion = 40.0

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        heights = np.linspace(body.hip_r, body.shoulder_r + 0.9 * body.trunk, 2001)
        hip, knee, _ = self._at_height(heights)
        angles = self._hip_angle(hip, knee)
        ok = np.concatenate([[True], np.diff(angles) > 0])
        stop = int(np.argmin(ok)) if not ok.all() else ok.size
        self._angles, self._heights = angles[:stop], heights[:stop]
        self.start.update(hip=float(self._angles[0]))

    def primary(self, side: str | None) -> str:
        return "hip"

    def primary_signal(self, side: str | None) -> str:
        return "hip_left"

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        hip = rng.uniform(146.0, 153.0) if "hips_too_low" in faults else rng.uniform(167.0, 178.0)
        return {"hip": float(min(hip, self._angles[-1] - 0.5))}

    def skeleton(self, p: Params) -> Skeleton:
        return self._bridge_skeleton(np.interp(p["hip"], self._angles, self._heights))


class PelvicTilt(_Bridging):
    excursion = 6.0

    def __init__(self, body: Body, rng: np.random.Generator) -> None:
        super().__init__(body, rng)
        self.start.update(tilt=0.0, rise=0.0)

    def primary(self, side: str | None) -> str:
        return "tilt"

    def primary_signal(self, side: str | None) -> str:
        return "pelvic_tilt"

    def peak(
        self, side: str | None, faults: frozenset[str], rng: np.random.Generator
    ) -> dict[str, float]:
        out = {"tilt": float(rng.uniform(4.0, 9.0))}
        if "hips_lifted" in faults:
            out["rise"] = float(rng.uniform(0.22, 0.35))
        return out

    def skeleton(self, p: Params) -> Skeleton:
        # a posterior tilt lifts the hip joints by about a centimetre: barely visible
        lift = 0.0022 * p["tilt"] + p["rise"] * self.body.trunk
        return self._bridge_skeleton(self.body.hip_r + lift)

    def extra_signals(self, p: Params) -> dict[str, FloatArray]:
        return {"pelvic_tilt": np.asarray(p["tilt"], dtype=np.float64)}


MODELS: dict[str, type[Model]] = {
    "partial_crunch": PartialCrunch,
    "hamstring_stretch": HamstringStretch,
    "wall_sit": WallSit,
    "knee_to_chest": KneeToChest,
    "bird_dog": BirdDog,
    "pelvic_tilt": PelvicTilt,
    "glute_bridge": GluteBridge,
}


def signals(model: Model, sk: Skeleton, p: Params, start_sk: Skeleton) -> dict[str, FloatArray]:
    """The true joint angles (degrees) and heights (shares of a segment) of a skeleton."""
    b = model.body
    out: dict[str, FloatArray] = {}
    for side in SIDES:
        s, h, k, a = (sk[f"{j}_{side}"] for j in ("shoulder", "hip", "knee", "ankle"))
        out[f"hip_{side}"] = angle_at(s, h, k)
        out[f"knee_{side}"] = angle_at(h, k, a)
        out[f"leg_line_{side}"] = elevation(h, a)
        out[f"arm_line_{side}"] = elevation(s, sk[f"wrist_{side}"])
        out[f"heel_rise_{side}"] = (
            sk[f"heel_{side}"][..., 1] - start_sk[f"heel_{side}"][0, 1]
        ) / b.leg
    out["knee_mean"] = 0.5 * (out["knee_left"] + out["knee_right"])
    shoulder, hip = sk["shoulder_left"], sk["hip_left"]
    d = shoulder - hip
    out["trunk_lift"] = np.degrees(np.arctan2(d[..., 1], d[..., 0]))
    out["neck_angle"] = angle_at(sk["ear"], shoulder, hip)
    out["hip_rise"] = (hip[..., 1] - start_sk["hip_left"][0, 1]) / b.trunk
    out.update(model.extra_signals(p))
    return out
