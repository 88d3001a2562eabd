"""`backcoach session --camera`: the motion coach watches the guided session and confirms reps.

The timer still drives the session; the camera only says what it saw. Frames are analysed on a
background thread by a `StreamingAnalyzer` for the exercise the player is on (a fresh one per
exercise), and each confirmed rep is queued for the player to pick up on its next tick.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

from backcoach.motion import fault_words

if TYPE_CHECKING:
    import numpy.typing as npt

    from backcoach.camera import LandmarkStream
    from backcoach.catalog import Catalog
    from backcoach.motion import StreamingAnalyzer
    from backcoach.routine import Timeline

PERSON_LOST_S = 1.0
"""Video seconds without a body before the player says nobody is seen."""
JOIN_S = 5.0


@dataclass(frozen=True, slots=True)
class SeenRep:
    """A rep the camera confirmed, for the exercise at `position` in the session."""

    position: int
    rep: int
    side: str | None
    hold_s: float
    faults: tuple[str, ...]


@contextmanager
def opened(camera: str | None, *, speed: float = 1.0) -> Iterator[LandmarkStream | None]:
    """The landmark stream of camera number / video file `camera` (None: no camera), released
    on exit. Opening fails first, with the camera's one-line errors (`CameraError`)."""
    if camera is None:
        yield None
        return
    from backcoach.camera import LandmarkStream
    from backcoach.cli._camera_run import _open_source

    source = _open_source(camera)
    live = source.info.live
    # A file replays as if live, at the session's speed, dropping frames the model can't keep
    # up with (as a camera would).
    stream = LandmarkStream(
        source, workers=1, latest_only=True, people_check_s=0.0, pace=None if live else speed
    )
    try:
        yield stream
    finally:
        stream.close()


class CameraConfirm:
    """Runs `stream` through the motion coach for the exercise the player `follow`s.

    Thread-safe for one player: `follow(position)` and `drain()` from the player's thread; the
    frames run on a background thread between `start()` and `close()`.
    """

    def __init__(self, stream: LandmarkStream, timeline: Timeline) -> None:
        self.stream = stream
        self.timeline = timeline
        self.error: str | None = None
        """The camera's one-line error if it stopped early."""
        self.frames_done = 0
        self.last_t = -1.0
        """Video time of the last frame analysed (seconds)."""
        self._position = 0
        self._analyzer: StreamingAnalyzer | None = None
        self._analyzer_position = -1
        self._seen_t: float | None = None
        self._seen = False
        self._queue: queue.SimpleQueue[SeenRep] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._finished = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="backcoach-session-camera", daemon=True
        )

    @property
    def person_seen(self) -> bool:
        """Whether someone was in view within the last second of video."""
        return self._seen

    @property
    def finished(self) -> bool:
        """The stream has ended (the video is over, the camera failed, or `close()`)."""
        return self._finished.is_set()

    def start(self) -> None:
        """Start analysing frames in the background."""
        self._thread.start()

    def follow(self, position: int) -> None:
        """The player is now on the exercise at `position`."""
        self._position = position

    def drain(self) -> list[SeenRep]:
        """The reps confirmed since the last call, oldest first."""
        out: list[SeenRep] = []
        while True:
            try:
                out.append(self._queue.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> None:
        """Stop the background thread (frames in flight are dropped)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=JOIN_S)

    def _run(self) -> None:
        from backcoach.camera import CameraError

        try:
            for frame in self.stream:
                if self._stop.is_set():
                    break
                self._push(frame.t, frame.points)
        except CameraError as exc:
            self.error = str(exc)
        finally:
            self._seen = False
            self._finished.set()

    def _push(self, t: float, points: npt.ArrayLike | None) -> None:
        from backcoach.motion import RepDone

        position = self._position
        if position != self._analyzer_position:
            self._analyzer = self._make(position)
            self._analyzer_position = position
        if points is not None:
            self._seen_t = t
        self._seen = self._seen_t is not None and t - self._seen_t < PERSON_LOST_S
        events = [] if self._analyzer is None else self._analyzer.push(t, points)
        for e in events:
            if isinstance(e, RepDone):
                r = e.rep
                self._queue.put(SeenRep(position, r.index, r.side, r.hold_s, r.faults))
        self.frames_done += 1
        self.last_t = t

    def _make(self, position: int) -> StreamingAnalyzer | None:
        from backcoach.motion import Prescription, StreamingAnalyzer

        if not 0 <= position < len(self.timeline.exercises):
            return None
        item = self.timeline.span(position).item
        return StreamingAnalyzer(
            item.exercise_id,
            Prescription(hold_s=item.hold_s, rest_s=item.rest_s, reps=item.reps),
            width=self.stream.width,
            height=self.stream.height,
            fps=self.stream.fps,
        )


def camera_line(seen: list[SeenRep], person_seen: bool) -> str:
    """The player screen's camera line for the current exercise."""
    if not person_seen and not seen:
        return "camera: I can't see you - the timer keeps going"
    n = len(seen)
    line = f"camera: {n} rep{'' if n == 1 else 's'} seen"
    if seen:
        last = seen[-1]
        line += f", last hold {last.hold_s:.1f} s"
        line += ", " + ("; ".join(fault_words(f) for f in last.faults) or "good form")
    if not person_seen:
        line += " (I can't see you now)"
    return line


def rep_line(rep: SeenRep) -> str:
    """One confirmed rep as a line of the plain (not live) player."""
    side = f" {rep.side}" if rep.side else ""
    faults = "; ".join(fault_words(f) for f in rep.faults) or "good form"
    return f"  camera: rep {rep.rep}{side} seen, held {rep.hold_s:.1f} s, {faults}"


def summary_lines(
    timeline: Timeline, seen: dict[int, list[SeenRep]], catalog: Catalog
) -> list[str]:
    """What the camera saw, one line per exercise: reps seen of planned, mean hold, faults."""
    lines = ["What the camera saw:"]
    for span in timeline.exercises:
        reps = seen.get(span.position, [])
        name = catalog.get(span.exercise_id).name
        if not reps:
            lines.append(f"  {name}: no reps seen (of {span.reps_total})")
            continue
        line = f"  {name}: {len(reps)} of {span.reps_total} reps seen"
        line += f", mean hold {fmean(r.hold_s for r in reps):.1f} s"
        counts: dict[str, int] = {}
        for r in reps:
            for f in r.faults:
                counts[f] = counts.get(f, 0) + 1
        faults = ", ".join(f"{fault_words(f)} ({n}×)" for f, n in counts.items())
        lines.append(line + (f"; {faults}" if faults else "; good form"))
    return lines
