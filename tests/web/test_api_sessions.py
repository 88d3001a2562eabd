"""The sessions API: start, progress events, pain, finish, recovery; each refusal says why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backcoach.catalog import load_catalog
from backcoach.cli._context import routine as user_routine
from backcoach.routine import EndReason, SessionStatus, build_timeline
from backcoach.safety import CLINICIAN_ADVICE, URGENT_ADVICE
from backcoach.storage import open_store
from backcoach.web import create_app
from tests.cli.conftest import run_backcoach
from tests.web.conftest import NONE_APPLY, FakeClock, TestClient, Web, make_settings


def detail(response: Any) -> str:
    text: str = response.json()["detail"]
    return text


# -- starting -----------------------------------------------------------------------------------


def test_a_session_needs_the_safety_screen_first(web: Web) -> None:
    r = web.client.post("/api/sessions", json={"pain_before": 2})
    assert r.status_code == 409
    assert "take the safety screen first" in detail(r)


@pytest.mark.parametrize(
    ("flag", "advice"), [("both_legs", URGENT_ADVICE), ("night_pain", CLINICIAN_ADVICE)]
)
def test_a_yes_on_the_screen_blocks_sessions_with_the_clis_advice(
    web: Web, flag: str, advice: str
) -> None:
    r = web.client.post("/api/screening", json={"answers": {**NONE_APPLY, flag: True}})
    assert r.status_code == 201
    assert r.json()["passed"] is False
    assert r.json()["advice"] == advice

    r = web.client.post("/api/sessions", json={"pain_before": 2})
    assert r.status_code == 403
    assert detail(r).startswith(advice)
    assert "No session today" in detail(r)
    assert web.client.get("/api/sessions").json()["count"] == 0


def test_a_new_session_stores_every_exercise_as_planned_and_the_pain_before(web: Web) -> None:
    session = web.screened().start(pain_before=3)
    assert session["status"] == "in_progress"
    assert session["pain_before"] == 3
    assert session["advice"] is None
    assert session["resumable"] is True
    assert [r["exercise_id"] for r in session["results"]] == [e.id.value for e in load_catalog()]
    assert all(r["reps_done"] == 0 for r in session["results"])
    assert session["results"][1]["reps_planned"] == 10  # hamstring: 5 a leg, both legs
    assert session["reps_planned"] == sum(r["reps_planned"] for r in session["results"])


def test_high_pain_before_starts_with_a_word_of_caution(web: Web) -> None:
    session = web.screened().start(pain_before=7)
    assert "7/10 before starting" in session["advice"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"pain_before": 11}, "pain must be from 0 (none) to 10 (worst), got 11"),
        ({"pain_before": -1}, "pain must be from 0 (none) to 10 (worst), got -1"),
        ({"pain_before": "3"}, "pain_before: input should be a valid integer"),
        ({"pain_before": 3.5}, "pain_before: input should be a valid integer"),
        ({"pain_before": True}, "pain_before: input should be a valid integer"),
        ({}, "pain_before: is required"),
        ({"pain_before": 3, "speed": 2}, "speed: is not a known field"),
    ],
)
def test_a_bad_pain_before_is_refused_with_a_clear_message(
    web: Web, body: dict[str, Any], message: str
) -> None:
    r = web.screened().client.post("/api/sessions", json=body)
    assert r.status_code == 422
    assert detail(r) == message
    assert r.json()["errors"][0]["loc"][0] == "body"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_only_json_is_taken_so_another_site_cannot_post_a_form(web: Web, content_type: str) -> None:
    r = web.screened().client.post(
        "/api/sessions", content=b'{"pain_before": 3}', headers={"Content-Type": content_type}
    )
    assert r.status_code == 422
    assert detail(r) == "body: must be a JSON object, sent with Content-Type: application/json"
    assert web.client.get("/api/sessions").json()["count"] == 0


def test_a_body_that_cannot_be_decoded_is_refused_in_one_sentence(web: Web) -> None:
    r = web.screened().client.post(
        "/api/sessions", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert detail(r).startswith("body: ")
    assert "JSON" in detail(r)


def test_only_one_session_runs_at_a_time(web: Web) -> None:
    first = web.screened().start()
    r = web.client.post("/api/sessions", json={"pain_before": 3})
    assert r.status_code == 409
    assert f"session {first['id']} is still in progress: resume it or end it" in detail(r)


def test_a_session_running_in_the_terminal_blocks_a_web_one(web: Web) -> None:
    web.screened()
    settings = make_settings(web.home)
    cat = load_catalog()
    timeline = build_timeline(user_routine(settings, cat), cat)
    with open_store(settings.database_url) as store:
        cli_id = store.start_session(
            timeline.routine, timeline.total_s, web.clock(), 1, "elsewhere"
        )
    r = web.client.post("/api/sessions", json={"pain_before": 3})
    assert r.status_code == 409
    assert f"session {cli_id} is still in progress" in detail(r)
    assert "started elsewhere" in detail(r)
    assert web.client.get(f"/api/sessions/{cli_id}").json()["resumable"] is False


# -- the timeline -------------------------------------------------------------------------------


def test_the_timeline_is_the_terminal_players_to_the_step(web: Web) -> None:
    session = web.screened().start()
    timeline = web.timeline(session["id"])
    cat = load_catalog()
    expected = build_timeline(user_routine(make_settings(web.home), cat), cat)
    assert timeline["total_s"] == expected.total_s == session["planned_s"]
    assert timeline["get_ready_s"] == 10
    assert len(timeline["steps"]) == len(expected.steps)
    for got, step in zip(timeline["steps"], expected.steps, strict=True):
        assert (got["kind"], got["duration_s"], got["start_s"]) == (
            step.kind.value,
            step.duration_s,
            step.start_s,
        )
        assert (got["rep"], got["side"], got["text"], got["say"]) == (
            step.rep,
            step.side.value if step.side else None,
            step.text,
            step.say,
        )
    assert web.client.get("/api/plan").json() == timeline


def test_the_plan_is_the_command_lines_to_the_second(home: Path) -> None:
    """Same database, same program decisions: the web runs what `backcoach session` would."""

    def same(plan: dict[str, Any], cli: dict[str, Any]) -> None:
        assert plan["total_s"] == cli["total_s"]
        assert [
            (e["exercise_id"], e["reps"], e["hold_s"], e["rest_s"]) for e in plan["exercises"]
        ] == [(e["id"], e["reps"], e["hold_s"], e["rest_s"]) for e in cli["exercises"]]
        assert [(s["kind"], s["duration_s"], s["start_s"]) for s in plan["steps"]] == [
            (s["kind"], s["duration_s"], s["start_s"]) for s in cli["steps"]
        ]

    with TestClient(create_app(make_settings(home))) as client:  # the real clock, as the CLI's
        web = Web(client, FakeClock(), home).screened()
        same(client.get("/api/plan").json(), cli_plan(home))
        sid = web.start(pain_before=2)["id"]
        web.do_all_reps(sid)
        client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
        client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 1})
        same(client.get("/api/plan").json(), cli_plan(home))


def cli_plan(home: Path) -> dict[str, Any]:
    result = run_backcoach(home, "plan", "--json")
    assert result.returncode == 0, result.stderr
    plan: dict[str, Any] = json.loads(result.stdout)
    return plan


def test_a_stored_session_keeps_its_timeline_when_the_get_ready_time_changes(web: Web) -> None:
    session = web.screened().start()
    before = web.timeline(session["id"])
    r = web.client.patch("/api/settings", json={"get_ready_s": 45})
    assert r.status_code == 200
    assert web.timeline(session["id"]) == before
    assert web.client.get("/api/plan").json()["get_ready_s"] == 45


# -- progress events ----------------------------------------------------------------------------


def test_each_rep_is_stored_with_its_hold_as_it_happens(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.event(sid, type="rep_done", position=0, rep=1, hold_s=1.0)
    assert r.status_code == 200
    assert r.json()["result"]["reps_done"] == 1
    assert r.json()["advice"] is None
    web.event(sid, type="rep_done", position=0, rep=2, hold_s=0.4)
    stored = web.client.get(f"/api/sessions/{sid}/results").json()[0]
    assert stored["reps_done"] == 2
    assert stored["holds_s"] == [1.0, 0.4]


def test_a_rep_sent_twice_counts_once(web: Web) -> None:
    sid = web.screened().start()["id"]
    for _ in range(2):
        assert web.event(sid, type="rep_done", position=0, rep=1, hold_s=1).status_code == 200
    assert web.client.get(f"/api/sessions/{sid}").json()["reps_done"] == 1


def test_a_hold_longer_than_planned_is_stored_as_planned(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.event(sid, type="rep_done", position=1, rep=1, hold_s=16.7)
    assert r.json()["result"]["holds_s"] == [15.0]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"type": "rep_done", "position": 0, "rep": 3, "hold_s": 1}, 409, "came before rep 1"),
        ({"type": "rep_done", "position": 0, "rep": 9, "hold_s": 1}, 422, "beyond exercise 0's 8"),
        (
            {"type": "rep_done", "position": 7, "rep": 1, "hold_s": 1},
            422,
            "position 7 is not in session",
        ),
        ({"type": "rep_done", "position": 0, "rep": 1, "hold_s": -1}, 422, "hold_s: input should"),
        ({"type": "rep_done", "position": 0, "rep": 0, "hold_s": 1}, 422, "rep: input should be"),
        ({"type": "rep_done", "position": 0, "rep": 1}, 422, "hold_s: is required"),
        ({"type": "jump", "position": 0}, 422, "unknown event type 'jump'"),
        ({"position": 0}, 422, "type"),
        ({"type": "hurts", "position": 0, "score": 11}, 422, "pain must be from 0"),
    ],
)
def test_a_bad_event_is_refused_and_changes_nothing(
    web: Web, body: dict[str, Any], status: int, message: str
) -> None:
    sid = web.screened().start()["id"]
    r = web.client.post(f"/api/sessions/{sid}/events", json=body)
    assert r.status_code == status
    assert message in detail(r)
    assert web.client.get(f"/api/sessions/{sid}").json()["reps_done"] == 0


def test_events_for_an_unknown_session_are_404(web: Web) -> None:
    r = web.screened().event(99, type="heartbeat")
    assert r.status_code == 404
    assert detail(r) == "there is no session 99"
    assert web.client.post("/api/sessions/0/events", json={"type": "heartbeat"}).status_code == 422
    assert web.client.get("/api/sessions/abc").status_code == 422


def test_skipping_an_exercise_marks_it_only_when_reps_were_left(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.event(sid, type="exercise_skipped", position=2)
    assert r.json()["result"]["skipped"] is True
    r = web.event(sid, type="rep_done", position=2, rep=1, hold_s=10)
    assert r.status_code == 409
    assert "was skipped" in detail(r)


def test_pain_above_five_during_an_exercise_stops_it_server_side(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    r = web.event(sid, type="hurts", position=0, score=7)
    assert r.status_code == 200
    advice = r.json()["advice"]
    assert advice["stop_exercise"] is True
    assert "above the 5/10 limit" in advice["message"]
    result = r.json()["result"]
    assert (result["painful"], result["skipped"], result["reps_done"]) == (True, True, 1)
    session = web.client.get(f"/api/sessions/{sid}").json()
    assert [(p["phase"], p["score"], p["exercise_id"]) for p in session["pain"]] == [
        ("before", 3, None),
        ("during", 7, "partial_crunch"),
    ]


@pytest.mark.parametrize(("score", "words"), [(5, "acceptable"), (2, "safe range"), (None, None)])
def test_pain_up_to_five_is_noted_and_the_exercise_goes_on(
    web: Web, score: int | None, words: str | None
) -> None:
    sid = web.screened().start()["id"]
    r = web.event(sid, type="hurts", position=3, score=score)
    result, advice = r.json()["result"], r.json()["advice"]
    assert (result["painful"], result["skipped"]) == (True, False)
    if words is None:
        assert advice is None
    else:
        assert advice["stop_exercise"] is False
        assert words in advice["message"]


# -- finishing ----------------------------------------------------------------------------------


def test_a_full_run_finishes_completed_and_then_takes_no_more_progress(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.do_all_reps(sid)
    web.clock.advance(1200)
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
    assert r.status_code == 200
    session = r.json()
    assert (session["status"], session["end_reason"]) == ("completed", "finished")
    assert session["reps_done"] == session["reps_planned"]
    assert session["resumable"] is False

    r = web.event(sid, type="heartbeat")
    assert r.status_code == 409
    assert detail(r) == (
        f"session {sid} has ended (completed): nothing more can be recorded during it"
    )
    again = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    assert again.status_code == 409


def test_finished_with_reps_left_unskipped_is_refused(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
    assert r.status_code == 409
    assert "partial_crunch has 0 of 8 reps and was not skipped" in detail(r)


def test_skipped_exercises_still_let_a_session_complete(web: Web) -> None:
    sid = web.screened().start()["id"]
    for position in range(7):
        web.event(sid, type="exercise_skipped", position=position)
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
    assert r.json()["status"] == "completed"


@pytest.mark.parametrize(("reps", "status"), [(0, "abandoned"), (2, "stopped")])
def test_quitting_is_stopped_or_abandoned_as_in_the_terminal(
    web: Web, reps: int, status: str
) -> None:
    sid = web.screened().start()["id"]
    for rep in range(1, reps + 1):
        web.event(sid, type="rep_done", position=0, rep=rep, hold_s=1)
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    assert (r.json()["status"], r.json()["end_reason"]) == (status, "quit")


def test_an_unknown_finish_reason_is_refused(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "crashed"})
    assert r.status_code == 422
    assert "reason: input should be 'finished' or 'quit'" in detail(r)


# -- pain before and after ----------------------------------------------------------------------


def test_pain_after_is_taken_once_with_advice(web: Web) -> None:
    sid = web.screened().start(pain_before=2)["id"]
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    r = web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 6})
    assert r.status_code == 201
    assert r.json()["pain"]["score"] == 6
    assert "above the 5/10 limit" in r.json()["advice"]
    assert web.client.get(f"/api/sessions/{sid}").json()["pain_after"] == 6

    again = web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 1})
    assert again.status_code == 409
    assert "already has a pain-after score" in detail(again)


def test_pain_after_that_rose_says_to_check_tomorrow(web: Web) -> None:
    sid = web.screened().start(pain_before=1)["id"]
    r = web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 4})
    assert "rose from 1 to 4" in r.json()["advice"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"phase": "after", "score": 11}, 422, "pain must be from 0 (none) to 10 (worst), got 11"),
        ({"phase": "during", "score": 3}, 422, "phase: input should be 'before' or 'after'"),
        ({"phase": "before", "score": 3}, 409, "already has a pain-before score"),
    ],
)
def test_bad_pain_is_refused(web: Web, body: dict[str, Any], status: int, message: str) -> None:
    sid = web.screened().start()["id"]
    r = web.client.post(f"/api/sessions/{sid}/pain", json=body)
    assert r.status_code == status
    assert message in detail(r)


# -- reading and recovery -----------------------------------------------------------------------


def test_sessions_are_listed_newest_first(web: Web) -> None:
    web.screened()
    ids = []
    for _ in range(3):
        sid = web.start()["id"]
        web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
        web.clock.advance(86400)
        ids.append(sid)
    listed = web.client.get("/api/sessions", params={"limit": 2}).json()
    assert listed["count"] == 3
    assert [s["id"] for s in listed["data"]] == [ids[2], ids[1]]
    assert web.client.get("/api/sessions", params={"limit": 0}).status_code == 422


def test_a_session_whose_page_went_quiet_is_recovered_as_stopped(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.clock.advance(60)
    web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    web.clock.advance(300)
    web.event(sid, type="heartbeat")
    heard = web.clock()
    web.clock.advance(599)
    assert web.client.get(f"/api/sessions/{sid}").json()["status"] == "in_progress"

    web.clock.advance(2)  # ten minutes and a second since the last event
    session = web.client.get("/api/sessions").json()["data"][0]
    assert session["status"] == SessionStatus.STOPPED.value
    assert session["end_reason"] == EndReason.CRASHED.value
    assert session["ended_at"] == heard.isoformat().replace("+00:00", "Z")
    assert session["results"][0]["holds_s"] == [1.0]
    r = web.event(sid, type="heartbeat")
    assert r.status_code == 409


def test_a_quiet_session_without_reps_is_recovered_as_abandoned(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.clock.advance(601)
    r = web.client.post("/api/sessions", json={"pain_before": 1})
    assert r.status_code == 201  # the quiet one no longer blocks a new session
    old = web.client.get(f"/api/sessions/{sid}").json()
    assert (old["status"], old["end_reason"]) == ("abandoned", "crashed")


# -- difficulty and check-ins -------------------------------------------------------------------


def test_an_ended_session_is_rated_for_the_program(web: Web) -> None:
    sid = web.screened().start()["id"]
    r = web.client.post(f"/api/sessions/{sid}/difficulty", json={"rating": 3})
    assert r.status_code == 409
    assert "still in progress: rate it once it ends" in detail(r)
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    r = web.client.post(f"/api/sessions/{sid}/difficulty", json={"rating": 4})
    assert r.status_code == 201
    assert r.json() == {"session_id": sid, "rating": 4, "label": "hard"}
    web.client.post(f"/api/sessions/{sid}/difficulty", json={"rating": 2})  # a second thought
    assert web.client.get(f"/api/sessions/{sid}").json()["difficulty"] == 2
    assert web.client.get("/api/sessions").json()["data"][0]["difficulty"] == 2


@pytest.mark.parametrize(
    ("session", "body", "status", "message"),
    [
        (1, {"rating": 6}, 422, "rating: input should be less than or equal to 5"),
        (1, {"rating": 0}, 422, "rating: input should be greater than or equal to 1"),
        (1, {"rating": "3"}, 422, "rating: input should be a valid integer"),
        (9, {"rating": 3}, 404, "there is no session 9"),
    ],
)
def test_a_bad_rating_is_refused(
    web: Web, session: int, body: dict[str, Any], status: int, message: str
) -> None:
    sid = web.screened().start()["id"]
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    r = web.client.post(f"/api/sessions/{session}/difficulty", json=body)
    assert (r.status_code, detail(r)) == (status, message)


def test_a_check_in_is_kept_about_the_latest_session_that_ended(web: Web) -> None:
    r = web.client.post("/api/checkins", json={"pain": 2})
    assert r.status_code == 201
    assert (r.json()["pain"], r.json()["session_id"], r.json()["note"]) == (2, None, None)

    sid = web.screened().start()["id"]
    web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    web.clock.advance(12 * 3600)
    r = web.client.post("/api/checkins", json={"pain": 1, "note": "  stiff at first  "})
    assert (r.json()["session_id"], r.json()["note"]) == (sid, "stiff at first")
    listed = web.client.get("/api/checkins").json()
    assert listed["count"] == 2
    assert [c["pain"] for c in listed["data"]] == [1, 2]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"pain": 11}, "pain must be from 0 (none) to 10 (worst), got 11"),
        ({}, "pain: is required"),
        ({"pain": 2, "note": "x" * 501}, "note: string should have at most 500 characters"),
        ({"pain": 2, "mood": "good"}, "mood: is not a known field"),
    ],
)
def test_a_bad_check_in_is_refused(web: Web, body: dict[str, Any], message: str) -> None:
    r = web.client.post("/api/checkins", json=body)
    assert (r.status_code, detail(r)) == (422, message)
    assert web.client.get("/api/checkins").json()["count"] == 0
