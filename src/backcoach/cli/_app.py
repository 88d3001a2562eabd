"""The Typer application. Each command lives in its own module and registers itself on `app`.

Heavy libraries (SQLAlchemy, matplotlib, numpy) are imported inside the commands that need them,
so `backcoach --help` and `backcoach plan` start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from backcoach.errors import BackcoachError

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70

# Typer's own usage errors, exits and aborts: they print themselves and must pass through.
_PASS_THROUGH: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    KeyboardInterrupt,
    *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)


class OneLineError(BackcoachError):
    """An error the CLI itself detects; shown as `error: <message>` with the exit code given."""

    def __init__(self, message: str, exit_code: int = EXIT_USER_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def fail(message: str, exit_code: int) -> typer.Exit:
    """Print `error: message` on one line to stderr; return the Exit to raise."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.stderr.flush()
    return typer.Exit(exit_code)


class _Group(TyperGroup):
    """Turns every error into one line: a user's mistake or, failing that, an internal error."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except BackcoachError as exc:
            raise fail(str(exc), getattr(exc, "exit_code", EXIT_USER_ERROR)) from exc
        except OSError as exc:
            where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
            raise fail(f"{exc.strerror or exc}{where}", EXIT_USER_ERROR) from exc
        except Exception as exc:
            if os.environ.get("BACKCOACH_DEBUG"):
                raise
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set BACKCOACH_DEBUG=1 to see the details, and please report it)",
                EXIT_INTERNAL_ERROR,
            ) from exc


app = typer.Typer(
    name="backcoach",
    cls=_Group,
    help="A back-care coach for runners: seven exercises, guided, timed and recorded.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def main() -> None:
    """Entry point of the `backcoach` script and of `python -m backcoach`."""
    app()
