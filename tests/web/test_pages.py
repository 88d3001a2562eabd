"""The server-rendered pages: what each shows in each state, landmarks and labels included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from backcoach.catalog import load_catalog
from backcoach.web._format import clock
from tests.web.conftest import NONE_APPLY, Web


class Page(HTMLParser):
    """Just enough of the page's structure to check it: tags with their attributes, and text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


def page(web: Web, url: str, status: int = 200) -> Page:
    r = web.client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return Page(r.text)


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Today"),
        ("/exercises", "Exercises"),
        ("/history", "History"),
        ("/progress", "Progress"),
        ("/screening", "Screening"),
        ("/settings", "Settings"),
    ],
)
def test_every_page_has_landmarks_and_marks_where_you_are(web: Web, url: str, current: str) -> None:
    p = page(web, url)
    assert p.find("header", role="banner")
    assert p.find("nav", aria_label="Main")
    assert p.find("main", id="main")
    assert p.find("a", href="#main")  # skip link
    current_links = p.find("a", aria_current="page")
    assert len(current_links) == 1
    assert p.find("html", lang="en")


def test_today_before_the_screen_asks_for_it_and_offers_no_start(web: Web) -> None:
    p = page(web, "/")
    assert "Before your first session" in p.text
    assert p.find("a", href="/screening")
    assert not p.find("a", id="start")


def test_today_shows_the_plan_with_its_total_and_a_start(web: Web) -> None:
    plan = web.screened().client.get("/api/plan").json()
    p = page(web, "/?speed=50")
    assert f"Today's session {clock(plan['total_s'])}" in p.text
    for exercise in load_catalog():
        assert p.find("a", href=f"/exercises/{exercise.id.value}")
    assert "8 reps per leg × 5 s hold, 3 s rest" in p.text  # bird dog
    assert p.find("a", id="start", href="/checkin?speed=50")
    assert "Last session None yet" in p.text
    assert "Streak 0 days" in p.text


def test_today_after_a_flagged_screen_gives_the_advice_and_no_start(web: Web) -> None:
    web.client.post("/api/screening", json={"answers": {**NONE_APPLY, "weight_loss": True}})
    p = page(web, "/")
    assert p.find("section", role="alert")
    assert "Please see a doctor or physiotherapist" in p.text
    assert not p.find("a", id="start")
    c = page(web, "/checkin")
    assert "No session today" in c.text
    assert not c.find("button", value="start")
    assert c.find("button", value="record")  # a check-in is still welcome


def test_today_offers_to_resume_a_session_in_progress(web: Web) -> None:
    sid = web.screened().start()["id"]
    p = page(web, "/")
    assert f"Session {sid} is in progress" in p.text
    assert p.find("a", href=f"/player/{sid}")
    assert p.find("button", data_end_session=str(sid))
    assert not p.find("a", id="start")


def test_today_shows_the_last_session_and_the_streak(web: Web) -> None:
    sid = web.screened().start(pain_before=4)["id"]
    web.do_all_reps(sid)
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "finished"})
    web.client.post(f"/api/sessions/{sid}/pain", json={"phase": "after", "score": 2})
    p = page(web, "/")
    assert p.find("a", href=f"/history/{sid}")
    assert "completed" in p.text
    assert "pain 4 → 2" in p.text


def test_the_checkin_asks_pain_on_eleven_labelled_choices(web: Web) -> None:
    p = page(web.screened(), "/checkin?speed=20")
    form = p.find("form", id="checkin-before")
    assert form[0]["data-speed-query"] == "?speed=20"
    radios = p.find("input", type="radio", name="pain_before")
    assert [r["value"] for r in radios] == [str(n) for n in range(11)]
    assert p.find("legend")
    assert "How is your back right now?" in p.text
    assert p.find("button", type="submit", value="start")
    assert p.find("button", type="submit", value="record")


def test_the_checkin_after_a_session_shows_its_results(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    p = page(web, f"/checkin?session={sid}")
    assert f"Session {sid}: stopped" in p.text
    assert p.find("form", id="checkin-after", data_session=str(sid))
    assert "Partial crunch 1/8" in p.text
    assert [r["value"] for r in p.find("input", type="radio", name="difficulty")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


def test_the_player_page_carries_what_the_script_needs(web: Web) -> None:
    sid = web.screened().start(pain_before=7)["id"]
    p = page(web, f"/player/{sid}?speed=40")
    [root] = p.find("div", id="player")
    assert (root["data-session"], root["data-speed"], root["data-voice"]) == (str(sid), "40", "off")
    assert len(p.find("template")) == 14  # both figures of every exercise
    assert p.find("div", class_="controls", role="group", aria_label="Session controls")
    assert p.find("div", id="announcer", aria_live="polite")
    assert p.find("button", id="btn-hurts", aria_keyshortcuts="H")
    assert "7/10 before starting" in p.text
    assert any("player.js" in (s.get("src") or "") for s in p.find("script"))


def test_the_player_page_of_an_ended_session_does_not_play_it(web: Web) -> None:
    sid = web.screened().start()["id"]
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    p = page(web, f"/player/{sid}")
    assert "This session has ended (abandoned)" in p.text
    assert not any("player.js" in (s.get("src") or "") for s in p.find("script"))


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/player/99", 404, "there is no session 99"),
        ("/history/99", 404, "there is no session 99"),
        ("/exercises/plank", 404, "unknown exercise 'plank'"),
        ("/nowhere", 404, "there is no page /nowhere"),
        ("/player/1?speed=0", 422, "speed: input should be greater than or equal to 0.01"),
        ("/progress?weeks=999", 422, "weeks: input should be less than or equal to 104"),
    ],
)
def test_errors_are_pages_that_say_what_is_wrong(
    web: Web, url: str, status: int, message: str
) -> None:
    p = page(web, url, status)
    assert message in p.text
    assert p.find("p", class_="notice", role="alert")


def test_the_library_shows_every_exercise_with_two_figures(web: Web) -> None:
    p = page(web, "/exercises")
    assert len(p.find("li", class_="card exercise-card")) == 7
    assert len(p.find("svg", role="img")) == 14
    d = page(web, "/exercises/glute_bridge")
    assert "Glute bridge" in d.text
    for heading in ("Set-up", "Steps", "Breathing", "Form", "Common mistakes", "Safety"):
        assert heading in d.text
    assert "7 of 7" in d.text


def test_history_lists_sessions_and_links_to_each(web: Web) -> None:
    assert "No sessions yet" in page(web, "/history").text
    sid = web.screened().start(pain_before=5)["id"]
    web.event(sid, type="rep_done", position=0, rep=1, hold_s=1)
    web.event(sid, type="hurts", position=0, score=4)
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    p = page(web, "/history")
    assert p.find("tr", id=f"session-{sid}")
    assert "stopped" in p.text
    assert "1/" in p.text
    assert p.find("a", href="/api/export")
    d = page(web, f"/history/{sid}")
    assert "Pain during exercises Partial crunch: 4/10" in d.text
    assert d.find("a", href=f"/checkin?session={sid}")


def test_a_long_history_comes_in_pages_of_fifty(web: Web) -> None:
    web.screened()
    for _ in range(52):
        sid = web.start(pain_before=2)["id"]
        web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
        web.clock.advance(3600)

    def rows(p: Page) -> list[str | None]:
        return [a.get("id") for t, a in p.tags if t == "tr" and a.get("id")]

    first = page(web, "/history")
    assert "52 sessions, newest first (showing 1-50)" in first.text
    assert len(rows(first)) == 50
    assert rows(first)[0] == f"session-{sid}"  # the newest first
    assert first.find("a", href="/history?page=2")
    second = page(web, "/history?page=2")
    assert rows(second) == ["session-2", "session-1"]
    assert second.find("a", href="/history?page=1") and "Page 2 of 2" in second.text
    assert "Page 2 of 2" in page(web, "/history?page=9").text  # past the end: the last page
    page(web, "/history?page=0", status=422)


def test_progress_draws_the_charts(web: Web) -> None:
    assert "No sessions yet" in page(web, "/progress").text
    sid = web.screened().start(pain_before=3)["id"]
    web.client.post(f"/api/sessions/{sid}/finish", json={"reason": "quit"})
    p = page(web, "/progress")
    charts = p.find("svg", role="img")
    assert len(charts) == 3
    assert "Sessions 1" in p.text


def test_the_screen_has_eight_yes_no_questions(web: Web) -> None:
    p = page(web, "/screening")
    assert len(p.find("fieldset", class_="question")) == 8
    assert len(p.find("input", type="radio", value="yes")) == 8
    web.client.post("/api/screening", json={"answers": NONE_APPLY})
    assert "No warning signs" in page(web, "/screening").text


def test_settings_show_the_data_folder_and_database(web: Web) -> None:
    p = page(web, "/settings")
    assert str(web.home) in p.text
    assert str(web.home / "backcoach.db") in p.text
    assert p.find("input", type="checkbox", id="voice")
    [ready] = p.find("input", id="get-ready")
    assert (ready["min"], ready["max"], ready["value"]) == ("0", "120", "10")
    assert p.find("label", for_="get-ready")


def test_static_files_are_served_with_a_version(web: Web) -> None:
    p = page(web, "/")
    [css] = [a["href"] for a in p.find("link") if a.get("rel") == "stylesheet"]
    assert css is not None
    assert re.fullmatch(r"/static/app\.css\?v=[0-9a-f]{10}", css)
    r = web.client.get(css)
    assert r.status_code == 200
    assert "30vw" in r.text  # the countdown's size, readable from across the room
