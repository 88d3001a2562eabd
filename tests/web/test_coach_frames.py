"""`/api/coach/frames`, the fallback for a browser that cannot run the pose model: pictures in,
the server's BlazePose and the same streaming analyzer, landmarks and events out."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect

from backcoach.camera import CameraUnavailableError
from backcoach.web import _api_coach_frames
from tests.camera._videos import FPS, SIZE, _frames, needs_camera, needs_videos, track, video
from tests.web.conftest import Web

URL = "/api/coach/frames?exercise=glute_bridge"
START = json.dumps({"type": "start", "width": SIZE[0], "height": SIZE[1], "fps": FPS})

pytestmark = needs_camera


def picture(t: float, bgr: np.ndarray[Any, Any], kind: str = ".jpg") -> bytes:
    import cv2

    ok, encoded = cv2.imencode(kind, bgr)
    assert ok
    return struct.pack("<d", t) + encoded.tobytes()


def pictures(name: str) -> Iterator[tuple[float, bytes]]:
    for n, frame in enumerate(_frames(video(name))):
        yield n / FPS, picture(n / FPS, frame)


@needs_videos
def test_pictures_give_landmarks_events_and_the_analysis(web: Web) -> None:
    answers: list[dict[str, Any]] = []
    with web.client.websocket_connect(URL) as ws:
        assert ws.receive_json() == {"type": "ready"}
        ws.send_text(START)
        for _, body in pictures("glute_bridge"):
            ws.send_bytes(body)
            answers.append(ws.receive_json())
        ws.send_text(json.dumps({"type": "finish"}))
        analysis = ws.receive_json()["analysis"]
    assert all(a["type"] == "pose" for a in answers)
    seen = [a for a in answers if a["points"] is not None]
    assert len(seen) > 0.9 * len(answers)
    assert all(len(a["points"]) == 33 and len(a["points"][0]) == 4 for a in seen)
    done = [e for a in answers for e in a["events"] if e["kind"] == "rep_done"]
    truth = track("glute_bridge").truth
    assert len(done) == len(truth) == analysis["reps"]
    # The clip's bridges are held 3 s, the second one shorter still: both under the catalog's 6 s.
    assert all("hold_too_short" in r["faults"] for r in analysis["rep_details"])
    assert [r["index"] for r in analysis["rep_details"]] == [1, 2]
    assert analysis["quality"]["frames"] == len(answers)


def refused(web: Web, url: str, *messages: str | bytes) -> tuple[int, str]:
    with web.client.websocket_connect(url) as ws:
        first = ws.receive_json()
        if first["type"] == "ready":
            for message in messages:
                if isinstance(message, bytes):
                    ws.send_bytes(message)
                else:
                    ws.send_text(message)
            first = ws.receive_json()
            while first["type"] == "pose":  # pictures before the bad one are answered
                first = ws.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert first["type"] == "error"
    assert "\n" not in first["detail"]
    return closed.value.code, first["detail"]


BLACK = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)


@pytest.mark.parametrize(
    ("messages", "detail"),
    [
        ([picture(0.0, BLACK)], "send a start message"),
        ([START, b"\x00\x01"], "8 bytes of time, then the picture"),
        ([START, struct.pack("<d", 0.0) + b"not a picture at all"], "could not be decoded"),
        ([START, struct.pack("<d", float("nan")) + b"x" * 10], "finite number of seconds"),
        ([START, picture(0.0, np.zeros((100, 100, 3), np.uint8))], "must be 480x360"),
        ([START, picture(1.0, BLACK), picture(0.5, BLACK)], "frame times must increase"),
        ([START, json.dumps({"type": "frame", "t": 0, "points": None})], "takes pictures"),
        ([START, "{nope"], "not valid JSON"),
        ([json.dumps({"type": "start", "width": 4000, "height": 3000, "fps": 30})], "1920"),
        ([START, START], "already started"),
    ],
)
def test_bad_input_gets_one_sentence_and_closes_with_4400(
    web: Web, messages: list[str | bytes], detail: str
) -> None:
    code, said = refused(web, URL, *messages)
    assert code == 4400
    assert detail in said


def test_a_huge_picture_is_refused(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_api_coach_frames, "MAX_PICTURE_BYTES", 1000)
    code, said = refused(web, URL, START, struct.pack("<d", 0.0) + b"x" * 2000)
    assert code == 4400
    assert "at most 1 kB" in said


def test_an_unknown_exercise_closes_with_4404(web: Web) -> None:
    code, said = refused(web, "/api/coach/frames?exercise=cartwheel")
    assert code == 4404
    assert "cartwheel" in said


def test_a_busy_server_says_try_again(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_api_coach_frames, "MAX_STREAMS", 0)
    code, said = refused(web, URL)
    assert code == 1013
    assert "try again" in said


def test_without_the_camera_extra_the_server_says_what_to_install(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise CameraUnavailableError("the camera needs: pip install 'backcoach[camera]'")

    monkeypatch.setattr(_api_coach_frames, "make_backend", missing)
    code, said = refused(web, URL)
    assert code == 4503
    assert "pip install" in said


def test_streams_are_counted_back_down(web: Web) -> None:
    for _ in range(3):  # more than MAX_STREAMS, one after another
        with web.client.websocket_connect(URL) as ws:
            assert ws.receive_json() == {"type": "ready"}
    assert web.client.app.state.pose_streams.running == 0  # type: ignore[attr-defined]
