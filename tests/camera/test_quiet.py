"""MediaPipe's native log lines stay off the terminal; everything else gets through."""

from __future__ import annotations

import os

import pytest

from backcoach.camera._quiet import native_logs_filtered

NATIVE = [
    b"W0000 00:00:1796127096.265345   26099 landmark_projection_calculator.cc:186] Using NORM\n",
    b"I0000 00:00:1700000000.000000    1234 gl_context.cc:357] GL version: 3.2\n",
    b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n",
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n",
]


def test_native_lines_are_dropped_and_the_rest_kept(capfd: pytest.CaptureFixture[str]) -> None:
    with native_logs_filtered():
        os.write(2, b"before\n")
        for line in NATIVE:
            os.write(2, line)
        os.write(2, b"Warning: yours\n")
        os.write(2, b"\rprogress 50%")
        with native_logs_filtered():  # re-entrant
            os.write(2, b"\rprogress 60%\n")
    os.write(2, b"after\n")
    err = capfd.readouterr().err
    assert err == "before\nWarning: yours\n\rprogress 50%\rprogress 60%\nafter\n"


def test_debug_shows_them(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCOACH_DEBUG", "1")
    with native_logs_filtered():
        os.write(2, NATIVE[0])
    assert "landmark_projection" in capfd.readouterr().err
