"""The camera extra's libraries, imported on first use with a one-line hint when missing."""

from __future__ import annotations

from typing import Any

from backcoach.camera._errors import CameraUnavailableError

INSTALL_HINT = "the camera needs: pip install 'backcoach[camera]'"


def require_cv2() -> Any:
    """OpenCV (headless), or `CameraUnavailableError` with the install hint."""
    try:
        import cv2
    except ImportError:
        raise CameraUnavailableError(f"{INSTALL_HINT} (OpenCV is missing)") from None
    return cv2


def require_mediapipe() -> Any:
    """MediaPipe's legacy `solutions.pose` (0.10.21), or `CameraUnavailableError`."""
    try:
        from mediapipe.python.solutions import (
            pose,
        )
    except ImportError:
        raise CameraUnavailableError(
            f"{INSTALL_HINT} (MediaPipe is missing: pip install --no-deps mediapipe==0.10.21)"
        ) from None
    return pose
