"""The pages: server-rendered HTML for reading; every action goes through the JSON API.

`?speed=N` (on Today, the check-in and the player) runs the player N times faster, for demos and
tests, like `backcoach session --speed`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from backcoach.catalog import ExerciseId
from backcoach.progress import summarize
from backcoach.routine import PainPhase, SessionRecord, SessionStatus
from backcoach.safety import (
    ACCEPTABLE_MAX,
    QUESTIONS,
    SAFE_MAX,
    advice_after_session,
    advice_before_session,
)
from backcoach.web import _charts, _service
from backcoach.web._deps import SessionId, StateDep
from backcoach.web._errors import ConflictError, ForbiddenError
from backcoach.web._figures import Pose, figure_svg
from backcoach.web._pages_program import due_offers
from backcoach.web._schemas import MAX_ID
from backcoach.web._state import HEARTBEAT_EVERY_S

router = APIRouter(include_in_schema=False)

Speed = Annotated[float | None, Query(ge=0.01, le=10000, description="run N times faster")]


def _render(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {"page": page, **context})


def _speed_query(speed: float | None) -> str:
    return f"?speed={speed:g}" if speed is not None else ""


def figures(exercise_id: ExerciseId, name: str) -> dict[str, Markup]:
    return {
        pose.value: Markup(figure_svg(exercise_id, pose, title=f"{name}: {pose.value} position"))
        for pose in Pose
    }


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, state: StateDep, speed: Speed = None) -> HTMLResponse:
    today = _service.today(state, date.today())
    return _render(
        request,
        "today.html",
        "today",
        today=today,
        catalog=state.catalog,
        resumable=today.running is not None and _service.resumable(state, today.running),
        speed_query=_speed_query(speed),
        questionnaires_due=due_offers(state),
    )


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(
    request: Request,
    state: StateDep,
    session: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    speed: Speed = None,
) -> HTMLResponse:
    """Pain now: before a session (then it starts), or after one (`?session=ID`)."""
    record = _service.get_session(state, session) if session is not None else None
    blocked = None
    if record is None:
        try:
            _service.check_cleared(state)
        except (ConflictError, ForbiddenError) as exc:
            blocked = str(exc)
    return _render(
        request,
        "checkin.html",
        "checkin",
        record=record,
        blocked=blocked,
        catalog=state.catalog,
        speed_query=_speed_query(speed),
        safe_max=SAFE_MAX,
        acceptable_max=ACCEPTABLE_MAX,
        already=record.pain_at(PainPhase.AFTER) if record else None,
        advice_after=_advice_after(record),
        difficulty=state.store.difficulty(record.id) if record else None,
    )


def _advice_after(record: SessionRecord | None) -> str | None:
    after = record.pain_at(PainPhase.AFTER) if record else None
    if record is None or after is None:
        return None
    return advice_after_session(record.pain_at(PainPhase.BEFORE), after)


@router.get("/player/{session_id}", response_class=HTMLResponse)
def player_page(
    request: Request, session_id: SessionId, state: StateDep, speed: Speed = None
) -> HTMLResponse:
    _service.recover(state)
    record = _service.get_session(state, session_id)
    before = record.pain_at(PainPhase.BEFORE)
    return _render(
        request,
        "player.html",
        "player",
        record=record,
        playable=_service.resumable(state, record),
        started_elsewhere=record.status is SessionStatus.IN_PROGRESS
        and not _service.resumable(state, record),
        speed=speed if speed is not None else state.speed,
        voice=state.settings.preferences.voice,
        heartbeat_s=HEARTBEAT_EVERY_S,
        caution=advice_before_session(before) if before is not None else None,
        first=state.catalog.get(record.routine.items[0].exercise_id),
        figures={e.id.value: figures(ExerciseId(e.id), e.name) for e in state.catalog},
    )


@router.get("/exercises", response_class=HTMLResponse)
def exercises_page(request: Request, state: StateDep) -> HTMLResponse:
    return _render(
        request,
        "exercises.html",
        "exercises",
        exercises=[(e, figures(ExerciseId(e.id), e.name)) for e in state.catalog],
    )


@router.get("/exercises/{exercise_id}", response_class=HTMLResponse)
def exercise_page(
    request: Request, exercise_id: Annotated[str, Path(max_length=64)], state: StateDep
) -> HTMLResponse:
    exercise = state.catalog.get(exercise_id)
    return _render(
        request,
        "exercise.html",
        "exercises",
        exercise=exercise,
        figure=figures(ExerciseId(exercise.id), exercise.name),
        position=[e.id for e in state.catalog].index(exercise.id) + 1,
        count=len(state.catalog),
    )


HISTORY_PAGE = 50
"""Sessions per History page (a year of four a week fits in five pages)."""


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    state: StateDep,
    page: Annotated[int, Query(ge=1, le=100_000, description="1 is the newest")] = 1,
) -> HTMLResponse:
    _service.recover(state)
    records = list(reversed(_service.sessions(state)))
    pages = max(1, -(-len(records) // HISTORY_PAGE))
    page = min(page, pages)
    shown = records[(page - 1) * HISTORY_PAGE : page * HISTORY_PAGE]
    return _render(
        request,
        "history.html",
        "history",
        records=shown,
        total=len(records),
        first=(page - 1) * HISTORY_PAGE + 1,
        page_no=page,
        pages=pages,
        catalog=state.catalog,
    )


@router.get("/history/{session_id}", response_class=HTMLResponse)
def session_page(request: Request, session_id: SessionId, state: StateDep) -> HTMLResponse:
    _service.recover(state)
    record = _service.get_session(state, session_id)
    return _render(
        request,
        "session.html",
        "history",
        record=record,
        catalog=state.catalog,
        resumable=_service.resumable(state, record),
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(
    request: Request,
    state: StateDep,
    weeks: Annotated[int, Query(ge=1, le=104)] = 8,
) -> HTMLResponse:
    _service.recover(state)
    records = _service.sessions(state)
    summary = summarize(records, date.today(), weeks=weeks)
    ended = [r for r in records if r.status is not SessionStatus.IN_PROGRESS]
    return _render(
        request,
        "progress.html",
        "progress",
        summary=summary,
        weeks=weeks,
        pain_chart=Markup(_charts.pain_chart(summary.pain)),
        weeks_chart=Markup(_charts.weeks_chart(summary.weeks)),
        completion_chart=Markup(_charts.completion_chart(ended)),
        recent=list(reversed(ended))[:30],
    )


@router.get("/screening", response_class=HTMLResponse)
def screening_page(request: Request, state: StateDep) -> HTMLResponse:
    latest = state.store.latest_screening()
    outcome = _service.screen_outcome(latest) if latest else None
    return _render(
        request,
        "screening.html",
        "screening",
        questions=QUESTIONS,
        latest=latest,
        outcome=outcome,
    )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, state: StateDep) -> HTMLResponse:
    return _render(
        request,
        "settings.html",
        "settings",
        settings=state.settings,
        database=state.store.location,
    )
