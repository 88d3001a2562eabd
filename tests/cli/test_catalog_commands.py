"""`backcoach exercises` and `backcoach plan`."""

from __future__ import annotations

from backcoach.catalog import ExerciseId
from tests.cli.conftest import Cli


def test_exercises_lists_all_seven_with_their_dosage(cli: Cli) -> None:
    r = cli("exercises")
    assert r.exit_code == 0
    for exercise_id in ExerciseId:
        assert exercise_id.value in r.stdout
    assert "8 per leg (8-12)" in r.stdout  # bird dog


def test_exercise_detail_shows_the_full_instructions(cli: Cli) -> None:
    r = cli("exercises", "glute_bridge")
    assert r.exit_code == 0
    for section in ("Set-up", "Steps", "Breathing", "Form", "Common mistakes", "Safety", "Camera"):
        assert section in r.stdout
    assert "  1. " in r.stdout


def test_exercises_json(cli: Cli) -> None:
    listing = cli("exercises", "--json").json()
    assert [e["id"] for e in listing] == [e.value for e in ExerciseId]
    one = cli("exercises", "wall_sit", "--json").json()
    assert one["reps"] == {"default": 8, "min": 8, "max": 12}
    assert one["hold_s"]["default"] == 10


def test_unknown_exercise_is_one_line_and_exit_1(cli: Cli) -> None:
    r = cli("exercises", "sit_up")
    assert r.exit_code == 1
    assert r.stderr.strip().count("\n") == 0
    assert r.stderr.startswith("error: unknown exercise 'sit_up'")
    assert "Traceback" not in r.stdout + r.stderr


def test_plan_shows_every_exercise_and_the_total(cli: Cli) -> None:
    r = cli("plan")
    assert r.exit_code == 0
    assert "Total: 17:43" in r.stdout
    assert "Glute bridge" in r.stdout and "14:55" in r.stdout  # when the bridge starts


def test_plan_json_has_every_step_and_the_total(cli: Cli) -> None:
    doc = cli("plan", "--json").json()
    assert doc["total_s"] == 1063.0
    assert len(doc["exercises"]) == 7
    assert sum(s["duration_s"] for s in doc["steps"]) == 1063.0
    kinds = {s["kind"] for s in doc["steps"]}
    assert kinds == {"get_ready", "setup", "move", "hold", "release", "rest", "switch_side"}


def test_plan_follows_the_users_own_dosage(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "settings.toml").write_text("[dosage.glute_bridge]\nreps = 10\nhold_s = 8\n")
    doc = cli("plan", "--json").json()
    bridge = doc["exercises"][-1]
    assert (bridge["reps"], bridge["hold_s"]) == (10, 8.0)


def test_plan_refuses_a_dosage_outside_the_safe_range(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "settings.toml").write_text("[dosage.glute_bridge]\nreps = 40\n")
    r = cli("plan")
    assert r.exit_code == 1
    assert "reps 40 is outside the safe range 8-12" in r.stderr


def test_a_broken_settings_file_is_one_line(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "settings.toml").write_text("voice = maybe\n")
    r = cli("plan")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ") and "settings.toml" in r.stderr
    assert r.stderr.strip().count("\n") == 0


def test_beyond_the_range_only_with_an_explicit_override(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "settings.toml").write_text(
        "[dosage.wall_sit]\nhold_s = 20\nallow_outside_range = true\n"
    )
    doc = cli("plan", "--json").json()
    assert doc["exercises"][2]["hold_s"] == 20.0
