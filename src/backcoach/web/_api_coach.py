"""`/api/coach/ws`: the camera coach over a WebSocket, private by design.

The page runs the pose model itself and sends only body landmarks, never a camera frame. The
server runs one `StreamingAnalyzer` per connection and answers with what it noticed:

    -> {"type": "start", "width": W, "height": H, "fps": F}
    -> {"type": "frame", "t": seconds, "points": [[x, y, z, visibility] x 33] | null}
    -> {"type": "frames", "frames": [{"t": ..., "points": ...}, ...]}     (a batch)
    <- {"type": "events", "t": ..., "events": [{"kind": "cue", "t": ..., "text": "Hold"}, ...]}
    -> {"type": "finish"}
    <- {"type": "analysis", "analysis": {...the analysis contract...}}   then the server closes

A frame that changes nothing gets no answer. An unknown exercise closes the socket with code
4404; any other bad input gets `{"type": "error", "detail": one sentence}` and code 4400.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from backcoach.catalog import Catalog, UnknownExerciseError
from backcoach.errors import BackcoachError
from backcoach.motion import (
    Cue,
    Event,
    HoldCountdown,
    Prescription,
    RepDone,
    RepStarted,
    StreamingAnalyzer,
    TargetReached,
    Warning,
)
from backcoach.web._state import WebState

router = APIRouter(prefix="/api/coach")

CLOSE_UNKNOWN = 4404
CLOSE_INVALID = 4400
CLOSE_NORMAL = 1000
MAX_BATCH = 300
"""Frames in one `frames` message (10 s at 30 fps): analysis runs on the event loop, so one
message must stay short work."""
MAX_REASON_BYTES = 123
"""The WebSocket protocol's limit on a close reason."""
LANDMARKS = 33


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


Point = tuple[float, float, float, float]


class FrameIn(_Message):
    """One frame's landmarks (as in a pose track), or null when nobody is seen."""

    t: float = Field(ge=0, description="seconds since the stream started")
    points: Annotated[list[Point], Field(min_length=LANDMARKS, max_length=LANDMARKS)] | None


class StartIn(_Message):
    type: Literal["start"]
    width: float = Field(gt=0, le=100_000, description="the camera frame's width in pixels")
    height: float = Field(gt=0, le=100_000, description="the camera frame's height in pixels")
    fps: float = Field(gt=0, le=240, description="the nominal frame rate")


class FrameMessage(FrameIn):
    type: Literal["frame"]


class FramesMessage(_Message):
    type: Literal["frames"]
    frames: list[FrameIn] = Field(min_length=1, max_length=MAX_BATCH)


class FinishIn(_Message):
    type: Literal["finish"]


MessageIn = Annotated[
    StartIn | FrameMessage | FramesMessage | FinishIn, Field(discriminator="type")
]
MESSAGE: TypeAdapter[StartIn | FrameMessage | FramesMessage | FinishIn] = TypeAdapter(MessageIn)


class CoachQuery(_Message):
    exercise: str = Field(max_length=64)
    hold: float | None = None
    rest: float | None = None
    reps: int | None = None


class CoachInputError(BackcoachError):
    """A message the coach refuses; the text is the sentence sent back."""


def event_to_dict(event: Event) -> dict[str, Any]:
    """One analyzer event as the JSON the page reads (`kind` names it)."""
    t = round(event.t, 3)
    if isinstance(event, RepStarted):
        return {"kind": "rep_started", "t": t, "index": event.index}
    if isinstance(event, TargetReached):
        return {
            "kind": "target_reached",
            "t": t,
            "value": round(event.value, 1),
            "in_zone": event.in_zone,
        }
    if isinstance(event, HoldCountdown):
        return {"kind": "hold_countdown", "t": t, "seconds_left": event.seconds_left}
    if isinstance(event, RepDone):
        return {"kind": "rep_done", "t": t, "rep": event.rep.to_dict()}
    if isinstance(event, Cue):
        return {"kind": "cue", "t": t, "text": event.text}
    if isinstance(event, Warning):
        return {"kind": "warning", "t": t, "text": event.text}
    raise TypeError(f"unknown event {event!r}")  # pragma: no cover - the union is closed


def first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    loc = list(error.get("loc", ()))
    if loc and loc[0] in _TAGS:  # a tagged union puts the message's type first
        loc = loc[1:]
    where = ".".join(str(p) for p in loc)
    kind = error.get("type")
    if kind == "json_invalid":
        return "the message is not valid JSON"
    if kind == "union_tag_invalid":
        return "unknown message type (known: start, frame, frames, finish)"
    if kind == "union_tag_not_found":
        return "the message has no type (start, frame, frames or finish)"
    if kind == "extra_forbidden":
        return f"{where}: is not a known field (only landmarks are sent, never images)"
    if kind == "finite_number":
        return f"{where}: numbers must be finite"
    if kind in ("too_short", "too_long") and where.endswith("points"):
        return f"{where}: a frame has exactly {LANDMARKS} landmarks"
    message = str(error.get("msg", "invalid value"))
    return f"{where}: {message[:1].lower()}{message[1:]}" if where else message


_TAGS = {"start", "frame", "frames", "finish"}


def prescription(catalog: Catalog, query: CoachQuery) -> Prescription:
    """The dosage to coach: the catalog's, with the reps, hold and rest the page asks for."""
    exercise = catalog.get(query.exercise)
    for name, value, allowed, unit in (
        ("hold", query.hold, exercise.hold_s, " s"),
        ("rest", query.rest, exercise.rest_s, " s"),
        ("reps", query.reps, exercise.reps, ""),
    ):
        if value is not None and not allowed.min <= value <= allowed.max:
            raise CoachInputError(
                f"{name} must be from {allowed.min:g} to {allowed.max:g}{unit} for "
                f"{exercise.name}, got {value:g}"
            )
    return Prescription(
        hold_s=float(exercise.hold_s.default if query.hold is None else query.hold),
        rest_s=float(exercise.rest_s.default if query.rest is None else query.rest),
        reps=exercise.reps.default if query.reps is None else query.reps,
    )


class CoachSession:
    """One connection's coach: checks each message in order and runs the analyzer."""

    def __init__(self, prescribed: Prescription, exercise: str) -> None:
        self.prescribed = prescribed
        self.exercise = exercise
        self.analyzer: StreamingAnalyzer | None = None
        self.last_t: float | None = None

    def start(self, message: StartIn) -> None:
        """Begin the stream: the camera frame's size and rate set the analyzer up."""
        if self.analyzer is not None:
            raise CoachInputError("the stream has already started")
        self.analyzer = StreamingAnalyzer(
            self.exercise,
            self.prescribed,
            width=message.width,
            height=message.height,
            fps=message.fps,
        )

    def _started(self) -> StreamingAnalyzer:
        if self.analyzer is None:
            raise CoachInputError("send a start message (width, height, fps) first")
        return self.analyzer

    def push(self, t: float, points: Sequence[Point] | None) -> list[dict[str, Any]]:
        """One frame's landmarks in; what the analyzer noticed out (as JSON-ready dicts)."""
        analyzer = self._started()
        if self.last_t is not None and t <= self.last_t:
            raise CoachInputError(
                f"frame times must increase: {t:g} s came after {self.last_t:g} s"
            )
        self.last_t = t
        return [event_to_dict(e) for e in analyzer.push(t, points)]

    def finish(self) -> dict[str, Any]:
        """The set's analysis (the analysis contract) in its closing message."""
        return {"type": "analysis", "analysis": self._started().finish().to_dict()}

    def handle(self, text: str) -> tuple[dict[str, Any] | None, bool]:
        """The answer to one message (None: nothing to say) and whether the stream is over."""
        try:
            message = MESSAGE.validate_json(text)
        except ValidationError as exc:
            raise CoachInputError(first_problem(exc)) from exc
        if isinstance(message, StartIn):
            self.start(message)
            return None, False
        if isinstance(message, FinishIn):
            return self.finish(), True
        frames = message.frames if isinstance(message, FramesMessage) else [message]
        self._started()
        events: list[dict[str, Any]] = []
        for frame in frames:
            events.extend(self.push(frame.t, frame.points))
        if not events:
            return None, False
        return {"type": "events", "t": frames[-1].t, "events": events}, False


def _reason(text: str) -> str:
    data = text.encode()
    if len(data) <= MAX_REASON_BYTES:
        return text
    return data[: MAX_REASON_BYTES - 3].decode(errors="ignore") + "..."


async def refuse(websocket: WebSocket, code: int, detail: str) -> None:
    await websocket.send_json({"type": "error", "detail": detail})
    await websocket.close(code, _reason(detail))


async def accept_session(websocket: WebSocket) -> CoachSession | None:
    """Accept the connection and set its coach up from the query, or refuse it (closed with
    4404 for an unknown exercise, 4400 for any other bad query) and answer None."""
    state: WebState = websocket.app.state.web
    await websocket.accept()
    try:
        query = CoachQuery.model_validate(dict(websocket.query_params))
        return CoachSession(prescription(state.catalog, query), query.exercise)
    except UnknownExerciseError as exc:
        await refuse(websocket, CLOSE_UNKNOWN, str(exc))
    except ValidationError as exc:
        await refuse(websocket, CLOSE_INVALID, f"query: {first_problem(exc)}")
    except CoachInputError as exc:
        await refuse(websocket, CLOSE_INVALID, str(exc))
    return None


@router.websocket("/ws")
async def coach(websocket: WebSocket) -> None:
    """Coach one exercise live from landmarks the page sends
    (`?exercise=ID[&reps=N&hold=S&rest=S]`)."""
    session = await accept_session(websocket)
    if session is None:
        return
    try:
        while True:
            received = await websocket.receive()
            if received["type"] == "websocket.disconnect":
                return
            text = received.get("text")
            # The analysis is a fraction of a millisecond per frame: cheaper on the event loop
            # than a hop to a worker thread, and it keeps each connection's frames in order.
            try:
                if text is None:
                    raise CoachInputError("messages must be JSON text, not binary")
                answer, done = session.handle(text)
            except CoachInputError as exc:
                await refuse(websocket, CLOSE_INVALID, str(exc))
                return
            if answer is not None:
                await websocket.send_json(answer)
            if done:
                await websocket.close(CLOSE_NORMAL)
                return
    except WebSocketDisconnect:
        return
