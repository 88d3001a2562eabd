"""The PDF report: a real PDF (parsed by pypdf) whose text holds the key figures, and the
one-line errors for a wrong file name or a place that cannot be written to."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

import pytest
from pypdf import PdfReader

from backcoach.report import ReportData, ReportError, build_report, render_pdf, write_output
from backcoach.storage import open_store
from tests.report._history import BACK_REASON, TODAY, WEEKS
from tests.report.conftest import pdf_text


def test_a_real_pdf(pdf: tuple[Path, int]) -> None:
    path, pages = pdf
    content = path.read_bytes()
    assert content.startswith(b"%PDF-1.")
    assert content.rstrip().endswith(b"%%EOF")
    reader = PdfReader(path)
    assert len(reader.pages) == pages
    assert 3 <= pages <= 6
    assert reader.metadata is not None
    assert reader.metadata.title == "Back-care exercise report, 03 Jun 2024 – 26 Jun 2024 (4 weeks)"
    # A4 portrait
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    # the four charts, as images
    images = sum(len(page.images) for page in reader.pages)
    assert images == 4


@pytest.mark.parametrize(
    "figure",
    [
        "03 Jun 2024 – 26 Jun 2024 (4 weeks)",
        "cleared to exercise on 20 May 2024",
        "6 completed, 1 stopped, 1 abandoned",
        "408 of 426 planned",
        "102 / 112",
        "Bird dog",
        "36 / 46",
        "3.7 → 2.0 (−1.7): a minimal important change (2 points or 30%), better",
        "stiff getting up",
        "40% → 22% (−18.0)",
        "9/24 → 4/24 (−5.0)",
        "items paraphrased; not the licensed instrument wording",
        "reps 9 → 8",
        BACK_REASON,
        "program, since 24 Jun 2024",
        "87.0 km",
        "+50%",
        "over 30%",
        "hips short of full extension ×3",
        "3 (38%)",
        "page 1 of",
    ],
)
def test_the_key_figures_are_in_the_text(pdf_words: str, figure: str) -> None:
    assert figure in pdf_words


def test_every_page_is_numbered(pdf: tuple[Path, int]) -> None:
    path, pages = pdf
    for n, page in enumerate(PdfReader(path).pages, start=1):
        assert f"page {n} of {pages}" in page.extract_text()


def test_an_empty_history_makes_a_one_page_pdf(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        data = build_report(store, TODAY, weeks=WEEKS, tz=UTC)
    out = tmp_path / "empty.pdf"
    assert render_pdf(data, out) == 1
    text = pdf_text(out)
    assert "No sessions in this period." in text and "No runs imported" in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.txt", r"needs a file name ending in \.pdf, not .*report\.txt"),
        ("report.pdf.html", r"ending in \.pdf"),
        ("missing/report.pdf", r"the folder .*missing does not exist"),
        ("a-file/report.pdf", r"a-file is not a folder"),
        ("a-folder.pdf", r"a-folder\.pdf: it is a folder"),
    ],
)
def test_one_line_errors_for_a_bad_path(
    data: ReportData, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder.pdf").mkdir()
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ReportError, match=message) as caught:
        render_pdf(data, tmp_path / name)
    assert "\n" not in str(caught.value)
    assert sorted(tmp_path.rglob("*")) == before  # nothing written


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder(data: ReportData, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportError, match="permission denied"):
            render_pdf(data, folder / "report.pdf")
    finally:
        folder.chmod(0o700)


def test_an_existing_report_is_replaced_whole(pdf: tuple[Path, int], tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")
    write_output(out, pdf[0].read_bytes(), "pdf")
    assert out.read_bytes() == pdf[0].read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_place_the_system_refuses(pdf: tuple[Path, int]) -> None:
    with pytest.raises(ReportError, match=r"^cannot write the report to /proc/report\.pdf: "):
        write_output("/proc/report.pdf", pdf[0].read_bytes(), "pdf")
