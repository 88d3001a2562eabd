"""The camera coach page, and the pose model files it runs in the browser.

The page loads BlazePose from `@mediapipe/pose` (vendored under `static/vendor/mediapipe-pose/`,
see `static/VENDORED.md`). Its full landmark model is byte-identical to the one inside the
MediaPipe wheel, so it is served from there rather than kept twice; the lite model is vendored
for installs without the camera extra.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from backcoach.catalog import ExerciseId
from backcoach.motion import FAULT_WORDS
from backcoach.web import _service
from backcoach.web._deps import StateDep
from backcoach.web._errors import ConflictError, ForbiddenError, NotFoundError
from backcoach.web._pages import _render

router = APIRouter(include_in_schema=False)

FULL_MODEL = "pose_landmark_full.tflite"
VENDOR = "/static/vendor/mediapipe-pose"


@dataclass(frozen=True, slots=True)
class CoachChoice:
    """One exercise the coach can follow, at today's dosage."""

    id: str
    name: str
    reps: int
    hold_s: float
    rest_s: float
    camera_view: str
    bilateral: bool


@cache
def wheel_model(name: str = FULL_MODEL) -> Path | None:
    """The landmark model inside the installed MediaPipe wheel (found without importing it)."""
    try:
        spec = importlib.util.find_spec("mediapipe")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "modules" / "pose_landmark" / name
        if path.is_file():
            return path
    return None


@cache
def server_pose_available() -> bool:
    """Whether this server can run the pose model itself (the camera extra is installed)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("cv2", "mediapipe"))
    except (ImportError, ValueError):
        return False


def choices(state: StateDep) -> list[CoachChoice]:
    """Every exercise at the dosage today's session would use (the plan's own routine)."""
    found = []
    for item in _service.plan(state).routine.items:
        exercise = state.catalog.get(item.exercise_id)
        found.append(
            CoachChoice(
                id=item.exercise_id.value,
                name=exercise.name,
                reps=item.reps,
                hold_s=item.hold_s,
                rest_s=item.rest_s,
                camera_view=exercise.camera_view,
                bilateral=not exercise.unilateral,
            )
        )
    return found


@router.get("/coach", response_class=HTMLResponse)
def coach_page(
    request: Request,
    state: StateDep,
    exercise: Annotated[ExerciseId | None, Query()] = None,
) -> HTMLResponse:
    """The camera coach: pick an exercise, the page follows you and counts."""
    options = choices(state)
    chosen = exercise.value if exercise is not None else options[0].id
    try:
        _service.check_cleared(state)
        blocked = None
    except (ConflictError, ForbiddenError) as exc:
        blocked = str(exc)
    return _render(
        request,
        "coach.html",
        "coach",
        choices=options,
        chosen=chosen,
        vendor=VENDOR,
        full_model_url=f"/coach/models/{FULL_MODEL}" if wheel_model() else "",
        server_pose=server_pose_available(),
        fault_words=FAULT_WORDS,
        blocked=blocked,
    )


@router.get("/coach/models/{name}")
def coach_model(name: str) -> FileResponse:
    """The full BlazePose landmark model, straight from the MediaPipe wheel."""
    path = wheel_model() if name == FULL_MODEL else None
    if path is None:
        raise NotFoundError(f"no pose model named {name} on this server")
    return FileResponse(
        path,
        media_type="application/octet-stream",
        headers={"Cache-Control": "public, max-age=86400"},
    )
