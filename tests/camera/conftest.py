"""Camera tests need the camera extra (OpenCV headless, MediaPipe 0.10.21) and, to make their
test videos, MuJoCo with an offscreen GL (MUJOCO_GL=egl). Without them the tests that need them
are skipped with the reason; the tests of the missing-extra hint run everywhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

os.environ.setdefault("MUJOCO_GL", "egl")


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    """The CLI with the camera commands registered, in a private home."""
    import backcoach.cli._analyze
    import backcoach.cli._camera  # noqa: F401

    yield Cli(tmp_path / "home")
