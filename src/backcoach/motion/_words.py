"""Fault codes in words a runner understands, for every screen the motion coach talks on
(terminal, replay, browser). The report has its own, for a clinician (`backcoach.report`)."""

from __future__ import annotations

FAULT_WORDS: dict[str, str] = {
    "hold_too_short": "hold too short",
    "neck_pulled": "neck pulled forward (chin toward chest)",
    "knee_not_straight": "knee not straight",
    "too_deep": "too deep (thighs below parallel)",
    "knee_not_to_chest": "knee not close enough to the chest",
    "other_leg_lifted": "other foot came off the floor",
    "leg_not_level": "leg not raised level with the back",
    "arm_not_raised": "arm not reaching forward",
    "hips_lifted": "hips lifted off the floor (that is a bridge)",
    "hips_too_low": "hips not high enough",
    "rest_too_short": "too little rest before this rep",
}
"""Each fault code of the exercise contract, in words."""


def fault_words(code: str) -> str:
    """A fault code in plain words (the code with spaces if this version does not know it)."""
    return FAULT_WORDS.get(code, code.replace("_", " "))
