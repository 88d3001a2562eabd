"""The progress chart (matplotlib, imported only when a chart is asked for)."""

from __future__ import annotations

from pathlib import Path

from backcoach.errors import BackcoachError
from backcoach.progress import ProgressSummary


def write_progress_chart(summary: ProgressSummary, path: Path) -> None:
    """A PNG with pain before/after per session and sessions per week."""
    if path.suffix.lower() != ".png":
        raise BackcoachError(f"the chart is a PNG: give a file name ending in .png, not {path}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:
        raise BackcoachError("charts need matplotlib: pip install 'backcoach[charts]'") from exc

    fig, (ax_pain, ax_weeks) = plt.subplots(2, 1, figsize=(8, 6.5), dpi=110)
    points = summary.pain
    xs = list(range(1, len(points) + 1))
    before = [float("nan") if p.before is None else p.before for p in points]
    after = [float("nan") if p.after is None else p.after for p in points]
    ax_pain.plot(xs, before, "o-", label="before", color="#c0392b")
    ax_pain.plot(xs, after, "s--", label="after", color="#2471a3")
    ax_pain.axhline(5, color="grey", linewidth=0.8, linestyle=":")
    ax_pain.set_ylim(-0.3, 10.3)
    ax_pain.set_xlim(0.5, max(len(points), 1) + 0.5)
    every = max(1, len(points) // 10)
    ax_pain.set_xticks(xs[::every])
    ax_pain.set_xticklabels(
        [p.at.astimezone().strftime("%d %b") for p in points][::every], rotation=30, ha="right"
    )
    ax_pain.set_ylabel("pain (0-10)")
    ax_pain.set_title("Pain before and after each session")
    ax_pain.legend(loc="upper right")
    labels = [w.start.strftime("%d %b") for w in summary.weeks]
    ax_weeks.bar(labels, [w.sessions for w in summary.weeks], color="#27ae60")
    ax_weeks.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_weeks.set_ylabel("sessions")
    ax_weeks.set_title("Sessions per week (week starting)")
    fig.tight_layout()
    try:
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
