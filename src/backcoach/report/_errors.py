"""The report's one error type."""

from __future__ import annotations

from backcoach.errors import BackcoachError


class ReportError(BackcoachError):
    """A report that cannot be written: a wrong file name, a folder that cannot be written to,
    a missing optional library. The message is one line, for a person."""
