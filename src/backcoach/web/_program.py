"""Questionnaires, runs and reports on the store, for the API and the pages alike: the same
domain rules as `backcoach questionnaire`, `backcoach runs import` and `backcoach report`."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from backcoach.outcomes import (
    AnswerError,
    Change,
    Due,
    DueStatus,
    Instrument,
    InstrumentId,
    QuestionnaireResponse,
    compare,
    instrument,
    respond,
)
from backcoach.outcomes import due as due_for
from backcoach.runfiles import RunFileError, read_runs
from backcoach.running import DayAdvice, LoadPainWeek, advise, pain_vs_load
from backcoach.services import routine as user_routine
from backcoach.web._errors import InvalidError, NotFoundError
from backcoach.web._state import WebState

if TYPE_CHECKING:
    from backcoach.report import ReportData

KNOWN = ", ".join(i.value for i in InstrumentId)


def today_of(state: WebState) -> date:
    """Today in the server's time zone, by the app's clock."""
    return state.now().astimezone().date()


# -- questionnaires -----------------------------------------------------------------------------


def instrument_named(name: str) -> Instrument:
    """The questionnaire `name` names, or 404 naming the known ones."""
    try:
        return instrument(InstrumentId(name.lower()))
    except ValueError:
        raise NotFoundError(f"unknown questionnaire {name!r} (known: {KNOWN})") from None


@dataclass(frozen=True, slots=True)
class Scored:
    """A stored response with its change from the one before it (same questionnaire)."""

    response: QuestionnaireResponse
    change: Change | None


def history(responses: Sequence[QuestionnaireResponse]) -> list[Scored]:
    """Every response, oldest first, each compared with the previous one to its questionnaire."""
    previous: dict[InstrumentId, QuestionnaireResponse] = {}
    out = []
    for response in responses:
        before = previous.get(response.instrument)
        out.append(Scored(response, compare(before, response) if before else None))
        previous[response.instrument] = response
    return out


def _sentence(which: Instrument, status: DueStatus, due_on: date, days: int | None) -> str:
    name = which.short_name
    if status is DueStatus.FIRST:
        return (
            f"You have not filled in the {name} yet: take it now, as the starting point your "
            "later scores are compared with."
        )
    if status is DueStatus.NOT_YET:
        return f"The {name} is next due on {due_on:%d %b %Y} (every 2 to 4 weeks)."
    if status is DueStatus.DUE:
        return f"The {name} is due: it has been {days} days since the last one."
    return f"The {name} is overdue: it has been {days} days since the last one, over 4 weeks."


def dues(responses: Sequence[QuestionnaireResponse], today: date) -> list[Due]:
    """Whether each questionnaire is due today, worded for the pages (no command to type)."""
    last: dict[InstrumentId, date] = {}
    for response in responses:
        day = response.taken_at.astimezone().date()
        last[response.instrument] = max(day, last.get(response.instrument, day))
    out = []
    for which_id in InstrumentId:
        which = instrument(which_id)
        d = due_for(last.get(which_id), today, which)
        taken = last.get(which_id)
        days = (today - taken).days if taken is not None else None
        sentence = _sentence(which, d.status, d.due_on, days)
        out.append(Due(d.instrument, d.status, d.due_on, sentence))
    return out


def submit(state: WebState, which: Instrument, answers: Sequence[int | None]) -> tuple[Scored, Due]:
    """Score and store a response; it comes back with its change and when the next one is due.

    Answers that do not fit the questionnaire are refused (422) with the domain's sentence.
    """
    try:
        response = respond(which, answers, state.now())
    except AnswerError as exc:
        raise InvalidError(str(exc)) from exc
    with state.lock:
        previous = state.store.questionnaires(which.id)
        response = state.store.add_questionnaire(response)
    change = compare(previous[-1], response) if previous else None
    stored = [*previous, response]
    next_due = next(d for d in dues(stored, today_of(state)) if d.instrument is which.id)
    return Scored(response, change), next_due


# -- runs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Imported:
    files: int
    read: int
    added: int
    duplicates: int
    other_activities: int

    @property
    def message(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        text = (
            f"Added {n(self.added, 'run')}, {n(self.duplicates, 'duplicate')} already stored "
            f"(from {n(self.files, 'file')})."
        )
        if self.other_activities:
            others = self.other_activities
            what = "activity that is not a run" if others == 1 else "activities that are not runs"
            text += f" Passed over {others} {what}."
        return text


def safe_name(name: str | None, index: int) -> str:
    """A file name to write an upload under: its own base name, without anything path-like."""
    base = Path((name or "").replace("\\", "/")).name.strip().lstrip(".")
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base)[:120]
    return f"{index:03d}-{cleaned or 'upload'}"


def import_uploads(state: WebState, uploads: Sequence[tuple[str | None, BinaryIO]]) -> Imported:
    """Read every uploaded file (GPX, TCX, FIT, gzip'd or not, Strava zip) and store the runs.

    All or nothing: a file that cannot be read is refused (422, naming it) before anything is
    stored. Written to a private temporary folder first, as `read_runs` reads files.
    """
    with tempfile.TemporaryDirectory(prefix="backcoach-upload-") as folder:
        paths = []
        for index, (name, source) in enumerate(uploads, start=1):
            path = Path(folder) / safe_name(name, index)
            with path.open("wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            paths.append(path)
        try:
            batch = read_runs(paths)
        except RunFileError as exc:
            raise InvalidError(_without_folder(str(exc), folder)) from exc
    with state.lock:
        added, duplicates = state.store.add_runs(batch.runs, imported_at=state.now())
    return Imported(batch.files, len(batch.runs), added, duplicates, batch.other_activities)


def _without_folder(message: str, folder: str) -> str:
    """The reader's message about a file, naming it as it was uploaded (no temporary path)."""
    text = message.replace(folder + "/", "")
    # Our `NNN-` prefix keeps uploads apart on disk; the person knows the file by its own name.
    return " ".join(
        word[4:] if len(word) > 4 and word[:3].isdigit() and word[3] == "-" else word
        for word in text.split(" ")
    )


@dataclass(frozen=True, slots=True)
class Running:
    runs: int
    weeks: tuple[LoadPainWeek, ...]
    today: DayAdvice


def running(state: WebState, weeks: int) -> Running:
    """Weekly load and pain over the last `weeks` weeks, and today's advice: every run stored is
    read, so weeks after a break count as empty rather than unknown."""
    from backcoach.web import _service

    _service.recover(state)
    runs = state.store.runs()
    sessions = state.store.sessions()
    today = today_of(state)
    return Running(len(runs), pain_vs_load(runs, sessions, today, weeks=weeks), advise(runs, today))


# -- report -------------------------------------------------------------------------------------


def report_data(state: WebState, weeks: int) -> ReportData:
    """The report's data for the last `weeks` weeks, built as `backcoach report` builds it."""
    from backcoach.report import build_report
    from backcoach.web import _service

    _service.recover(state)
    return build_report(
        state.store,
        today_of(state),
        weeks=weeks,
        now=state.now(),
        routine_for=lambda program: user_routine(state.settings, state.catalog, program),
        catalog=state.catalog,
    )


def report_html(state: WebState, weeks: int) -> str:
    from backcoach.report import render_html

    return render_html(report_data(state, weeks))


def report_pdf(state: WebState, weeks: int) -> bytes:
    """The PDF's bytes (ReportLab writes a file: a temporary one, read back)."""
    from backcoach.report import render_pdf

    data = report_data(state, weeks)
    with tempfile.TemporaryDirectory(prefix="backcoach-report-") as folder:
        path = Path(folder) / "report.pdf"
        render_pdf(data, path)
        return path.read_bytes()


def report_name(state: WebState, suffix: str) -> str:
    return f"backcoach-report-{today_of(state):%Y-%m-%d}.{suffix}"
