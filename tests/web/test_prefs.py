"""Settings written from the web keep the user's own settings file intact."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from backcoach.settings import SettingsError
from backcoach.web._prefs import update_preferences


def test_a_new_file_is_created_with_the_keys(tmp_path: Path) -> None:
    path = tmp_path / "home" / "settings.toml"
    prefs = update_preferences(path, {"voice": True})
    assert prefs.voice is True
    assert path.read_text("utf-8") == "voice = true\n"


def test_keys_are_replaced_in_place_and_tables_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "# top\nget_ready_s = 5.0  # short\nbell = false\n\n[dosage.pelvic_tilt]\n"
        "hold_s = 8\nreps = 9\n",
        "utf-8",
    )
    prefs = update_preferences(path, {"get_ready_s": 30.0, "voice": True})
    text = path.read_text("utf-8")
    assert text.splitlines()[:4] == ["# top", "get_ready_s = 30.0", "bell = false", "voice = true"]
    assert prefs.get_ready_s == 30.0
    assert prefs.bell is False
    assert tomllib.loads(text)["dosage"] == {"pelvic_tilt": {"hold_s": 8, "reps": 9}}


def test_an_invalid_result_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("voice = false\n", "utf-8")
    with pytest.raises(SettingsError, match="get_ready_s"):
        update_preferences(path, {"get_ready_s": 1000.0})
    assert path.read_text("utf-8") == "voice = false\n"
