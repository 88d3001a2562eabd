"""Tables for imported runs."""

from __future__ import annotations
