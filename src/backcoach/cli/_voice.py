"""Spoken cues through espeak-ng when asked for and installed; the terminal bell otherwise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Protocol


class Speaker(Protocol):
    def say(self, text: str) -> None: ...

    def chime(self) -> None: ...

    def close(self) -> None: ...


class Silent:
    def say(self, text: str) -> None:
        pass

    def chime(self) -> None:
        pass

    def close(self) -> None:
        pass


class Bell(Silent):
    """The terminal bell at the moments that matter (hold start and end)."""

    def chime(self) -> None:
        sys.stdout.write("\a")
        sys.stdout.flush()


class Espeak:
    """Speaks through an `espeak-ng` process; a new cue cuts a stale one short."""

    def __init__(self, executable: str, voice: str = "en", words_per_minute: int = 165) -> None:
        self._args = [executable, "-v", voice, "-s", str(words_per_minute)]
        self._current: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
        self._current = subprocess.Popen(
            [*self._args, text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def chime(self) -> None:
        pass

    def close(self) -> None:
        if self._current is not None:
            try:
                self._current.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._current.terminate()


def choose_speaker(
    *, voice: bool, voice_name: str, bell: bool, interactive: bool
) -> tuple[Speaker, str | None]:
    """The speaker to use and, when the voice was asked for but cannot be had, why not."""
    if voice:
        executable = shutil.which("espeak-ng")
        if executable:
            return Espeak(executable, voice_name), None
        note = (
            "espeak-ng is not installed, so cues are not spoken "
            "(install it with: apt-get install espeak-ng)"
        )
        return (Bell() if bell and interactive else Silent()), note
    return (Bell() if bell and interactive else Silent()), None
