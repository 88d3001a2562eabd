"""The report's charts, drawn by matplotlib (Agg, no pyplot state): PNG for the PDF, SVG for
the page. Each chart function returns None when it has nothing to draw."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from backcoach.report._data import ReportData
from backcoach.report._errors import ReportError
from backcoach.safety import ACCEPTABLE_MAX, PAIN_MAX, SAFE_MAX

BEFORE = "#1d4ed8"
AFTER = "#c2410c"
MORNING = "#7c3aed"
BAR = "#0f766e"
FLAG = "#d97706"
SAFE_BAND = "#dcfce7"
ACCEPTABLE_BAND = "#fef3c7"
WIDTH_IN = 7.2

_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e7eb",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "axes.axisbelow": True,
    "svg.fonttype": "none",
}


def _figure(
    height_in: float,
    ncols: int = 1,
    widths: list[float] | None = None,
    *,
    left_in: float = 0.55,
    right_in: float = 0.15,
    bottom_in: float = 0.45,
    top_in: float = 0.3,
    gap_in: float = 0.6,
) -> tuple[Any, Any]:
    """A figure with fixed margins in inches (a layout engine costs more than the drawing)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height_in))
    axes = fig.subplots(
        1,
        ncols,
        squeeze=False,
        width_ratios=widths,
        gridspec_kw={
            "left": left_in / WIDTH_IN,
            "right": 1 - right_in / WIDTH_IN,
            "bottom": bottom_in / height_in,
            "top": 1 - top_in / height_in,
            "wspace": gap_in / ((WIDTH_IN - left_in - right_in) / ncols),
        },
    )[0]
    return fig, axes


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def _naive(at: datetime) -> datetime:
    return at.replace(tzinfo=None)


def _date_axis(ax: Any, start: date, end: date, *, ticks: int = 9) -> None:
    import matplotlib.dates as mdates

    ax.set_xlim(_at(start), _at(end + timedelta(days=1)))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=ticks)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]


def _week_labels(ax: Any, labels: list[str], room: int) -> None:
    """Week labels under bars: every one while they fit, else every second or third."""
    every = -(-len(labels) // room)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([text if n % every == 0 else "" for n, text in enumerate(labels)])


def adherence_chart(data: ReportData) -> Any | None:
    """Sessions per week, and reps done against planned per exercise."""
    a = data.adherence
    if a.sessions == 0:
        return None
    fig, (weeks, exercises) = _figure(2.6, 2, [1.0, 1.0], bottom_in=0.55, gap_in=1.35)
    labels = [f"{w.start:%d %b}" for w in a.weeks]
    counts = [w.sessions for w in a.weeks]
    bars = weeks.bar(labels, counts, color=BAR, width=0.7)
    weeks.bar_label(bars, fontsize=7.5, padding=1)
    weeks.set_title("Sessions per week (week of)")
    weeks.set_ylim(0, max([*counts, 1]) * 1.2 + 0.3)
    weeks.yaxis.get_major_locator().set_params(integer=True)
    weeks.grid(axis="x", visible=False)
    _week_labels(weeks, labels, 6)
    names = [e.name for e in reversed(a.exercises)]
    rates = [100 * e.rate for e in reversed(a.exercises)]
    hbars = exercises.barh(names, rates, color=BAR, height=0.65)
    exercises.bar_label(hbars, labels=[f"{r:.0f}%" for r in rates], fontsize=7.5, padding=2)
    exercises.set_xlim(0, 118)
    exercises.set_xticks([0, 25, 50, 75, 100])
    exercises.set_title("Reps done, % of planned")
    exercises.grid(axis="y", visible=False)
    exercises.tick_params(axis="y", labelsize=7.5)
    return fig


def pain_chart(data: ReportData) -> Any | None:
    """Pain before and after each session, morning check-ins and pain during exercises."""
    p, period = data.pain, data.header.period
    if not p.sessions and not p.checkins and not p.events:
        return None
    fig, (ax,) = _figure(2.7, top_in=0.4)
    ax.axhspan(0, SAFE_MAX, color=SAFE_BAND, zorder=0, linewidth=0, label="safe 0-3")
    ax.axhspan(
        SAFE_MAX,
        ACCEPTABLE_MAX,
        color=ACCEPTABLE_BAND,
        zorder=0,
        linewidth=0,
        label="acceptable 3-5",
    )
    before = [(_naive(s.at), s.before) for s in p.sessions if s.before is not None]
    after = [(_naive(s.at), s.after) for s in p.sessions if s.after is not None]
    if before:
        ax.plot(*zip(*before, strict=True), "o-", color=BEFORE, ms=3.5, lw=1.3, label="before")
    if after:
        ax.plot(*zip(*after, strict=True), "s--", color=AFTER, ms=3.2, lw=1.1, label="after")
    if p.checkins:
        ax.plot(
            [_naive(c.at) for c in p.checkins],
            [c.pain for c in p.checkins],
            "^",
            color=MORNING,
            ms=5,
            label="next morning",
        )
    scored = [e for e in p.events if e.score is not None]
    if scored:
        ax.plot(
            [_naive(e.at) for e in scored],
            [e.score for e in scored],
            "x",
            color="#111827",
            ms=6,
            mew=1.5,
            label="during an exercise",
        )
    ax.set_ylim(-0.3, PAIN_MAX + 0.3)
    ax.set_yticks(range(0, PAIN_MAX + 1, 2))
    ax.set_ylabel("pain (0-10)")
    _date_axis(ax, period.start, period.end)
    handles, labels = ax.get_legend_handles_labels()
    order = [*range(2, len(handles)), 0, 1]  # the series first, then the bands
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(handles),
        handlelength=1.6,
        columnspacing=1.2,
    )
    return fig


def questionnaires_chart(data: ReportData) -> Any | None:
    """Each questionnaire's scores over time, with its minimal important change as a bar."""
    trends = data.questionnaires.trends
    if not trends:
        return None
    fig, axes = _figure(2.3, len(trends), gap_in=0.5)
    period = data.header.period
    start = min([period.start, *(r.taken_at.date() for t in trends for r in t.rows)])
    for ax, t in zip(axes, trends, strict=True):
        xs = [_naive(r.taken_at) for r in t.rows]
        ys = [r.score for r in t.rows]
        ax.plot(xs, ys, "-", color=BEFORE, lw=1.3)
        for r in t.rows:
            ax.plot(
                _naive(r.taken_at),
                r.score,
                "o",
                ms=5,
                color=BEFORE,
                markerfacecolor="white" if r.baseline else BEFORE,
            )
            ax.annotate(
                r.score_text,
                (_naive(r.taken_at), r.score),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7.5,
                fontweight="bold" if r.important else "normal",
            )
        ax.set_ylim(0, t.max_score)
        _date_axis(
            ax,
            start - timedelta(days=3),
            period.end + timedelta(days=2),
            ticks=9 if len(trends) == 1 else 5,
        )
        ax.set_title(f"{t.short_name} (lower is better)")
    return fig


def running_chart(data: ReportData) -> Any | None:
    """Weekly distance (ramp-flagged weeks in amber) and the mean pain before sessions."""
    r = data.running
    if r.runs == 0:
        return None
    fig, (ax,) = _figure(2.5, right_in=0.55)
    labels = [f"{w.start:%d %b}" for w in r.weeks]
    bars = ax.bar(
        labels, [w.km for w in r.weeks], color=[FLAG if w.flagged else BAR for w in r.weeks]
    )
    ax.bar_label(bars, labels=[f"{w.km:.0f}" if w.km else "" for w in r.weeks], fontsize=7.5)
    _week_labels(ax, labels, 12)
    ax.set_ylabel("km per week")
    ax.set_ylim(0, max(w.km for w in r.weeks) * 1.2)
    ax.grid(axis="x", visible=False)
    pain = ax.twinx()
    pain.spines["right"].set_visible(True)
    points = [
        (n, w.pain_before_mean) for n, w in enumerate(r.weeks) if w.pain_before_mean is not None
    ]
    if points:
        pain.plot(*zip(*points, strict=True), "o-", color=BEFORE, ms=4, lw=1.3)
    pain.set_ylim(0, PAIN_MAX)
    pain.set_ylabel("pain before sessions", color=BEFORE)
    pain.grid(visible=False)
    ax.set_title("Weekly distance (amber: over 30% above the two weeks before) and pain")
    return fig


CHARTS: dict[str, Callable[[ReportData], Any | None]] = {
    "adherence": adherence_chart,
    "pain": pain_chart,
    "questionnaires": questionnaires_chart,
    "running": running_chart,
}
"""Each section's chart, by the section key that names it."""


def draw(data: ReportData, key: str, kind: str) -> bytes | str | None:
    """One chart as PNG bytes (`kind` "png") or as an `<svg>` element (`kind` "svg")."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ReportError("report charts need matplotlib: pip install 'backcoach[report]'") from exc

    rc: Any = {**_STYLE, "svg.hashsalt": f"backcoach-{key}"}
    with matplotlib.rc_context(rc):
        fig = CHARTS[key](data)
        if fig is None:
            return None
        buffer = io.BytesIO()
        if kind == "png":
            fig.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
            return buffer.getvalue()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue().decode("utf-8")
    return _scoped(text[text.index("<svg") :], f"{key}-")


def _scoped(svg: str, prefix: str) -> str:
    """The SVG with every element id (and every reference to one) prefixed, so that several
    charts on one page keep their ids unique (matplotlib numbers them from 1 in each)."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
