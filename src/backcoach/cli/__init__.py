"""The command line: `backcoach ...` (Typer), with all terminal rendering in `_render`."""

from backcoach.cli import _commands  # noqa: F401  (registers the commands on `app`)
from backcoach.cli._app import app, main

__all__ = ["app", "main"]
