"""The progress charts: server-side SVG that says what it shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

from backcoach.catalog import ExerciseId
from backcoach.progress import PainPoint, WeekCount
from backcoach.routine import ExerciseResult, Routine, SessionRecord, SessionStatus
from backcoach.web._charts import completion_chart, pain_chart, weeks_chart

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2025, 3, 3, 8, tzinfo=UTC)


def parse(svg: str) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    return root


def points(root: ElementTree.Element, css: str) -> list[list[str]]:
    return [
        (line.get("points") or "").split()
        for line in root.iter(f"{SVG}polyline")
        if line.get("class") == css
    ]


def test_pain_before_and_after_are_drawn_as_two_lines_with_a_dot_per_score() -> None:
    data = [PainPoint(i, START + timedelta(days=i), 5 - i, 4 - i) for i in range(4)]
    root = parse(pain_chart(data))
    assert [len(p) for p in points(root, "line-before")] == [4]
    assert [len(p) for p in points(root, "line-after")] == [4]
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "dot-before"]
    assert len(dots) == 4
    # Higher pain is drawn higher: y falls as the score rises.
    ys = [float(d.get("cy") or 0) for d in dots]
    assert ys == sorted(ys)
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "4 sessions. Pain before went from 5 to 2. Pain after went from 4 to 1."


def test_a_missing_score_breaks_the_line_instead_of_bridging_it() -> None:
    data = [
        PainPoint(1, START, 3, 2),
        PainPoint(2, START + timedelta(days=1), 3, None),
        PainPoint(3, START + timedelta(days=2), 2, 1),
        PainPoint(4, START + timedelta(days=3), 2, 1),
    ]
    root = parse(pain_chart(data))
    assert [len(p) for p in points(root, "line-after")] == [2]  # 1 alone, then 3-4
    assert [len(p) for p in points(root, "line-before")] == [4]


def test_no_scores_says_so() -> None:
    root = parse(pain_chart([]))
    assert "No pain scores yet" in "".join(root.itertext())


def test_sessions_per_week_draws_one_bar_per_week() -> None:
    weeks = [WeekCount(date(2025, 3, 3) + timedelta(weeks=i), n) for i, n in enumerate([0, 2, 5])]
    root = parse(weeks_chart(weeks))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    heights = [float(b.get("height") or 0) for b in bars]
    assert heights[0] == 0
    assert heights[2] > heights[1] > 0
    assert "7 sessions over the last 3 weeks." in "".join(root.itertext())


def _record(session_id: int, status: SessionStatus, done: int) -> SessionRecord:
    result = ExerciseResult(ExerciseId.WALL_SIT, 0, 8, done, 10.0, (10.0,) * done)
    return SessionRecord(session_id, START, START, status, None, Routine(()), 100, (result,))


def test_completion_draws_each_session_in_its_status_colour_and_height() -> None:
    root = parse(
        completion_chart(
            [_record(1, SessionStatus.COMPLETED, 8), _record(2, SessionStatus.STOPPED, 2)]
        )
    )
    bars = [r for r in root.iter(f"{SVG}rect") if "bar" in (r.get("class") or "")]
    assert [b.get("class") for b in bars] == ["bar status-completed", "bar status-stopped"]
    full, quarter = (float(b.get("height") or 0) for b in bars)
    assert quarter == full / 4
    assert "on average 62% of the planned reps" in "".join(root.itertext())
    assert "No sessions yet" in "".join(parse(completion_chart([])).itertext())
