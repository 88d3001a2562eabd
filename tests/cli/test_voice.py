"""Spoken cues: espeak-ng when asked for and present (a stand-in executable records the call)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from backcoach.cli._voice import Bell, Espeak, Silent, choose_speaker


@pytest.fixture
def fake_espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "spoken.txt"
    exe = tmp_path / "bin" / "espeak-ng"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> {log}\necho >> {log}\n')
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{exe.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def test_voice_speaks_through_espeak_ng_with_the_chosen_voice(fake_espeak: Path) -> None:
    speaker, note = choose_speaker(voice=True, voice_name="en-gb", bell=True, interactive=True)
    assert note is None and isinstance(speaker, Espeak)
    speaker.say("Hold")
    speaker.close()
    assert fake_espeak.read_text().strip() == "-v|en-gb|-s|165|Hold|"


def test_no_voice_means_the_bell_in_a_terminal_and_silence_without_one() -> None:
    speaker, note = choose_speaker(voice=False, voice_name="en", bell=True, interactive=True)
    assert isinstance(speaker, Bell) and note is None
    speaker, _ = choose_speaker(voice=False, voice_name="en", bell=True, interactive=False)
    assert type(speaker) is Silent
    speaker, _ = choose_speaker(voice=False, voice_name="en", bell=False, interactive=True)
    assert type(speaker) is Silent


def test_voice_asked_for_but_missing_falls_back_and_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    speaker, note = choose_speaker(voice=True, voice_name="en", bell=True, interactive=True)
    assert isinstance(speaker, Bell)
    assert note is not None and "apt-get install espeak-ng" in note


def test_bell_rings_the_terminal_bell(capsys: pytest.CaptureFixture[str]) -> None:
    Bell().chime()
    assert capsys.readouterr().out == "\a"
