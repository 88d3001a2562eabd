"""The report as one self-contained HTML page: inline CSS, charts as inline SVG, printable."""

from __future__ import annotations

from functools import cache
from typing import Any

from backcoach.report._charts import CHARTS, draw
from backcoach.report._data import ReportData
from backcoach.report._errors import ReportError
from backcoach.report._view import build_view


@cache
def _template() -> Any:
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    except ImportError as exc:
        raise ReportError("the HTML report needs jinja2: pip install 'backcoach[report]'") from exc
    env = Environment(
        loader=PackageLoader("backcoach.report", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    return env.get_template("report.html")


def render_html(data: ReportData) -> str:
    """The report as an HTML document (a string)."""
    from markupsafe import Markup

    view = build_view(data)
    charts: dict[str, Markup | None] = {}
    for key in CHARTS:
        svg = draw(data, key, "svg")
        charts[key] = None if svg is None else Markup(svg)  # matplotlib escapes the text it writes
    return str(_template().render(view=view, data=data, charts=charts))
