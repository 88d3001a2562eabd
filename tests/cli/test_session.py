"""`backcoach screen` and `backcoach session`: safety first, then a whole session recorded."""

from __future__ import annotations

import pytest

from backcoach.safety import QUESTIONS
from tests.cli.conftest import Cli

FAST = ("session", "--speed", "5000", "--yes")


def test_none_apply_passes_the_screen_and_lists_every_question(cli: Cli) -> None:
    r = cli("screen", "--none-apply")
    assert r.exit_code == 0
    for question in QUESTIONS:
        assert question.text[:30] in " ".join(r.stdout.split())
    assert "No warning signs" in r.stdout


def test_the_screen_without_a_terminal_or_flag_refuses_to_guess(cli: Cli) -> None:
    r = cli("screen")
    assert r.exit_code == 1
    assert "--none-apply" in r.stderr


def test_answering_the_screen_with_a_yes_blocks_sessions(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backcoach.cli._screen._interactive", lambda: True)
    answers = "n\nn\ny\nn\nn\nn\nn\nn\n"  # weakness in both legs
    r = cli("screen", input=answers)
    assert r.exit_code == 0
    assert "Please get medical help today" in r.stdout
    blocked = cli(*FAST, "--pain-before", "2")
    assert blocked.exit_code == 3
    assert "Please get medical help today" in blocked.stdout
    assert "No session today" in blocked.stdout
    assert cli("history", "--json").json() == []


def test_a_non_urgent_yes_asks_to_see_a_clinician(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backcoach.cli._screen._interactive", lambda: True)
    r = cli("screen", input="n\nn\nn\nn\nn\ny\nn\nn\n")  # history of cancer
    assert "see a doctor or physiotherapist" in r.stdout
    assert cli(*FAST, "--pain-before", "2").exit_code == 3


def test_retaking_the_screen_clears_the_way(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("backcoach.cli._screen._interactive", lambda: True)
    cli("screen", input="y\n" + "n\n" * 7)
    cli("screen", "--none-apply")
    assert cli(*FAST, "--pain-before", "2").exit_code == 0


def test_a_session_without_a_screen_cannot_start_unattended(cli: Cli) -> None:
    r = cli(*FAST, "--pain-before", "2")
    assert r.exit_code == 1
    assert "backcoach screen" in r.stderr
    assert cli("history", "--json").json() == []


def test_a_whole_session_is_recorded_as_completed(cli: Cli) -> None:
    cli.screened()
    r = cli(*FAST, "--pain-before", "4", "--pain-after", "2")
    assert r.exit_code == 0, r.stderr
    assert "Session complete" in r.stdout
    assert "Glute bridge rep 8/8" in r.stdout
    [session] = cli("history", "--json").json()
    assert session["status"] == "completed" and session["end_reason"] == "finished"
    assert (session["reps_done"], session["reps_planned"]) == (62, 62)
    assert (session["pain_before"], session["pain_after"]) == (4, 2)
    assert session["planned_s"] == 1063.0  # the program starts holds at their minimum
    bridge = session["results"][-1]
    assert bridge["exercise_id"] == "glute_bridge"
    assert bridge["holds_s"] == [6.0] * 8


@pytest.mark.parametrize("pain", ["11", "-1", "lots"])
def test_a_bad_pain_score_is_refused_before_anything_is_stored(cli: Cli, pain: str) -> None:
    cli.screened()
    r = cli(*FAST, "--pain-before", pain)
    assert r.exit_code in (1, 2)
    assert "Traceback" not in r.stdout + r.stderr
    assert cli("history", "--json").json() == []


def test_unattended_needs_the_pain_before(cli: Cli) -> None:
    cli.screened()
    r = cli(*FAST)
    assert r.exit_code == 1
    assert "--pain-before" in r.stderr


def test_high_pain_before_gets_a_caution_but_the_choice_is_the_users(cli: Cli) -> None:
    cli.screened()
    r = cli(*FAST, "--pain-before", "7", "--pain-after", "7")
    assert r.exit_code == 0
    assert "Your pain is 7/10 before starting" in r.stdout
    assert "above the 5/10 limit" in r.stdout


def test_voice_without_espeak_says_why_and_still_runs(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    cli.screened()
    r = cli(*FAST, "--voice", "--pain-before", "1")
    assert r.exit_code == 0
    assert "espeak-ng is not installed" in r.stderr


def test_a_session_offers_the_questionnaires_when_they_are_due(cli: Cli) -> None:
    cli.screened()
    r = cli(*FAST, "--pain-before", "2", "--pain-after", "2")
    assert "backcoach questionnaire odi" in r.stdout
    assert "backcoach questionnaire rmdq" in r.stdout
    odi = ",".join(["1"] * 10)
    assert cli("questionnaire", "odi", "--answers", odi).exit_code == 0
    again = cli(*FAST, "--pain-before", "2", "--pain-after", "2")
    assert "questionnaire odi" not in again.stdout
    assert "questionnaire rmdq" in again.stdout
