"""The pages for questionnaires, runs and the report. Reading is server-rendered; answering a
questionnaire and uploading runs go through the JSON API (static/program.js)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from backcoach.outcomes import PARAPHRASE_NOTE, Due, InstrumentId, instrument
from backcoach.running import describe
from backcoach.web import _program
from backcoach.web._api_program import MAX_UPLOAD_BYTES
from backcoach.web._charts_runs import runs_chart
from backcoach.web._deps import StateDep
from backcoach.web._state import WebState

router = APIRouter(include_in_schema=False)

Weeks = Annotated[int, Query(ge=1, le=104)]


def _render(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {"page": page, **context})


@router.get("/questionnaires", response_class=HTMLResponse)
def questionnaires_page(request: Request, state: StateDep) -> HTMLResponse:
    responses = state.store.questionnaires()
    scored = _program.history(responses)
    dues = _program.dues(responses, _program.today_of(state))
    return _render(
        request,
        "questionnaires.html",
        "questionnaires",
        by_instrument=[
            (instrument(i), [s for s in reversed(scored) if s.response.instrument is i])
            for i in InstrumentId
        ],
        dues=[(d, instrument(d.instrument)) for d in dues],
        note=PARAPHRASE_NOTE,
    )


@router.get("/questionnaires/{instrument_id}", response_class=HTMLResponse)
def questionnaire_page(
    request: Request, instrument_id: Annotated[str, Path(max_length=32)], state: StateDep
) -> HTMLResponse:
    which = _program.instrument_named(instrument_id)
    return _render(
        request,
        "questionnaire.html",
        "questionnaires",
        form=which,
        odi=which.id is InstrumentId.ODI,
        note=PARAPHRASE_NOTE,
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, state: StateDep, weeks: Weeks = 8) -> HTMLResponse:
    running = _program.running(state, weeks)
    return _render(
        request,
        "runs.html",
        "runs",
        running=running,
        weeks=weeks,
        advice=describe(running.today),
        chart=Markup(runs_chart(running.weeks)),
        max_mb=MAX_UPLOAD_BYTES >> 20,
    )


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, weeks: Weeks = 8) -> HTMLResponse:
    return _render(request, "report.html", "report", weeks=weeks)


def due_offers(state: WebState) -> list[Due]:
    """The questionnaires to offer today, for the Today page."""
    dues = _program.dues(state.store.questionnaires(), _program.today_of(state))
    return [d for d in dues if d.offer]
