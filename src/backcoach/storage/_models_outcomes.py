"""Tables for outcome questionnaire responses (ODI, RMDQ)."""

from __future__ import annotations
