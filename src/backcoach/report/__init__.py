"""Reports for a physiotherapist: adherence, pain, questionnaires, progression, running load and
the motion coach's form summary over a period, as a self-contained HTML page or a PDF.

An adapter: `build_report` reads a store and assembles plain data (`ReportData`);
`render_html` (Jinja2) and `render_pdf` (ReportLab) turn it into a document, with charts drawn
by matplotlib. Those libraries are loaded only when a document is rendered.
"""

import os

from backcoach.report._build import RoutineFor, assemble, build_report
from backcoach.report._data import (
    Adherence,
    DosageNow,
    EndedEarly,
    ExerciseAdherence,
    ExerciseForm,
    FaultCount,
    Form,
    Header,
    InstrumentTrend,
    MorningPain,
    Pain,
    PainEvent,
    Period,
    Progression,
    ProgressionStep,
    Questionnaires,
    ReportData,
    Running,
    RunWeek,
    ScoreRow,
    Screen,
)
from backcoach.report._errors import ReportError
from backcoach.report._form import FAULT_WORDS, fault_words, form_summary
from backcoach.report._output import check_output, write_output
from backcoach.report._sources import RecordSource, Sources, read_sources

__all__ = [
    "FAULT_WORDS",
    "Adherence",
    "DosageNow",
    "EndedEarly",
    "ExerciseAdherence",
    "ExerciseForm",
    "FaultCount",
    "Form",
    "Header",
    "InstrumentTrend",
    "MorningPain",
    "Pain",
    "PainEvent",
    "Period",
    "Progression",
    "ProgressionStep",
    "Questionnaires",
    "RecordSource",
    "ReportData",
    "ReportError",
    "RoutineFor",
    "RunWeek",
    "Running",
    "ScoreRow",
    "Screen",
    "Sources",
    "assemble",
    "build_report",
    "check_output",
    "fault_words",
    "form_summary",
    "read_sources",
    "render_html",
    "render_pdf",
    "write_output",
]


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page (inline CSS, charts as inline SVG), printable."""
    from backcoach.report._html import render_html as _render

    return _render(data)


def render_pdf(data: ReportData, path: str | os.PathLike[str]) -> int:
    """Write the report as a PDF (A4) to `path`, a file name ending in `.pdf`; its page count.

    `ReportError` (one line) for a wrong suffix, a folder that cannot be written to, or a
    missing library (`pip install 'backcoach[report]'`).
    """
    from backcoach.report._pdf import render_pdf as _render

    return _render(data, path)
