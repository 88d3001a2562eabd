"""Where a report goes: the file name checked before any work, then written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from backcoach.report._errors import ReportError

SUFFIXES = {"pdf": (".pdf",), "html": (".html", ".htm")}


def check_output(path: str | os.PathLike[str], kind: str) -> Path:
    """The path of a `kind` ("pdf" or "html") report, checked: its suffix, and a folder that
    exists and can be written to. `ReportError` with a one-line message otherwise."""
    out = Path(path)
    suffixes = SUFFIXES[kind]
    if out.suffix.lower() not in suffixes:
        raise ReportError(
            f"the {kind.upper()} report needs a file name ending in {suffixes[0]}, not {out}"
        )
    folder = out.parent
    if out.is_dir():
        raise ReportError(f"cannot write the report to {out}: it is a folder")
    if not folder.exists():
        raise ReportError(f"cannot write the report to {out}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ReportError(f"cannot write the report to {out}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ReportError(f"cannot write the report to {out}: permission denied")
    return out


def write_output(path: str | os.PathLike[str], content: bytes, kind: str) -> Path:
    """Write `content` to `path` (checked as `check_output` does) through a temporary file in
    the same folder, so that a failure never leaves half a report behind."""
    out = check_output(path, kind)
    temp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        try:
            temp.write_bytes(content)
            os.replace(temp, out)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReportError(f"cannot write the report to {out}: {reason}") from exc
    return out
