"""Where backcoach keeps its data and how it behaves: validated once, at start.

- `BACKCOACH_HOME` moves everything (database, settings file) into one folder; by default the
  user's data directory (platformdirs: ~/.local/share/backcoach on Linux).
- `BACKCOACH_DATABASE_URL` points at another database (e.g. PostgreSQL for a clinic server).
- `settings.toml` in the home folder holds preferences; see `docs/settings.md`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backcoach.errors import BackcoachError

SETTINGS_FILE = "settings.toml"
DATABASE_FILE = "backcoach.db"


class SettingsError(BackcoachError):
    """Settings from the environment or the settings file are invalid."""


def _default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("backcoach", appauthor=False))


class Dosage(BaseModel):
    """A user's own dosage for one exercise; checked against the catalog's safe range."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reps: Annotated[int, Field(ge=1)] | None = None
    hold_s: Annotated[float, Field(ge=0)] | None = None
    rest_s: Annotated[float, Field(ge=0)] | None = None
    allow_outside_range: bool = Field(
        default=False,
        description="go beyond the catalog's safe range: an explicit choice, e.g. on a "
        "physiotherapist's advice",
    )


class Preferences(BaseModel):
    """The contents of `settings.toml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    voice: bool = Field(default=False, description="speak cues through espeak-ng")
    voice_name: str = Field(default="en", description="espeak-ng voice")
    bell: bool = Field(default=True, description="ring the terminal bell when no voice")
    get_ready_s: float = Field(default=10.0, ge=0, le=120)
    dosage: dict[str, Dosage] = Field(default_factory=dict, description="per exercise id")


class Environment(BaseModel):
    """What the environment says (`BACKCOACH_HOME`, `BACKCOACH_DATABASE_URL`); empty means unset.

    A plain model read from `os.environ` (rather than pydantic-settings, whose import alone
    costs more than the rest of `backcoach plan`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    home: Path | None = None
    database_url: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Environment:
        values = {
            name: environ[f"BACKCOACH_{name.upper()}"]
            for name in cls.model_fields
            if environ.get(f"BACKCOACH_{name.upper()}", "").strip()
        }
        return cls.model_validate(values)

    @field_validator("database_url")
    @classmethod
    def _url_has_scheme(cls, value: str | None) -> str | None:
        if value is not None and "://" not in value:
            raise ValueError(
                "must be a URL such as sqlite:////path/to/file.db or "
                "postgresql+psycopg://user@host/db"
            )
        return value


class Settings(BaseModel):
    """Everything resolved: folders, database URL and preferences."""

    model_config = ConfigDict(frozen=True)

    home: Path
    database_url: str
    preferences: Preferences

    @property
    def settings_file(self) -> Path:
        return self.home / SETTINGS_FILE

    @property
    def uses_default_sqlite(self) -> bool:
        return self.database_url == sqlite_url(self.home / DATABASE_FILE)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().absolute()}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the environment and `settings.toml`; `SettingsError` in one line when invalid."""
    try:
        env = Environment.from_environ(os.environ if environ is None else environ)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "BACKCOACH_" + str(first["loc"][0]).upper() if first["loc"] else "BACKCOACH_*"
        raise SettingsError(f"{name}: {first['msg']}") from exc
    home = (env.home or _default_home()).expanduser()
    if home.exists() and not home.is_dir():
        raise SettingsError(f"BACKCOACH_HOME is not a folder: {home}")
    preferences = _read_preferences(home / SETTINGS_FILE)
    url = env.database_url or sqlite_url(home / DATABASE_FILE)
    return Settings(home=home, database_url=url, preferences=preferences)


def _read_preferences(path: Path) -> Preferences:
    if not path.is_file():
        return Preferences()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
        return Preferences.model_validate(data)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SettingsError(f"{path}: {where}: {first['msg']}") from exc
