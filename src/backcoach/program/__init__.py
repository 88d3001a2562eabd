"""Progression (pure domain): from the stored history to the next session's dosage.

Every exercise starts at the low end of its range and moves one step at a time, up after good
sessions and down (or back to the start after a flare) when the back says so, following the
pain-monitoring model used with runners. Each decision carries its reason in words for the user.
See `_rules` for the rules and `_thresholds` for every number they use.
"""

from backcoach.program._ladder import (
    Part,
    at_top,
    describe,
    describe_move,
    hold_levels,
    hold_step,
    start_dosage,
)
from backcoach.program._records import (
    RATING_QUESTION,
    Action,
    CheckIn,
    DifficultyRating,
    Dosage,
    DosageChange,
    RatingError,
    Review,
    Rule,
    change_to_dict,
    checkin_to_dict,
)
from backcoach.program._rules import (
    OVERRIDE_REASON,
    START_REASON,
    current_dosage,
    next_dosage,
    review,
)

__all__ = [
    "OVERRIDE_REASON",
    "RATING_QUESTION",
    "START_REASON",
    "Action",
    "CheckIn",
    "DifficultyRating",
    "Dosage",
    "DosageChange",
    "Part",
    "RatingError",
    "Review",
    "Rule",
    "at_top",
    "change_to_dict",
    "checkin_to_dict",
    "current_dosage",
    "describe",
    "describe_move",
    "hold_levels",
    "hold_step",
    "next_dosage",
    "review",
    "start_dosage",
]
