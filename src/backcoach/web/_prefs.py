"""Changing `settings.toml` from the Settings page without losing the user's own lines.

Only top-level keys are rewritten, in place (a missing key is added above the first table); every
other line, comment and table (e.g. `[dosage]`) is kept as it was. The result is validated as
`Preferences` before it replaces the file, atomically.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from backcoach.settings import Preferences, SettingsError

_TABLE = re.compile(r"^\s*\[")


def _toml_value(value: bool | float | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return repr(float(value))
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def update_preferences(path: Path, changes: dict[str, bool | float | str]) -> Preferences:
    """Set top-level keys of the settings file at `path`; return the preferences it now holds."""
    try:
        text = path.read_text("utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from exc
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    for key, value in changes.items():
        assignment = f"{key} = {_toml_value(value)}"
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(first_table):
            if pattern.match(lines[i]):
                lines[i] = assignment
                break
        else:
            at = first_table
            while at > 0 and not lines[at - 1].strip():
                at -= 1  # above the blank lines that set the first table apart
            lines.insert(at, assignment)
            first_table += 1
    new_text = "\n".join(lines) + "\n"
    try:
        preferences = Preferences.model_validate(tomllib.loads(new_text))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SettingsError(f"{path}: {where}: {first['msg']}") from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(new_text, "utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return preferences
