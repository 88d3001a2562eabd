"""Exercises, figures, the plan, screening, progress, export, settings and health."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.errors import BackcoachError
from backcoach.safety import CLEAR_MESSAGE, QUESTIONS, URGENT_ADVICE
from backcoach.web import create_app
from tests.web.conftest import NONE_APPLY, TestClient, Web


def detail(response: Any) -> str:
    text: str = response.json()["detail"]
    return text


# -- exercises ----------------------------------------------------------------------------------


def test_the_library_lists_the_seven_exercises_in_routine_order(web: Web) -> None:
    body = web.client.get("/api/exercises").json()
    assert body["count"] == 7
    assert [e["id"] for e in body["data"]] == [e.id.value for e in load_catalog()]
    bird = body["data"][4]
    assert bird["name"] == "Bird dog"
    assert bird["unilateral"] is True
    assert bird["reps"] == {"default": 8, "min": 8, "max": 12}
    assert bird["figures"]["target"] == "/api/exercises/bird_dog/figures/target.svg"


def test_one_exercise_in_full(web: Web) -> None:
    r = web.client.get("/api/exercises/wall_sit")
    assert r.status_code == 200
    ex = r.json()
    assert ex["name"] == "Wall sit"
    assert ex["setup"] == list(load_catalog().get("wall_sit").setup)
    assert ex["safety"]


def test_an_unknown_exercise_is_404_naming_the_known_ones(web: Web) -> None:
    r = web.client.get("/api/exercises/plank")
    assert r.status_code == 404
    assert detail(r).startswith("unknown exercise 'plank' (known: partial_crunch,")
    assert web.client.get("/api/exercises/plank/figures/start.svg").status_code == 404


@pytest.mark.parametrize("exercise_id", [e.value for e in ExerciseId])
@pytest.mark.parametrize("pose", ["start", "target"])
def test_every_exercise_has_an_svg_figure_of_each_position(
    web: Web, exercise_id: str, pose: str
) -> None:
    r = web.client.get(f"/api/exercises/{exercise_id}/figures/{pose}.svg")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/svg+xml"
    svg = ElementTree.fromstring(r.text)
    assert svg.get("role") == "img"
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    assert title.text == f"{load_catalog().get(exercise_id).name}: {pose} position"


def test_an_unknown_pose_is_refused(web: Web) -> None:
    r = web.client.get("/api/exercises/bird_dog/figures/middle.svg")
    assert r.status_code == 422
    assert "pose: input should be 'start' or 'target'" in detail(r)


def test_the_plan_follows_the_users_dosage(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "settings.toml").write_text("[dosage.wall_sit]\nreps = 10\n", "utf-8")
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    monkeypatch.delenv("BACKCOACH_DATABASE_URL", raising=False)
    with TestClient(create_app()) as client:
        wall = client.get("/api/plan").json()["exercises"][2]
    assert (wall["exercise_id"], wall["reps"], wall["reps_total"]) == ("wall_sit", 10, 10)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[dosage.wall_sit]\nreps = 30\n", "Wall sit: reps 30 is outside the safe range 8-12"),
        ("[dosage.plank]\nreps = 3\n", "unknown exercise in [dosage]: plank"),
        ("get_ready_s = 500\n", "get_ready_s: Input should be less than or equal to 120"),
    ],
)
def test_settings_are_checked_before_the_app_starts(
    home: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    (home / "settings.toml").write_text(toml, "utf-8")
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    monkeypatch.delenv("BACKCOACH_DATABASE_URL", raising=False)
    with pytest.raises(BackcoachError, match=re.escape(message)):
        create_app()


# -- screening ----------------------------------------------------------------------------------


def test_the_screen_lists_its_questions_and_nothing_taken_yet(web: Web) -> None:
    body = web.client.get("/api/screening").json()
    assert [q["id"] for q in body["questions"]] == [q.flag.value for q in QUESTIONS]
    assert body["questions"][0]["urgent"] is True
    assert body["latest"] is None


def test_a_clear_screen_is_stored_and_shown_as_latest(web: Web) -> None:
    r = web.client.post("/api/screening", json={"answers": NONE_APPLY})
    assert r.status_code == 201
    assert (r.json()["passed"], r.json()["advice"]) == (True, CLEAR_MESSAGE)
    latest = web.client.get("/api/screening").json()["latest"]
    assert latest["id"] == r.json()["id"]
    assert latest["answers"] == NONE_APPLY


def test_an_urgent_yes_says_get_help_today(web: Web) -> None:
    r = web.client.post("/api/screening", json={"answers": {**NONE_APPLY, "saddle_numbness": True}})
    assert r.json()["passed"] is False
    assert r.json()["urgent"] == ["saddle_numbness"]
    assert r.json()["advice"] == URGENT_ADVICE


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {k: v for k, v in NONE_APPLY.items() if k != "night_pain"},
            "answers.night_pain: is required",
        ),
        ({**NONE_APPLY, "back_ache": True}, "answers.back_ache: is not a known field"),
        ({**NONE_APPLY, "both_legs": "no"}, "answers.both_legs: input should be a valid boolean"),
    ],
)
def test_an_incomplete_or_unknown_screen_is_refused(
    web: Web, answers: dict[str, Any], message: str
) -> None:
    r = web.client.post("/api/screening", json={"answers": answers})
    assert r.status_code == 422
    assert detail(r) == message
    assert web.client.get("/api/screening").json()["latest"] is None


# -- progress and export ------------------------------------------------------------------------


def _session(web: Web, before: int, after: int, *, full: bool) -> int:
    sid = int(web.start(pain_before=before)["id"])
    if full:
        web.do_all_reps(sid)
    else:
        web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    reason = "finished" if full else "quit"
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": reason})
    web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": after})
    return sid


def test_progress_counts_sessions_and_pain(web: Web) -> None:
    web.screened()
    _session(web, 4, 3, full=True)
    _session(web, 3, 2, full=False)
    body = web.client.get("/api/progress", params={"weeks": 4}).json()
    assert (body["sessions"], body["completed"], body["stopped"]) == (2, 1, 1)
    assert body["completion_rate"] == 0.5
    assert body["pain_before_mean"] == 3.5
    assert body["pain_after_mean"] == 2.5
    assert len(body["weeks"]) == 4
    assert [(p["before"], p["after"]) for p in body["pain"]] == [(4, 3), (3, 2)]
    assert web.client.get("/api/progress", params={"weeks": 0}).status_code == 422


def test_the_export_is_the_clis_document(web: Web, tmp_path: Any) -> None:
    web.screened()
    _session(web, 4, 3, full=False)
    export = web.client.get("/api/export").json()
    from tests.cli.conftest import run_backcoach

    cli = run_backcoach(web.home, "export", "--format", "json")
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    assert export["format"] == expected["format"] == "backcoach-export"
    assert export["version"] == expected["version"]
    assert export["sessions"] == expected["sessions"]
    assert export["screenings"] == expected["screenings"]


# -- settings and health ------------------------------------------------------------------------


def test_settings_show_where_the_data_lives(web: Web) -> None:
    body = web.client.get("/api/settings").json()
    assert body["voice"] is False
    assert body["get_ready_s"] == 10
    assert body["home"] == str(web.home)
    assert body["database"] == str(web.home / "backcoach.db")
    assert body["settings_file"] == str(web.home / "settings.toml")


def test_changing_settings_writes_settings_toml_and_keeps_the_users_lines(web: Web) -> None:
    path = web.home / "settings.toml"
    path.write_text(
        '# my settings\nvoice_name = "en-gb"\nvoice = false\n\n[dosage.bird_dog]\nreps = 10\n',
        "utf-8",
    )
    r = web.client.patch("/api/settings", json={"voice": True, "get_ready_s": 20})
    assert r.status_code == 200
    assert (r.json()["voice"], r.json()["get_ready_s"]) == (True, 20)
    text = path.read_text("utf-8")
    assert text.startswith("# my settings\n")
    data = tomllib.loads(text)
    assert data == {
        "voice_name": "en-gb",
        "voice": True,
        "get_ready_s": 20.0,
        "dosage": {"bird_dog": {"reps": 10}},
    }
    assert web.client.get("/api/plan").json()["get_ready_s"] == 20


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"get_ready_s": 121}, "get_ready_s: input should be less than or equal to 120"),
        ({"get_ready_s": -1}, "get_ready_s: input should be greater than or equal to 0"),
        ({"voice": "on"}, "voice: input should be a valid boolean"),
        ({"bell": False}, "bell: is not a known field"),
    ],
)
def test_bad_settings_are_refused_and_the_file_is_untouched(
    web: Web, body: dict[str, Any], message: str
) -> None:
    r = web.client.patch("/api/settings", json=body)
    assert r.status_code == 422
    assert detail(r) == message
    assert not (web.home / "settings.toml").exists()


def test_health(web: Web) -> None:
    body = web.client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["database"] == str(web.home / "backcoach.db")


def test_an_unknown_api_path_is_a_json_404(web: Web) -> None:
    r = web.client.get("/api/nothing")
    assert r.status_code == 404
    assert detail(r) == "there is no page /api/nothing"


def test_the_openapi_document_describes_every_api_route(web: Web) -> None:
    schema = web.client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/sessions",
        "/api/sessions/{session_id}",
        "/api/sessions/{session_id}/timeline",
        "/api/sessions/{session_id}/results",
        "/api/sessions/{session_id}/events",
        "/api/sessions/{session_id}/pain",
        "/api/sessions/{session_id}/finish",
        "/api/sessions/{session_id}/difficulty",
        "/api/checkins",
        "/api/exercises",
        "/api/exercises/{exercise_id}",
        "/api/exercises/{exercise_id}/figures/{pose}.svg",
        "/api/plan",
        "/api/screening",
        "/api/progress",
        "/api/export",
        "/api/settings",
        "/api/health",
        "/api/questionnaires",
        "/api/questionnaires/{instrument_id}/items",
        "/api/questionnaires/{instrument_id}",
        "/api/runs",
        "/api/report.pdf",
        "/api/report.html",
        "/api/analyses",
        "/api/analyses/videos",
        "/api/analyses/jobs/{job_id}",
        "/api/analyses/{analysis_id}",
        "/api/analyses/{analysis_id}/video",
    } == paths
    create = schema["paths"]["/api/sessions"]["post"]
    assert set(create["responses"]) == {"201", "403", "409", "422", "503"}
    pain = schema["components"]["schemas"]["SessionCreate"]["properties"]["pain_before"]
    assert (pain["minimum"], pain["maximum"]) == (0, 10)


def test_the_api_documentation_works_offline(web: Web) -> None:
    page = web.client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text
    assert "https://" not in page.text.replace("https://www.w3.org", "")
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        url = f"/static/vendor/swagger-ui/{asset}"
        assert url in page.text
        assert web.client.get(url).status_code == 200
