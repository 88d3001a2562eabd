"""Questionnaires, run uploads and the report, through the API and their pages."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.outcomes import ODI, PARAPHRASE_NOTE, RMDQ
from backcoach.web import _api_program
from backcoach.web._limits import BodyLimit
from tests.web.conftest import Web
from tests.web.test_pages import page

# -- helpers ------------------------------------------------------------------------------------

METRES_PER_DEGREE = 111_195.0  # along a meridian, on gpxpy's sphere


def gpx(
    start: datetime, km: float, *, pace_s_per_km: float = 330, name: str = "Morning Run"
) -> bytes:
    """A real GPX 1.1 track: points 100 m apart due north, timed at an even pace."""
    points = []
    steps = max(1, math.ceil(km * 10))
    for i in range(steps + 1):
        lat = 45.0 + (i * km * 1000 / steps) / METRES_PER_DEGREE
        at = start + timedelta(seconds=i * pace_s_per_km * km / steps)
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="6.0000000"><ele>400</ele>'
            f"<time>{at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="backcoach tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{name}</name><type>running</type><trkseg>{''.join(points)}</trkseg></trk>"
        "</gpx>"
    ).encode()


def upload(web: Web, *files: tuple[str, bytes]) -> Any:
    return web.client.post(
        "/api/runs",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def detail(response: Any) -> str:
    text: str = response.json()["detail"]
    return text


ODI_ANSWERS = [2, 2, 3, 2, 2, 2, 1, None, 2, 2]  # 18 of 45 points: 40%


# -- questionnaires -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", [ODI, RMDQ], ids=["odi", "rmdq"])
def test_the_items_come_as_data_in_our_own_words(web: Web, which: Any) -> None:
    r = web.client.get(f"/api/questionnaires/{which.id.value}/items")
    assert r.status_code == 200
    body = r.json()
    assert body["note"] == PARAPHRASE_NOTE
    assert (body["short_name"], body["max_unanswered"]) == (which.short_name, which.max_unanswered)
    assert len(body["items"]) == len(which.questions)
    for number, (item, question) in enumerate(zip(body["items"], which.questions, strict=True), 1):
        assert item["number"] == number
        assert item["key"] == question.key
        assert [o["text"] for o in item["options"]] == list(question.options)
        assert [o["points"] for o in item["options"]] == list(range(len(question.options)))


def test_a_response_is_scored_banded_and_compared_with_the_last_one(web: Web) -> None:
    r = web.client.post("/api/questionnaires/odi", json={"answers": ODI_ANSWERS})
    assert r.status_code == 201, r.text
    first = r.json()["response"]
    assert (first["score"], first["score_text"], first["band"]) == (40.0, "40%", "moderate")
    assert first["answered"] == 9
    assert first["change"] is None
    assert r.json()["next_due"]["status"] == "not_yet"

    web.clock.advance(15 * 86400)
    better = [1, 1, 1, 1, 1, 1, 1, None, 1, 1]  # 9 of 45: 20%
    second = web.client.post("/api/questionnaires/odi", json={"answers": better}).json()
    change = second["response"]["change"]
    assert (change["delta"], change["direction"], change["important"]) == (-20.0, "better", True)
    assert "a real improvement" in change["sentence"]

    listed = web.client.get("/api/questionnaires").json()
    assert listed["count"] == 2
    assert [d["score"] for d in listed["data"]] == [20.0, 40.0]  # newest first
    assert listed["data"][0]["change"]["important"] is True
    assert listed["data"][1]["change"] is None
    due = {d["instrument"]: d for d in listed["due"]}
    assert (due["odi"]["status"], due["odi"]["offer"]) == ("not_yet", False)
    assert (due["rmdq"]["status"], due["rmdq"]["offer"]) == ("first", True)
    assert "backcoach questionnaire" not in due["rmdq"]["sentence"]  # no command in a web page


def test_the_roland_morris_counts_the_yes_answers(web: Web) -> None:
    answers = [1] * 7 + [0] * 17
    r = web.client.post("/api/questionnaires/rmdq", json={"answers": answers})
    assert r.status_code == 201, r.text
    response = r.json()["response"]
    assert (response["score"], response["score_text"], response["band"]) == (7.0, "7/24", None)


@pytest.mark.parametrize(
    ("which", "answers", "message"),
    [
        ("odi", [1] * 9, "the ODI has 10 sections: got 9 answers"),
        ("odi", [1] * 11, "the ODI has 10 sections: got 11 answers"),
        ("odi", [1, 1, 6, 1, 1, 1, 1, 1, 1, 1], "ODI item 3 takes 0 to 5, not 6"),
        ("odi", [1, 1, -1, 1, 1, 1, 1, 1, 1, 1], "ODI item 3 takes 0 to 5, not -1"),
        (
            "odi",
            [None, None, None, 1, 1, 1, 1, 1, 1, 1],
            "the ODI can be scored with at most 2 items left blank: 3 were",
        ),
        ("rmdq", [0] * 23 + [None], "every RMDQ item needs an answer: 1 left blank"),
        ("rmdq", [0] * 23 + [2], "RMDQ item 24 takes 0 to 1, not 2"),
        ("rmdq", [0] * 10, "the RMDQ has 24 statements: got 10 answers"),
    ],
)
def test_answers_that_do_not_fit_are_refused_in_one_sentence(
    web: Web, which: str, answers: list[int | None], message: str
) -> None:
    r = web.client.post(f"/api/questionnaires/{which}", json={"answers": answers})
    assert r.status_code == 422
    assert detail(r) == message
    assert web.client.get("/api/questionnaires").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"answers": ["1"] * 10}, "answers.0: input should be a valid integer"),
        ({"answers": [True] * 10}, "answers.0: input should be a valid integer"),
        ({"answers": [1.0] * 10}, "answers.0: input should be a valid integer"),
        ({}, "answers: is required"),
        ({"answers": [1] * 10, "extra": 1}, "extra: is not a known field"),
        ({"answers": [0] * 101}, "answers: list should have at most 100 items"),
    ],
)
def test_malformed_answers_are_refused(web: Web, body: dict[str, Any], message: str) -> None:
    r = web.client.post("/api/questionnaires/odi", json=body)
    assert r.status_code == 422
    assert detail(r).startswith(message)


def test_an_unknown_questionnaire_is_404_naming_the_known_ones(web: Web) -> None:
    message = "unknown questionnaire 'sf36' (known: odi, rmdq)"
    assert detail(web.client.get("/api/questionnaires/sf36/items")) == message
    r = web.client.post("/api/questionnaires/sf36", json={"answers": [1] * 10})
    assert (r.status_code, detail(r)) == (404, message)
    assert web.client.get("/questionnaires/sf36").status_code == 404


def test_today_links_to_a_questionnaire_when_one_is_due(web: Web) -> None:
    p = page(web, "/")
    assert p.find("a", href="/questionnaires/odi")
    assert p.find("a", href="/questionnaires/rmdq")
    web.client.post("/api/questionnaires/odi", json={"answers": ODI_ANSWERS})
    web.client.post("/api/questionnaires/rmdq", json={"answers": [0] * 24})
    assert not page(web, "/").find("aside", id="questionnaires-due")  # both just taken
    web.clock.advance(20 * 86400)
    p = page(web, "/")
    assert p.find("a", href="/questionnaires/odi")
    assert "The ODI is due: it has been 20 days since the last one." in p.text
    web.clock.advance(10 * 86400)
    assert "The RMDQ is overdue" in page(web, "/").text


@pytest.mark.parametrize(("which", "options"), [(ODI, 6), (RMDQ, 2)], ids=["odi", "rmdq"])
def test_the_questionnaire_page_is_one_form_of_radio_groups_with_legends(
    web: Web, which: Any, options: int
) -> None:
    p = page(web, f"/questionnaires/{which.id.value}")
    assert len(p.find("fieldset")) == len(which.questions)
    assert p.tags.count(("legend", {})) == len(which.questions)
    radios = [a for t, a in p.tags if t == "input" and a.get("type") == "radio"]
    assert len(radios) == options * len(which.questions)
    assert {a["name"] for a in radios} == {f"item-{n}" for n in range(1, len(which.questions) + 1)}
    assert PARAPHRASE_NOTE in p.text
    assert which.questions[0].options[-1] in p.text or which.questions[0].prompt in p.text


def test_the_questionnaires_page_shows_scores_bands_and_real_changes(web: Web) -> None:
    p = page(web, "/questionnaires")
    assert "You have not filled in the ODI yet" in p.text
    web.client.post("/api/questionnaires/odi", json={"answers": ODI_ANSWERS})
    web.clock.advance(15 * 86400)
    web.client.post("/api/questionnaires/odi", json={"answers": [4] * 10})  # 80%
    p = page(web, "/questionnaires")
    assert "80% very high impact +40 real worsening" in p.text
    assert "40% moderate first" in p.text
    assert "a real worsening" in p.text
    assert PARAPHRASE_NOTE in p.text


# -- runs ---------------------------------------------------------------------------------------

MONDAY = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)  # the test clock's day, before its 08:00


def test_a_gpx_upload_is_stored_once_and_counted_in_its_week(web: Web) -> None:
    data = gpx(MONDAY - timedelta(days=2), 8.0)
    r = upload(web, ("saturday.gpx", data))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["files"], body["read"], body["added"], body["duplicates"]) == (1, 1, 1, 0)
    assert body["message"] == "Added 1 run, 0 duplicates already stored (from 1 file)."

    again = upload(web, ("copy.gpx", data)).json()
    assert (again["added"], again["duplicates"]) == (0, 1)

    runs = web.client.get("/api/runs?weeks=2").json()
    assert runs["runs"] == 1
    last_week = runs["weeks"][0]
    assert last_week["start"] == "2025-02-24"
    assert last_week["runs"] == 1
    assert last_week["distance_m"] == pytest.approx(8000, rel=0.01)
    assert last_week["duration_s"] == pytest.approx(8 * 330, abs=1)
    assert runs["today"]["kind"] == "rest"
    assert runs["today"]["do_routine"] is True


def test_a_fast_rise_is_flagged_and_a_long_run_today_means_no_routine(web: Web) -> None:
    r = upload(
        web,
        ("a.gpx", gpx(MONDAY - timedelta(days=14), 10.0)),
        ("b.gpx", gpx(MONDAY - timedelta(days=7), 10.0)),
        ("c.gpx", gpx(MONDAY, 14.0)),
    )
    assert r.json()["added"] == 3
    runs = web.client.get("/api/runs?weeks=3").json()
    assert [round(w["distance_m"] / 1000) for w in runs["weeks"]] == [10, 10, 14]
    assert [w["flagged"] for w in runs["weeks"]] == [False, False, True]
    assert runs["weeks"][-1]["ramp"] == pytest.approx(0.4, abs=0.01)
    today = runs["today"]
    assert (today["kind"], today["do_routine"], today["week_flagged"]) == ("hard", False, True)
    assert "over 30% above the two weeks before" in today["message"]

    p = page(web, "/runs?weeks=3")
    assert "Today: a hard or long day" in p.text
    assert p.find("svg", role="img")
    assert p.find("tr", class_="flagged")
    assert "▲ over 30%" in p.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.gpx", b"", "empty.gpx: the file is empty"),
        ("broken.gpx", b"<gpx><trk><trkseg", "broken.gpx: not a valid GPX file"),
        ("notes.txt", b"just some words", "notes.txt: not a run file backcoach knows"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "photo.jpg: not a run file backcoach knows"),
        ("export.zip", b"PK\x03\x04garbage", "export.zip: a damaged or truncated zip"),
        ("../../etc/run.gpx", b"", "run.gpx: the file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_it_and_nothing_is_stored(
    web: Web, name: str, data: bytes, message: str
) -> None:
    good = ("good.gpx", gpx(MONDAY - timedelta(days=1), 5.0))
    r = upload(web, good, (name, data))
    assert r.status_code == 422
    assert detail(r).startswith(message)
    assert "backcoach-upload" not in detail(r)  # no temporary path
    assert web.client.get("/api/runs").json()["runs"] == 0


def test_no_file_is_refused(web: Web) -> None:
    for r in (web.client.post("/api/runs"), web.client.post("/api/runs", json={"files": []})):
        assert r.status_code == 422
        assert detail(r).startswith("no file sent: choose GPX, TCX or FIT files")


def test_an_upload_over_the_limit_is_413_with_a_clear_message(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_api_program, "MAX_UPLOAD_BYTES", 4096)
    limit = BodyLimit(4096, _api_program.too_big_message)
    monkeypatch.setitem(_api_program.LIMITS, _api_program.RUNS_PATH, limit)
    data = gpx(MONDAY - timedelta(days=1), 5.0)
    assert len(data) > 4096
    r = upload(web, ("big.gpx", data))  # refused on its Content-Length
    assert r.status_code == 413
    assert detail(r) == (
        "the upload is over 4 KB: send fewer files at a time, or import a big export with the "
        "command line (backcoach runs import FILE)"
    )

    # Sent in chunks without a length: refused as the bytes pass the limit.
    boundary = "xyz"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.gpx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    chunks = [head, *(data[i : i + 1000] for i in range(0, len(data), 1000))]
    chunks.append(f"\r\n--{boundary}--\r\n".encode())
    r = web.client.post(
        "/api/runs",
        content=iter(chunks),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413
    assert "backcoach runs import" in detail(r)
    assert web.client.get("/api/runs").json()["runs"] == 0


def test_the_size_limit_says_50_mb(web: Web) -> None:
    assert _api_program.too_big_message().startswith("the upload is over 50 MB")
    assert "up to 50 MB" in page(web, "/runs").text


@pytest.mark.parametrize("weeks", ["0", "105", "two"])
def test_weeks_out_of_range_are_refused(web: Web, weeks: str) -> None:
    for url in ("/api/runs", "/api/report.html", "/api/report.pdf"):
        r = web.client.get(f"{url}?weeks={weeks}")
        assert r.status_code == 422
        assert detail(r).startswith("weeks: ")


def test_the_runs_page_without_runs_offers_the_upload(web: Web) -> None:
    p = page(web, "/runs")
    assert p.find("input", type="file", name="files", id="run-files")
    assert p.find("label", for_="run-files")
    assert "No runs yet" in p.text
    assert "Rest day (no run recorded)" in p.text


# -- report -------------------------------------------------------------------------------------


def test_the_report_downloads_as_a_pdf_that_parses(web: Web) -> None:
    pypdf = pytest.importorskip("pypdf")
    web.client.post("/api/questionnaires/odi", json={"answers": ODI_ANSWERS})
    upload(web, ("run.gpx", gpx(MONDAY - timedelta(days=3), 9.0)))
    r = web.client.get("/api/report.pdf?weeks=4")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == (
        'attachment; filename="backcoach-report-2025-03-03.pdf"'
    )
    assert r.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) >= 1
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "40%" in text  # the ODI score
    assert PARAPHRASE_NOTE in " ".join(text.split())


def test_the_report_as_a_web_page(web: Web) -> None:
    web.client.post("/api/questionnaires/rmdq", json={"answers": [1] * 5 + [0] * 19})
    r = web.client.get("/api/report.html?weeks=2")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == 'inline; filename="backcoach-report-2025-03-03.html"'
    assert r.text.lstrip().lower().startswith("<!doctype html>")
    assert "5/24" in r.text


def test_the_report_page_links_to_both_documents(web: Web) -> None:
    p = page(web, "/report?weeks=6")
    assert p.find("a", href="/api/report.pdf?weeks=6", id="report-pdf")
    assert p.find("a", href="/api/report.html?weeks=6", id="report-html")
    assert p.find("input", id="weeks", value="6")


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/questionnaires", "Questionnaires"),
        ("/questionnaires/odi", "Questionnaires"),
        ("/runs", "Runs"),
        ("/report", "Report"),
    ],
)
def test_the_new_pages_are_in_the_menu_and_marked_when_open(
    web: Web, url: str, current: str
) -> None:
    p = page(web, url)
    assert p.find("nav", aria_label="Main")
    for href in ("/questionnaires", "/runs", "/report"):
        assert p.find("a", href=href)
    marked = [a for t, a in p.tags if t == "a" and a.get("aria-current") == "page"]
    assert len(marked) == 1
    assert (
        marked[0]["href"]
        == {"Questionnaires": "/questionnaires", "Runs": "/runs", "Report": "/report"}[current]
    )


def test_the_openapi_lists_the_new_routes(web: Web) -> None:
    paths = web.client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/questionnaires",
        "/api/questionnaires/{instrument_id}/items",
        "/api/questionnaires/{instrument_id}",
        "/api/runs",
        "/api/report.pdf",
        "/api/report.html",
    ):
        assert path in paths
    assert "413" in paths["/api/runs"]["post"]["responses"]
