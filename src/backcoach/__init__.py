"""backcoach: an open-source, offline back-care coach for runners."""

__version__ = "0.1.0"
