"""Frames per second of the camera coach page (`/coach`) in a real headless Chromium on this
machine, against the issue's target: "the camera coach keeps up with 15 frames/s in the page".

    python benchmarks/coach_page.py                   # all three parts, about 3 minutes
    python benchmarks/coach_page.py --seconds 20 --parts device,fake

`backcoach serve` runs as a real process on a free loopback port with a temporary
BACKCOACH_HOME (the safety screen passed). Chromium's camera is its fake device playing the
rendered glute bridge clip (tests/camera/_videos.py, 480x360) at its real speed, 15 frames/s,
looped. Each part is measured for `--seconds` once the page says which mode it runs in (the pose
model loaded and warmed up), from the page's own figures (`#coach-app` data attributes):

1. device: BlazePose in the page (WebGL here is SwiftShader: software, no GPU). Page frames/s,
   the camera's rate as the page sees it, reps counted, bytes sent per frame, browser CPU.
2. fake: the page's own pipeline without the model's cost. A stand-in `window.Pose` (injected
   before the page's scripts; the vendored pose.js is not served) answers each `send` at once with
   the next frame of a generated glute bridge track, as a fast GPU would. Shows whether drawing,
   the WebSocket, the server's analyzer and the page's UI keep up at 15 and at 30 frames/s (the
   camera plays the same clip declared at 30 frames/s for the second).
3. server: the fallback when the browser has no WebGL (`--disable-3d-apis`): the page sends JPEG
   pictures to the server, which runs BlazePose. Pictures/s, bytes per picture.

Round trips are timed in the page by wrapping `WebSocket.prototype.send`: a landmarks frame to the
`events` message that answers it (only frames that change something are answered), and a picture
to its `pose` answer. CPU is read from /proc: Chromium's processes (descendants of this one) and
the server's. The machine's load average is printed before each part: other work on the machine
moves these figures. Everything is on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SRC))

from backcoach.synth import TrackSpec, generate  # noqa: E402
from web_api import NONE_APPLY, cpu_seconds, free_port, start_server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CLIP = "glute_bridge"
TARGET_FPS = 15.0
MAX_SECONDS = 120.0
READY_WAIT_S = 60.0
"""How long the page may take to load (a guard against hanging)."""
START_WAIT_S = 150.0
"""How long from pressing start until the page streams: the page's own model timeout (90 s)
plus its warm-up frames at the slowest rate seen here."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--enable-unsafe-swiftshader",
    "--autoplay-policy=no-user-gesture-required",
]

# Timing in the page: every frame or picture sent, and the answer that comes back for it.
BENCH_JS = """
(() => {
  const bench = { sent: new Map(), rtt: [], pictures: [], pictureRtt: [], videoFrames: 0 };
  window.__bench = bench;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__benchWatched) {
      this.__benchWatched = true;
      this.addEventListener("message", (e) => {
        const at = performance.now();
        if (typeof e.data !== "string") return;
        const m = JSON.parse(e.data);
        if (m.type === "events") {
          const was = bench.sent.get(m.t);
          if (was !== undefined) bench.rtt.push(at - was);
        } else if (m.type === "pose") {
          const was = bench.pictures.shift();
          if (was !== undefined) bench.pictureRtt.push(at - was);
        }
      });
    }
    const at = performance.now();
    if (typeof data === "string") {
      if (data.startsWith('{"type":"frame"')) bench.sent.set(JSON.parse(data).t, at);
    } else {
      bench.pictures.push(at);
    }
    return send.call(this, data);
  };
  // How long each pose.send takes (the model plus the page's drawing and sending in its
  // callback), however window.Pose gets defined (pose.js or the stand-in).
  bench.sendMs = [];
  let pose;
  Object.defineProperty(window, "Pose", {
    configurable: true,
    get() { return pose; },
    set(value) {
      if (typeof value === "function" && value.prototype && value.prototype.send) {
        const send = value.prototype.send;
        value.prototype.send = async function (...args) {
          const at = performance.now();
          try { return await send.apply(this, args); }
          finally { bench.sendMs.push(performance.now() - at); }
        };
      }
      pose = value;
    },
  });
  // The camera's rate as the page receives it: frames presented by the <video>.
  const watch = () => {
    const video = document.getElementById("coach-video");
    if (!video || !("requestVideoFrameCallback" in video)) return;
    const tick = (_, meta) => {
      bench.videoFrames = meta.presentedFrames;
      video.requestVideoFrameCallback(tick);
    };
    video.requestVideoFrameCallback(tick);
  };
  document.addEventListener("DOMContentLoaded", watch);
})();
"""

# A stand-in for @mediapipe/pose's Pose with the interface coach.js uses: each send answers at
# once with the next frame of a generated track.
FAKE_POSE_JS = """
(() => {
  const TRACK = %s;
  class Pose {
    constructor(options) { this.options = options; this.callback = null; this.sent = 0; }
    setOptions(options) { this.settings = options; }
    onResults(callback) { this.callback = callback; }
    async initialize() {}
    async send({ image }) {
      const frame = TRACK[this.sent %% TRACK.length];
      this.sent += 1;
      window.__fakeSent = this.sent;
      const poseLandmarks = frame
        ? frame.map(([x, y, z, visibility]) => ({ x, y, z, visibility }))
        : undefined;
      this.callback({ image, poseLandmarks });
    }
    close() {}
  }
  window.Pose = Pose;
})();
"""


# -- processes ----------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    return [name, *text.rsplit(")", 1)[1].split()]


def browser_cpu() -> dict[int, float]:
    """CPU seconds of each Chromium process started (through Playwright) by this one."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                names[int(entry.name)] = fields[0]
                parents[int(entry.name)] = int(fields[2])
    mine = os.getpid()

    def descends(pid: int) -> bool:
        for _ in range(64):
            pid = parents.get(pid, 0)
            if pid == mine:
                return True
            if pid <= 1:
                return False
        return False

    return {
        pid: cpu_seconds(pid)
        for pid, name in names.items()
        if name.startswith(("chrom", "Chrom")) and descends(pid)
    }


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two `browser_cpu` readings (a process that left takes its time
    with it: renderers live as long as the page, so little is lost)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


class Server:
    """`backcoach serve` on a free loopback port with its own home (web_api's), screen passed."""

    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = start_server(home, self.port, SRC)
        httpx.post(f"{self.url}/api/screening", json={"answers": NONE_APPLY}).raise_for_status()

    def stop(self) -> str:
        """Stop the server; returns what it printed on stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[1]


# -- the camera and the stand-in model ----------------------------------------------------------


def camera_clip(folder: Path, fps: int) -> Path:
    """The rendered clip as a y4m for Chromium's fake camera, declared at `fps` frames/s (15 is
    real speed; the stand-in model ignores the picture, so 30 only makes the camera faster)."""
    from tests.camera._videos import y4m

    source = y4m(CLIP, slow_down=1)
    if fps == TARGET_FPS:
        return source
    path = folder / f"{CLIP}-{fps}fps.y4m"
    with source.open("rb") as src, path.open("wb") as out:
        header = src.readline().decode().split(" ")
        out.write(" ".join(f"F{fps}:1" if p.startswith("F") else p for p in header).encode())
        shutil.copyfileobj(src, out)
    return path


def clip_reps() -> tuple[int, float]:
    """The camera clip's reps and its length in seconds (it loops)."""
    from tests.camera._videos import track

    doc = track(CLIP).document
    return len(track(CLIP).truth), len(doc["frames"]) / float(doc["fps"])


@dataclass(frozen=True)
class FakeTrack:
    frames: list[list[list[float]] | None]
    fps: float
    rep_ends: list[float]

    def reps_fed(self, sent: int) -> int:
        """Reps completed in the first `sent` frames the stand-in model handed over."""
        return sum(1 for end in self.rep_ends if end <= sent / self.fps)


def fake_track(fps: float, seconds: float) -> FakeTrack:
    """A glute bridge track at `fps`, long enough for the warm-up and the measured seconds."""
    reps = math.ceil(seconds / 10) + 3
    spec = TrackSpec(CLIP, reps=reps, fps=fps, width=480, height=360, lead_in_s=1.5)
    made = generate(spec, 3)
    frames = [
        None if f["points"] is None else [[round(v, 5) for v in p[:4]] for p in f["points"]]
        for f in made.document["frames"]
    ]
    return FakeTrack(frames, fps, [r.end_s for r in made.truth])


# -- one measured run ---------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    camera_fps: float
    load: tuple[float, float, float]
    seconds: float = 0.0
    started_s: float = 0.0
    mode: str = ""
    frames: int = 0
    video_frames: int = 0
    page_fps_5s: float = 0.0
    declared_fps: str = ""
    counted: int = 0
    expected: str = ""
    bytes_sent: int = 0
    pictures: int = 0
    browser_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    rtt_ms: list[float] = field(default_factory=list)
    send_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds else 0.0


def _dataset(page: Any) -> dict[str, str]:
    data: dict[str, str] = page.evaluate("({...document.getElementById('coach-app').dataset})")
    return data


def _snapshot(page: Any) -> dict[str, Any]:
    figures: dict[str, Any] = page.evaluate(
        """() => ({
          data: {...document.getElementById('coach-app').dataset},
          video: window.__bench.videoFrames,
          pictures: Number(document.getElementById('coach-pictures').textContent),
          fake: window.__fakeSent || 0,
        })"""
    )
    return figures


def _page_error(page: Any) -> str | None:
    if page.locator("#coach-error").is_visible():
        return f"the page failed: {page.text_content('#coach-error')}"
    return None


@contextmanager
def _browser(playwright: Any, video: Path, extra: list[str]) -> Iterator[Any]:
    args = [*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={video}", *extra]
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["camera"])
        yield context
    finally:
        browser.close()


def measure(
    playwright: Any,
    server: Server,
    run: Run,
    video: Path,
    seconds: float,
    extra_args: list[str] | None = None,
    fake: FakeTrack | None = None,
) -> Run:
    """Open the coach page, press start, and measure `seconds` once the page streams."""
    with _browser(playwright, video, extra_args or []) as context:
        page = context.new_page()
        page.on("pageerror", lambda e: run.errors.append(str(e)))
        page.add_init_script(script=BENCH_JS)
        if fake is not None:
            page.add_init_script(script=FAKE_POSE_JS % json.dumps(fake.frames))
            # The real pose.js would replace the stand-in and load its model.
            page.route("**/pose.js", lambda route: route.fulfill(status=200, body=""))
        page.goto(f"{server.url}/coach?exercise={CLIP}")
        page.wait_for_selector("#coach-app[data-state='ready']", timeout=READY_WAIT_S * 1000)
        pressed = time.perf_counter()
        page.click("#coach-start")
        while not _dataset(page).get("mode"):
            problem = _page_error(page)
            if problem or time.perf_counter() - pressed > START_WAIT_S:
                run.errors.append(problem or f"the page did not start within {START_WAIT_S:g} s")
                return run
            time.sleep(0.2)
        run.started_s = time.perf_counter() - pressed
        page.evaluate(
            "() => { const b = window.__bench; b.rtt = []; b.pictureRtt = []; b.sendMs = []; }"
        )
        first = _snapshot(page)
        cpu_before, server_before = browser_cpu(), cpu_seconds(server.process.pid)
        began = time.perf_counter()
        while time.perf_counter() - began < seconds:
            time.sleep(min(1.0, max(0.0, seconds - (time.perf_counter() - began))))
            problem = _page_error(page)
            if problem:
                run.errors.append(problem)
                break
        last = _snapshot(page)
        run.seconds = time.perf_counter() - began
        run.browser_cpu_s = cpu_used(cpu_before, browser_cpu())
        run.server_cpu_s = cpu_seconds(server.process.pid) - server_before
        rtt = page.evaluate(
            "window.__bench.pictureRtt.length ? window.__bench.pictureRtt : window.__bench.rtt"
        )
        run.rtt_ms = sorted(float(x) for x in rtt)
        run.send_ms = sorted(float(x) for x in page.evaluate("window.__bench.sendMs"))
    data, before = last["data"], first["data"]
    run.mode = data.get("mode", "")
    if run.mode == "device" and fake is None:
        run.mode += "/" + (data.get("model") or ("full" if data.get("fullModel") else "lite"))
    run.declared_fps = data.get("declaredFps", "")
    run.frames = int(data.get("frames") or 0) - int(before.get("frames") or 0)
    run.video_frames = int(last["video"]) - int(first["video"])
    run.page_fps_5s = float(data.get("fps") or 0)
    run.counted = int(data.get("counted") or 0)
    run.bytes_sent = int(data.get("bytesSent") or 0) - int(before.get("bytesSent") or 0)
    run.pictures = int(last["pictures"]) - int(first["pictures"])
    if fake is not None:
        run.expected = f"{fake.reps_fed(int(last['fake']))} fed"
    return run


# -- the report ---------------------------------------------------------------------------------


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{statistics.median(values):.0f}/{p95:.0f} (n={len(values)})"


def report(runs: list[Run], reps_per_loop: int, loop_s: float) -> None:
    rows: list[tuple[str, ...]] = [
        (
            "part",
            "load 1m",
            "start s",
            "mode",
            "camera/s",
            "page/s",
            "of 15",
            "5 s/s",
            "told",
            "reps",
            "B/frame",
            "pose.send ms p50/p95",
            "rtt ms p50/p95",
            "browser CPU",
            "server CPU",
        )
    ]
    for run in runs:
        if not run.seconds:
            rows.append((run.name, f"{run.load[0]:.2f}", "-", "did not run", *["-"] * 11))
            continue
        per_frame = run.bytes_sent / run.frames if run.frames else 0.0
        rows.append(
            (
                run.name,
                f"{run.load[0]:.2f}",
                f"{run.started_s:.1f}",
                run.mode,
                f"{run.video_frames / run.seconds:.1f} ({run.camera_fps:g})",
                f"{run.fps:.2f}",
                f"{run.fps / TARGET_FPS:.0%}",
                f"{run.page_fps_5s:.2f}",
                run.declared_fps or "-",
                f"{run.counted}" + (f" / {run.expected}" if run.expected else ""),
                f"{per_frame:,.0f}",
                _ms(run.send_ms),
                _ms(run.rtt_ms),
                f"{100 * run.browser_cpu_s / run.seconds:.0f}%",
                f"{100 * run.server_cpu_s / run.seconds:.0f}%",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print(
        "start s: from pressing start to streaming (model load + warm-up); mode: where the pose "
        "was found (device/full or device/lite: the model the page ran; lite "
        "when the full one runs under 10 frames/s); camera/s: frames the "
        "<video> presented (the fake camera's declared rate); page/s: frames analysed per second "
        "of wall time (data-frames); of 15: page/s against the 15 frames/s target; 5 s/s: the "
        "page's own rolling 5 s rate at the end; told: the rate the page told the analyzer; "
        f"reps: counted by the page (the camera clip has {reps_per_loop} reps per "
        f"{loop_s:.1f} s loop, about {reps_per_loop * runs[0].seconds / loop_s if runs else 0:.0f}"
        " in the window at real speed; fake: reps completed in the frames fed, where one that "
        "ended in the last seconds is counted by the analyzer only a little later); B/frame: "
        "bytes the page sent per frame (landmarks) or per picture (server mode); pose.send: one "
        "call of the page's Pose (the model, then the page's drawing and sending); rtt: frame -> "
        "its events answer (only frames that change something are answered) or picture -> its "
        "pose answer, in the page; CPU: % of one core over the window (2 cores = 200%), "
        "Chromium's processes and the server's."
    )
    for run in runs:
        for error in dict.fromkeys(run.errors):
            print(f"{run.name}: error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time per run")
    parser.add_argument(
        "--parts", default="device,fake,server", help="comma-separated: device, fake, server"
    )
    parser.add_argument(
        "--fake-fps", default="15,30", help="camera rates for the stand-in model's runs"
    )
    args = parser.parse_args()
    seconds = max(5.0, min(args.seconds, MAX_SECONDS))
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - {"device", "fake", "server"}
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    reps_per_loop, loop_s = clip_reps()
    began = time.perf_counter()
    print(
        f"camera coach page, {os.cpu_count()} cores, Chromium at {CHROMIUM} (WebGL: "
        f"SwiftShader), {seconds:g} s per run; load average before: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="coach-page-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        server = Server(home)
        try:
            with sync_playwright() as playwright:
                if "device" in parts:
                    run = Run("device (pose in page)", TARGET_FPS, os.getloadavg())
                    video = camera_clip(Path(folder), int(TARGET_FPS))
                    runs.append(measure(playwright, server, run, video, seconds))
                if "fake" in parts:
                    for fps in (int(x) for x in args.fake_fps.split(",") if x.strip()):
                        run = Run(f"fake model, camera {fps}/s", fps, os.getloadavg())
                        video = camera_clip(Path(folder), fps)
                        track = fake_track(float(fps), seconds + 30)
                        runs.append(measure(playwright, server, run, video, seconds, fake=track))
                if "server" in parts:
                    run = Run("server pose (no WebGL)", TARGET_FPS, os.getloadavg())
                    video = camera_clip(Path(folder), int(TARGET_FPS))
                    runs.append(
                        measure(playwright, server, run, video, seconds, ["--disable-3d-apis"])
                    )
        finally:
            log = server.stop()
    print()
    report(runs, reps_per_loop, loop_s)
    if "Traceback" in log:
        print("server log:\n" + log)
    print(
        f"\ntotal {time.perf_counter() - began:.0f} s; load average after: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    )


if __name__ == "__main__":
    main()
