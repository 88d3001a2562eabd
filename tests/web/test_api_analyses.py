"""Motion analyses over the API: a recorded set uploaded, analysed in the background (one video
at a time), stored with its replay; analyses from the live coach kept; bad input refused with
one sentence. The video is a rendered test clip (tests/camera/_videos.py)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from backcoach.web import _api_analyses as api
from backcoach.web import create_app
from backcoach.web._jobs import (
    JobCancelledError,
    JobsFullError,
    Report,
    VideoJobs,
    VideoRequest,
)
from backcoach.web._limits import BodyLimit
from tests.camera._videos import HAVE_CAMERA, needs_videos, video
from tests.web.conftest import FakeClock, TestClient, make_settings

POLL_S = 0.05
WAIT_S = 300.0
"""How long a job may take before the test gives up (a guard against hanging, not a speed test)."""


def app_client(home: Path, clock: FakeClock | None = None) -> TestClient:
    app = create_app(make_settings(home), now=clock or FakeClock())
    api.install(app)  # a no-op once the app factory installs it itself
    return TestClient(app)


@pytest.fixture
def web(home: Path) -> Iterator[TestClient]:
    with app_client(home) as client:
        yield client


def wait_for(client: TestClient, job_id: str) -> list[dict[str, Any]]:
    """Poll a job until it ends; every answer seen, in order."""
    seen = []
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        r = client.get(f"/api/analyses/jobs/{job_id}")
        assert r.status_code == 200, r.text
        seen.append(r.json())
        if seen[-1]["state"] in ("done", "failed"):
            return seen
        time.sleep(POLL_S)
    pytest.fail(f"job {job_id} did not end: {seen[-1]}")


def upload(
    client: TestClient, path: Path, name: str | None = None, query: str = "exercise=glute_bridge"
) -> Any:
    with path.open("rb") as f:
        return client.post(
            f"/api/analyses/videos?{query}",
            files={"video": (name or path.name, f, "video/mp4")},
        )


@dataclass
class Analysed:
    client: TestClient
    home: Path
    accepted: dict[str, Any]
    seen: list[dict[str, Any]]
    analysis: dict[str, Any]


@pytest.fixture(scope="module")
def analysed(fast_tmp: Path, migrated_db: Path) -> Iterator[Analysed]:
    """The glute bridge clip uploaded once, as the page does, and its job followed to the end."""
    if not HAVE_CAMERA:
        pytest.skip("the camera extra (opencv-python-headless, mediapipe) is missing")
    clip = video("glute_bridge")
    home = Path(tempfile.mkdtemp(prefix="analyses-", dir=fast_tmp))
    shutil.copyfile(migrated_db, home / "backcoach.db")
    with app_client(home) as client:
        r = upload(client, clip, "My bridges.mp4", "exercise=glute_bridge&hold=3&rest=4")
        assert r.status_code == 202, r.text
        seen = wait_for(client, r.json()["id"])
        assert seen[-1]["state"] == "done", seen[-1]
        analysis = client.get(seen[-1]["analysis_url"]).json()
        yield Analysed(client, home, r.json(), seen, analysis)
    shutil.rmtree(home, ignore_errors=True)


# -- a video uploaded ------------------------------------------------------------------------------


@needs_videos
def test_the_upload_gives_the_reps_analyze_video_gives(analysed: Analysed) -> None:
    from backcoach.camera import analyze_video

    direct = analyze_video(video("glute_bridge"), "glute_bridge", hold_s=3.0, rest_s=4.0)

    a = analysed.analysis
    assert a["analysis"] == direct.to_dict()
    assert a["reps"] == direct.rep_count == 2
    assert a["faults"] == {"hold_too_short": 1}
    assert a["fault_words"] == {"hold_too_short": "hold too short"}
    assert (a["source"], a["video_name"], a["exercise_name"]) == (
        "video",
        "My bridges.mp4",
        "Glute bridge",
    )


@needs_videos
def test_the_job_answers_at_once_and_its_progress_only_goes_up(analysed: Analysed) -> None:
    accepted, seen = analysed.accepted, analysed.seen
    assert accepted["state"] == "queued" and accepted["analysis_id"] is None
    assert accepted["video_name"] == "My bridges.mp4"

    assert [s["state"] for s in seen][-1] == "done"
    assert {s["state"] for s in seen} <= {"queued", "running", "done"}
    percents = [s["percent"] for s in seen if s["percent"] is not None]
    assert percents == sorted(percents) and percents[-1] == 100
    last = seen[-1]
    assert last["frames_done"] == last["frames_total"] > 0
    assert last["error"] is None and last["analysis_url"] == f"/api/analyses/{last['analysis_id']}"


@needs_videos
def test_the_replay_is_kept_as_a_video_browsers_play(analysed: Analysed) -> None:
    import cv2

    url = analysed.analysis["video_url"]
    r = analysed.client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"] == "video/webm"
    assert r.content[:4] == b"\x1a\x45\xdf\xa3"  # EBML: a Matroska/WebM file
    kept = analysed.home / "analyses" / f"{analysed.analysis['id']}.webm"
    assert kept.read_bytes() == r.content
    capture = cv2.VideoCapture(str(kept))
    try:
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        codec = int(capture.get(cv2.CAP_PROP_FOURCC)).to_bytes(4, "little").decode().upper()
        ok, frame = capture.read()
    finally:
        capture.release()
    assert ok and frame.shape[:2] == (360, 480)
    assert codec == "VP80"
    assert abs(frames - analysed.seen[-1]["frames_total"]) <= 1

    ranged = analysed.client.get(url, headers={"Range": "bytes=0-99"})  # how browsers seek
    assert ranged.status_code == 206 and len(ranged.content) == 100


@needs_videos
def test_no_temporary_file_is_left(analysed: Analysed) -> None:
    folder = analysed.home / "analyses"
    left = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert left == [f"{analysed.analysis['id']}.webm"]


@needs_videos
def test_the_analysis_is_listed_and_has_its_pages(analysed: Analysed) -> None:
    client, a = analysed.client, analysed.analysis
    listed = client.get("/api/analyses").json()
    assert listed["count"] >= 1
    first = listed["data"][0]
    assert first["id"] == a["id"] and first["video_url"] == a["video_url"]
    assert "analysis" not in first  # the list is a summary

    page = client.get(f"/analyses/{a['id']}")
    assert page.status_code == 200
    assert 'id="reps-table"' in page.text and "hold too short" in page.text
    assert f'src="/api/analyses/{a["id"]}/video"' in page.text
    upload_page = client.get("/analyze")
    assert f'href="/analyses/{a["id"]}"' in upload_page.text


# -- videos refused --------------------------------------------------------------------------------


def _no_uploads_left(home: Path) -> None:
    incoming = home / "analyses" / ".incoming"
    assert not incoming.exists() or list(incoming.iterdir()) == []


@pytest.mark.skipif(not HAVE_CAMERA, reason="the camera extra is missing")
@pytest.mark.parametrize(
    ("files", "query", "status", "detail"),
    [
        (None, "exercise=glute_bridge", 422, "no video sent: choose the video of the set"),
        (
            {"video": ("set.mp4", b"", "video/mp4")},
            "exercise=glute_bridge",
            422,
            "set.mp4 is empty (0 bytes): choose the video again",
        ),
        (
            {"video": ("notes.txt", b"not a video at all\n" * 50, "text/plain")},
            "exercise=glute_bridge",
            422,
            "notes.txt: not a video that can be read (damaged, or not a video file)",
        ),
        (
            {"video": ("set.mp4", b"\x00" * 100, "video/mp4")},
            "exercise=plank",
            404,
            "unknown exercise 'plank'",
        ),
        ({"video": ("set.mp4", b"\x00", "video/mp4")}, "", 422, "exercise: is required"),
        (
            {"video": ("set.mp4", b"\x00", "video/mp4")},
            "exercise=wall_sit&hold=-1",
            422,
            "hold: input should be greater than or equal to 0",
        ),
    ],
)
def test_a_bad_upload_is_refused_with_one_sentence(
    web: TestClient,
    home: Path,
    files: dict[str, Any] | None,
    query: str,
    status: int,
    detail: str,
) -> None:
    data = None if files else {"nothing": "here"}
    r = web.post(f"/api/analyses/videos?{query}", files=files, data=data)

    assert r.status_code == status, r.text
    assert r.json()["detail"].startswith(detail), r.json()
    assert "\n" not in r.json()["detail"]
    assert web.get("/api/analyses").json()["count"] == 0
    _no_uploads_left(home)


def test_a_video_over_the_limit_is_refused_before_it_is_read(
    web: TestClient, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "MAX_VIDEO_BYTES", 1000)
    monkeypatch.setitem(
        api.LIMITS, api.VIDEOS_PATH, BodyLimit(1000, lambda: api.too_big_message(api.VIDEOS_PATH))
    )
    r = web.post(
        "/api/analyses/videos?exercise=glute_bridge",
        files={"video": ("long.mp4", b"\x00" * 5000, "video/mp4")},
    )
    assert r.status_code == 413
    assert r.json()["detail"].startswith("the video is over 0 KB: record a shorter set")
    _no_uploads_left(home)


def test_without_the_camera_extra_the_upload_says_what_to_install(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # `import cv2` now fails
    r = web.post(
        "/api/analyses/videos?exercise=glute_bridge",
        files={"video": ("set.mp4", b"\x00" * 100, "video/mp4")},
    )
    assert r.status_code == 503
    assert r.json()["detail"] == (
        "the camera needs: pip install 'backcoach[camera]' (OpenCV is missing)"
    )
    page = web.get("/analyze")
    assert 'id="camera-missing"' in page.text and "pip install" in page.text


def test_unknown_jobs_analyses_and_replays_are_404(web: TestClient) -> None:
    r = web.get("/api/analyses/jobs/7-abc")
    assert r.status_code == 404
    assert r.json()["detail"] == "there is no analysis job 7-abc on this server"
    assert web.get("/api/analyses/5").json()["detail"] == "there is no motion analysis 5"
    assert web.get("/api/analyses/5/video").status_code == 404
    assert web.get("/analyses/5").status_code == 404
    live = web.post("/api/analyses", json={"source": "live", "analysis": live_document()})
    r = web.get(f"/api/analyses/{live.json()['id']}/video")
    assert r.status_code == 404
    assert r.json()["detail"] == f"motion analysis {live.json()['id']} has no replay kept"


# -- analyses made elsewhere -----------------------------------------------------------------------


def live_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "version": 1,
        "exercise": "knee_to_chest",
        "prescribed": {"hold_s": 15.0, "rest_s": 5.0},
        "reps": 2,
        "sides": {"left": 1, "right": 1},
        "rep_details": [
            {
                "index": 1,
                "side": "left",
                "start_s": 2.0,
                "end_s": 19.0,
                "hold_s": 15.2,
                "peak": {"signal": "hip_angle", "value": 58.0},
                "faults": [],
            },
            {
                "index": 2,
                "side": "right",
                "start_s": 25.0,
                "end_s": 39.5,
                "hold_s": 11.0,
                "peak": {"signal": "hip_angle", "value": 84.5},
                "faults": ["hold_too_short", "knee_not_to_chest"],
            },
        ],
        "faults": {"hold_too_short": 1, "knee_not_to_chest": 1},
        "warnings": ["right side hidden in 30% of frames; measured on the left side"],
        "quality": {"frames": 1200, "frames_with_pose": 1180, "side_used": "left"},
        "camera": "an extra field the format allows",
    }
    document.update(changes)
    return document


def test_a_live_analysis_is_kept_and_read_back_exactly(web: TestClient) -> None:
    session = web.post("/api/screening", json={"answers": _none_apply()})
    assert session.status_code == 201
    started = web.post("/api/sessions", json={"pain_before": 2}).json()

    r = web.post(
        "/api/analyses",
        json={"source": "live", "session_id": started["id"], "analysis": live_document()},
    )

    assert r.status_code == 201, r.text
    body = r.json()
    assert body["analysis"] == live_document()
    assert (body["source"], body["session_id"], body["video_url"]) == ("live", started["id"], None)
    assert body["sides"] == {"left": 1, "right": 1}
    assert body["fault_words"] == {
        "hold_too_short": "hold too short",
        "knee_not_to_chest": "knee not close enough to the chest",
    }
    assert web.get(f"/api/analyses/{body['id']}").json() == body
    track = web.post("/api/analyses", json={"source": "track", "analysis": live_document()})
    assert [a["id"] for a in web.get("/api/analyses").json()["data"]] == [
        track.json()["id"],
        body["id"],
    ]
    page = web.get(f"/analyses/{body['id']}").text
    assert "knee not close enough to the chest" in page and "right side hidden" in page


def _none_apply() -> dict[str, bool]:
    from tests.web.conftest import NONE_APPLY

    return NONE_APPLY


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"source": "live", "analysis": live_document(reps=3)}, "reps is 3 but rep_details"),
        (
            {"source": "live", "analysis": live_document(faults={"hold_too_short": 1})},
            "faults must count the faults of rep_details",
        ),
        ({"source": "live", "analysis": live_document(sides=None)}, "sides is needed"),
        ({"source": "live", "analysis": live_document(version=2)}, "analysis.version: input"),
        (
            {"source": "live", "analysis": live_document(exercise="plank")},
            "analysis.exercise: input should be",
        ),
        ({"source": "video", "analysis": live_document()}, "source: input should be"),
        ({"source": "live"}, "analysis: is required"),
        ({"source": "live", "analysis": live_document(), "session_id": 99}, "there is no session"),
    ],
)
def test_a_bad_analysis_document_is_refused_with_one_sentence(
    web: TestClient, body: dict[str, Any], detail: str
) -> None:
    r = web.post("/api/analyses", json=body)
    assert r.status_code in (404, 422), r.text
    assert detail in r.json()["detail"]
    assert "\n" not in r.json()["detail"]
    assert web.get("/api/analyses").json()["count"] == 0


def test_an_unknown_fault_code_is_named(web: TestClient) -> None:
    document = live_document()
    document["rep_details"][0]["faults"] = ["slouching"]
    document["faults"] = {"slouching": 1, "hold_too_short": 1, "knee_not_to_chest": 1}
    r = web.post("/api/analyses", json={"source": "live", "analysis": document})
    assert r.status_code == 422
    assert r.json()["detail"] == "analysis: 'slouching' is not a fault of knee_to_chest"


# -- the job queue ---------------------------------------------------------------------------------


class Gate:
    """A stand-in runner: each job waits for the test to let it through."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, job_id: str, request: VideoRequest, report: Report) -> int:
        with self.lock:
            self.started.append(request.video_name)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            for frame in range(1, 11):
                report("analysing", frame, 10)
                if frame == 5 and not self.release.wait(WAIT_S):
                    raise AssertionError("never released")
            if request.exercise == "fails":
                raise JobCancelledError("the video ended before the first rep")
            return len(self.started)
        finally:
            with self.lock:
                self.running -= 1


def _request(tmp_path: Path, name: str, exercise: str = "glute_bridge") -> VideoRequest:
    upload = tmp_path / f".upload-{name}"
    upload.write_bytes(b"video")
    return VideoRequest(upload, name, exercise)


def _wait_state(jobs: VideoJobs, job_id: str, *states: str) -> Any:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        status = jobs.status(job_id)
        assert status is not None
        if status.state in states:
            return status
        time.sleep(0.01)
    pytest.fail(f"job {job_id} never reached {states}")


def test_one_video_at_a_time_the_others_wait_their_turn(tmp_path: Path) -> None:
    gate = Gate()
    jobs = VideoJobs(gate, lambda: datetime(2025, 3, 3, tzinfo=UTC))
    try:
        first = jobs.submit(_request(tmp_path, "a.mp4"))
        second = jobs.submit(_request(tmp_path, "b.mp4"))
        third = jobs.submit(_request(tmp_path, "c.mp4", exercise="fails"))
        running = _wait_state(jobs, first.id, "running")
        assert running.percent is not None and running.percent <= 45

        waiting = jobs.status(second.id)
        assert waiting is not None and (waiting.state, waiting.ahead) == ("queued", 1)
        assert jobs.status(third.id).ahead == 2  # type: ignore[union-attr]
        gate.release.set()

        done = _wait_state(jobs, third.id, "done", "failed")
        assert (done.state, done.error) == ("failed", "the video ended before the first rep")
        assert jobs.status(first.id).analysis_id == 1  # type: ignore[union-attr]
        assert jobs.status(second.id).percent == 100  # type: ignore[union-attr]
        assert gate.started == ["a.mp4", "b.mp4", "c.mp4"] and gate.most_at_once == 1
        assert list(tmp_path.iterdir()) == []  # every upload removed, done or failed
    finally:
        gate.release.set()
        jobs.close()


def test_a_full_queue_refuses_more(tmp_path: Path) -> None:
    gate = Gate()
    jobs = VideoJobs(gate, lambda: datetime(2025, 3, 3, tzinfo=UTC), max_waiting=1)
    try:
        first = jobs.submit(_request(tmp_path, "a.mp4"))
        _wait_state(jobs, first.id, "running")
        jobs.submit(_request(tmp_path, "b.mp4"))
        with pytest.raises(JobsFullError, match="1 video is waiting to be analysed already"):
            jobs.submit(_request(tmp_path, "c.mp4"))
    finally:
        gate.release.set()
        jobs.close()


def test_stopping_gives_up_the_running_job_and_drops_the_waiting_ones(tmp_path: Path) -> None:
    gate = Gate()
    jobs = VideoJobs(gate, lambda: datetime(2025, 3, 3, tzinfo=UTC))
    first = jobs.submit(_request(tmp_path, "a.mp4"))
    second = jobs.submit(_request(tmp_path, "b.mp4"))
    _wait_state(jobs, first.id, "running")

    closer = threading.Thread(target=jobs.close)
    closer.start()
    time.sleep(0.05)
    gate.release.set()  # the runner reports its next frame, and is stopped there
    closer.join(WAIT_S)

    assert jobs.status(first.id).error == (  # type: ignore[union-attr]
        "the server stopped while this video was analysed"
    )
    assert jobs.status(second.id).error == (  # type: ignore[union-attr]
        "the server stopped before this video's turn"
    )
    assert gate.started == ["a.mp4"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not HAVE_CAMERA, reason="the camera extra is missing")
def test_the_api_says_when_too_many_videos_wait(
    web: TestClient, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    jobs = VideoJobs(gate, FakeClock(), max_waiting=0)
    monkeypatch.setattr(web.app.state, "analysis_jobs", jobs)  # type: ignore[attr-defined]
    monkeypatch.setattr(api, "_probe", lambda path, name: None)
    try:
        r = web.post(
            "/api/analyses/videos?exercise=glute_bridge",
            files={"video": ("set.mp4", b"\x00" * 100, "video/mp4")},
        )
        assert r.status_code == 409
        assert r.json()["detail"] == (
            "0 videos are waiting to be analysed already: send this one when they are done"
        )
        _no_uploads_left(home)
    finally:
        gate.release.set()
        jobs.close()


# -- the replay ------------------------------------------------------------------------------------


def _small_video(path: Path, frames: int = 20, size: tuple[int, int] = (480, 360)) -> Path:
    import cv2
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 15.0, size)
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), 10 * i, dtype=np.uint8))
    writer.release()
    return path


@pytest.mark.skipif(not HAVE_CAMERA, reason="the camera extra is missing")
def test_the_replay_is_shrunk_for_the_browser_and_reports_its_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cv2

    from backcoach.web import _jobs

    monkeypatch.setattr(_jobs, "REPLAY_LONG_SIDE", 240)
    source = _small_video(tmp_path / ".annotated.mp4", frames=31)
    reports: list[tuple[str, int, int | None]] = []

    written = _jobs.write_browser_replay(source, tmp_path / ".replay", lambda *r: reports.append(r))

    assert written == tmp_path / ".replay.webm"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".annotated.mp4", ".replay.webm"]
    capture = cv2.VideoCapture(str(written))
    ok, frame = capture.read()
    capture.release()
    assert ok and frame.shape[:2] == (180, 240)
    assert reports == [("replay", 15, 31), ("replay", 30, 31), ("replay", 31, 31)]
    assert _jobs.replay_file(tmp_path, 7) is None


@pytest.mark.skipif(not HAVE_CAMERA, reason="the camera extra is missing")
def test_without_a_browser_codec_the_replay_is_kept_as_it_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.web import _jobs

    monkeypatch.setattr(_jobs, "REPLAY_FORMATS", (("webm", "XXXX", "video/webm"),))
    source = _small_video(tmp_path / ".annotated.mp4")
    content = source.read_bytes()

    written = _jobs.write_browser_replay(source, tmp_path / ".replay", lambda *r: None)

    assert written == tmp_path / ".replay.mp4" and written.read_bytes() == content
    written.replace(tmp_path / "7.mp4")
    assert _jobs.replay_file(tmp_path, 7) == (tmp_path / "7.mp4", "video/mp4")


def test_files_a_stopped_server_left_behind_are_removed_when_old(tmp_path: Path) -> None:
    import os

    from backcoach.web import _jobs

    incoming = _jobs.incoming_folder(tmp_path)
    old_upload = incoming / ".upload-abc.mp4"
    old_part = tmp_path / ".3-abc.part.mp4"
    fresh = incoming / ".upload-def.mp4"
    replay = tmp_path / "3.webm"
    for path in (old_upload, old_part, fresh, replay):
        path.write_bytes(b"x")
    now = time.time()
    for path in (old_upload, old_part, replay):
        os.utime(path, (now - 7 * 3600, now - 7 * 3600))

    assert _jobs.remove_stale(tmp_path, now) == 2
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        ".upload-def.mp4",
        "3.webm",
    ]


def test_an_analysis_is_deleted_with_its_replay(web: TestClient, home: Path) -> None:
    r = web.post("/api/analyses", json={"source": "live", "analysis": live_document()})
    assert r.status_code == 201, r.text
    analysis_id = r.json()["id"]
    replay = home / "analyses" / f"{analysis_id}.webm"
    replay.parent.mkdir(parents=True, exist_ok=True)
    replay.write_bytes(b"\x1aE\xdf\xa3 a replay")
    other = web.post("/api/analyses", json={"source": "track", "analysis": live_document()})

    r = web.delete(f"/api/analyses/{analysis_id}")

    assert r.status_code == 204 and r.content == b""
    assert not replay.exists()
    assert web.get(f"/api/analyses/{analysis_id}").status_code == 404
    assert [a["id"] for a in web.get("/api/analyses").json()["data"]] == [other.json()["id"]]
    again = web.delete(f"/api/analyses/{analysis_id}")
    assert again.status_code == 404
    assert again.json()["detail"] == f"there is no motion analysis {analysis_id}"
