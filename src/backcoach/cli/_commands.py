"""Imports every command module so that each registers its commands on the app."""

from backcoach.cli import (  # noqa: F401
    _analyze,
    _camera,
    _exercises,
    _history,
    _plan,
    _program,
    _questionnaires,
    _report,
    _runs,
    _screen,
    _serve,
    _session,
)
