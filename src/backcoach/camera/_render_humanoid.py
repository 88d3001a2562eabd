"""Test videos without footage: a capsule humanoid acting out a synthetic pose track.

The body is the synthetic track generator's own (`backcoach.synth`): every frame's 33 landmarks
are lifted back into the camera's 3-D frame (from the document's world landmarks and image
points) and drawn as capsules by MuJoCo's offscreen renderer, through a pinhole camera with the
generator's focal length. So the rendered person stands exactly where the track says, and the
track's truth is the video's truth. MuJoCo is imported lazily (set MUJOCO_GL=egl headless).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from backcoach.camera._deps import require_cv2
from backcoach.camera._landmarks import INDEX

FloatArray = npt.NDArray[np.float64]
RENDERER_VERSION = 3
"""Bump when the drawing changes, so cached videos are made afresh."""

_SKIN = (0.87, 0.68, 0.55, 1.0)
_SHIRT = (0.18, 0.36, 0.72, 1.0)
_SHIRT_FAR = (0.14, 0.28, 0.58, 1.0)
_TROUSERS = (0.22, 0.22, 0.28, 1.0)
_TROUSERS_FAR = (0.16, 0.16, 0.2, 1.0)
_SHOES = (0.08, 0.08, 0.08, 1.0)
_DARK = (0.1, 0.07, 0.06, 1.0)

# (from, to, radius m, near colour, far colour): both sides' limbs and the trunk's outline.
_LIMBS: tuple[tuple[str, str, float, tuple[float, ...], tuple[float, ...]], ...] = (
    ("shoulder", "elbow", 0.05, _SHIRT, _SHIRT_FAR),
    ("elbow", "wrist", 0.04, _SKIN, _SKIN),
    ("wrist", "index", 0.03, _SKIN, _SKIN),
    ("hip", "knee", 0.075, _TROUSERS, _TROUSERS_FAR),
    ("knee", "ankle", 0.055, _TROUSERS, _TROUSERS_FAR),
    ("ankle", "heel", 0.04, _SHOES, _SHOES),
    ("heel", "foot_index", 0.035, _SHOES, _SHOES),
    ("shoulder", "hip", 0.1, _SHIRT, _SHIRT_FAR),
)


def _mid(p: FloatArray, a: str, b: str) -> FloatArray:
    mid: FloatArray = 0.5 * (p[INDEX[a]] + p[INDEX[b]])
    return mid


def lift_to_camera(
    points: Sequence[Sequence[float]],
    world: Sequence[Sequence[float]],
    width: int,
    height: int,
    focal_px: float,
) -> FloatArray:
    """One frame's landmarks in camera coordinates (right, down, depth; metres).

    `world` holds the landmarks relative to the hips' mid-point in the camera's axes (as the
    generator writes them); the hips' position follows from where the image points fall, by
    linear least squares on the pinhole equations.
    """
    w = np.asarray(world, dtype=np.float64)
    p = np.asarray(points, dtype=np.float64)
    du = p[:, 0] * width - width / 2.0
    dv = p[:, 1] * height - height / 2.0
    n = w.shape[0]
    a = np.zeros((2 * n, 3))
    b = np.zeros(2 * n)
    a[:n, 0] = focal_px
    a[:n, 2] = -du
    b[:n] = du * w[:, 2] - focal_px * w[:, 0]
    a[n:, 1] = focal_px
    a[n:, 2] = -dv
    b[n:] = dv * w[:, 2] - focal_px * w[:, 1]
    hips, *_ = np.linalg.lstsq(a, b, rcond=None)
    lifted: FloatArray = w + hips
    return lifted


def focal_px(width: int, height: int, half_fov_deg: float = 32.5) -> float:
    """The synthetic camera's focal length in pixels (its field of view spans the longer side)."""
    return float(max(width, height) / (2.0 * np.tan(np.radians(half_fov_deg))))


@dataclass(frozen=True)
class Scene:
    """Where the floor lies (camera y of the floor, metres down) and the render size."""

    width: int
    height: int
    focal_px: float
    floor_down_m: float
    back_wall_m: float


def _scene_xml(scene: Scene) -> str:
    fovy = float(np.degrees(2.0 * np.arctan(scene.height / (2.0 * scene.focal_px))))
    floor = -scene.floor_down_m
    wall = scene.back_wall_m
    return f"""
<mujoco>
  <statistic extent="2" center="0 2 0"/>
  <visual>
    <global offwidth="{max(scene.width, 64)}" offheight="{max(scene.height, 64)}"/>
    <quality shadowsize="0" offsamples="0" numslices="12" numstacks="6" numquads="1"/>
    <map znear="0.01"/>
    <headlight ambient="0.45 0.45 0.45" diffuse="0.5 0.5 0.5" specular="0.05 0.05 0.05"/>
    <rgba haze="0.8 0.8 0.78 1"/>
  </visual>
  <asset>
    <texture name="boards" type="2d" builtin="checker" rgb1="0.62 0.5 0.38"
             rgb2="0.58 0.46 0.35" width="256" height="256"/>
    <material name="floor" texture="boards" texrepeat="6 6"/>
  </asset>
  <worldbody>
    <light directional="true" pos="0 0 3" dir="0.2 0.6 -1" diffuse="0.45 0.45 0.45"/>
    <geom type="plane" size="30 30 0.1" pos="0 0 {floor:.4f}" material="floor"/>
    <geom type="box" size="30 0.05 10" pos="0 {wall:.4f} {floor + 10:.4f}"
          rgba="0.86 0.85 0.8 1"/>
    <camera name="eye" pos="0 0 0" xyaxes="1 0 0 0 0 1" fovy="{fovy:.5f}"/>
  </worldbody>
</mujoco>
"""


def _to_mj(cam: FloatArray) -> FloatArray:
    """Camera (right, down, depth) to MuJoCo's world (x right, y depth, z up)."""
    return np.stack([cam[..., 0], cam[..., 2], -cam[..., 1]], axis=-1)


class HumanoidRenderer:
    """Draws one frame's camera-frame landmarks (or an empty room) as an RGB image."""

    def __init__(self, scene: Scene) -> None:
        os.environ.setdefault("MUJOCO_GL", "egl")
        try:
            import mujoco
        except ImportError as exc:  # pragma: no cover - the test extra brings it
            raise RuntimeError("rendering test videos needs: pip install mujoco") from exc
        self._mj = mujoco
        self.scene = scene
        self._model = mujoco.MjModel.from_xml_string(_scene_xml(scene))
        self._data = mujoco.MjData(self._model)
        mujoco.mj_forward(self._model, self._data)
        self._renderer = mujoco.Renderer(self._model, scene.height, scene.width)

    def close(self) -> None:
        """Free the GL context."""
        self._renderer.close()

    def render(self, *bodies: FloatArray | None) -> npt.NDArray[np.uint8]:
        """RGB uint8[height, width, 3] with a person at each of `bodies` (33x3 landmarks in the
        camera frame each; None or nothing: an empty room)."""
        r = self._renderer
        r.update_scene(self._data, camera="eye")
        for cam in bodies:
            if cam is not None:
                self._add_body(_to_mj(cam))
        image: npt.NDArray[np.uint8] = r.render()
        return image

    def _add_body(self, p: FloatArray) -> None:
        mj = self._mj
        scn = self._renderer.scene
        eye = np.eye(3).ravel()
        zero = np.zeros(3)

        def capsule(a: FloatArray, b: FloatArray, radius: float, rgba: Sequence[float]) -> None:
            if scn.ngeom >= scn.maxgeom:
                return
            g = scn.geoms[scn.ngeom]
            mj.mjv_initGeom(
                g,
                mj.mjtGeom.mjGEOM_CAPSULE,
                np.full(3, radius),
                zero,
                eye,
                np.asarray(rgba, dtype=np.float32),
            )
            mj.mjv_connector(g, mj.mjtGeom.mjGEOM_CAPSULE, radius, a, b)
            scn.ngeom += 1

        def sphere(c: FloatArray, radius: float, rgba: Sequence[float]) -> None:
            if scn.ngeom >= scn.maxgeom:
                return
            g = scn.geoms[scn.ngeom]
            mj.mjv_initGeom(
                g,
                mj.mjtGeom.mjGEOM_SPHERE,
                np.full(3, radius),
                c,
                eye,
                np.asarray(rgba, dtype=np.float32),
            )
            scn.ngeom += 1

        # The side nearer the camera (smaller depth, MuJoCo y) gets the brighter colours.
        near_left = p[INDEX["left_hip"], 1] <= p[INDEX["right_hip"], 1]
        for side in ("left", "right"):
            near = (side == "left") == near_left
            for a, b, radius, c_near, c_far in _LIMBS:
                capsule(
                    p[INDEX[f"{side}_{a}"]],
                    p[INDEX[f"{side}_{b}"]],
                    radius,
                    c_near if near else c_far,
                )
        shoulders = _mid(p, "left_shoulder", "right_shoulder")
        hips = _mid(p, "left_hip", "right_hip")
        capsule(shoulders, hips, 0.12, _SHIRT)
        capsule(p[INDEX["left_shoulder"]], p[INDEX["right_shoulder"]], 0.07, _SHIRT)
        capsule(p[INDEX["left_hip"]], p[INDEX["right_hip"]], 0.1, _TROUSERS)
        ears = _mid(p, "left_ear", "right_ear")
        nose = p[INDEX["nose"]]
        capsule(shoulders, ears, 0.05, _SKIN)
        head = ears + 0.25 * (nose - ears)
        sphere(head, 0.1, _SKIN)
        # The hair: a dark cap on the back of the head, away from the face.
        sphere(ears - 0.3 * (nose - ears) + 0.02 * _unit(ears - shoulders), 0.085, _DARK)
        for name in ("left_eye", "right_eye"):
            sphere(p[INDEX[name]], 0.013, _DARK)
        sphere(nose, 0.022, _SKIN)
        capsule(p[INDEX["mouth_left"]], p[INDEX["mouth_right"]], 0.008, (0.55, 0.2, 0.2, 1.0))


def _unit(v: FloatArray) -> FloatArray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-9 else v


def camera_frames(document: Mapping[str, Any]) -> tuple[Scene, list[FloatArray | None]]:
    """A synthetic pose-track document's frames lifted into the camera frame, and the scene."""
    width, height = int(document["width"]), int(document["height"])
    f = focal_px(width, height)
    frames: list[FloatArray | None] = []
    for frame in document["frames"]:
        if frame.get("points") is None or frame.get("world") is None:
            frames.append(None)
        else:
            frames.append(lift_to_camera(frame["points"], frame["world"], width, height, f))
    bodies = [c for c in frames if c is not None]
    if bodies:
        stack = np.stack(bodies)
        floor = float(stack[:, :, 1].max()) + 0.04
        wall = float(stack[:, :, 2].max()) + 1.5
    else:
        floor, wall = 1.0, 4.0
    return Scene(width, height, f, floor, wall), frames


def render_frames(document: Mapping[str, Any]) -> Iterator[npt.NDArray[np.uint8]]:
    """BGR frames (OpenCV's order) of a synthetic track document, one per track frame."""
    scene, frames = camera_frames(document)
    renderer = HumanoidRenderer(scene)
    try:
        for cam in frames:
            yield np.ascontiguousarray(renderer.render(cam)[:, :, ::-1])
    finally:
        renderer.close()


def write_frames(
    frames: Iterable[npt.NDArray[np.uint8]],
    path: str | os.PathLike[str],
    fps: float,
    size: tuple[int, int],
) -> Path:
    """Write BGR frames of `size` (width, height) as an MP4 (MPEG-4 part 2, which OpenCV's
    headless build can write); the file appears only once complete."""
    cv2 = require_cv2()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".part" + out.suffix)
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), float(fps), size)
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {tmp}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    tmp.replace(out)
    return out


def write_video(document: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Render a synthetic track document to an MP4 at the track's frame rate.

    The track must be evenly sampled (no dropped frames): a video has one frame per period.
    """
    size = (int(document["width"]), int(document["height"]))
    return write_frames(render_frames(document), path, float(document["fps"]), size)
