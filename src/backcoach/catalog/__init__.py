"""The exercise catalog: the seven exercises as validated data (pure domain, no I/O beyond the
package's own data file)."""

from backcoach.catalog._load import Catalog, CatalogError, load_catalog, parse_catalog
from backcoach.catalog._models import (
    Exercise,
    ExerciseId,
    IntRange,
    SecondsRange,
    Side,
    SidePattern,
    SpokenCues,
    Timing,
    UnknownExerciseError,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "Exercise",
    "ExerciseId",
    "IntRange",
    "SecondsRange",
    "Side",
    "SidePattern",
    "SpokenCues",
    "Timing",
    "UnknownExerciseError",
    "load_catalog",
    "parse_catalog",
]
