"""The camera's errors: each a one-line message for a person (see `backcoach.errors`)."""

from __future__ import annotations

from backcoach.errors import BackcoachError

EXIT_VIDEO = 1
EXIT_NO_CAMERA = 4


class CameraError(BackcoachError):
    """Something about a video or camera that the user can fix."""

    exit_code = EXIT_VIDEO


class CameraUnavailableError(CameraError):
    """The camera extra (OpenCV, MediaPipe) is not installed."""


class VideoError(CameraError):
    """A video file that cannot be read: missing, empty, not a video, truncated to nothing."""


class CameraOpenError(CameraError):
    """A live camera that cannot be opened or stops sending frames."""

    exit_code = EXIT_NO_CAMERA
