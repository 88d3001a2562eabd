"""The one place where the report meets the store: each record kind read once, and `None` for a
kind this store does not keep (a backcoach without that feature, or a stand-in store)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from backcoach.catalog import ExerciseId
from backcoach.outcomes import QuestionnaireResponse
from backcoach.program import CheckIn, Dosage, DosageChange
from backcoach.routine import ScreeningRecord, SessionRecord
from backcoach.running import Run

T = TypeVar("T")


class RecordSource(Protocol):
    """What every store has: sessions and screenings (`backcoach.storage.Store` is one)."""

    def sessions(self) -> Sequence[SessionRecord]: ...

    def screenings(self) -> Sequence[ScreeningRecord]: ...


@dataclass(frozen=True, slots=True)
class Sources:
    """Everything a report reads; `None` where the store does not keep that kind of record."""

    sessions: Sequence[SessionRecord]
    screenings: Sequence[ScreeningRecord]
    checkins: Sequence[CheckIn] | None
    changes: Sequence[DosageChange] | None
    dosage: Mapping[ExerciseId, Dosage] | None
    questionnaires: Sequence[QuestionnaireResponse] | None
    runs: Sequence[Run] | None
    analyses: Sequence[Mapping[str, Any]] | None


def read_sources(
    store: RecordSource, analyses: Sequence[Mapping[str, Any]] | None = None
) -> Sources:
    """Read everything once. `analyses` (analysis documents) are used as given; without them,
    the store's own `analyses()` is read if it has one."""
    stored = _optional(store, "analyses", list[Any])
    return Sources(
        sessions=store.sessions(),
        screenings=store.screenings(),
        checkins=_optional(store, "checkins", list[CheckIn]),
        changes=_optional(store, "dosage_changes", list[DosageChange]),
        dosage=_optional(store, "current_dosage", dict[ExerciseId, Dosage]),
        questionnaires=_optional(store, "questionnaires", list[QuestionnaireResponse]),
        runs=_optional(store, "runs", list[Run]),
        analyses=list(analyses) if analyses is not None else _documents(stored),
    )


def _optional(store: object, name: str, kind: type[T]) -> T | None:
    method = getattr(store, name, None)
    if not callable(method):
        return None
    return cast(T, cast(Callable[[], object], method)())


def _documents(items: list[Any] | None) -> list[Mapping[str, Any]] | None:
    """Stored analyses as documents: mappings as they are, objects through their `to_dict()`."""
    if items is None:
        return None
    return [item.to_dict() if hasattr(item, "to_dict") else item for item in items]
