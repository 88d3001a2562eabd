"""The runs chart: weekly distance as bars, pain before sessions as a line on a second axis
(matplotlib, imported only when a chart is asked for)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from backcoach.errors import BackcoachError
from backcoach.running import LoadPainWeek


def write_runs_chart(weeks: Sequence[LoadPainWeek], path: Path) -> None:
    """A PNG with weekly km (bars; weeks flagged for a >30% rise in red) and pain (0-10)."""
    if path.suffix.lower() != ".png":
        raise BackcoachError(f"the chart is a PNG: give a file name ending in .png, not {path}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError as exc:
        raise BackcoachError("charts need matplotlib: pip install 'backcoach[charts]'") from exc

    fig, ax_km = plt.subplots(figsize=(8, 4.5), dpi=110)
    xs = list(range(len(weeks)))
    km = [w.load.distance_m / 1000 for w in weeks]
    colours = ["#c0392b" if w.load.flagged else "#27ae60" for w in weeks]
    ax_km.bar(xs, km, color=colours, width=0.6)
    ax_km.set_ylabel("km per week")
    ax_km.set_ylim(0, max([*km, 1.0]) * 1.4)  # room for the legend
    ax_km.set_xticks(xs)
    ax_km.set_xticklabels([w.start.strftime("%d %b") for w in weeks], rotation=30, ha="right")
    ax_km.set_xlabel("week starting")

    ax_pain = ax_km.twinx()
    pain = [float("nan") if w.pain_before_mean is None else w.pain_before_mean for w in weeks]
    (line,) = ax_pain.plot(xs, pain, "o-", color="#2471a3", label="pain before sessions")
    ax_pain.set_ylim(-0.3, 13.0)
    ax_pain.set_yticks(range(0, 11, 2))
    ax_pain.set_ylabel("pain (0-10), mean before sessions")

    ax_km.set_title("Running load and back pain")
    ax_km.legend(
        handles=[
            Patch(color="#27ae60", label="km"),
            Patch(color="#c0392b", label="km, >30% above the two weeks before"),
            line,
        ],
        loc="upper left",
        fontsize="small",
    )
    fig.tight_layout()
    try:
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
