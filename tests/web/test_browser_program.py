"""End to end, in a real headless Chromium on `backcoach serve`: the ODI filled in on a phone,
runs uploaded from GPX files, and the report downloaded. Screenshots go to tests/web/screenshots/
(to look at, not compared)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.web.test_api_program import gpx
from tests.web.test_browser import (  # noqa: F401 (the browser fixture)
    CHROMIUM,
    WAIT_MS,
    Server,
    browser,
    desktop_page,
    served,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright for Python (pip install playwright)"
)


@pytest.fixture(scope="module")
def server(fast_tmp: Path, migrated_db: Path) -> Iterator[Server]:
    """`backcoach serve` on a home of its own (the other browser tests keep theirs)."""
    with served(fast_tmp / "e2e-program-home", migrated_db) as running:
        yield running


ODI_CHOICES = [2, 2, 2, 2, 2, 2, 2, None, 2, 2]
"""The statement picked in each ODI area (None: left out): 18 of 45 points, 40%."""


def test_the_odi_filled_in_on_a_phone_from_the_today_reminder(
    server: Server,
    browser: BrowserContext,  # noqa: F811
) -> None:
    page = browser.new_page()  # 390 x 844
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/")
    banner = page.locator("#questionnaires-due")
    sync_api.expect(banner).to_contain_text("You have not filled in the ODI yet")
    shot(page, "program-today-due", full=False)
    banner.get_by_role("link").first.click()
    page.wait_for_url("**/questionnaires/odi")
    sync_api.expect(page.get_by_role("heading", name="Oswestry Disability Index")).to_be_visible()
    shot(page, "program-odi-top", full=False)

    # Sending it with three areas left out: the page says what is missing, nothing is sent.
    page.get_by_role("group").nth(0).locator("label.option").nth(2).click()
    page.get_by_role("button", name="Save my answers").click()
    sync_api.expect(page.locator("#questionnaire-form .error")).to_contain_text(
        "Please answer all but 2 at most: 9 are left blank."
    )
    for number, choice in enumerate(ODI_CHOICES, start=1):
        if choice is not None:
            group = page.get_by_role("group", name=f"{number} of 10", exact=False)
            group.locator("label.option").nth(choice).click()
    shot(page, "program-odi-filled")
    page.get_by_role("button", name="Save my answers").click()
    result = page.locator("#questionnaire-result")
    sync_api.expect(result).to_be_visible()
    sync_api.expect(page.locator("#result-score")).to_have_text("40%")
    sync_api.expect(page.locator("#result-band")).to_have_text("Band: moderate")
    sync_api.expect(page.locator("#result-change")).to_contain_text("Your first score")
    shot(page, "program-odi-result", full=False)

    stored = server.api.get("/api/questionnaires").json()
    assert stored["data"][0]["answers"] == ODI_CHOICES
    page.get_by_role("link", name="See all scores").click()
    sync_api.expect(page.locator("table")).to_contain_text("40%")
    shot(page, "program-questionnaires")
    assert errors == []
    page.close()


def test_runs_uploaded_on_the_runs_page_fill_the_week_table(
    server: Server,
    browser: BrowserContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    files = []
    for days, km in ((15, 8.0), (8, 8.0), (1, 12.0)):
        path = tmp_path / f"run-{days}-days-ago.gpx"
        path.write_bytes(gpx(now - timedelta(days=days, hours=1), km))
        files.append(path)
    page = desktop_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/runs")
    sync_api.expect(page.locator("#no-runs")).to_be_visible()

    page.get_by_role("button", name="Upload").click()  # nothing chosen yet
    sync_api.expect(page.locator("#runs-upload .error")).to_have_text(
        "Choose one or more run files first."
    )
    bad = tmp_path / "notes.txt"
    bad.write_text("not a run", "utf-8")
    page.get_by_label("Run files from your watch or app").set_input_files([*files, bad])
    page.get_by_role("button", name="Upload").click()
    sync_api.expect(page.locator("#runs-upload .error")).to_contain_text(
        "notes.txt: not a run file backcoach knows"
    )
    assert server.api.get("/api/runs").json()["runs"] == 0  # all or nothing

    page.get_by_label("Run files from your watch or app").set_input_files(files)
    page.get_by_role("button", name="Upload").click()
    sync_api.expect(page.locator("#upload-result")).to_have_text(
        "Added 3 runs, 0 duplicates already stored (from 3 files).", timeout=WAIT_MS
    )
    sync_api.expect(page.locator("#weeks-table tbody tr")).to_have_count(8)
    assert page.locator("svg.chart rect.bar").count() == 8
    shot(page, "program-runs-desktop")
    assert server.api.get("/api/runs").json()["runs"] == 3

    mobile = browser.new_page()
    mobile.goto(server.url + "/runs")
    shot(mobile, "program-runs-mobile")
    mobile.close()
    assert errors == []
    page.close()


def test_the_report_downloads_as_a_pdf(
    server: Server,
    browser: BrowserContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = browser.new_page()
    page.goto(server.url + "/report")
    page.get_by_label("Weeks to cover, up to this one").fill("4")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/report?weeks=4")
    sync_api.expect(page.get_by_role("heading", name="The last 4 weeks")).to_be_visible()
    shot(page, "program-report")
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("backcoach-report-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) >= 1
    page.close()
