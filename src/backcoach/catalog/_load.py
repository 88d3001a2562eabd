"""Loading and validating the catalog data file shipped inside the package."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backcoach.catalog._models import Exercise, ExerciseId, UnknownExerciseError
from backcoach.errors import BackcoachError


class CatalogError(BackcoachError, ValueError):
    """The catalog data is malformed."""


class Catalog(BaseModel):
    """The seven exercises in the routine's order (the article's order)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercises: tuple[Exercise, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_of_each(self) -> Catalog:
        ids = [e.id for e in self.exercises]
        if len(set(ids)) != len(ids):
            raise ValueError("an exercise id appears twice")
        missing = set(ExerciseId) - set(ids)
        if missing:
            raise ValueError(f"missing exercises: {', '.join(sorted(missing))}")
        return self

    def __iter__(self) -> Iterator[Exercise]:  # type: ignore[override]
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; `UnknownExerciseError` names the valid ones."""
        for exercise in self.exercises:
            if exercise.id.value == exercise_id:
                return exercise
        raise UnknownExerciseError(exercise_id)


def parse_catalog(text: str) -> Catalog:
    """Validate catalog TOML text (the shipped file's format)."""
    try:
        data = tomllib.loads(text)
        return Catalog.model_validate({"exercises": data.get("exercise", [])})
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"invalid exercise catalog: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'catalog'}: {e['msg']}{_got(e.get('input'))}"
            for e in exc.errors()
        )
        raise CatalogError(f"invalid exercise catalog: {problems}") from exc


@cache
def load_catalog() -> Catalog:
    """The catalog shipped with backcoach (`exercises.toml`), validated once per process."""
    text = resources.files("backcoach.catalog").joinpath("exercises.toml").read_text("utf-8")
    return parse_catalog(text)


def _got(value: object) -> str:
    return f" (got {value!r})" if isinstance(value, str | int | float) else ""
