"""CLI tests run the real app through Typer's CliRunner at a fixed width, on a real SQLite file in
a temporary BACKCOACH_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcoach.cli import app

WIDTH = "100"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class Cli:
    """Runs `backcoach ARGS` in-process with a private home folder."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {"BACKCOACH_HOME": str(home), "COLUMNS": WIDTH, "BACKCOACH_DATABASE_URL": ""}
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        env = {k: v for k, v in self.env.items() if v}
        previous = {k: os.environ.get(k) for k in ("BACKCOACH_DATABASE_URL",)}
        if "BACKCOACH_DATABASE_URL" not in env:
            os.environ.pop("BACKCOACH_DATABASE_URL", None)
        try:
            r = self.runner.invoke(app, list(args), env=env, input=input)
        finally:
            for k, v in previous.items():
                if v is not None:
                    os.environ[k] = v
        return Result(r.exit_code, r.stdout, r.stderr)

    def screened(self) -> Cli:
        assert self("screen", "--none-apply").exit_code == 0
        return self


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    yield Cli(tmp_path / "home")


def run_backcoach(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m backcoach ARGS` as a real subprocess."""
    env = {**os.environ, "BACKCOACH_HOME": str(home), "COLUMNS": WIDTH}
    env.pop("BACKCOACH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
