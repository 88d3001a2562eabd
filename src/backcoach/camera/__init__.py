"""The camera pipeline: videos and live cameras -> BlazePose landmarks -> the motion coach.

An adapter around `backcoach.motion` (which stays pure). OpenCV and MediaPipe come with the
`camera` extra and are imported only when a function needs them; without them, calls fail with
`CameraUnavailableError`: "the camera needs: pip install 'backcoach[camera]'".

- `iter_video_landmarks(path)`: stream `PoseFrame`s (t, points, world) from a video.
- `track_from_video(path)`: a whole video as a `PoseTrack` (pose-track v1).
- `analyze_video(path, exercise, annotate=...)`: video -> `Analysis` in one streaming pass,
  optionally writing an annotated replay.
- `PoseBackend` (the model seam), `BlazePoseBackend` (MediaPipe 0.10.21, video mode).
- `open_video`, `open_camera`: frame sources with timeouts and rotation handled.
- `Board`: the coaching display's state, fed by the streaming analyzer's events.
"""

from backcoach.camera._api import analyze_video, iter_video_landmarks, track_from_video
from backcoach.camera._backend import BlazePoseBackend, PoseBackend, PoseResult
from backcoach.camera._board import Board, fault_text
from backcoach.camera._deps import INSTALL_HINT
from backcoach.camera._errors import (
    CameraError,
    CameraOpenError,
    CameraUnavailableError,
    VideoError,
)
from backcoach.camera._pipeline import LandmarkStream, PoseFrame
from backcoach.camera._video import Frame, Source, VideoInfo, open_camera, open_video

__all__ = [
    "INSTALL_HINT",
    "BlazePoseBackend",
    "Board",
    "CameraError",
    "CameraOpenError",
    "CameraUnavailableError",
    "Frame",
    "LandmarkStream",
    "PoseBackend",
    "PoseFrame",
    "PoseResult",
    "Source",
    "VideoError",
    "VideoInfo",
    "analyze_video",
    "fault_text",
    "iter_video_landmarks",
    "open_camera",
    "open_video",
    "track_from_video",
]
