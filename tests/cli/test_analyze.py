"""`backcoach analyze TRACK --exercise ID [--json] [--hold S] [--rest S]`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import backcoach
import backcoach.cli._analyze
from backcoach.motion import analyze, track_from_dict
from backcoach.trackfile import write_track
from tests.cli.conftest import Cli
from tests.motion import _figures as stick


def _bridge_doc(peaks: list[float], hold: float = 6.0, rest: float = 10.0) -> dict[str, Any]:
    segs: list[tuple[float, float]] = [(130.0, 3.0)]
    for peak in peaks:
        segs += [(peak, 1.5), (peak, hold), (130.0, 1.5), (130.0, rest)]
    return stick.track_doc([stick.frame(stick.bridge(v)) for v in stick.profile(segs)])


@pytest.fixture
def bridge_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.json.gz"
    write_track(track_from_dict(_bridge_doc([172.0, 150.0], hold=6.0, rest=5.0)), path)
    return path


def test_summary_shows_reps_holds_and_faults_in_plain_words(cli: Cli, bridge_file: Path) -> None:
    r = cli("analyze", str(bridge_file), "--exercise", "glute_bridge")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Glute bridge: 2 reps" in out
    assert "/ 6 s" in out  # hold against the prescription
    assert "hips not high enough" in out
    assert "too little rest before this rep" in out
    assert "hips_too_low" not in out  # codes stay in the JSON
    assert "frames with a person" in out


def test_json_is_the_analysis_contract(cli: Cli, bridge_file: Path) -> None:
    r = cli("analyze", str(bridge_file), "-e", "glute_bridge", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    from backcoach.trackfile import read_track

    assert doc == json.loads(json.dumps(analyze(read_track(bridge_file), "glute_bridge").to_dict()))
    assert doc["version"] == 1 and doc["reps"] == 2 and doc["sides"] is None
    assert doc["faults"] == {"hips_too_low": 1, "rest_too_short": 1}
    assert doc["prescribed"] == {"hold_s": 6.0, "rest_s": 10.0}


def test_hold_and_rest_overrides(cli: Cli, bridge_file: Path) -> None:
    r = cli(
        "analyze", str(bridge_file), "-e", "glute_bridge", "--json", "--hold", "8", "--rest", "4"
    )
    doc = r.json()
    assert doc["prescribed"] == {"hold_s": 8.0, "rest_s": 4.0}
    assert doc["faults"].get("hold_too_short") == 2
    assert "rest_too_short" not in doc["faults"]


def test_no_person_is_zero_reps_exit_0(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(stick.track_doc([None] * 60)))
    r = cli("analyze", str(path), "-e", "wall_sit", "--json")
    assert r.exit_code == 0
    assert r.json()["reps"] == 0
    assert any("no person" in w for w in r.json()["warnings"])
    text = cli("analyze", str(path), "-e", "wall_sit")
    assert text.exit_code == 0 and "No reps found." in text.stdout


def _bad_track(tmp_path: Path) -> Path:
    doc = _bridge_doc([172.0])
    doc["frames"][7]["points"] = doc["frames"][7]["points"][:32]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    ("make", "exercise", "message"),
    [
        (lambda p: p / "missing.json", "glute_bridge", "no such file"),
        (_bad_track, "glute_bridge", "frame 7: expected 33 points, got 32"),
        (lambda p: p / "missing.json", "squat", "unknown exercise 'squat'"),
        (
            lambda p: (p / "bad.json").write_text("{oops") and p / "bad.json",
            "glute_bridge",
            "not valid JSON",
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_1(
    cli: Cli, tmp_path: Path, make: Any, exercise: str, message: str
) -> None:
    path = make(tmp_path)
    r = cli("analyze", str(path), "--exercise", exercise)
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ")
    assert message in r.stderr
    assert r.stderr.strip().count("\n") == 0
    assert "Traceback" not in r.stdout + r.stderr


def _fake_video(tmp_path: Path) -> Path:
    video = tmp_path / "bridge.MP4"
    video.write_bytes(b"\0\0\0 ftypisom")
    return video


HINT = "error: reading video needs the camera extra: pip install 'backcoach[camera]'"


def test_video_without_the_camera_adapter(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "backcoach.camera", None)  # import fails
    r = cli("analyze", str(_fake_video(tmp_path)), "-e", "glute_bridge")
    assert r.exit_code == 1
    assert r.stderr.strip() == HINT


def test_video_without_the_camera_libraries(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    camera = pytest.importorskip("backcoach.camera")

    def missing(*args: object, **kwargs: object) -> None:
        raise camera.CameraUnavailableError("the camera needs: pip install 'backcoach[camera]'")

    monkeypatch.setattr(camera, "analyze_video", missing)
    r = cli("analyze", str(_fake_video(tmp_path)), "-e", "glute_bridge")
    assert r.exit_code == 1
    assert r.stderr.strip() == HINT


def test_an_unreadable_video_is_one_line(cli: Cli, tmp_path: Path) -> None:
    r = cli("analyze", str(_fake_video(tmp_path)), "-e", "glute_bridge")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ")
    assert r.stderr.strip().count("\n") == 0


def test_real_process_exit_codes(tmp_path: Path, bridge_file: Path) -> None:
    src = str(Path(backcoach.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src, "BACKCOACH_HOME": str(tmp_path / "home")}
    code = "import backcoach.cli._analyze; from backcoach.cli import main; main()"
    ok = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(bridge_file), "-e", "glute_bridge", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["reps"] == 2
    bad = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(tmp_path / "nope.json"), "-e", "glute_bridge"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr.startswith("error: no such file") and bad.stderr.count("\n") == 1


def test_save_keeps_the_analysis_in_the_record(cli: Cli, bridge_file: Path) -> None:
    r = cli("analyze", str(bridge_file), "-e", "glute_bridge", "--json", "--save")
    assert r.exit_code == 0, r.stderr
    assert "Saved as analysis 1." in r.stderr
    from backcoach.settings import sqlite_url
    from backcoach.storage import open_store

    with open_store(sqlite_url(cli.home / "backcoach.db")) as store:
        [stored] = store.analyses()
    assert stored.source == "track"
    assert stored.video_name == "bridge.json.gz"
    assert stored.document == r.json()


def test_without_save_nothing_is_stored(cli: Cli, bridge_file: Path) -> None:
    assert cli("analyze", str(bridge_file), "-e", "glute_bridge").exit_code == 0
    assert not (cli.home / "backcoach.db").exists()
