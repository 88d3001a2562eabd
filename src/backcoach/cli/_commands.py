"""Imports every command module so that each registers its commands on the app."""

from backcoach.cli import (  # noqa: F401
    _exercises,
    _history,
    _plan,
    _questionnaires,
    _screen,
    _session,
)
