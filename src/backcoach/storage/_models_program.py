"""Tables for check-ins, difficulty ratings and dosage changes (progression)."""

from __future__ import annotations
