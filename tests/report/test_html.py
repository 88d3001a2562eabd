"""The HTML report: every section's figures are on the page, the page is self-contained, and what
came from the user is escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backcoach.catalog import ExerciseId
from backcoach.program import CheckIn, Rule
from backcoach.report import ReportError, build_report, render_html, write_output
from backcoach.storage import open_store
from tests.report._history import (
    BACK_REASON,
    TODAY,
    UP_REASON,
    WEEKS,
    Session,
    change,
    d,
    on,
    write_session,
)
from tests.report.conftest import visible_text

SECTIONS = ["summary", "adherence", "pain", "questionnaires", "progression", "running", "form"]


def test_sections_in_order(html: str) -> None:
    assert re.findall(r'<section id="([a-z]+)"', html) == SECTIONS


@pytest.mark.parametrize(
    "figure",
    [
        # header
        "Period 03 Jun 2024 – 26 Jun 2024 (4 weeks)",
        "cleared to exercise on 20 May 2024",
        "backcoach stores no names",
        # adherence
        "Sessions 8 6 completed, 1 stopped, 1 abandoned",
        "Sessions a week 2.3",
        "Completed 75%",
        "Reps done 96% 408 of 426 planned",
        "Streak 2 days",
        "Bird dog 7 102 / 112 91%",
        "10 Jun 2024 18:00 5 stopped stopped by the user 36 / 46 Bird dog 5/10",
        "12 Jun 2024 18:00 6 abandoned stopped by the user 0 / 8 Partial crunch",
        # pain
        "Before sessions 3.1",
        "After sessions 2.7",
        "3.7 → 2.0 (−1.7): a minimal important change (2 points or 30%), better",
        "03 Jun 2024 3 3.7 3.3 5.0",
        "07 Jun 2024 18:13 4 Glute bridge 6/10",
        "Pelvic tilt marked painful, no score",
        "08 Jun 2024 07:00 5/10 4 3/10 stiff getting up",
        "Morning check-ins 3.0",
        # questionnaires
        "40% → 22% (−18.0): a minimal important change (10 points or more), better",
        "9/24 → 4/24 (−5.0): a minimal important change (5 points or more), better",
        "20 May 2024 (before the period) 40% moderate",
        "24 Jun 2024 22% moderate −12.0 yes",
        "25 Jun 2024 4/24 −5.0 yes",
        "items paraphrased; not the licensed instrument wording",
        # progression
        "Partial crunch 9 × 1 s 8-12 × 1-3 s program, since 24 Jun 2024",
        f"10 Jun 2024 ↓ back Glute bridge: reps 9 → 8 {BACK_REASON}",
        "05 Jun 2024 ↑ up Glute bridge: reps 8 → 9",
        "Steps up 2",
        "Steps back 1",
        # running
        "Distance 87.0 km",
        "10 Jun 2024 3 30.0 km +50% over 30% 5.0",
        "24 Jun 2024 1 12.0 km −52% 2.0",
        "Fast ramps 1 week",
        # form
        "Glute bridge 1 8 3 (38%) 5.8 / 6 s hips short of full extension ×3; "
        "hold shorter than prescribed ×1",
        "Bird dog 1 16 0 (0%) 5.0 / 5 s none seen",
        "1 analysis could not be read",
    ],
)
def test_every_figure_is_on_the_page(html: str, figure: str) -> None:
    assert figure in visible_text(html)


def test_marked_rows(html: str) -> None:
    """Rows that need a look are marked: the 6/10 glute bridge, the ramp week, the MICs..."""
    marked = [visible_text(row) for row in re.findall(r'<tr class="mark">(.*?)</tr>', html, re.S)]
    assert "07 Jun 2024 18:13 4 Glute bridge 6/10" in marked
    assert "10 Jun 2024 3 30.0 km +50% over 30% 5.0" in marked
    assert "24 Jun 2024 22% moderate −12.0 yes" in marked
    assert "05 Jun 2024 34% moderate −6.0" not in marked


def test_self_contained_with_inline_charts(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", "<img", "src=", "@import"):
        assert external not in html
    # The charts refer only to their own parts (clip paths, markers), never to a file or URL.
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", html))
    assert all(ref.startswith("#") for ref in re.findall(r'href="([^"]*)"', html))
    charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(charts) == 4  # adherence, pain, questionnaires, running
    for svg in charts:
        ET.fromstring(svg)  # each is well-formed XML
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across the charts"


def test_the_page_parses_with_balanced_tags(html: str) -> None:
    class Balance(HTMLParser):
        VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in self.VOID:
                self.stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            pass

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
            self.stack.pop()

    parser = Balance()
    parser.feed(html)
    assert parser.stack == []


def test_what_the_user_typed_is_escaped(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        sid = write_session(store, Session(d(6, 24), 3, 2))
        store.add_checkin(CheckIn(on(d(6, 25), 7), 2, sid, note="<script>alert(1)</script> & co"))
        page = render_html(build_report(store, TODAY, weeks=WEEKS, tz=UTC))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_an_empty_history_says_so(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        page = visible_text(render_html(build_report(store, TODAY, weeks=WEEKS, tz=UTC)))
    for sentence in (
        "No sessions in this period.",
        "No pain scores in this period.",
        "No questionnaire was filled in up to the end of this period.",
        "No runs imported for this period.",
        "No motion analyses in this period.",
        "program (start)",
    ):
        assert sentence in page


def test_written_whole_to_a_checked_path(tmp_path: Path, html: str) -> None:
    out = write_output(tmp_path / "report.html", html.encode(), "html")
    assert out.read_text("utf-8") == html
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    with pytest.raises(ReportError, match=r"ending in \.html"):
        write_output(tmp_path / "report.txt", b"", "html")


def test_long_histories_stay_readable(tmp_path: Path) -> None:
    """Many check-ins: only those that need a look are listed. Exercises moved together for
    one reason share a row."""
    with open_store(f"sqlite:///{tmp_path / 'long.db'}") as store:
        for n in range(16):
            day = d(6, 3) + timedelta(days=n)
            sid = write_session(store, Session(day, 2, 2))
            morning = 4 if n in (3, 9) else 2
            note = "slept badly" if n == 12 else None
            store.add_checkin(CheckIn(on(day + timedelta(days=1), 7), morning, sid, note))
        store.add_dosage_changes(
            [
                change(ex, d(6, 10), (8, 5.0), (9, 5.0), Rule.PROGRESS, UP_REASON, 7)
                for ex in (ExerciseId.WALL_SIT, ExerciseId.PELVIC_TILT)
            ]
        )
        page = visible_text(render_html(build_report(store, TODAY, weeks=WEEKS, tz=UTC)))
    assert "with a note: 3 of 16 (the weekly table above counts them all)" in page
    assert "07 Jun 2024 07:00 4/10 4 2/10" in page
    assert "16 Jun 2024 07:00 2/10 13 2/10 slept badly" in page
    assert "05 Jun 2024 07:00" not in page
    assert f"10 Jun 2024 ↑ up Wall sit: reps 8 → 9; Pelvic tilt: reps 8 → 9 {UP_REASON}" in page
