"""Today's routine for a user: the program's dosage from the stored history, with the user's own
settings on top. Shared by the CLI and the web app, so both plan and run the same session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcoach.catalog import Catalog, ExerciseId
    from backcoach.program import Dosage, DosageChange, Review
    from backcoach.routine import Routine, SessionRecord
    from backcoach.settings import Settings
    from backcoach.storage import History, Store


def routine(
    s: Settings, cat: Catalog, program: Mapping[ExerciseId, Dosage] | None = None
) -> Routine:
    """The routine at the program's dosage, with the user's own dosage from `settings.toml` on top.

    `program` is the progressed dosage (see `backcoach.program.review`); an exercise missing from
    it is at its starting point, the low end of its range. The user's own values replace the
    program's field by field and must lie inside the catalog's range (`DosageError` otherwise)
    unless that exercise's settings say `allow_outside_range = true`, explicitly.
    """
    from backcoach.catalog import ExerciseId
    from backcoach.program import start_dosage
    from backcoach.routine import Routine, item_for
    from backcoach.settings import SettingsError

    known = {e.value for e in ExerciseId}
    unknown = sorted(set(s.preferences.dosage) - known)
    if unknown:
        raise SettingsError(f"{s.settings_file}: unknown exercise in [dosage]: {unknown[0]}")
    items = []
    for exercise in cat:
        base = (program or {}).get(exercise.id) or start_dosage(exercise)
        own = s.preferences.dosage.get(exercise.id.value)
        if own is None:
            items.append(item_for(exercise, reps=base.reps, hold_s=base.hold_s))
        else:
            items.append(
                item_for(
                    exercise,
                    reps=base.reps if own.reps is None else own.reps,
                    hold_s=base.hold_s if own.hold_s is None else own.hold_s,
                    rest_s=own.rest_s,
                    allow_outside_range=own.allow_outside_range,
                )
            )
    return Routine(tuple(items))


def overridden(settings: Settings) -> frozenset[ExerciseId]:
    """Exercises whose reps or hold the user set in settings.toml: the program leaves them alone."""
    from backcoach.catalog import ExerciseId

    known = {e.value for e in ExerciseId}
    return frozenset(
        ExerciseId(name)
        for name, own in settings.preferences.dosage.items()
        if name in known and (own.reps is not None or own.hold_s is not None)
    )


def program_review(
    settings: Settings, cat: Catalog, source: Store | History | None, now: datetime
) -> tuple[Review, list[DosageChange]]:
    """The program's decisions for a session starting at `now` from the stored history (read from
    the store, or given; None: nothing stored yet), and the changes recorded so far."""
    from backcoach.program import review
    from backcoach.storage import History

    if source is None:
        history = History()
    elif isinstance(source, History):
        history = source
    else:
        history = source.history()
    decided = review(
        history.sessions,
        history.checkins,
        history.dosage_changes,
        cat,
        now,
        ratings=history.ratings,
        overridden=overridden(settings),
    )
    return decided, list(history.dosage_changes)


def latest_finished(sessions: list[SessionRecord]) -> SessionRecord | None:
    """The newest session that got anywhere (completed or stopped)."""
    from backcoach.routine import SessionStatus

    done = [s for s in sessions if s.status in (SessionStatus.COMPLETED, SessionStatus.STOPPED)]
    return max(done, key=lambda s: (s.started_at, s.id)) if done else None
