"""The shipped exercise catalog: contract dosage, sides, texts fit for a screen, and load errors."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any, NamedTuple

import pytest

from backcoach.catalog import (
    Catalog,
    CatalogError,
    Exercise,
    ExerciseId,
    SidePattern,
    UnknownExerciseError,
    load_catalog,
    parse_catalog,
)
from backcoach.errors import BackcoachError
from backcoach.safety import ACCEPTABLE_MAX


class ContractRow(NamedTuple):
    """One row of the exercise contract's dosage table, copied here by hand from the contract."""

    name: str
    reps: tuple[int, int, int]  # default, min, max (per side for unilateral exercises)
    hold_s: float
    hold_range: tuple[float, float] | None  # None: the contract gives no range
    rest_s: float
    sides: SidePattern


CONTRACT: dict[str, ContractRow] = {
    "partial_crunch": ContractRow("Partial crunch", (8, 8, 12), 1, None, 2, SidePattern.BILATERAL),
    "hamstring_stretch": ContractRow(
        "Hamstring stretch", (5, 5, 5), 15, (15, 30), 5, SidePattern.LEFT_THEN_RIGHT
    ),
    "wall_sit": ContractRow("Wall sit", (8, 8, 12), 10, None, 5, SidePattern.BILATERAL),
    "knee_to_chest": ContractRow(
        "Knee to chest", (2, 2, 4), 15, (15, 30), 5, SidePattern.ALTERNATING
    ),
    "bird_dog": ContractRow("Bird dog", (8, 8, 12), 5, None, 3, SidePattern.ALTERNATING),
    "pelvic_tilt": ContractRow("Pelvic tilt", (8, 8, 12), 10, None, 3, SidePattern.BILATERAL),
    "glute_bridge": ContractRow("Glute bridge", (8, 8, 12), 6, None, 10, SidePattern.BILATERAL),
}
ORDER = [
    "partial_crunch",
    "hamstring_stretch",
    "wall_sit",
    "knee_to_chest",
    "bird_dog",
    "pelvic_tilt",
    "glute_bridge",
]
GLUTE_BRIDGE_MIN_REST_S = 9  # the motion coach's `rest_too_short` threshold (exercise contract)

# How many items each list of guidance holds: enough to be useful, few enough to read at a glance.
LIST_SIZES = {
    "setup": (2, 4),
    "steps": (3, 6),
    "form_cues": (3, 5),
    "common_mistakes": (2, 4),
    "safety": (2, 3),
}
MAX_SPOKEN_WORDS = 4
MAX_FORM_CUE_WORDS = 12


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _exercise(exercise_id: str) -> Exercise:
    return load_catalog().get(exercise_id)


def _texts(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """Every text a person reads or hears, with the field it comes from."""
    for field in ("name", "summary", "breathing", "camera_view"):
        yield field, getattr(exercise, field)
    for field in LIST_SIZES:
        for item in getattr(exercise, field):
            yield field, item
    for phase in ("move", "hold", "release"):
        yield f"spoken.{phase}", getattr(exercise.spoken, phase)


def _words(text: str) -> int:
    return len(text.split())


# --- the shipped catalog -----------------------------------------------------------------------


def test_shipped_catalog_loads_with_the_seven_exercises_in_the_article_order(
    catalog: Catalog,
) -> None:
    assert [exercise.id.value for exercise in catalog] == ORDER
    assert len(catalog) == len(ExerciseId) == 7


@pytest.mark.parametrize("exercise_id", ORDER)
def test_name_is_the_contract_name(exercise_id: str) -> None:
    assert _exercise(exercise_id).name == CONTRACT[exercise_id].name


@pytest.mark.parametrize("exercise_id", ORDER)
def test_reps_default_and_range_are_the_contract_ones(exercise_id: str) -> None:
    reps = _exercise(exercise_id).reps
    assert (reps.default, reps.min, reps.max) == CONTRACT[exercise_id].reps


@pytest.mark.parametrize("exercise_id", ORDER)
def test_hold_default_and_range_follow_the_contract(exercise_id: str) -> None:
    row = CONTRACT[exercise_id]
    hold = _exercise(exercise_id).hold_s
    assert hold.default == row.hold_s
    if row.hold_range is not None:
        assert (hold.min, hold.max) == row.hold_range
    else:
        # Our own range: it must start at or below the contract's default and stay modest.
        assert hold.default / 2 <= hold.min <= hold.default <= hold.max <= 3 * hold.default


@pytest.mark.parametrize("exercise_id", ORDER)
def test_rest_default_is_the_contract_one_inside_a_modest_range(exercise_id: str) -> None:
    rest = _exercise(exercise_id).rest_s
    assert rest.default == CONTRACT[exercise_id].rest_s
    assert 0 < rest.min <= rest.default <= rest.max <= 30


def test_glute_bridge_rest_range_never_reaches_the_too_short_rest_the_coach_flags() -> None:
    assert _exercise("glute_bridge").rest_s.min >= GLUTE_BRIDGE_MIN_REST_S


@pytest.mark.parametrize("exercise_id", ORDER)
def test_side_pattern_is_the_contract_one(exercise_id: str) -> None:
    exercise = _exercise(exercise_id)
    expected = CONTRACT[exercise_id].sides
    assert exercise.sides is expected
    assert exercise.unilateral is (expected is not SidePattern.BILATERAL)
    assert exercise.side_part == "leg"


@pytest.mark.parametrize("exercise_id", ORDER)
def test_timing_gives_every_phase_a_plausible_duration(exercise_id: str) -> None:
    timing = _exercise(exercise_id).timing
    assert 5 <= timing.setup_s <= 30
    assert 1 <= timing.move_s <= 5
    assert 1 <= timing.release_s <= 5
    assert 3 <= timing.switch_s <= 15


def test_exercises_that_start_elsewhere_get_more_setup_time_than_lying_ones() -> None:
    lying = max(_exercise(i).timing.setup_s for i in ("partial_crunch", "glute_bridge"))
    assert _exercise("wall_sit").timing.setup_s > lying
    assert _exercise("bird_dog").timing.setup_s > lying


# --- texts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ORDER)
def test_every_text_is_a_single_trimmed_non_empty_line(exercise_id: str) -> None:
    for field, text in _texts(_exercise(exercise_id)):
        assert text.strip() == text, (field, text)
        assert text, field
        assert "\n" not in text, (field, text)


@pytest.mark.parametrize("exercise_id", ORDER)
@pytest.mark.parametrize("field", list(LIST_SIZES))
def test_guidance_lists_have_a_readable_length(exercise_id: str, field: str) -> None:
    low, high = LIST_SIZES[field]
    assert low <= len(getattr(_exercise(exercise_id), field)) <= high


@pytest.mark.parametrize("exercise_id", ORDER)
def test_summary_is_one_sentence(exercise_id: str) -> None:
    summary = _exercise(exercise_id).summary
    assert summary.endswith(".")
    assert not re.search(r"[.!?]\s", summary)


@pytest.mark.parametrize("exercise_id", ORDER)
def test_steps_carry_no_numbers_of_their_own_since_the_display_numbers_them(
    exercise_id: str,
) -> None:
    for step in _exercise(exercise_id).steps:
        assert not re.match(r"\s*\(?\d", step), step


@pytest.mark.parametrize("exercise_id", ORDER)
def test_spoken_cues_are_short_enough_to_say_mid_movement(exercise_id: str) -> None:
    spoken = _exercise(exercise_id).spoken
    for cue in (spoken.move, spoken.hold, spoken.release):
        assert 1 <= _words(cue) <= MAX_SPOKEN_WORDS, cue


@pytest.mark.parametrize("exercise_id", ORDER)
def test_form_cues_are_short_enough_to_read_at_a_glance(exercise_id: str) -> None:
    for cue in _exercise(exercise_id).form_cues:
        assert _words(cue) <= MAX_FORM_CUE_WORDS, cue


@pytest.mark.parametrize("exercise_id", ORDER)
def test_safety_says_when_to_stop_with_the_same_pain_limit_as_the_safety_rules(
    exercise_id: str,
) -> None:
    safety = " ".join(_exercise(exercise_id).safety).lower()
    assert "stop if" in safety
    assert f"above {ACCEPTABLE_MAX} out of 10" in safety


@pytest.mark.parametrize("exercise_id", ORDER)
def test_camera_view_asks_for_the_side_view_the_motion_coach_expects(exercise_id: str) -> None:
    view = _exercise(exercise_id).camera_view.lower()
    assert "side" in view
    assert "hip height" in view


def test_pelvic_tilt_camera_view_warns_that_the_camera_may_miss_the_tilt() -> None:
    assert "may miss" in _exercise("pelvic_tilt").camera_view


# --- lookup ------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ORDER)
def test_get_finds_each_exercise_by_id(catalog: Catalog, exercise_id: str) -> None:
    assert catalog.get(exercise_id).id.value == exercise_id


def test_get_unknown_id_names_it_and_lists_the_valid_ids(catalog: Catalog) -> None:
    with pytest.raises(UnknownExerciseError) as caught:
        catalog.get("nope")
    error = caught.value
    assert isinstance(error, BackcoachError)
    assert isinstance(error, LookupError)
    assert error.exercise_id == "nope"
    message = str(error)
    assert "'nope'" in message
    for exercise_id in ORDER:
        assert exercise_id in message


# --- malformed data ----------------------------------------------------------------------------

Data = list[dict[str, Any]]


def _shipped_data() -> Data:
    text = resources.files("backcoach.catalog").joinpath("exercises.toml").read_text("utf-8")
    exercises: Data = tomllib.loads(text)["exercise"]
    return copy.deepcopy(exercises)


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # JSON strings and numbers are valid TOML basic strings and numbers.
    return json.dumps(value)


def _to_toml(exercises: Data) -> str:
    tables = (
        "[[exercise]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in exercise.items())
        for exercise in exercises
    )
    return "\n".join(tables)


def _index(data: Data, exercise_id: str) -> int:
    return next(i for i, exercise in enumerate(data) if exercise["id"] == exercise_id)


def test_the_test_serializer_round_trips_the_shipped_catalog() -> None:
    assert parse_catalog(_to_toml(_shipped_data())) == load_catalog()


def _drop_bird_dog(data: Data) -> None:
    del data[_index(data, "bird_dog")]


def _duplicate_first(data: Data) -> None:
    data.append(copy.deepcopy(data[0]))


def _bridge_rest_below_its_minimum(data: Data) -> None:
    data[_index(data, "glute_bridge")]["rest_s"]["default"] = 5


def _unknown_id(data: Data) -> None:
    data[0]["id"] = "sit_up"


def _misspelt_field(data: Data) -> None:
    data[0]["hold"] = data[0].pop("hold_s")


def _unknown_side_pattern(data: Data) -> None:
    data[0]["sides"] = "both"


def _no_steps(data: Data) -> None:
    data[_index(data, "wall_sit")]["steps"] = []


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        pytest.param(_drop_bird_dog, ["missing exercises: bird_dog"], id="missing-exercise"),
        pytest.param(_duplicate_first, ["appears twice"], id="duplicate-id"),
        pytest.param(
            _bridge_rest_below_its_minimum,
            ["rest_s", "min <= default <= max"],
            id="default-outside-range",
        ),
        pytest.param(_unknown_id, ["sit_up", "glute_bridge"], id="unknown-id"),
        pytest.param(_misspelt_field, ["hold_s", "required", "not permitted"], id="misspelt-field"),
        pytest.param(
            _unknown_side_pattern, ["sides", "both", "left_then_right"], id="unknown-side-pattern"
        ),
        pytest.param(_no_steps, ["steps", "at least 1"], id="no-steps"),
    ],
)
def test_parse_catalog_rejects_bad_data_naming_the_problem(
    corrupt: Callable[[Data], None], expected: list[str]
) -> None:
    data = _shipped_data()
    corrupt(data)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_to_toml(data))
    message = str(caught.value)
    assert message.startswith("invalid exercise catalog")
    for part in expected:
        assert part in message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('[[exercise]]\nid = "partial_crunch\n', id="unterminated-string"),
        pytest.param("[[exercise]\n", id="broken-table-header"),
        pytest.param("", id="empty-file"),
    ],
)
def test_parse_catalog_rejects_malformed_toml_as_a_catalog_error(text: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text)
    assert isinstance(caught.value, BackcoachError)
    assert str(caught.value).startswith("invalid exercise catalog")


def test_catalog_error_message_is_one_line() -> None:
    data = _shipped_data()
    _bridge_rest_below_its_minimum(data)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_to_toml(data))
    assert "\n" not in str(caught.value)
