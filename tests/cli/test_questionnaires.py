"""`backcoach questionnaire odi|rmdq`, `backcoach outcomes` and `backcoach export --format fhir`:
what a person types and sees, what is stored, and the mistakes they can make."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

import backcoach.cli._questionnaires  # noqa: F401  (registers the commands)
from backcoach.cli import _context
from backcoach.outcomes import PARAPHRASE_NOTE
from backcoach.routine import EndReason, PainPhase, PainScore, SessionStatus
from backcoach.settings import DATABASE_FILE
from backcoach.storage import open_store
from tests.cli.conftest import Cli
from tests.storage._support import routine

T0 = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)
ODI_40 = "1,2,3,-,2,2,1,-,2,3"  # 16 of 40 points: 40%, moderate
ODI_20 = "1,1,1,1,1,1,1,1,1,1"  # 10 of 50: 20%, minimal
RMDQ_12 = ",".join(["y", "n"] * 12)
FOOTER = f"Note: {PARAPHRASE_NOTE}."


class Clock:
    """The CLI's clock, set by the test."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fixed = Clock()
    monkeypatch.setattr(_context, "now", fixed)
    yield fixed


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_odi_with_answers_is_scored_banded_and_stored(cli: Cli, clock: Clock) -> None:
    r = cli("questionnaire", "odi", "--answers", ODI_40)

    assert r.exit_code == 0, r.stderr
    out = _flat(r.stdout)
    assert "ODI: 40%, moderate (0-100%, lower is better)" in out
    assert "Scored over the 8 sections answered (2 skipped)." in out
    assert "Your first score" in out
    assert "next due on 20 May 2024" in out
    assert out.endswith(FOOTER)
    [stored] = cli("outcomes", "--json").json()["questionnaires"]
    assert stored["answers"] == [1, 2, 3, None, 2, 2, 1, None, 2, 3]
    assert stored["score"] == 40.0
    assert stored["band"] == "moderate"


def test_a_second_response_is_compared_and_a_real_change_flagged(cli: Cli, clock: Clock) -> None:
    assert cli("questionnaire", "odi", "--answers", ODI_40).exit_code == 0
    clock.at = T0 + timedelta(days=15)

    r = cli("questionnaire", "odi", "--answers", ODI_20)

    assert r.exit_code == 0, r.stderr
    assert (
        "Your ODI went down 20 points, from 40% to 20%: a real improvement (10 points or more)."
        in _flat(r.stdout)
    )
    table = cli("outcomes")
    assert table.exit_code == 0
    assert "-20 (real improvement)" in table.stdout
    assert "06 May 2024" in table.stdout and "21 May 2024" in table.stdout


def test_rmdq_with_answers_counts_the_yes(cli: Cli, clock: Clock) -> None:
    r = cli("questionnaire", "rmdq", "--answers", RMDQ_12, "--json")

    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["response"]["score"] == 12
    assert doc["response"]["band"] is None
    assert doc["change"] is None
    assert doc["next_due"]["status"] == "not_yet"
    assert doc["note"] == PARAPHRASE_NOTE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("odi", "--answers", "1,2,3"), "--answers: the ODI has 10 sections, got 3 values"),
        (("odi", "--answers", "1,7" + ",0" * 8), "item 2 of the ODI: '7' is not an answer"),
        (("odi", "--answers", "1,x" + ",0" * 8), "item 2 of the ODI: 'x' is not an answer"),
        (("odi", "--answers", "-,-,-" + ",0" * 7), "at most 2 items left blank: 3 were"),
        (("rmdq", "--answers", "y,n"), "--answers: the RMDQ has 24 statements, got 2 values"),
        (("rmdq", "--answers", "maybe" + ",n" * 23), "'maybe' is not an answer: use 1 or y"),
        (("rmdq", "--answers", "-" + ",n" * 23), "'-' is not an answer"),
    ],
    ids=["odi-count", "odi-7", "odi-letter", "odi-three-skipped", "rmdq-count", "rmdq-word",
         "rmdq-skip"],
)  # fmt: skip
def test_wrong_answers_are_one_clear_error_and_nothing_is_stored(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    r = cli("questionnaire", *args)

    assert r.exit_code == 1
    assert r.stderr.startswith("error: ")
    assert r.stderr.count("\n") == 1
    assert message in r.stderr
    assert cli("outcomes", "--json").json()["questionnaires"] == []


def test_an_unknown_questionnaire_is_a_usage_error(cli: Cli) -> None:
    r = cli("questionnaire", "sf36")
    assert r.exit_code == 2
    assert "odi" in r.stderr and "rmdq" in r.stderr


def test_odi_asked_in_the_terminal(cli: Cli, clock: Clock) -> None:
    # A stray Enter and a wrong number are asked again; '-' skips a section.
    typed = ["1", "", "9", "2", "3", "-", "2", "2", "1", "-", "2", "3"]

    r = cli("questionnaire", "odi", input="\n".join(typed) + "\n")

    assert r.exit_code == 0, r.stderr
    assert "ODI 1 of 10: How strong the pain is" in r.stdout
    assert "'9' is not an answer: use 0 to 5, or - to skip." in r.stdout
    assert "ODI: 40%, moderate" in r.stdout
    assert _flat(r.stdout).endswith(FOOTER)


def test_after_two_skips_a_third_is_refused_and_asked_again(cli: Cli, clock: Clock) -> None:
    typed = ["-", "-", "-", "4", "4", "4", "4", "4", "4", "4", "4"]

    r = cli("questionnaire", "odi", input="\n".join(typed) + "\n")

    assert r.exit_code == 0, r.stderr
    assert "Already 2 sections skipped" in r.stdout
    assert "ODI: 80%, very high impact" in r.stdout


def test_rmdq_asked_in_the_terminal(cli: Cli, clock: Clock) -> None:
    typed = ["y", "no", "perhaps", "n"] + ["n"] * 21

    r = cli("questionnaire", "rmdq", input="\n".join(typed) + "\n")

    assert r.exit_code == 0, r.stderr
    assert "RMDQ 24 of 24" in r.stdout
    assert "RMDQ: 1/24" in r.stdout


def test_leaving_before_the_end_saves_nothing(cli: Cli, clock: Clock) -> None:
    r = cli("questionnaire", "rmdq", input="y\nn\n")

    assert r.exit_code == 1
    assert "error: the questionnaire was left before the end: nothing was saved" in r.stderr
    assert cli("outcomes", "--json").json()["questionnaires"] == []


def test_outcomes_when_empty_offers_both_at_the_start(cli: Cli, clock: Clock) -> None:
    r = cli("outcomes")

    assert r.exit_code == 0
    out = _flat(r.stdout)
    assert "No questionnaires yet." in out
    assert "You have not filled in the ODI yet" in out
    assert "backcoach questionnaire rmdq" in out
    assert out.endswith(FOOTER)
    due = cli("outcomes", "--json").json()["due"]
    assert [(d["instrument"], d["status"]) for d in due] == [("odi", "first"), ("rmdq", "first")]


@pytest.mark.parametrize(
    ("days", "status"), [(13, "not_yet"), (14, "due"), (28, "due"), (29, "overdue")]
)
def test_outcomes_says_when_one_is_due(cli: Cli, clock: Clock, days: int, status: str) -> None:
    assert cli("questionnaire", "odi", "--answers", ODI_40).exit_code == 0
    clock.at = T0 + timedelta(days=days)

    due = {d["instrument"]: d for d in cli("outcomes", "--json").json()["due"]}

    assert due["odi"]["status"] == status
    assert due["rmdq"]["status"] == "first"


def test_outcomes_flags_a_real_change_in_pain_before_sessions(cli: Cli, clock: Clock) -> None:
    with open_store(f"sqlite:///{cli.home / DATABASE_FILE}") as store:
        for day, pain in enumerate([6, 6, 6, 3, 3, 3]):
            start = T0 + timedelta(days=day)
            sid = store.start_session(routine(), 600, start, pid=1, host="h")
            store.add_pain(sid, PainScore(PainPhase.BEFORE, pain, start))
            store.finish_session(sid, SessionStatus.COMPLETED, EndReason.FINISHED, start)

    r = cli("outcomes")
    pain = cli("outcomes", "--json").json()["pain"]

    assert "Your pain before sessions went down from 6.0 to 3.0 out of 10" in _flat(r.stdout)
    assert pain["important"] is True
    assert pain["direction"] == "better"


def test_outcomes_json_lists_the_changes_between_responses(cli: Cli, clock: Clock) -> None:
    assert cli("questionnaire", "rmdq", "--answers", RMDQ_12).exit_code == 0
    clock.at = T0 + timedelta(days=20)
    assert cli("questionnaire", "rmdq", "--answers", ",".join(["n"] * 24)).exit_code == 0

    [change] = cli("outcomes", "--json").json()["changes"]

    assert change["measure"] == "rmdq"
    assert (change["before"], change["after"]) == (12, 0)
    assert change["important"] is True


def test_export_fhir_prints_a_valid_bundle(cli: Cli, clock: Clock) -> None:
    from fhir.resources.R4B.bundle import Bundle

    assert cli("questionnaire", "odi", "--answers", ODI_40).exit_code == 0

    r = cli("export", "--format", "fhir")

    assert r.exit_code == 0, r.stderr
    doc = r.json()
    Bundle.model_validate(doc)
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert "QuestionnaireResponse" in kinds


def test_export_fhir_to_a_file_says_what_it_wrote(cli: Cli, clock: Clock) -> None:
    assert cli("questionnaire", "odi", "--answers", ODI_40).exit_code == 0
    target = cli.home.parent / "bundle.json"

    r = cli("export", "--format", "fhir", "--output", str(target))

    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert "Exported 1 observation and 1 questionnaire response as a FHIR R4 bundle" in r.stderr
    assert json.loads(target.read_text("utf-8"))["resourceType"] == "Bundle"


def test_an_unknown_export_format_names_fhir(cli: Cli) -> None:
    r = cli("export", "--format", "xml")
    assert r.exit_code == 1
    assert "use json, csv or fhir" in r.stderr
