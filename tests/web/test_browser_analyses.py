"""End to end, in a real headless Chromium on `backcoach serve`: a recorded set uploaded on the
video analysis page, its progress followed to the end, the reps table read and the annotated
replay played. Screenshots go to tests/web/screenshots/ (to look at, not compared)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.camera._videos import needs_videos, video
from tests.web.test_browser import (  # noqa: F401 (the browser fixture)
    CHROMIUM,
    WAIT_MS,
    Server,
    browser,
    free_port,
    served,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [
    pytest.mark.slow,
    needs_videos,
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
    with served(fast_tmp / "e2e-analyses-home", migrated_db) as running:
        yield running


# Every value the analysis bar takes, as the page sets it.
WATCH_BAR = """() => {
  window.jobValues = [];
  const bar = document.getElementById("job-bar");
  new MutationObserver(() => {
    if (bar.hasAttribute("value")) window.jobValues.push(Number(bar.value));
  }).observe(bar, { attributes: true, attributeFilter: ["value"] });
}"""


def test_a_video_uploaded_on_the_page_is_analysed_and_its_replay_plays(
    server: Server,
    browser: BrowserContext,  # noqa: F811
) -> None:
    page = browser.new_page()  # a phone: 390 x 844
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/analyze")
    sync_api.expect(page.get_by_role("heading", name="Video analysis")).to_be_visible()
    sync_api.expect(page.locator("#no-analyses")).to_be_visible()

    page.get_by_role("button", name="Upload and analyse").click()  # nothing chosen yet
    sync_api.expect(page.locator("#video-upload .error")).to_have_text(
        "Choose the video of the set first."
    )
    page.get_by_label("Exercise").select_option(label="Glute bridge")
    page.locator("summary", has_text="Your own hold and rest").click()
    page.get_by_label("Hold (seconds)").fill("3")
    page.get_by_label("Rest (seconds)").fill("4")
    page.get_by_label("Video of the set").set_input_files(str(video("glute_bridge")))
    page.evaluate(WATCH_BAR)
    page.get_by_role("button", name="Upload and analyse").click()

    progress = page.locator("#video-progress")
    sync_api.expect(progress).to_be_visible()
    sync_api.expect(page.locator("#upload-text")).to_have_text("100%", timeout=WAIT_MS)
    sync_api.expect(page.locator("#job-text")).to_contain_text("frame", timeout=WAIT_MS)
    shot(page, "analyze-progress", full=False)

    table = page.locator("#reps-table")
    sync_api.expect(table).to_be_visible(timeout=5 * WAIT_MS)
    sync_api.expect(page.locator("#job-text")).to_have_text("done")
    values: list[float] = page.evaluate("window.jobValues")
    assert values == sorted(values), values
    assert values[-1] == 100 and any(0 < v < 100 for v in values), values
    assert page.locator("#job-bar").get_attribute("value") == "100"

    sync_api.expect(table.locator("tbody tr")).to_have_count(2)
    sync_api.expect(table.locator("tbody tr").nth(1)).to_contain_text("hold too short")
    sync_api.expect(page.locator(".analysis-result h2")).to_have_text("Glute bridge: 2 reps")
    media: dict[str, Any] = page.wait_for_function(
        """() => {
          const v = document.querySelector(".analysis-result video");
          return v && v.readyState >= 1 && v.duration > 0
            ? { ready: v.readyState, duration: v.duration, width: v.videoWidth, error: v.error }
            : null;
        }""",
        timeout=WAIT_MS,
    ).json_value()
    assert media["error"] is None and media["width"] == 480
    assert 15 < media["duration"] < 25  # the clip is about 20 s long
    page.locator(".analysis-result video").scroll_into_view_if_needed()
    shot(page, "analyze-result")

    stored = server.api.get("/api/analyses").json()
    assert stored["count"] == 1 and stored["data"][0]["reps"] == 2
    sync_api.expect(page.get_by_label("Exercise")).to_have_value("glute_bridge")  # kept

    # The set is in the list below, and its own page shows the same result.
    analysis_id = stored["data"][0]["id"]
    page.locator(f'#analyses-table a[href="/analyses/{analysis_id}"]').click()
    page.wait_for_url(f"**/analyses/{analysis_id}")
    sync_api.expect(page.locator("#reps-table tbody tr")).to_have_count(2)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "analysis-desktop")

    # Deleted from its page, after saying yes: gone from the record, its replay with it.
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url("**/analyze")
    assert asked == ["Delete this analysis and its replay from your record?"]
    sync_api.expect(page.locator("#no-analyses")).to_be_visible()
    assert server.api.get("/api/analyses").json()["count"] == 0
    assert not list((server.home / "analyses").glob(f"{analysis_id}.*"))
    assert errors == []
    page.close()
