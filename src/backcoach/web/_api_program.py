"""`/api/questionnaires`, `/api/runs` and `/api/report.*`: outcome questionnaires, runs uploaded
from files, and the report for a physiotherapist.

The work is synchronous (SQLite, the run-file parsers, ReportLab), so every route here is a
plain `def`: FastAPI runs it in its thread pool and the event loop is never blocked.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import HTMLResponse, Response

from backcoach.outcomes import PARAPHRASE_NOTE, Change, Due, Instrument, instrument
from backcoach.running import RAMP_LIMIT, advice_to_dict, load_to_dict
from backcoach.web import _program
from backcoach.web._deps import StateDep
from backcoach.web._errors import InvalidError, errors
from backcoach.web._limits import BodyLimit
from backcoach.web._schemas import ErrorPublic
from backcoach.web._schemas_program import (
    ChangePublic,
    DayAdvicePublic,
    DuePublic,
    InstrumentPublic,
    ItemPublic,
    OptionPublic,
    QuestionnaireAnswers,
    QuestionnaireResultPublic,
    QuestionnairesPublic,
    ResponsePublic,
    RunsImportedPublic,
    RunsPublic,
    RunWeekPublic,
)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""The largest upload to `POST /api/runs`; a bigger Strava export goes through the CLI."""
RUNS_PATH = "/api/runs"

questionnaires = APIRouter(prefix="/api/questionnaires", tags=["questionnaires"])
runs_router = APIRouter(prefix="/api", tags=["runs"])
report_router = APIRouter(prefix="/api", tags=["report"])

InstrumentName = Annotated[str, Path(max_length=32, description="odi or rmdq", examples=["odi"])]
Weeks = Annotated[int, Query(ge=1, le=104, description="weeks to cover, up to this one")]

TOO_BIG: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorPublic, "description": "The upload is over the size limit"}
}


def size_text(size: int) -> str:
    return f"{size >> 20} MB" if size >= 1 << 20 else f"{size >> 10} KB"


def too_big_message() -> str:
    return (
        f"the upload is over {size_text(MAX_UPLOAD_BYTES)}: send fewer files at a time, or import "
        "a big export with the command line (backcoach runs import FILE)"
    )


# -- questionnaires -----------------------------------------------------------------------------


def change_public(change: Change | None) -> ChangePublic | None:
    if change is None:
        return None
    return ChangePublic(
        before=change.before,
        after=change.after,
        delta=change.delta,
        direction=change.direction.value,
        important=change.important,
        sentence=change.sentence,
    )


def response_public(scored: _program.Scored) -> ResponsePublic:
    r = scored.response
    assert r.id is not None  # stored responses have one
    return ResponsePublic(
        id=r.id,
        instrument=r.instrument.value,
        version=r.version,
        taken_at=r.taken_at,
        answers=list(r.answers),
        answered=r.answered,
        score=r.score,
        score_text=r.score_text,
        band=None if r.band is None else r.band.key.value,
        band_label=None if r.band is None else r.band.label,
        band_meaning=None if r.band is None else r.band.meaning,
        change=change_public(scored.change),
    )


def due_public(d: Due) -> DuePublic:
    return DuePublic(
        instrument=d.instrument.value,
        name=instrument(d.instrument).name,
        status=d.status.value,
        offer=d.offer,
        due_on=d.due_on,
        sentence=d.sentence,
    )


def instrument_public(which: Instrument) -> InstrumentPublic:
    return InstrumentPublic(
        id=which.id.value,
        name=which.name,
        short_name=which.short_name,
        version=which.version,
        intro=which.intro,
        unit=which.unit,
        max_score=which.max_score,
        important_change=which.important_change,
        max_unanswered=which.max_unanswered,
        items=[
            ItemPublic(
                number=number,
                key=q.key,
                topic=q.topic,
                prompt=q.prompt,
                options=[OptionPublic(points=i, text=text) for i, text in enumerate(q.options)],
                optional=q.optional,
            )
            for number, q in enumerate(which.questions, start=1)
        ],
        note=PARAPHRASE_NOTE,
    )


@questionnaires.get("", response_model=QuestionnairesPublic, responses=errors(503))
def list_questionnaires(state: StateDep) -> QuestionnairesPublic:
    """Every response, newest first, with its score, band and change from the one before (an
    important change is flagged), and whether each questionnaire is due today."""
    responses = state.store.questionnaires()
    data = [response_public(s) for s in reversed(_program.history(responses))]
    return QuestionnairesPublic(
        data=data,
        count=len(data),
        due=[due_public(d) for d in _program.dues(responses, _program.today_of(state))],
        note=PARAPHRASE_NOTE,
    )


@questionnaires.get(
    "/{instrument_id}/items", response_model=InstrumentPublic, responses=errors(404, 422)
)
def read_items(instrument_id: InstrumentName) -> InstrumentPublic:
    """The questionnaire's items as data, in backcoach's own words (items paraphrased; not the
    licensed instrument wording)."""
    return instrument_public(_program.instrument_named(instrument_id))


@questionnaires.post(
    "/{instrument_id}",
    status_code=201,
    response_model=QuestionnaireResultPublic,
    responses=errors(404, 422, 503),
)
def answer_questionnaire(
    instrument_id: InstrumentName, body: QuestionnaireAnswers, state: StateDep
) -> QuestionnaireResultPublic:
    """Score and keep a response: one answer per item, in order (null leaves it blank). It
    comes back with its band, its change from the last one, and when the next one is due."""
    which = _program.instrument_named(instrument_id)
    scored, next_due = _program.submit(state, which, body.answers)
    return QuestionnaireResultPublic(
        response=response_public(scored), next_due=due_public(next_due), note=PARAPHRASE_NOTE
    )


# -- runs ---------------------------------------------------------------------------------------


@runs_router.post(
    "/runs",
    status_code=201,
    response_model=RunsImportedPublic,
    responses={**errors(400, 422, 503), **TOO_BIG},
)
def upload_runs(
    state: StateDep,
    files: Annotated[
        list[UploadFile] | None,
        File(description="GPX, TCX or FIT files (gzip'd or not) or Strava export zips"),
    ] = None,
) -> RunsImportedPublic:
    """Import runs from uploaded files (multipart/form-data, field `files`, up to 50 MB in all).

    Every file is read first: if one cannot be read, nothing is stored and the answer names it.
    A run already stored (the same start, to the minute) counts as a duplicate.
    """
    chosen = [f for f in files or () if f.filename or f.size]
    if not chosen:
        raise InvalidError(
            "no file sent: choose GPX, TCX or FIT files or a Strava export zip "
            "(multipart/form-data, field 'files')"
        )
    imported = _program.import_uploads(state, [(f.filename, f.file) for f in chosen])
    return RunsImportedPublic(
        files=imported.files,
        read=imported.read,
        added=imported.added,
        duplicates=imported.duplicates,
        other_activities=imported.other_activities,
        message=imported.message,
    )


@runs_router.get("/runs", response_model=RunsPublic, responses=errors(422, 503))
def read_runs(state: StateDep, weeks: Weeks = 8) -> RunsPublic:
    """Weekly distance, time and runs, the change on last week, a flag on weeks more than 30%
    above the two before, pain before sessions, and whether today is a day for the routine."""
    running = _program.running(state, weeks)
    return RunsPublic(
        ramp_limit=RAMP_LIMIT,
        runs=running.runs,
        weeks=[
            RunWeekPublic.model_validate(
                {
                    **load_to_dict(w.load),
                    "pain_before_mean": w.pain_before_mean,
                    "pain_scores": w.pain_scores,
                }
            )
            for w in running.weeks
        ],
        today=DayAdvicePublic.model_validate(advice_to_dict(running.today)),
    )


LIMITS = {RUNS_PATH: BodyLimit(MAX_UPLOAD_BYTES, too_big_message)}
"""The upload limit of `POST /api/runs`."""


def _download(name: str, attachment: bool) -> dict[str, str]:
    kind = "attachment" if attachment else "inline"
    return {"Content-Disposition": f'{kind}; filename="{name}"', "Cache-Control": "no-store"}


_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the report as a PDF (A4)"}
}
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "the report as one HTML page"}
}


@report_router.get("/report.pdf", response_class=Response, responses={**_PDF, **errors(422, 503)})
def report_pdf(state: StateDep, weeks: Weeks = 8) -> Response:
    """The report for a physiotherapist as a PDF: adherence, pain, questionnaires, progression,
    running load and form, over the last `weeks` weeks (a few seconds to draw)."""
    content = _program.report_pdf(state, weeks)
    return Response(
        content,
        media_type="application/pdf",
        headers=_download(_program.report_name(state, "pdf"), attachment=True),
    )


@report_router.get("/report.html", response_class=Response, responses={**_HTML, **errors(422, 503)})
def report_html(state: StateDep, weeks: Weeks = 8) -> HTMLResponse:
    """The same report as one self-contained, printable HTML page."""
    return HTMLResponse(
        _program.report_html(state, weeks),
        headers=_download(_program.report_name(state, "html"), attachment=False),
    )
