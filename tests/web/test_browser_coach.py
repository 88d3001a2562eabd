"""End to end: the camera coach page in a real headless Chromium whose camera is Chromium's fake
device, fed from a rendered exercise video (`--use-file-for-fake-video-capture`).

With WebGL (software, SwiftShader, where there is no GPU) the page runs BlazePose itself and the
reps are counted on the page while only landmarks cross the WebSocket: every message the page
sends is checked. With WebGL switched off the page says it falls back to the server's pose model,
and does.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.camera._videos import needs_videos, y4m
from tests.web.conftest import NONE_APPLY
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Server, served

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.slow,
    needs_videos,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")

SLOW_DOWN = 4
"""The clip plays 4x slower in the page's own pose test: without a GPU (SwiftShader) the model
manages 1-2 frames a second (lite model, 2 cores), and the slower movement still gives each rep
several frames (much slower, and the holds would last longer than any real one). The server's
pose model keeps up with a clip played only 2x slower."""
SERVER_SLOW_DOWN = 2
REPS_WAIT_S = 420
"""How long to wait for the page to count (a guard against hanging, not a speed test)."""
MAX_LANDMARK_MESSAGE = 4096
"""A frame message: 33 points of 4 numbers, under 2 kB in practice."""


@pytest.fixture(scope="module")
def server(fast_tmp: Path, migrated_db: Path) -> Iterator[Server]:
    """`backcoach serve` on a home of its own (the other browser tests keep theirs)."""
    with served(fast_tmp / "coach-home", migrated_db) as running:
        running.api.post("/api/screening", json={"answers": NONE_APPLY}).raise_for_status()
        yield running


class Traffic:
    """Everything the page sends: WebSocket messages and HTTP requests with a body."""

    def __init__(self, page: Page) -> None:
        self.text: list[str] = []
        self.binary: list[int] = []
        self.posted: list[tuple[str, int]] = []
        self.errors: list[str] = []
        page.on("websocket", self._socket)
        page.on("request", self._request)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _socket(self, ws: Any) -> None:
        def sent(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                self.binary.append(len(payload))
            else:
                self.text.append(payload)

        ws.on("framesent", sent)

    def _request(self, request: Any) -> None:
        body = request.post_data_buffer
        if body is not None:
            self.posted.append((request.url, len(body)))


def coach(server: Server, slow_down: int, *extra_args: str) -> tuple[Any, Any, Page, Traffic]:
    video = y4m("glute_bridge", slow_down=slow_down)
    args = [a for a in CHROMIUM_ARGS if a != "--disable-gpu"] + [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
        "--enable-unsafe-swiftshader",
        "--autoplay-policy=no-user-gesture-required",
        *extra_args,
    ]
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["camera"])
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(f"{server.url}/coach?exercise=glute_bridge")
    page.wait_for_selector("#coach-app[data-state='ready']")
    return playwright, browser, page, traffic


def wait_for_reps(page: Page, traffic: Traffic, at_least: int) -> dict[str, str]:
    deadline = time.monotonic() + REPS_WAIT_S
    while time.monotonic() < deadline:
        data: dict[str, str] = page.evaluate("({...document.getElementById('coach-app').dataset})")
        assert not traffic.errors, traffic.errors
        assert page.locator("#coach-error").is_hidden(), page.text_content("#coach-error")
        if int(data.get("counted") or 0) >= at_least:
            return data
        time.sleep(1)
    pytest.fail(f"the page counted fewer than {at_least} reps: {data}")


def finish(page: Page, name: str) -> str:
    page.click("#coach-finish")
    page.wait_for_selector("#coach-result:not([hidden])")
    page.wait_for_function("document.getElementById('coach-saved').textContent !== ''")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    return page.text_content("#coach-result") or ""


def test_the_page_runs_the_pose_model_and_sends_only_landmarks(server: Server) -> None:
    playwright, browser, page, traffic = coach(server, SLOW_DOWN)
    try:
        page.click("#coach-start")
        data = wait_for_reps(page, traffic, 1)
        assert data["mode"] == "device"
        assert data["model"] in ("full", "lite")  # lite: SwiftShader is too slow for the full one
        assert page.locator("#privacy").is_visible()
        assert page.locator("#fallback-note").is_hidden()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "coach-live.png"))
        result = finish(page, "coach-result")
    finally:
        browser.close()
        playwright.stop()

    assert "counted" in result
    assert page_said_saved(result)
    # Nothing but landmarks went over the WebSocket: no binary message, and every text message
    # is one of the protocol's three kinds with only its own fields.
    assert traffic.binary == []
    kinds = [json.loads(text)["type"] for text in traffic.text]
    assert kinds[0] == "start" and kinds[-1] == "finish"
    assert set(kinds) == {"start", "frame", "finish"}
    frames = [json.loads(text) for text in traffic.text if '"frame"' in text[:20]]
    assert len(frames) >= int(data["frames"]) - 1
    for frame in frames:
        assert set(frame) == {"type", "t", "points"}
        assert frame["points"] is None or len(frame["points"]) == 33
    assert max(len(text) for text in traffic.text) < MAX_LANDMARK_MESSAGE
    # The only HTTP body the page sent is the finished set's analysis: no picture.
    assert [url.rsplit("/", 2)[-1] for url, _ in traffic.posted] == ["analyses"]
    assert max(size for url, size in traffic.posted) < 64_000
    stored = server.api.get("/api/analyses").json()["data"]
    assert stored[0]["exercise"] == "glute_bridge"
    assert stored[0]["source"] == "live"
    assert stored[0]["reps"] == int(data["counted"]) or stored[0]["reps"] >= 1


def page_said_saved(result: str) -> bool:
    return "Saved to your record." in result


def test_without_webgl_the_page_says_so_and_the_server_finds_the_pose(server: Server) -> None:
    playwright, browser, page, traffic = coach(server, SERVER_SLOW_DOWN, "--disable-3d-apis")
    try:
        page.click("#coach-start")
        data = wait_for_reps(page, traffic, 2)
        note = page.text_content("#fallback-note") or ""
        assert page.locator("#fallback-note").is_visible()
        assert page.locator("#privacy").is_hidden()
        result = finish(page, "coach-result-server-pose")
    finally:
        browser.close()
        playwright.stop()

    assert data["mode"] == "server"
    assert "cannot run the pose model" in note and "sent to your backcoach server" in note
    assert len(traffic.binary) >= int(data["frames"])
    assert "2 reps counted" in result or "3 reps counted" in result
