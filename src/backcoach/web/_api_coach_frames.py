"""`/api/coach/frames`: the camera coach for a browser that cannot run the pose model itself.

The fallback of `/api/coach/ws`, used only when the page says so on screen: the page sends its
camera pictures here, this server finds the landmarks with its own BlazePose (the camera extra)
and coaches exactly as `/api/coach/ws` does. Pictures are decoded, looked at once and dropped:
none is stored or logged.

    -> {"type": "start", "width": W, "height": H, "fps": F}              (text)
    -> binary: t (seconds, float64 little-endian, 8 bytes), then a JPEG, PNG or WebP picture
    <- {"type": "pose", "t": t, "points": [[x, y, z, visibility] x 33] | null, "events": [...]}
    -> {"type": "finish"}
    <- {"type": "analysis", "analysis": {...the analysis contract...}}   then the server closes

Every picture gets one answer, so the page sends the next one when the last is answered and
the rate adapts to the server. Pose streams are limited (`MAX_STREAMS`); a busy server closes
with 1013 (try again later), a server without the camera extra with 4503.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import anyio
import numpy as np
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.datastructures import State

from backcoach.camera import CameraUnavailableError, PoseBackend
from backcoach.web._api_coach import (
    CLOSE_INVALID,
    CLOSE_NORMAL,
    MESSAGE,
    CoachInputError,
    CoachSession,
    FinishIn,
    Point,
    StartIn,
    accept_session,
    first_problem,
    refuse,
)

router = APIRouter(prefix="/api/coach")

CLOSE_BUSY = 1013
CLOSE_UNAVAILABLE = 4503
MAX_STREAMS = 2
"""Pose streams at once: each takes about a core's worth of a 30 fps camera."""
MAX_PICTURE_BYTES = 2_000_000
MAX_SIDE = 1920
_T = struct.Struct("<d")


@dataclass
class _Streams:
    """How many pose streams are running (the event loop is the only writer)."""

    running: int = 0


def _streams(state: State) -> _Streams:
    streams = getattr(state, "pose_streams", None)
    if streams is None:
        streams = state.pose_streams = _Streams()
    return streams


def make_backend() -> PoseBackend:
    """The server's BlazePose, as the terminal camera coach uses it."""
    from backcoach.camera import BlazePoseBackend

    return BlazePoseBackend("full")


def decode_picture(data: bytes, width: int, height: int) -> tuple[float, Any]:
    """`(t, RGB array)` from one binary message, or `CoachInputError` naming the problem."""
    if len(data) <= _T.size:
        raise CoachInputError("a picture message is 8 bytes of time, then the picture")
    if len(data) > MAX_PICTURE_BYTES + _T.size:
        raise CoachInputError(f"a picture may be at most {MAX_PICTURE_BYTES // 1000} kB")
    (t,) = _T.unpack_from(data)
    if not np.isfinite(t) or t < 0:
        raise CoachInputError("a picture's time must be a finite number of seconds, 0 or more")
    from backcoach.camera._deps import require_cv2

    cv2 = require_cv2()
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8, offset=_T.size), cv2.IMREAD_COLOR)
    if bgr is None:
        raise CoachInputError("a picture could not be decoded (send JPEG, PNG or WebP)")
    got_h, got_w = bgr.shape[:2]
    if (got_w, got_h) != (width, height):
        raise CoachInputError(
            f"pictures must be {width}x{height} as the start message said, got {got_w}x{got_h}"
        )
    return float(t), cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _r(value: float) -> float:
    return round(value, 5)


class PictureCoach:
    """One connection: pictures in, landmarks and the coach's events out."""

    def __init__(self, session: CoachSession, backend: PoseBackend) -> None:
        self.session = session
        self.backend = backend
        self.size: tuple[int, int] | None = None

    def start(self, message: StartIn) -> None:
        if not (message.width <= MAX_SIDE and message.height <= MAX_SIDE):
            raise CoachInputError(f"pictures may be at most {MAX_SIDE} pixels on a side")
        if message.width != int(message.width) or message.height != int(message.height):
            raise CoachInputError("width and height are whole pixels")
        self.session.start(message)
        self.size = (int(message.width), int(message.height))

    def picture(self, data: bytes) -> dict[str, Any]:
        """Runs in a worker thread: decoding and the pose model take milliseconds of CPU."""
        if self.size is None:
            raise CoachInputError("send a start message (width, height, fps) first")
        t, rgb = decode_picture(data, *self.size)
        if self.session.last_t is not None and t <= self.session.last_t:
            raise CoachInputError(
                f"frame times must increase: {t:g} s came after {self.session.last_t:g} s"
            )
        found = self.backend.process(rgb, round(t * 1000))
        points: list[Point] | None = None
        if found is not None:
            points = [(_r(x), _r(y), _r(z), _r(v)) for x, y, z, v in found.points.tolist()]
        events = self.session.push(t, points)
        return {"type": "pose", "t": t, "points": points, "events": events}


@router.websocket("/frames")
async def coach_frames(websocket: WebSocket) -> None:
    """Coach one exercise live from camera pictures (`?exercise=ID[&reps=N&hold=S&rest=S]`)."""
    session = await accept_session(websocket)
    if session is None:
        return
    streams = _streams(websocket.app.state)
    if streams.running >= MAX_STREAMS:
        await refuse(
            websocket,
            CLOSE_BUSY,
            f"the server is already following {MAX_STREAMS} cameras; try again in a moment",
        )
        return
    streams.running += 1
    backend: PoseBackend | None = None
    try:
        try:
            backend = await anyio.to_thread.run_sync(make_backend)
        except CameraUnavailableError as exc:
            await refuse(websocket, CLOSE_UNAVAILABLE, str(exc))
            return
        await _serve(websocket, PictureCoach(session, backend))
    except WebSocketDisconnect:
        return
    finally:
        streams.running -= 1
        if backend is not None:
            await anyio.to_thread.run_sync(backend.close)


async def _serve(websocket: WebSocket, coach: PictureCoach) -> None:
    await websocket.send_json({"type": "ready"})
    while True:
        received = await websocket.receive()
        if received["type"] == "websocket.disconnect":
            return
        try:
            data = received.get("bytes")
            if data is not None:
                answer = await anyio.to_thread.run_sync(coach.picture, data)
                await websocket.send_json(answer)
                continue
            try:
                message = MESSAGE.validate_json(received.get("text") or "")
            except ValidationError as exc:
                raise CoachInputError(first_problem(exc)) from exc
            if isinstance(message, StartIn):
                coach.start(message)
            elif isinstance(message, FinishIn):
                await websocket.send_json(coach.session.finish())
                await websocket.close(CLOSE_NORMAL)
                return
            else:
                raise CoachInputError("this stream takes pictures; landmarks go to /api/coach/ws")
        except CoachInputError as exc:
            await refuse(websocket, CLOSE_INVALID, str(exc))
            return
