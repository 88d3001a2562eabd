"""The motion coach's analysis core: from body landmarks (pose tracks) to reps, holds and faults.

Pure domain code (numpy, no I/O): `backcoach.trackfile` reads and writes track files and the CLI's
`backcoach analyze` renders the result.

- `PoseTrack`, `track_from_dict`, `track_to_dict`, `TrackError`: the pose-track v1 format.
- `analyze(track, exercise_id)`: a whole track -> `Analysis` (`.to_dict()` is the analysis JSON).
- `StreamingAnalyzer(exercise, prescribed)`: `push(t, points)` -> events, then `finish()`.
- `SPECS` / `ExerciseSpec`: what is measured per exercise and every threshold (documented there).
"""

from backcoach.motion._analyzer import StreamingAnalyzer, analyze
from backcoach.motion._channels import CHANNELS, Body
from backcoach.motion._events import (
    Cue,
    Event,
    HoldCountdown,
    RepDone,
    RepStarted,
    TargetReached,
    Warning,
)
from backcoach.motion._geometry import distance, elevation, joint_angle, to_pixels
from backcoach.motion._landmarks import LANDMARK_NAMES, Landmark
from backcoach.motion._machine import Tuning
from backcoach.motion._results import Analysis, Peak, Prescription, Quality, Rep
from backcoach.motion._specs import SPECS, ExerciseSpec, FaultRule, spec_for
from backcoach.motion._track import PoseTrack, TrackError, track_from_dict, track_to_dict
from backcoach.motion._words import FAULT_WORDS, fault_words

__all__ = [
    "CHANNELS",
    "FAULT_WORDS",
    "LANDMARK_NAMES",
    "SPECS",
    "Analysis",
    "Body",
    "Cue",
    "Event",
    "ExerciseSpec",
    "FaultRule",
    "HoldCountdown",
    "Landmark",
    "Peak",
    "PoseTrack",
    "Prescription",
    "Quality",
    "Rep",
    "RepDone",
    "RepStarted",
    "StreamingAnalyzer",
    "TargetReached",
    "TrackError",
    "Tuning",
    "Warning",
    "analyze",
    "distance",
    "elevation",
    "fault_words",
    "joint_angle",
    "spec_for",
    "to_pixels",
    "track_from_dict",
    "track_to_dict",
]
