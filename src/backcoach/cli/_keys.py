"""Keys during a session: read from the terminal without waiting for Enter (POSIX), or scripted."""

from __future__ import annotations

import contextlib
import os
import select
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any, Protocol


class Key(StrEnum):
    PAUSE = "pause"
    SKIP_STEP = "skip_step"
    SKIP_EXERCISE = "skip_exercise"
    HURTS = "hurts"
    QUIT = "quit"


_KEYMAP = {
    " ": Key.PAUSE,
    "p": Key.PAUSE,
    "n": Key.SKIP_STEP,
    "\x1b[C": Key.SKIP_STEP,  # right arrow
    "s": Key.SKIP_EXERCISE,
    "h": Key.HURTS,
    "q": Key.QUIT,
}


def parse_keys(raw: str) -> list[Key]:
    """Keys in the order pressed; unknown keys are ignored."""
    keys: list[Key] = []
    i = 0
    while i < len(raw):
        if raw.startswith("\x1b[", i) and i + 2 < len(raw):
            key = _KEYMAP.get(raw[i : i + 3])
            i += 3
        else:
            key = _KEYMAP.get(raw[i].lower())
            i += 1
        if key is not None:
            keys.append(key)
    return keys


class KeySource(Protocol):
    def read(self) -> list[Key]:
        """Keys pressed since the last call (never blocks)."""

    def suspended(self) -> contextlib.AbstractContextManager[None]:
        """Give the terminal back for a line of input."""


class NoKeys:
    """No terminal: the session runs to its end on its own."""

    def read(self) -> list[Key]:
        return []

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        yield


class ScriptedKeys:
    """Keys pressed at given active-session times (for tests and demos)."""

    def __init__(self, script: list[tuple[float, Key]], now: Callable[[], float]) -> None:
        self._script = sorted(script, key=lambda pair: pair[0])
        self._now = now

    def read(self) -> list[Key]:
        due = [key for at, key in self._script if at <= self._now()]
        self._script = [(at, key) for at, key in self._script if at > self._now()]
        return due

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        yield


class TerminalKeys:
    """Single key presses from a POSIX terminal in cbreak mode (Ctrl-C still interrupts)."""

    def __init__(self) -> None:
        self._fd = sys.stdin.fileno()
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        self._cbreak()
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()

    def _cbreak(self) -> None:
        import termios
        import tty

        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)

    def _restore(self) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def read(self) -> list[Key]:
        chunks = []
        while select.select([self._fd], [], [], 0)[0]:
            data = os.read(self._fd, 64)
            if not data:
                break
            chunks.append(data.decode("utf-8", "ignore"))
        return parse_keys("".join(chunks))

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        self._restore()
        try:
            yield
        finally:
            self._cbreak()
