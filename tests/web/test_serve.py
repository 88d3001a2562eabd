"""`backcoach serve`: starts only with good settings and a free port, each problem in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import backcoach.cli._serve  # registers `serve` until the lead adds it to _commands
from tests.cli.conftest import Cli


@pytest.fixture
def cli(home: Path) -> Cli:
    return Cli(home)


def test_a_port_in_use_is_one_clear_line(cli: Cli) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = cli("serve", "--port", str(port))
    assert r.exit_code == 1
    assert r.stderr == (
        f"error: cannot listen on 127.0.0.1:{port}: the port is in use (choose another with "
        "--port)\n"
    )


def test_bad_settings_stop_the_server_before_it_listens(cli: Cli, home: Path) -> None:
    (home / "settings.toml").write_text("[dosage.bird_dog]\nreps = 50\n", "utf-8")
    r = cli("serve", "--port", "1")
    assert r.exit_code == 1
    assert "Bird dog: reps 50 is outside the safe range 8-12" in r.stderr
    assert r.stderr.count("\n") == 1


def test_bad_options_are_refused(cli: Cli) -> None:
    assert cli("serve", "--port", "70000").exit_code == 2
    assert cli("serve", "--speed", "0").exit_code == 2


def test_the_cli_starts_without_loading_the_web_stack() -> None:
    code = (
        "import sys, backcoach.cli, backcoach.cli._serve; "
        "web = ('fastapi', 'uvicorn', 'starlette', 'jinja2'); "
        "print(sorted(m for m in web if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(backcoach.cli._serve.__file__).parents[2])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
