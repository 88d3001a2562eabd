"""`/api/exercises` and `/api/plan`: the seven exercises, their figures, and today's plan."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Response

from backcoach.catalog import ExerciseId
from backcoach.web import _service
from backcoach.web._deps import CatalogDep, StateDep
from backcoach.web._errors import errors
from backcoach.web._figures import Pose, figure_svg
from backcoach.web._public import exercise_public, timeline_public
from backcoach.web._schemas import ExercisePublic, ExercisesPublic, TimelinePublic

router = APIRouter(prefix="/api", tags=["exercises"])

ExerciseIdPath = Annotated[
    str, Path(max_length=64, description="an exercise id, e.g. bird_dog", examples=["bird_dog"])
]


class PoseName(StrEnum):
    START = "start"
    TARGET = "target"


@router.get("/exercises", response_model=ExercisesPublic, responses=errors(503))
def list_exercises(catalog: CatalogDep) -> ExercisesPublic:
    """The seven exercises in routine order, with everything the library shows."""
    data = [exercise_public(e) for e in catalog]
    return ExercisesPublic(data=data, count=len(data))


@router.get("/exercises/{exercise_id}", response_model=ExercisePublic, responses=errors(404, 422))
def read_exercise(exercise_id: ExerciseIdPath, catalog: CatalogDep) -> ExercisePublic:
    """One exercise; an unknown id answers 404 naming the known ones."""
    return exercise_public(catalog.get(exercise_id))


@router.get(
    "/exercises/{exercise_id}/figures/{pose}.svg",
    response_class=Response,
    responses={
        200: {"content": {"image/svg+xml": {}}, "description": "an SVG stick figure"},
        **errors(404, 422),
    },
)
def read_figure(exercise_id: ExerciseIdPath, pose: PoseName, catalog: CatalogDep) -> Response:
    """A stick figure of the exercise's start or target position (SVG)."""
    exercise = catalog.get(exercise_id)
    svg = figure_svg(
        ExerciseId(exercise.id), Pose(pose.value), title=f"{exercise.name}: {pose.value} position"
    )
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/plan", response_model=TimelinePublic, responses=errors(422, 503))
def read_plan(state: StateDep) -> TimelinePublic:
    """Today's session before it starts: every step, and the total time, to the second."""
    timeline = _service.plan(state)
    get_ready_s = state.settings.preferences.get_ready_s
    return state.public_timelines.get(
        (timeline.routine, get_ready_s), lambda: timeline_public(timeline, get_ready_s)
    )
