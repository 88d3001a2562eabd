"""The camera coach page and the pose model files it loads: all from this server, nothing from a
CDN, the full model straight from the MediaPipe wheel."""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import re
from pathlib import Path

import pytest

from backcoach.motion import FAULT_WORDS
from tests.web.conftest import Web

VENDOR = "/static/vendor/mediapipe-pose"
NEEDED = (
    "pose.js",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_packed_assets.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_web.binarypb",
    "pose_landmark_lite.tflite",
)
FULL_MODEL_SHA256 = "e9a5c5cb17f736fa"
HAVE_MEDIAPIPE = importlib.util.find_spec("mediapipe") is not None


def data_attributes(page: str) -> dict[str, str]:
    tag = re.search(r'<div id="coach-app"[^>]*>', page, re.S)
    assert tag is not None
    return {k: html.unescape(v) for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(0))}


def test_the_page_offers_every_exercise_at_todays_dosage(web: Web) -> None:
    web.screened()
    page = web.client.get("/coach?exercise=bird_dog")
    assert page.status_code == 200
    text = page.text
    data = data_attributes(text)
    plan = {e["exercise_id"]: e for e in web.client.get("/api/plan").json()["exercises"]}
    assert data["exercise"] == "bird_dog"
    assert int(data["reps"]) == plan["bird_dog"]["reps"]
    assert float(data["hold"]) == plan["bird_dog"]["hold_s"]
    assert data["bilateral"] == "no"
    assert json.loads(data["fault-words"]) == FAULT_WORDS
    picker = text[text.index('<select id="exercise"') :]
    picker = picker[: picker.index("</select>")]
    assert len(re.findall(r"<option value=", picker)) == 7
    assert 'id="coach-start"' in text and "coach-blocked" not in text
    assert "stays on this device" in text
    # Every script and model comes from this server.
    assert not re.search(r'(src|href)="https?://', text)
    assert f'src="{VENDOR}/pose.js"' in text


def test_before_the_screen_the_page_says_so_and_does_not_start(web: Web) -> None:
    text = web.client.get("/coach").text
    assert 'id="coach-blocked"' in text
    assert "take the safety screen first" in text
    assert re.search(r'id="coach-start"\s+disabled', text)


def test_an_unknown_exercise_is_a_422(web: Web) -> None:
    r = web.client.get("/coach?exercise=cartwheel")
    assert r.status_code == 422


@pytest.mark.parametrize("name", NEEDED)
def test_the_vendored_pose_files_are_served(web: Web, name: str) -> None:
    r = web.client.get(f"{VENDOR}/{name}")
    assert r.status_code == 200
    assert len(r.content) > 100
    if name.endswith(".wasm"):
        # Browsers compile WebAssembly while it streams in only with this type.
        assert r.headers["content-type"] == "application/wasm"


@pytest.mark.skipif(not HAVE_MEDIAPIPE, reason="the full model comes from the MediaPipe wheel")
def test_the_full_model_is_the_wheels_own_file(web: Web) -> None:
    web.screened()
    data = data_attributes(web.client.get("/coach").text)
    assert data["full-model"] == "/coach/models/pose_landmark_full.tflite"
    r = web.client.get(data["full-model"])
    assert r.status_code == 200
    spec = importlib.util.find_spec("mediapipe")
    assert spec is not None and spec.submodule_search_locations
    wheel = Path(spec.submodule_search_locations[0], "modules/pose_landmark")
    assert r.content == (wheel / "pose_landmark_full.tflite").read_bytes()
    assert hashlib.sha256(r.content).hexdigest().startswith(FULL_MODEL_SHA256)


@pytest.mark.parametrize("name", ["pose_landmark_heavy.tflite", "pose_landmark_lite.tflite", "x"])
def test_no_other_file_is_served_as_a_model(web: Web, name: str) -> None:
    r = web.client.get(f"/coach/models/{name}")
    assert r.status_code == 404
    assert "no pose model named" in r.text


def test_no_path_leads_out_of_the_model_folder(web: Web) -> None:
    r = web.client.get("/coach/models/..%2F..%2F..%2Fbackcoach.db")
    assert r.status_code == 404
    assert b"SQLite" not in r.content
