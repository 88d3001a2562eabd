"""`/api/sessions`: start a session, record its progress as it goes, finish it, read it back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from backcoach.routine import PainPhase, SessionRecord
from backcoach.web import _service
from backcoach.web._deps import CatalogDep, SessionId, StateDep, StoreDep
from backcoach.web._errors import errors
from backcoach.web._public import (
    advice_public,
    pain_public,
    result_public,
    session_public,
    timeline_public,
)
from backcoach.web._schemas import (
    DifficultyCreate,
    DifficultyPublic,
    ExerciseResultPublic,
    PainCreate,
    PainRecordedPublic,
    ProgressEventCreate,
    ProgressPublic,
    SessionCreate,
    SessionCreatedPublic,
    SessionFinish,
    SessionPublic,
    SessionsPublic,
    TimelinePublic,
)

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


@router.post(
    "",
    status_code=201,
    response_model=SessionCreatedPublic,
    responses=errors(403, 409, 422, 503),
)
def create_session(body: SessionCreate, state: StateDep) -> SessionCreatedPublic:
    """Start today's session: needs a passed safety screen and no other session in progress.

    Every exercise is stored as planned with nothing done yet, and the pain before with it.
    """
    record, advice = _service.start_session(state, body.pain_before)
    public = session_public(record, state.catalog, resumable=True)
    return SessionCreatedPublic(**public.model_dump(), advice=advice)


@router.get("", response_model=SessionsPublic, responses=errors(422, 503))
def list_sessions(
    state: StateDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="newest N sessions")] = 50,
) -> SessionsPublic:
    """Past sessions, newest first (sessions whose page or process went away are closed first)."""
    _service.recover(state)
    records = _service.sessions(state)
    newest = list(reversed(records))[:limit]
    ratings = store.difficulty_ratings()
    return SessionsPublic(
        data=[_public(state, r, ratings.get(r.id)) for r in newest],
        count=len(records),
    )


def _public(state: StateDep, record: SessionRecord, difficulty: int | None) -> SessionPublic:
    """A session's public form, remembered: the same record, state and rating give the same."""
    resumable = _service.resumable(state, record)
    return state.public_sessions.get(
        (record, resumable, difficulty),
        lambda: session_public(record, state.catalog, resumable=resumable, difficulty=difficulty),
    )


@router.get("/{session_id}", response_model=SessionPublic, responses=errors(404, 422, 503))
def read_session(session_id: SessionId, state: StateDep) -> SessionPublic:
    """One session with its results and pain scores."""
    record = _service.get_session(state, session_id)
    return _public(state, record, state.store.difficulty(session_id))


@router.get(
    "/{session_id}/timeline", response_model=TimelinePublic, responses=errors(404, 422, 503)
)
def read_timeline(session_id: SessionId, state: StateDep) -> TimelinePublic:
    """Every timed step of the session: what the player counts down, as the terminal does."""
    record = _service.get_session(state, session_id)
    get_ready_s = _service.get_ready_of(record, state)
    return state.public_timelines.get(
        (record.routine, get_ready_s),
        lambda: timeline_public(_service.timeline_of(record, state), get_ready_s),
    )


@router.get(
    "/{session_id}/results",
    response_model=list[ExerciseResultPublic],
    responses=errors(404, 422, 503),
)
def read_results(session_id: SessionId, state: StateDep) -> list[ExerciseResultPublic]:
    """Planned versus done for each exercise of the session."""
    record = _service.get_session(state, session_id)
    return [result_public(r, state.catalog) for r in record.results]


@router.post(
    "/{session_id}/events",
    response_model=ProgressPublic,
    responses=errors(404, 409, 422, 503),
)
def post_event(
    session_id: SessionId,
    event: Annotated[ProgressEventCreate, Body()],
    state: StateDep,
) -> ProgressPublic:
    """Record progress as it happens: a rep done (with its hold), a skipped exercise, an
    exercise that hurts (above 5/10 it stops there: the advice says so), or a heartbeat.

    Each event also tells the server the page is still there. A rep sent twice counts once.
    """
    result, advice = _service.apply_event(state, session_id, event)
    return ProgressPublic(
        session_id=session_id,
        result=result_public(result, state.catalog) if result else None,
        advice=advice_public(advice) if advice else None,
    )


@router.post(
    "/{session_id}/pain",
    status_code=201,
    response_model=PainRecordedPublic,
    responses=errors(404, 409, 422, 503),
)
def post_pain(session_id: SessionId, body: PainCreate, state: StateDep) -> PainRecordedPublic:
    """Pain now, before the session (once) or after it (once), with any advice it calls for."""
    pain, advice = _service.add_pain(state, session_id, PainPhase(body.phase), body.score)
    return PainRecordedPublic(pain=pain_public(pain), advice=advice)


@router.post(
    "/{session_id}/difficulty",
    status_code=201,
    response_model=DifficultyPublic,
    responses=errors(404, 409, 422, 503),
)
def rate_session(
    session_id: SessionId, body: DifficultyCreate, state: StateDep
) -> DifficultyPublic:
    """How hard the session felt, once it has ended: the program weighs it for the next one."""
    rating = _service.set_difficulty(state, session_id, body.rating)
    return DifficultyPublic(session_id=session_id, rating=int(rating), label=rating.label)


@router.post(
    "/{session_id}/finish",
    response_model=SessionPublic,
    responses=errors(404, 409, 422, 503),
)
def finish_session(
    session_id: SessionId, body: SessionFinish, state: StateDep, catalog: CatalogDep
) -> SessionPublic:
    """End the session: completed if it ran to the end, otherwise stopped (or abandoned)."""
    record = _service.finish_session(state, session_id, body.reason)
    return session_public(record, catalog, resumable=False)
