"""Keep MediaPipe's native log lines (glog/absl, TensorFlow Lite) off the user's terminal.

They are written by C++ straight to file descriptor 2, past Python's `sys.stderr`, and no
environment variable silences them in MediaPipe 0.10.21. While the pose model runs, descriptor 2
is a pipe: a thread forwards everything to the real stderr except those lines.
BACKCOACH_DEBUG=1 shows them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator

_NATIVE = re.compile(
    rb"^(?:[IWEF]\d{4} [\d:.]+ +\d+ [^\]]+\] |INFO: Created TensorFlow Lite|"
    rb"WARNING: All log messages before absl::InitializeLog)"
)


class _State:
    """How many blocks are filtering now (the pipe is set up by the first, removed by the last)."""

    lock = threading.Lock()
    depth = 0


def _forward(read_fd: int, write_fd: int) -> None:
    pending = b""
    while True:
        try:
            chunk = os.read(read_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        *lines, pending = (pending + chunk).split(b"\n")
        out = b"".join(line + b"\n" for line in lines if not _NATIVE.match(line))
        # An unfinished line goes on at once (a progress bar redraws without a newline) unless
        # it may be the start of a native log line, which always ends with one.
        if pending and not pending.startswith((b"I", b"W", b"E", b"F")):
            out, pending = out + pending, b""
        if out:
            with contextlib.suppress(OSError):
                os.write(write_fd, out)
    if pending and not _NATIVE.match(pending):
        with contextlib.suppress(OSError):
            os.write(write_fd, pending)


@contextlib.contextmanager
def native_logs_filtered() -> Iterator[None]:
    """Filter MediaPipe's native log lines out of stderr inside the block (re-entrant)."""
    if os.environ.get("BACKCOACH_DEBUG"):
        yield
        return
    with _State.lock:
        _State.depth += 1
        first = _State.depth == 1
        if first:
            try:
                saved = os.dup(2)
                read_fd, write_fd = os.pipe()
            except OSError:  # pragma: no cover - no stderr to filter
                first = False
            else:
                with contextlib.suppress(Exception):
                    sys.stderr.flush()
                os.dup2(write_fd, 2)
                os.close(write_fd)
                thread = threading.Thread(
                    target=_forward, args=(read_fd, saved), name="backcoach-stderr", daemon=True
                )
                thread.start()
    try:
        yield
    finally:
        with _State.lock:
            _State.depth -= 1
            if first:
                with contextlib.suppress(Exception):
                    sys.stderr.flush()
                os.dup2(saved, 2)  # closes the pipe's last write end: the thread sees EOF
                thread.join(timeout=2.0)
                os.close(read_fd)
                os.close(saved)
