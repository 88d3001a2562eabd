"""The camera coach's WebSocket: landmarks in, the live coach's events and the analysis out."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from backcoach.catalog import load_catalog
from backcoach.motion import analyze, track_from_dict
from backcoach.synth import TrackSpec, generate
from tests.web.conftest import Web

URL = "/api/coach/ws?exercise=glute_bridge"


@cache
def bridge_track() -> dict[str, Any]:
    document: dict[str, Any] = generate(TrackSpec(exercise="glute_bridge", reps=3), 7).document
    return document


def start_message(doc: dict[str, Any]) -> dict[str, Any]:
    return {"type": "start", "width": doc["width"], "height": doc["height"], "fps": doc["fps"]}


def frame_body(frame: dict[str, Any]) -> dict[str, Any]:
    """Only what the page sends: the time and the landmarks."""
    return {"t": frame["t"], "points": frame["points"]}


def frame_message(frame: dict[str, Any]) -> dict[str, Any]:
    return {"type": "frame", **frame_body(frame)}


def stream(web: Web, batch: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every frame of the track through the socket (one by one, or in batches): the events
    messages and the final analysis."""
    doc = bridge_track()
    frames = doc["frames"]
    answers: list[dict[str, Any]] = []
    with web.client.websocket_connect(URL) as ws:
        ws.send_json(start_message(doc))
        for i in range(0, len(frames), batch):
            chunk = frames[i : i + batch]
            if batch == 1:
                ws.send_json(frame_message(chunk[0]))
            else:
                ws.send_json({"type": "frames", "frames": [frame_body(f) for f in chunk]})
        ws.send_json({"type": "finish"})
        while True:
            answer = ws.receive_json()
            if answer["type"] == "analysis":
                analysis: dict[str, Any] = answer["analysis"]
                break
            answers.append(answer)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1000
    return answers, analysis


@pytest.mark.parametrize("batch", [1, 45])
def test_the_coach_counts_the_same_reps_as_the_whole_track_analysis(web: Web, batch: int) -> None:
    answers, analysis = stream(web, batch)
    expected = analyze(track_from_dict(bridge_track()), "glute_bridge").to_dict()
    assert expected["reps"] == 3
    assert analysis == expected
    events = [e for a in answers for e in a["events"]]
    assert all(a["type"] == "events" and a["events"] for a in answers)
    reps = [e["rep"] for e in events if e["kind"] == "rep_done"]
    assert reps == expected["rep_details"]
    cues = [e["text"] for e in events if e["kind"] == "cue"]
    planned = load_catalog().get("glute_bridge").reps.default
    assert {f"Rep {n} of {planned}" for n in (1, 2, 3)} <= set(cues)
    assert len(cues) > 3  # the hold is coached too, not only counted
    countdown = [e["seconds_left"] for e in events if e["kind"] == "hold_countdown"]
    assert 0 in countdown


def test_hold_and_rest_from_the_query_are_the_ones_checked(web: Web) -> None:
    doc = bridge_track()
    with web.client.websocket_connect(URL + "&hold=8&rest=12") as ws:
        ws.send_json(start_message(doc))
        ws.send_json({"type": "frames", "frames": [frame_body(f) for f in doc["frames"][:30]]})
        ws.send_json({"type": "finish"})
        analysis = ws.receive_json()["analysis"]
    assert analysis["prescribed"] == {"hold_s": 8.0, "rest_s": 12.0}


def refused(web: Web, url: str, *messages: str) -> tuple[int, str, dict[str, Any]]:
    """Open the socket, send raw texts, and return the close code, reason and error message."""
    with web.client.websocket_connect(url) as ws:
        for text in messages:
            ws.send_text(text)
        error = ws.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    return closed.value.code, closed.value.reason, error


def test_an_unknown_exercise_closes_with_4404_and_a_sentence(web: Web) -> None:
    code, reason, error = refused(web, "/api/coach/ws?exercise=cartwheel")
    assert code == 4404
    assert reason.startswith("unknown exercise 'cartwheel'")
    assert error == {"type": "error", "detail": error["detail"]}
    assert "glute_bridge" in error["detail"]


START = json.dumps({"type": "start", "width": 1280, "height": 720, "fps": 30})
GOOD_POINTS = [[0.5, 0.5, 0.0, 0.9]] * 33


def frame(t: float, points: Any = GOOD_POINTS) -> str:
    return json.dumps({"type": "frame", "t": t, "points": points})


@pytest.mark.parametrize(
    ("url", "messages", "detail"),
    [
        (URL, [START, "{not json"], "the message is not valid JSON"),
        (URL, [START, frame(0.0, [[0.5, 0.5, 0.0, 0.9]] * 32)], "exactly 33 landmarks"),
        (URL, [START, frame(0.0, [[0.5, 0.5, 0.0]] * 33)], "points.0"),
        (URL, [START, frame(0.0).replace("0.9", "NaN", 1)], "numbers must be finite"),
        (URL, [START, frame(0.0).replace("0.9", "1e999", 1)], "numbers must be finite"),
        (URL, [START, frame(1.0), frame(0.5)], "frame times must increase"),
        (URL, [START, frame(1.0), frame(1.0)], "frame times must increase"),
        (URL, [frame(0.0)], "send a start message"),
        (URL, [START, START], "already started"),
        (URL, [START, json.dumps({"type": "video", "data": "..."})], "unknown message type"),
        (URL, [START, json.dumps({"type": "frames", "frames": []})], "frames"),
        (
            URL,
            [
                START,
                json.dumps({"type": "frames", "frames": [{"t": 0, "points": None, "jpeg": ""}]}),
            ],
            "frames.0.jpeg: is not a known field",
        ),
        (URL + "&hold=900", [], "hold must be from"),
        ("/api/coach/ws", [], "query: exercise"),
    ],
)
def test_bad_input_gets_one_sentence_and_closes_with_4400(
    web: Web, url: str, messages: list[str], detail: str
) -> None:
    code, reason, error = refused(web, url, *messages)
    assert code == 4400
    assert error["type"] == "error"
    assert detail in error["detail"]
    assert "\n" not in error["detail"]
    assert reason and error["detail"].startswith(reason.removesuffix("..."))


def test_binary_messages_are_refused(web: Web) -> None:
    with web.client.websocket_connect(URL) as ws:
        ws.send_bytes(b"\x00\x01")
        error = ws.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4400
    assert "JSON text" in error["detail"]


def test_a_frame_without_a_person_is_accepted_and_quiet(web: Web) -> None:
    with web.client.websocket_connect(URL) as ws:
        ws.send_text(START)
        ws.send_text(frame(0.0, None))
        ws.send_text(json.dumps({"type": "finish"}))
        answer = ws.receive_json()
    assert answer["type"] == "analysis"
    assert answer["analysis"]["quality"]["frames"] == 1
    assert answer["analysis"]["reps"] == 0
