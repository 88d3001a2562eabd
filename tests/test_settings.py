"""Settings: where data lives and what `settings.toml` may say, validated at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.settings import SettingsError, load_settings, sqlite_url


def test_defaults_put_the_database_in_the_home_folder(tmp_path: Path) -> None:
    s = load_settings({"BACKCOACH_HOME": str(tmp_path)})
    assert s.home == tmp_path
    assert s.database_url == sqlite_url(tmp_path / "backcoach.db")
    assert s.uses_default_sqlite
    assert s.preferences.voice is False and s.preferences.get_ready_s == 10


def test_without_a_home_the_user_data_folder_is_used() -> None:
    s = load_settings({})
    assert s.home.name == "backcoach"


def test_database_url_points_elsewhere(tmp_path: Path) -> None:
    url = "postgresql+psycopg://coach@db.clinic.example/backcoach"
    s = load_settings({"BACKCOACH_HOME": str(tmp_path), "BACKCOACH_DATABASE_URL": url})
    assert s.database_url == url and not s.uses_default_sqlite


def test_empty_variables_count_as_unset(tmp_path: Path) -> None:
    s = load_settings({"BACKCOACH_HOME": str(tmp_path), "BACKCOACH_DATABASE_URL": " "})
    assert s.uses_default_sqlite


def test_a_database_url_without_a_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="BACKCOACH_DATABASE_URL"):
        load_settings({"BACKCOACH_HOME": str(tmp_path), "BACKCOACH_DATABASE_URL": "my.db"})


def test_settings_file_preferences(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(
        'voice = true\nvoice_name = "en-gb"\nget_ready_s = 5\n[dosage.bird_dog]\nreps = 10\n'
    )
    prefs = load_settings({"BACKCOACH_HOME": str(tmp_path)}).preferences
    assert prefs.voice and prefs.voice_name == "en-gb" and prefs.get_ready_s == 5
    assert prefs.dosage["bird_dog"].reps == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("voice = maybe\n", "settings.toml"),
        ("colour = 'red'\n", "colour"),
        ("get_ready_s = 500\n", "get_ready_s"),
        ("[dosage.bird_dog]\nreps = 0\n", "dosage.bird_dog.reps"),
    ],
)
def test_a_bad_settings_file_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "settings.toml").write_text(text)
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings({"BACKCOACH_HOME": str(tmp_path)})
    assert "\n" not in str(caught.value)
