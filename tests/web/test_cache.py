"""What the app remembers between requests never shows anything stale: a new session, a rep, a
change of dosage or get-ready time, a write by another process (the terminal) shows at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.program import DosageChange, Rule, start_dosage
from backcoach.routine import PainPhase, PainScore
from backcoach.settings import load_settings, sqlite_url
from backcoach.storage import open_store
from backcoach.web import create_app
from backcoach.web._format import clock
from backcoach.web._state import Memo
from tests.web.conftest import TestClient, Web


def history_page_ids(web: Web) -> list[str]:
    html = web.client.get("/history").text
    return [part.split('"')[0] for part in html.split('href="/history/')[1:]]


def test_a_new_session_shows_in_the_history_at_once(web: Web) -> None:
    web.screened()
    assert web.client.get("/api/sessions").json()["count"] == 0
    assert history_page_ids(web) == []
    first = web.start()["id"]
    assert [s["id"] for s in web.client.get("/api/sessions").json()["data"]] == [first]
    assert history_page_ids(web) == [str(first)]
    web.client.post(f"/api/sessions/{first}/finish", json={"reason": "quit"})
    web.clock.advance(3600)
    second = web.start()["id"]
    listed = web.client.get("/api/sessions").json()
    assert [(s["id"], s["status"]) for s in listed["data"]] == [
        (second, "in_progress"),
        (first, "abandoned"),
    ]
    assert history_page_ids(web) == [str(second), str(first)]


def test_each_rep_shows_in_the_session_at_once(web: Web) -> None:
    sid = web.screened().start()["id"]
    for rep in (1, 2, 3):
        before = web.client.get(f"/api/sessions/{sid}").json()
        assert before["results"][0]["reps_done"] == rep - 1
        web.event(sid, type="rep_done", position=0, rep=rep, hold_s=1)
        after = web.client.get(f"/api/sessions/{sid}").json()
        assert after["results"][0]["holds_s"] == [1.0] * rep
        listed = web.client.get("/api/sessions").json()["data"][0]
        assert listed["results"][0]["reps_done"] == rep


def test_a_rating_and_a_pain_after_show_at_once(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    assert web.client.get(f"/api/sessions/{sid}").json()["difficulty"] is None
    web.client.post(f"/api/sessions/{sid}/difficulty", json={"rating": 4})
    web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 1})
    session = web.client.get(f"/api/sessions/{sid}").json()
    assert session["difficulty"] == 4
    assert [p["phase"] for p in session["pain"]] == ["before", "after"]


def test_the_plan_follows_the_dosage_and_the_get_ready_time(web: Web) -> None:
    plan = web.client.get("/api/plan").json()
    assert web.client.get("/api/plan").json() == plan  # asked again: the same
    start = start_dosage(load_catalog().get(ExerciseId.BIRD_DOG))
    # The program steps bird dog up (recorded as by another process: the terminal's session).
    with open_store(sqlite_url(web.home / "backcoach.db")) as store:
        store.add_dosage_changes(
            [
                DosageChange(
                    exercise_id=ExerciseId.BIRD_DOG,
                    old_reps=start.reps,
                    old_hold_s=start.hold_s,
                    new_reps=start.reps + 1,
                    new_hold_s=start.hold_s,
                    rule=Rule.PROGRESS,
                    reason="Two good sessions in a row.",
                    at=web.clock() - timedelta(minutes=1),
                )
            ]
        )
    stepped = web.client.get("/api/plan").json()
    assert stepped["total_s"] > plan["total_s"]
    assert stepped == fresh_plan(web)
    assert f"{clock(stepped['total_s'])}</span>" in web.client.get("/").text

    r = web.client.patch("/api/settings", json={"get_ready_s": stepped["get_ready_s"] + 5})
    assert r.status_code == 200, r.text
    later = web.client.get("/api/plan").json()
    assert later["get_ready_s"] == stepped["get_ready_s"] + 5
    assert later["total_s"] == stepped["total_s"] + 5
    assert later == fresh_plan(web)


def fresh_plan(web: Web) -> Any:
    """The plan as a new server on the same data folder gives it (nothing remembered)."""
    app = create_app(load_settings({"BACKCOACH_HOME": str(web.home)}), now=web.clock)
    with TestClient(app) as client:
        return client.get("/api/plan").json()


def test_a_write_by_another_process_shows_at_once(web: Web) -> None:
    sid = web.screened().start(pain_before=2)["id"]
    web.client.get(f"/api/sessions/{sid}")
    web.client.get("/api/sessions")
    with open_store(sqlite_url(web.home / "backcoach.db")) as store:
        store.add_pain(sid, PainScore(PainPhase.DURING, 3, web.clock(), ExerciseId.BIRD_DOG))
    session = web.client.get(f"/api/sessions/{sid}").json()
    assert [p["score"] for p in session["pain"]] == [2, 3]
    assert [p["score"] for p in web.client.get("/api/sessions").json()["data"][0]["pain"]] == [2, 3]


def test_a_refused_event_still_tells_the_server_the_page_is_there(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.clock.advance(590)
    r = web.event(sid, type="rep_done", position=0, rep=5, hold_s=1)  # rep 1 never came
    assert r.status_code == 409
    web.clock.advance(590)  # 20 minutes since the start, 10 since the refused rep
    assert web.client.get(f"/api/sessions/{sid}").json()["status"] == "in_progress"
    web.client.get("/api/sessions")  # reading pages recover quiet sessions
    assert web.client.get(f"/api/sessions/{sid}").json()["status"] == "in_progress"


def test_a_rep_is_also_the_heartbeat(web: Web) -> None:
    sid = web.screened().start()["id"]
    for rep in (1, 2, 3):
        web.clock.advance(500)
        web.event(sid, type="rep_done", position=0, rep=rep, hold_s=1)
    web.clock.advance(500)  # 2000 s since the start, 500 since the last rep
    web.client.get("/api/sessions")
    assert web.client.get(f"/api/sessions/{sid}").json()["status"] == "in_progress"
    web.clock.advance(101)
    web.client.get("/api/sessions")
    session = web.client.get(f"/api/sessions/{sid}").json()
    assert (session["status"], session["end_reason"]) == ("stopped", "crashed")


def test_a_memo_keeps_the_newest_answers_only() -> None:
    memo: Memo[str] = Memo(size=2)
    made: list[int] = []

    def make(n: int) -> str:
        made.append(n)
        return str(n)

    assert [memo.get(n, lambda n=n: make(n)) for n in (1, 2, 1, 3, 1, 2)] == list("121312")
    assert made == [1, 2, 3, 2]  # 2 was the oldest when 3 came


def finished_session(web: Web) -> int:
    sid: int = web.start(pain_before=2)["id"]
    web.do_all_reps(sid)
    r = web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
    assert r.status_code == 200, r.text
    web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 1})
    return sid


def fresh_today(web: Web) -> tuple[str, Any]:
    """Today and the plan as a new server on the same data gives them (nothing remembered)."""
    app = create_app(load_settings({"BACKCOACH_HOME": str(web.home)}), now=web.clock)
    with TestClient(app) as client:
        return client.get("/").text, client.get("/api/plan").json()


def test_today_and_the_plan_follow_the_days_without_a_session(web: Web) -> None:
    web.screened()
    finished_session(web)
    web.clock.advance(86400)
    finished_session(web)  # two good sessions on different days: the next one steps up
    seen = []
    for hours in (1, 20, 6 * 24 + 23, 7 * 24 + 1, 14 * 24 - 1, 14 * 24 + 1, 28 * 24 + 1, 60 * 24):
        web.clock.at = web.clock.at.replace(minute=0)
        start = web.clock()
        web.clock.advance(hours * 3600)
        page, plan = web.client.get("/").text, web.client.get("/api/plan").json()
        assert (page, plan) == fresh_today(web), f"{hours} hours on"
        seen.append(plan["total_s"])
        web.clock.at = start
    # A step up, until a week without a session holds it back (asked in turn, each answer was
    # remembered before the next).
    assert seen[:3] == [seen[0]] * 3 and seen[3:] == [seen[3]] * 5 and seen[3] < seen[0]
