"""The report as a PDF (A4), laid out with ReportLab's Platypus; charts as PNG from matplotlib.

Text is set in DejaVu Sans, the font matplotlib ships, so that the PDF and its charts match and
every character the report uses (→, ×, ↑, −) is in the font.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from backcoach.report._charts import draw
from backcoach.report._data import ReportData
from backcoach.report._errors import ReportError
from backcoach.report._output import check_output, write_output
from backcoach.report._view import Figure, Section, Table, View, build_view

INK = "#111827"
MUTED = "#4b5563"
LINE = "#d1d5db"
HEAD_BG = "#f3f4f6"
MARK_BG = "#fef3c7"
ACCENT = "#0f766e"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def render_pdf(data: ReportData, path: str | os.PathLike[str]) -> int:
    """Write the report as a PDF to `path`; the number of pages."""
    out = check_output(path, "pdf")
    content, pages = pdf_bytes(data)
    write_output(out, content, "pdf")
    return pages


def pdf_bytes(data: ReportData) -> tuple[bytes, int]:
    """The PDF document and its page count."""
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate
    except ImportError as exc:
        raise ReportError(
            "the PDF report needs reportlab: pip install 'backcoach[report]'"
        ) from exc
    _fonts()
    view = build_view(data)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{view.title}, {view.meta[0][1]}",
        author="backcoach",
        subject="Exercise adherence, pain, questionnaires and progression",
        creator=f"backcoach {data.header.version}",
        lang="en",
    )
    story = _story(view, data, doc.width)
    doc.build(story, canvasmaker=_canvas_class(view.footer, A4[0]))
    return buffer.getvalue(), doc.page


# -- fonts and styles ---------------------------------------------------------------------------


@cache
def _fonts() -> None:
    from matplotlib import get_data_path
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        BOLD: "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, "DejaVuSans-Oblique")
    addMapping(FONT, 1, 1, "DejaVuSans-BoldOblique")


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, textColor=HexColor(INK))
    return {
        "base": base,
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=HexColor(ACCENT),
        ),
        "text": ParagraphStyle("text", base, spaceBefore=3, spaceAfter=3),
        "caption": ParagraphStyle(
            "caption", base, fontName=BOLD, fontSize=8.5, spaceBefore=4, spaceAfter=2
        ),
        "small": ParagraphStyle(
            "small", base, fontSize=7.5, leading=9.5, textColor=HexColor(MUTED)
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_r": ParagraphStyle("cell_r", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8, leading=10),
        "head_r": ParagraphStyle(
            "head_r", base, fontName=BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "label": ParagraphStyle("label", base, fontSize=7.5, leading=9, textColor=HexColor(MUTED)),
        "value": ParagraphStyle("value", base, fontName=BOLD, fontSize=13, leading=16),
        "note": ParagraphStyle("note", base, fontSize=7, leading=8.5, textColor=HexColor(MUTED)),
    }


def _p(text: str, style: str) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), _styles()[style])


# -- the story ----------------------------------------------------------------------------------


def _story(view: View, data: ReportData, width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Spacer
    from reportlab.platypus import Table as RLTable

    story: list[Any] = [_p(view.title, "title")]
    meta = RLTable(
        [[_p(label, "label"), _p(value, "cell")] for label, value in view.meta],
        colWidths=[0.2 * width, 0.8 * width],
        hAlign="LEFT",
    )
    meta.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    patient = RLTable(
        [[_p("Patient:", "cell"), _p(view.privacy, "small")]],
        colWidths=[0.45 * width, 0.55 * width],
    )
    patient.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.6, HexColor(LINE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        ]
    )
    story += [meta, Spacer(1, 6), patient, Spacer(1, 4), _p(view.disclaimer, "small")]
    story += [_heading("Summary", width), _figures(view.summary, width, 4)]
    for section in view.sections:
        story += _section(section, data, width)
    return story


def _heading(text: str, width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table as RLTable

    heading = RLTable([[_p(text, "h2")]], colWidths=[width], hAlign="LEFT")
    heading.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 1.2, HexColor(ACCENT)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    heading.keepWithNext = True
    return heading


def _section(section: Section, data: ReportData, width: float) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether

    top: list[Any] = [_heading(section.title, width)]
    if section.figures:
        top.append(_figures(section.figures, width, 5))
    top += [_p(line, "text") for line in section.text]
    if section.chart is not None:
        chart = _chart(data, section.chart, width)
        if chart is not None:
            top.append(chart)
    # A section's heading, figures and chart start on the same page.
    parts: list[Any] = [CondPageBreak(40 * mm), KeepTogether(top)]
    for table in section.tables:
        caption = _p(table.caption, "caption")
        body = _table(table, width)
        if len(table.rows) <= 12:
            parts.append(KeepTogether([caption, body]))
        else:
            caption.keepWithNext = True
            parts += [caption, body]
    parts += [_p(note, "note") for note in section.notes]
    return parts


def _figures(figures: Sequence[Figure], width: float, per_row: int) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table as RLTable

    cells = [
        [_p(f.label, "label"), _p(f.value, "value")] + ([_p(f.note, "note")] if f.note else [])
        for f in figures
    ]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [[] for _ in range(per_row - len(rows[-1]))]
    grid = RLTable(rows, colWidths=[width / per_row] * per_row, hAlign="LEFT")
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for n in range(len(cells)):
        col, row = n % per_row, n // per_row
        style.append(("BOX", (col, row), (col, row), 0.5, HexColor(LINE)))
    grid.setStyle(style)
    return grid


def _chart(data: ReportData, key: str, width: float) -> Any | None:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    png = draw(data, key, "png")
    if not isinstance(png, bytes):
        return None
    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * h / w)


def _table(table: Table, width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table as RLTable

    right = [a == "r" for a in table.align]
    head = [_p(h, "head_r" if r else "head") for h, r in zip(table.headers, right, strict=True)]
    rows = [
        [_p(c, "cell_r" if r else "cell") for c, r in zip(row, right, strict=True)]
        for row in table.rows
    ]
    total = sum(table.widths)
    grid = RLTable(
        [head, *rows],
        colWidths=[width * w / total for w in table.widths],
        repeatRows=1,
        hAlign="LEFT",
    )
    style: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(HEAD_BG)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(LINE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [
        ("BACKGROUND", (0, n + 1), (-1, n + 1), HexColor(MARK_BG)) for n in sorted(table.marked)
    ]
    grid.setStyle(style)
    return grid


# -- page furniture -----------------------------------------------------------------------------


def _canvas_class(footer: str, page_width: float) -> Any:
    """A canvas that holds its pages back until the end, to print "page N of M" on each."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            self._pagesize_pt = page_width

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize_pt
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(HexColor(MUTED))
            self.drawString(16 * mm, 10 * mm, footer)
            self.drawRightString(
                width - 16 * mm, 10 * mm, f"page {self.getPageNumber()} of {total}"
            )
            self.restoreState()

    return NumberedCanvas
