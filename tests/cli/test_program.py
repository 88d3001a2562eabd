"""Progression from the command line: `checkin`, `dosage`, and what `plan` and `session` say and
do about changes, over real SQLite files with a controlled clock."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

import backcoach.cli._program  # noqa: F401  (registers checkin and dosage)
from tests.cli.conftest import Cli

T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
FAST = ("session", "--speed", "5000", "--yes")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def day(self, n: float) -> None:
        self.now = T0 + timedelta(days=n)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("backcoach.cli._context.now", lambda: fake.now)
    return fake


def good_session(cli: Cli, clock: Clock, day: float, *extra: str) -> None:
    clock.day(day)
    r = cli(*FAST, "--pain-before", "2", "--pain-after", "2", "--difficulty", "3", *extra)
    assert r.exit_code == 0, r.stderr


@pytest.fixture
def progressed(cli: Cli, clock: Clock) -> Cli:
    """Two good sessions on two days: every exercise is due one step up."""
    cli.screened()
    good_session(cli, clock, 0)
    good_session(cli, clock, 1)
    clock.day(2)
    return cli


def test_plan_before_any_session_says_where_everything_starts(cli: Cli) -> None:
    r = cli("plan")
    assert r.exit_code == 0
    assert "First session: every exercise starts at the low end of its range" in r.stdout
    doc = cli("plan", "--json").json()
    assert doc["changes"] == []
    assert {d["rule"] for d in doc["decisions"]} == {"start"}
    wall = next(e for e in doc["exercises"] if e["id"] == "wall_sit")
    assert (wall["reps"], wall["hold_s"]) == (8, 5.0)
    assert not (cli.home / "backcoach.db").exists()  # plan made no database


def test_plan_shows_what_changed_since_last_time_and_why(progressed: Cli) -> None:
    r = progressed("plan")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "Since last time" in text
    assert "Two good sessions in a row at this dosage" in text
    assert "↑ Partial crunch: reps 8 → 9" in text
    assert "↑ Hamstring stretch: hold 15 → 20 s" in text
    assert "↑ Bird dog: reps 8 → 9 per leg" in text
    assert text.index("Since last time") < text.index("Today's session")
    doc = progressed("plan", "--json").json()
    crunch = next(c for c in doc["changes"] if c["exercise_id"] == "partial_crunch")
    assert (crunch["old_reps"], crunch["new_reps"], crunch["rule"]) == (8, 9, "progress")
    assert crunch["reason"].startswith("Two good sessions in a row")
    assert next(e for e in doc["exercises"] if e["id"] == "partial_crunch")["reps"] == 9


def test_the_next_session_runs_at_the_new_dosage_and_records_the_change(
    progressed: Cli, clock: Clock
) -> None:
    r = progressed(*FAST, "--pain-before", "2", "--pain-after", "2")
    assert r.exit_code == 0, r.stderr
    assert "↑ Partial crunch: reps 8 → 9" in r.stdout
    last = progressed("history", "--json").json()[-1]
    crunch = next(i for i in last["routine"] if i["exercise_id"] == "partial_crunch")
    assert crunch["reps"] == 9
    after = " ".join(progressed("plan").stdout.split())
    assert "One good session at this dosage so far" in after
    assert "↑" not in after  # the same two sessions never move a dosage twice


def test_dosage_lists_each_exercise_with_its_changes_and_reasons(
    progressed: Cli, clock: Clock
) -> None:
    good_session(progressed, clock, 2)
    r = progressed("dosage")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "Dosage now" in text and "Changes" in text
    assert "Partial crunch │ 9 × 1 s │ 8-12 × 1-3 s │ program, since" in text
    assert "reps 8 → 9" in text and "Two good sessions in a row" in text
    doc = progressed("dosage", "--json").json()
    crunch = doc["exercises"][0]
    assert (crunch["id"], crunch["reps"], crunch["set_by"]) == ("partial_crunch", 9, "program")
    assert crunch["range"] == {"reps": [8, 12], "hold_s": [1.0, 3.0]}
    assert [c["rule"] for c in crunch["changes"]] == ["start", "progress"]
    assert crunch["next"]["rule"] == "steady"


def test_a_hard_session_holds_the_dosage(cli: Cli, clock: Clock) -> None:
    cli.screened()
    good_session(cli, clock, 0)
    good_session(cli, clock, 1, "--difficulty", "4")  # the last --difficulty wins
    clock.day(2)
    text = " ".join(cli("plan").stdout.split())
    assert "You rated your last session hard: no change until it feels about right." in text
    assert "↑" not in text


def test_a_difficulty_off_the_scale_is_one_line(cli: Cli) -> None:
    cli.screened()
    r = cli(*FAST, "--pain-before", "2", "--difficulty", "6")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: difficulty must be a whole number from 1")
    assert r.stderr.strip().count("\n") == 0
    assert cli("history", "--json").json() == []


def test_checkin_without_a_session_is_kept(cli: Cli) -> None:
    r = cli("checkin", "--pain", "3", "--note", "a bit stiff")
    assert r.exit_code == 0, r.stderr
    assert "Checked in: pain 3/10. No session yet" in r.stdout


def test_checkin_without_a_terminal_needs_the_pain(cli: Cli) -> None:
    r = cli("checkin")
    assert r.exit_code == 1
    assert r.stderr == "error: give --pain N (0-10) when running without a terminal\n"


def test_checkin_refuses_a_pain_off_the_scale(cli: Cli) -> None:
    r = cli("checkin", "--pain", "12")
    assert r.exit_code == 1
    assert "pain must be from 0 (none) to 10 (worst), got 12" in r.stderr


def test_checkin_asks_how_the_back_is_this_morning(
    progressed: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backcoach.cli._program.interactive", lambda: True)
    r = progressed("checkin", input="eleven\n2\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("How is your back this morning? Pain 0-10:") == 2
    assert "Checked in: pain 2/10, about your session 2 of" in r.stdout
    assert "Next session" in r.stdout and "↑ Partial crunch: reps 8 → 9" in r.stdout


def test_a_flare_at_the_morning_checkin_takes_everything_back_to_the_start(
    progressed: Cli, clock: Clock
) -> None:
    good_session(progressed, clock, 2)  # at the stepped-up dosage
    clock.day(2.6)
    r = progressed("checkin", "--pain", "8")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "Your back flared after your last session (8/10, against 2/10 before" in text
    assert "↓ Partial crunch: reps 9 → 8" in text
    assert "see a doctor or physiotherapist" in text
    doc = progressed("plan", "--json").json()
    assert {c["rule"] for c in doc["changes"]} == {"deload_flare"}
    assert next(e for e in doc["exercises"] if e["id"] == "hamstring_stretch")["hold_s"] == 15.0


def test_your_own_dosage_wins_and_the_program_leaves_it_alone(progressed: Cli) -> None:
    (progressed.home / "settings.toml").write_text("[dosage.glute_bridge]\nreps = 10\n")
    doc = progressed("plan", "--json").json()
    bridge = next(e for e in doc["exercises"] if e["id"] == "glute_bridge")
    assert (bridge["reps"], bridge["hold_s"]) == (10, 6.0)
    assert "glute_bridge" not in {c["exercise_id"] for c in doc["changes"]}
    text = " ".join(progressed("plan").stdout.split())
    assert "You set this one yourself in settings.toml" in text and "= Glute bridge" in text
    dosage = progressed("dosage", "--json").json()["exercises"][-1]
    assert (dosage["set_by"], dosage["reps"]) == ("settings", 10)


def test_your_own_dosage_must_still_be_inside_the_range(progressed: Cli) -> None:
    (progressed.home / "settings.toml").write_text("[dosage.glute_bridge]\nhold_s = 30\n")
    r = progressed("plan")
    assert r.exit_code == 1
    assert "hold 30 is outside the safe range 6-10" in r.stderr


@pytest.mark.parametrize(
    ("answers", "rating"),
    [(["3"], 3), (["six", "0", "5"], 5), ([""], None), (["x", "y", "z"], None)],
)
def test_how_hard_was_that_takes_1_to_5_and_may_be_skipped(
    monkeypatch: pytest.MonkeyPatch, answers: list[str], rating: int | None
) -> None:
    from rich.console import Console

    from backcoach.cli._program import ask_difficulty

    asked: list[str] = []
    replies = iter(answers)

    def fake_input(prompt: str = "") -> str:
        asked.append(prompt)
        return next(replies)

    monkeypatch.setattr("builtins.input", fake_input)
    out = io.StringIO()
    assert ask_difficulty(Console(file=out, width=100)) == rating
    assert len(asked) == len(answers)
    assert out.getvalue().count("How hard was that? 1 too easy") == len(answers)


def test_at_the_top_of_every_range_plan_says_so_and_goes_no_further(
    progressed: Cli, clock: Clock
) -> None:
    from backcoach.catalog import load_catalog
    from backcoach.program import DosageChange, Rule
    from backcoach.storage import open_store

    with open_store(f"sqlite:///{progressed.home / 'backcoach.db'}") as store:
        store.add_dosage_changes(
            [
                DosageChange(
                    ex.id,
                    ex.reps.min,
                    ex.reps.max,
                    ex.hold_s.min,
                    ex.hold_s.max,
                    Rule.PROGRESS,
                    "climbed",
                    clock.now,
                )
                for ex in load_catalog()
            ]
        )
    good_session(progressed, clock, 2)
    good_session(progressed, clock, 3)
    clock.day(4)
    text = " ".join(progressed("plan").stdout.split())
    assert "At the top of its range (12 × 3 s): backcoach takes it no further." in text
    assert "↑" not in text
    doc = progressed("plan", "--json").json()
    assert doc["changes"] == []
    assert {d["rule"] for d in doc["decisions"]} == {"top_of_range"}
    wall = next(e for e in doc["exercises"] if e["id"] == "wall_sit")
    assert (wall["reps"], wall["hold_s"]) == (12, 15.0)
