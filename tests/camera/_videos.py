"""Test videos made at test time and cached: a rendered humanoid acting out synthetic tracks.

Each clip is a `backcoach.synth` track rendered by MuJoCo (`backcoach.camera._render_humanoid`)
into a small MP4. The cache key is a hash of the track document itself, so a change in the
generator (or the renderer's version) makes the video afresh. Videos live under
`<repo>/.cache/camera-videos/` (gitignored) or `$BACKCOACH_VIDEO_CACHE`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backcoach.synth import SyntheticTrack, TrackSpec, generate


def _have(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


HAVE_CAMERA = _have("cv2") and _have("mediapipe")
HAVE_RENDERER = _have("mujoco")
needs_camera = pytest.mark.skipif(
    not HAVE_CAMERA, reason="the camera extra (opencv-python-headless, mediapipe) is missing"
)
needs_videos = pytest.mark.skipif(
    not (HAVE_CAMERA and HAVE_RENDERER),
    reason="rendering the test videos needs the camera extra and mujoco",
)

REPO = Path(__file__).resolve().parents[2]
SIZE = (480, 360)
FPS = 15.0


def cache_dir() -> Path:
    """Where rendered videos are kept between test runs."""
    own = os.environ.get("BACKCOACH_VIDEO_CACHE")
    return Path(own) if own else REPO / ".cache" / "camera-videos"


@dataclass(frozen=True)
class Clip:
    """A synthetic recording to render: the exercise's spec, a seed and what to pass the
    analyzer as the prescription (the clip's own hold and rest)."""

    spec: TrackSpec
    seed: int
    note: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def hold_s(self) -> float | None:
        return self.spec.hold_s

    @property
    def rest_s(self) -> float | None:
        return self.spec.rest_s


def _spec(exercise: str, **kw: Any) -> TrackSpec:
    # A camera a little off the pure side view (as a phone propped on the floor usually is)
    # where the legs would otherwise hide each other exactly: the capsule body's two legs are
    # identical, and BlazePose then guesses the far one's shape for the near one.
    base: dict[str, Any] = {
        "width": SIZE[0],
        "height": SIZE[1],
        "fps": FPS,
        "lead_in_s": 1.5,
        "lead_out_s": 1.5,
    }
    base.update(kw)
    return TrackSpec(exercise, **base)


CLIPS: dict[str, Clip] = {
    "glute_bridge": Clip(
        _spec(
            "glute_bridge",
            reps=2,
            hold_s=3.0,
            rest_s=4.0,
            faults={2: frozenset({"hold_too_short"})},
        ),
        seed=11,
        note="two bridges, the second one held too briefly",
    ),
    "wall_sit": Clip(
        _spec(
            "wall_sit",
            reps=2,
            hold_s=3.0,
            rest_s=3.0,
            facing="left",
            yaw_deg=12.0,
            faults={2: frozenset({"too_deep"})},
        ),
        seed=12,
        note="two wall sits, the second one too deep",
    ),
    "knee_to_chest": Clip(
        _spec("knee_to_chest", reps=1, hold_s=3.0, rest_s=3.0), seed=13, note="one rep per leg"
    ),
}


@cache
def track(name: str) -> SyntheticTrack:
    """The synthetic track (with its truth) behind clip `name`."""
    clip = CLIPS[name]
    return generate(clip.spec, clip.seed)


def _key(*parts: Any) -> str:
    from backcoach.camera._render_humanoid import RENDERER_VERSION

    h = hashlib.sha256(str(RENDERER_VERSION).encode())
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def _cached(name: str, key: str, make: Any, suffix: str = ".mp4") -> Path:
    path = cache_dir() / f"{name}-{key}{suffix}"
    if not path.exists():
        for stale in cache_dir().glob(f"{name}-*{suffix}"):
            stale.unlink(missing_ok=True)  # made from an older generator or renderer
        make(path)
    return path


def video(name: str) -> Path:
    """The rendered MP4 of clip `name` (made on first use)."""
    from backcoach.camera._render_humanoid import write_video

    doc = track(name).document
    return _cached(name, _key(doc), lambda p: write_video(doc, p))


def _frames(path: Path) -> Iterator[np.ndarray]:
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            yield frame
    finally:
        cap.release()


def empty_room(seconds: float = 3.0) -> Path:
    """A video of the room with nobody in it."""
    from backcoach.camera._render_humanoid import HumanoidRenderer, camera_frames, write_frames

    doc = track("glute_bridge").document
    n = int(seconds * FPS)

    def make(path: Path) -> None:
        scene, _ = camera_frames(doc)
        renderer = HumanoidRenderer(scene)
        try:
            image = np.ascontiguousarray(renderer.render()[:, :, ::-1])
        finally:
            renderer.close()
        write_frames((image for _ in range(n)), path, FPS, SIZE)

    return _cached("empty", _key(doc, n), make)


def two_people(seconds: float = 8.0) -> Path:
    """The glute bridge clip with a second person standing further back, to one side."""
    from backcoach.camera._render_humanoid import HumanoidRenderer, camera_frames, write_frames

    doc = track("glute_bridge").document
    other = track("wall_sit").document
    n = int(seconds * FPS)

    def make(path: Path) -> None:
        scene, bodies = camera_frames(doc)
        _, others = camera_frames(other)
        standing = next(b for b in others if b is not None)  # standing at the wall, at rest
        floor_gap = scene.floor_down_m - float(standing[:, 1].max()) - 0.04
        bystander = standing + np.array([-1.8, floor_gap, 1.2])
        renderer = HumanoidRenderer(scene)
        try:
            frames = [
                np.ascontiguousarray(renderer.render(bodies[i], bystander)[:, :, ::-1])
                for i in range(n)
            ]
        finally:
            renderer.close()
        write_frames(frames, path, FPS, SIZE)

    return _cached("two-people", _key(doc, other, n), make)


def rotated(seconds: float = 4.0) -> Path:
    """The start of the glute bridge clip as a phone stores it: frames on their side, with
    rotation metadata (90 degrees) saying how to show them upright."""
    import cv2

    from backcoach.camera._render_humanoid import write_frames

    source = video("glute_bridge")
    n = int(seconds * FPS)

    def make(path: Path) -> None:
        frames = []
        for i, frame in enumerate(_frames(source)):
            if i >= n:
                break
            frames.append(cv2.rotate(frame, cv2.ROTATE_90_COUNTERCLOCKWISE))
        tmp = path.with_name(path.stem + ".norot.mp4")
        write_frames(frames, tmp, FPS, (SIZE[1], SIZE[0]))
        set_mp4_rotation(tmp, 90)
        tmp.replace(path)

    return _cached("rotated", _key(source.name, n), make)


def _box(data: bytes | bytearray, name: bytes, start: int, end: int) -> tuple[int, int]:
    i = start
    while i + 8 <= end:
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        if size < 8:
            break
        if kind == name:
            return i, size
        i += size
    raise ValueError(f"no {name!r} box")


def set_mp4_rotation(path: Path, degrees: int) -> None:
    """Write a display rotation into an MP4's first track header (as phones record it)."""
    data = bytearray(path.read_bytes())
    moov = _box(data, b"moov", 0, len(data))
    trak = _box(data, b"trak", moov[0] + 8, moov[0] + moov[1])
    tkhd = _box(data, b"tkhd", trak[0] + 8, trak[0] + trak[1])
    at = tkhd[0] + 8
    version = data[at]
    matrix_at = at + 4 + (32 if version == 1 else 20) + 8 + 8
    one, minus, w = 0x10000, (-0x10000) & 0xFFFFFFFF, 0x40000000
    matrices = {
        0: (one, 0, 0, 0, one, 0, 0, 0, w),
        90: (0, one, 0, minus, 0, 0, 0, 0, w),
        180: (minus, 0, 0, 0, minus, 0, 0, 0, w),
        270: (0, minus, 0, one, 0, 0, 0, 0, w),
    }
    data[matrix_at : matrix_at + 36] = struct.pack(">9I", *matrices[degrees])
    path.write_bytes(bytes(data))


def frame_count(path: Path) -> int:
    """Frames OpenCV can decode from `path`."""
    return sum(1 for _ in _frames(path))


def y4m(name: str, *, slow_down: int = 1) -> Path:
    """Clip `name` as a YUV4MPEG2 file, the format Chromium's fake camera plays
    (`--use-file-for-fake-video-capture`). `slow_down` declares a frame rate that many times
    lower, so the same frames play slower: a machine without a GPU runs the page's pose model
    at a few frames a second, and the slower movement keeps enough frames per rep."""
    import cv2

    source = video(name)
    fps = FPS / slow_down

    def make(path: Path) -> None:
        partial = path.with_suffix(".part")
        with partial.open("wb") as out:
            header = f"YUV4MPEG2 W{SIZE[0]} H{SIZE[1]} F{int(FPS)}:{slow_down} Ip A1:1 C420jpeg\n"
            out.write(header.encode())
            for frame in _frames(source):
                out.write(b"FRAME\n")
                out.write(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
        partial.replace(path)

    return _cached(f"{name}-{fps:g}fps", _key(track(name).document, "y4m", slow_down), make, ".y4m")
