"""Weekly running distance as an inline SVG bar chart, weeks that ramp up too fast marked."""

from __future__ import annotations

from collections.abc import Sequence

from backcoach.running import RAMP_LIMIT, LoadPainWeek
from backcoach.web._charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, _svg, _text

FLAG_COLOUR = "#b91c1c"
KM_COLOUR = "#0f766e"


def _nice_top(km: float) -> int:
    for top in (5, 10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500):
        if km <= top:
            return top
    return int(km) + 1


def runs_chart(weeks: Sequence[LoadPainWeek]) -> str:
    """Kilometres run each week, as bars; a week more than 30% above the mean of the two before
    it is drawn in red with a triangle over it."""
    inner_h = HEIGHT - TOP - BOTTOM
    top = _nice_top(max((w.load.distance_m for w in weeks), default=0) / 1000)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(weeks))
    body: list[str] = []
    for i in range(5):
        value = top * i / 4
        yy = TOP + inner_h * (1 - value / top)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
        )
        body.append(_text(LEFT - 8, yy + 4, f"{value:g}", "end"))
    step = max(1, len(weeks) // 8)
    for i, week in enumerate(weeks):
        load = week.load
        km = load.distance_m / 1000
        h = inner_h * km / top
        x = LEFT + i * slot + slot * 0.18
        colour, css = (FLAG_COLOUR, "bar flagged") if load.flagged else (KM_COLOUR, "bar")
        flag = f", over {RAMP_LIMIT:.0%} above the two weeks before" if load.flagged else ""
        body.append(
            f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{slot * 0.64:.1f}" '
            f'height="{h:.1f}" fill="{colour}" class="{css}"><title>Week of '
            f"{load.start:%d %b}: {km:.1f} km in {load.runs} runs{flag}</title></rect>"
        )
        if load.runs:
            label = f"▲ {km:.1f}" if load.flagged else f"{km:.1f}"
            css_value = "value flag" if load.flagged else "value"
            body.append(_text(x + slot * 0.32, TOP + inner_h - h - 6, label, css=css_value))
        if i % step == 0:
            body.append(_text(x + slot * 0.32, HEIGHT - BOTTOM + 18, f"{load.start:%d %b}"))
    legend = "▲ red: over 30% above the two weeks before"
    body.append(_text(WIDTH - RIGHT, HEIGHT - 4, legend, "end", "legend"))
    total = sum(w.load.distance_m for w in weeks) / 1000
    flagged = sum(1 for w in weeks if w.load.flagged)
    desc = (
        f"{total:.1f} km over the last {len(weeks)} weeks; "
        f"{flagged} week{'' if flagged == 1 else 's'} flagged for rising too fast."
    )
    return _svg("Kilometres run per week", desc, body, "runs")
