"""Every number the progression rules use, in one place.

The pain limits come from the pain-monitoring model used with runners (see `backcoach.safety`):
pain during exercise up to 3/10 is safe, up to 5/10 is acceptable if it has settled by the next
morning, and above 5/10 the exercise stops. The rest are our own choices, kept cautious: a back
that is doing well moves up slowly; one that is not moves down at once.
"""

from __future__ import annotations

from backcoach.safety import ACCEPTABLE_MAX, SAFE_MAX

__all__ = [
    "ACCEPTABLE_MAX",
    "BREAK_HOLD_DAYS",
    "BREAK_RESTART_DAYS",
    "BREAK_STEP_BACK_DAYS",
    "FLARE_PAIN",
    "FLARE_RISE",
    "GOOD_SESSIONS_TO_PROGRESS",
    "HOLD_STEPS_ACROSS_RANGE",
    "MIN_HOURS_BETWEEN_COUNTED",
    "REPS_STEP",
    "SAFE_MAX",
    "WORSE_RISE",
]

GOOD_SESSIONS_TO_PROGRESS = 2
"""Good sessions in a row at the same dosage before an exercise steps up."""

MIN_HOURS_BETWEEN_COUNTED = 12.0
"""A good session counts toward a step up only if it started at least this long after the previous
one counted: two sessions on one afternoon say nothing about how the back took the first overnight.
"""

REPS_STEP = 1
"""Reps added (or taken off) in one step; per side for one-sided exercises."""

HOLD_STEPS_ACROSS_RANGE = 3
"""A hold climbs its range in about this many steps: the step is a third of the range, rounded to
whole seconds and at least 1 s (a 15-30 s hold moves by 5 s, a 6-10 s hold by 1 s)."""

WORSE_RISE = 2
"""Pain the next morning this many points above the pain before the session, and above the safe
limit: one step back."""

FLARE_RISE = 3
"""Pain after a session (next morning or later) this many points above the pain before it: a flare.
"""

FLARE_PAIN = 7
"""Pain at a check-in at or above this: a flare, whatever it was before."""

BREAK_HOLD_DAYS = 7
"""Days without a session after which nothing steps up on the first session back."""

BREAK_STEP_BACK_DAYS = 14
"""Days without a session after which every exercise steps back one step to ease in again."""

BREAK_RESTART_DAYS = 28
"""Days without a session after which every exercise starts again from its starting dosage."""
