"""The report tests share one hand-made history in a real SQLite file, built once per module,
and its report as data, HTML and PDF (rendering is the slow part: charts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backcoach.report import ReportData, build_report, render_html, render_pdf
from backcoach.storage import Store, open_store
from tests.report._history import ANALYSES, TODAY, WEEKS, write_story

NOW = datetime(2024, 6, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("story") / "backcoach.db"
    with open_store(f"sqlite:///{path}") as store:
        write_story(store)
    return path


@pytest.fixture
def story(story_db: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{story_db}") as store:
        yield store


@pytest.fixture(scope="module")
def data(story_db: Path) -> ReportData:
    with open_store(f"sqlite:///{story_db}") as store:
        return build_report(store, TODAY, weeks=WEEKS, tz=UTC, now=NOW, analyses=ANALYSES)


@pytest.fixture(scope="module")
def html(data: ReportData) -> str:
    return render_html(data)


@pytest.fixture(scope="module")
def pdf(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return path, render_pdf(data, path)


@pytest.fixture(scope="module")
def pdf_words(pdf: tuple[Path, int]) -> str:
    """The PDF's text, spaces collapsed (parsed once: pypdf takes its time)."""
    return pdf_text(pdf[0])


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no markup, no charts, spaces collapsed."""
    text = re.sub(r"<(svg|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&#39;", "'").replace("&amp;", "&").replace("&nbsp;", " ")
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
