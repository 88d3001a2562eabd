"""The rest of the API: the safety screen, progress, export, settings and health."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

import backcoach
from backcoach.progress import summarize
from backcoach.routine import screening_to_dict, session_to_dict
from backcoach.safety import QUESTIONS
from backcoach.web import _service
from backcoach.web._deps import SettingsDep, StateDep, StoreDep
from backcoach.web._errors import errors
from backcoach.web._prefs import update_preferences
from backcoach.web._public import checkin_public, screening_public, summary_public
from backcoach.web._schemas import (
    CheckInCreate,
    CheckInPublic,
    CheckInsPublic,
    ExportPublic,
    HealthPublic,
    ProgressSummaryPublic,
    QuestionPublic,
    ScreeningCreate,
    ScreeningPublic,
    ScreeningStatePublic,
    SettingsPublic,
    SettingsUpdate,
)

EXPORT_FORMAT = "backcoach-export"
EXPORT_VERSION = 1
"""The same document as `backcoach export --format json` (kept in step with the CLI's)."""

screening = APIRouter(prefix="/api/screening", tags=["safety"])
checkins = APIRouter(prefix="/api/checkins", tags=["progress"])
records = APIRouter(prefix="/api", tags=["progress"])
settings_router = APIRouter(prefix="/api", tags=["settings"])


@screening.get("", response_model=ScreeningStatePublic, responses=errors(503))
def read_screening(store: StoreDep) -> ScreeningStatePublic:
    """The red-flag questions, and the latest screen taken (None if never)."""
    latest = store.latest_screening()
    return ScreeningStatePublic(
        questions=[
            QuestionPublic(id=q.flag.value, text=q.text, urgent=q.urgent) for q in QUESTIONS
        ],
        latest=screening_public(latest) if latest and _service.screen_outcome(latest) else None,
    )


@screening.post("", status_code=201, response_model=ScreeningPublic, responses=errors(422, 503))
def take_screening(body: ScreeningCreate, state: StateDep) -> ScreeningPublic:
    """Answer every question; any yes blocks sessions, and the advice says what to do."""
    record, _ = _service.take_screening(state, body.answers)
    return screening_public(record)


@checkins.post("", status_code=201, response_model=CheckInPublic, responses=errors(422, 503))
def add_checkin(body: CheckInCreate, state: StateDep) -> CheckInPublic:
    """Pain now, on its own (usually the next morning): it tells the program whether the last
    session settled. It is kept about the latest session that ended, if any."""
    saved, _ = _service.add_checkin(state, body.pain, body.note)
    return checkin_public(saved)


@checkins.get("", response_model=CheckInsPublic, responses=errors(503))
def list_checkins(store: StoreDep) -> CheckInsPublic:
    """Every check-in, newest first."""
    data = [checkin_public(c) for c in reversed(store.checkins())]
    return CheckInsPublic(data=data, count=len(data))


@records.get("/progress", response_model=ProgressSummaryPublic, responses=errors(422, 503))
def read_progress(
    state: StateDep,
    weeks: Annotated[int, Query(ge=1, le=104, description="weeks to count")] = 8,
) -> ProgressSummaryPublic:
    """Adherence and pain over time: sessions a week, streaks, completion, pain trend."""
    _service.recover(state)
    return summary_public(summarize(_service.sessions(state), date.today(), weeks=weeks))


@records.get("/export", response_model=ExportPublic, responses=errors(503))
def export(state: StateDep) -> ExportPublic:
    """Everything stored, as `backcoach export --format json` writes it."""
    _service.recover(state)
    return ExportPublic(
        format=EXPORT_FORMAT,
        version=EXPORT_VERSION,
        exported_at=state.now(),
        sessions=[session_to_dict(r) for r in _service.sessions(state)],
        screenings=[screening_to_dict(s) for s in state.store.screenings()],
    )


def settings_public(state: StateDep) -> SettingsPublic:
    s = state.settings
    return SettingsPublic(
        voice=s.preferences.voice,
        get_ready_s=s.preferences.get_ready_s,
        home=str(s.home),
        database=state.store.location,
        settings_file=str(s.settings_file),
    )


@settings_router.get("/settings", response_model=SettingsPublic)
def read_settings(state: StateDep) -> SettingsPublic:
    """Voice and get-ready time, and where the data lives."""
    return settings_public(state)


@settings_router.patch("/settings", response_model=SettingsPublic, responses=errors(422))
def update_settings(body: SettingsUpdate, state: StateDep, settings: SettingsDep) -> SettingsPublic:
    """Change the voice or the get-ready time; written to `settings.toml`, shared with the CLI."""
    changes = body.model_dump(exclude_none=True)
    if changes:
        with state.lock:
            preferences = update_preferences(settings.settings_file, changes)
            state.settings = settings.model_copy(update={"preferences": preferences})
    return settings_public(state)


@settings_router.get("/health", response_model=HealthPublic, tags=["settings"])
def health(state: StateDep) -> HealthPublic:
    """The server is up; which database it uses."""
    return HealthPublic(status="ok", version=backcoach.__version__, database=state.store.location)
