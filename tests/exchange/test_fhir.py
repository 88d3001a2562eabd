"""The FHIR bundle: valid against the fhir.resources models, coded with the right LOINC codes, one
Observation per pain score, and the ODI as a QuestionnaireResponse with its score item."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from backcoach.catalog import ExerciseId
from backcoach.exchange.fhir import (
    INSTALL_HINT,
    LOINC,
    ODI_LOINC,
    ODI_SCORE_LOINC,
    PAIN_LOINC,
    FhirUnavailableError,
    bundle,
    fhir_bundle,
    validate,
)
from backcoach.outcomes import PARAPHRASE_NOTE, QuestionnaireResponse, respond
from backcoach.routine import (
    EndReason,
    PainPhase,
    PainScore,
    Routine,
    RoutineItem,
    SessionRecord,
    SessionStatus,
)
from backcoach.storage import Store, open_store

T0 = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)
ODI_ANSWERS = (1, 2, 3, None, 2, 2, 1, None, 2, 3)  # 16 of 40: 40%


def _session(session_id: int, start: datetime, *scores: tuple[PainPhase, int]) -> SessionRecord:
    pain = tuple(
        PainScore(
            phase,
            score,
            start + timedelta(minutes=n),
            ExerciseId.BIRD_DOG if phase is PainPhase.DURING else None,
        )
        for n, (phase, score) in enumerate(scores)
    )
    return SessionRecord(
        id=session_id,
        started_at=start,
        ended_at=start + timedelta(minutes=20),
        status=SessionStatus.COMPLETED,
        end_reason=EndReason.FINISHED,
        routine=Routine((RoutineItem(ExerciseId.BIRD_DOG, reps=6, hold_s=5.0, rest_s=3.0),)),
        planned_s=600,
        pain=pain,
    )


SESSIONS = [
    _session(1, T0, (PainPhase.BEFORE, 5), (PainPhase.DURING, 4), (PainPhase.AFTER, 3)),
    _session(2, T0 + timedelta(days=2), (PainPhase.BEFORE, 4), (PainPhase.AFTER, 2)),
]


def _responses() -> list[QuestionnaireResponse]:
    return [
        replace(respond("odi", ODI_ANSWERS, T0), id=1),
        replace(respond("rmdq", (1, 0) * 12, T0 + timedelta(hours=1)), id=2),
    ]


@pytest.fixture
def doc() -> dict[str, Any]:
    made = bundle(SESSIONS, _responses(), generated_at=T0 + timedelta(days=3))
    validate(made)
    return made


def _resources(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == kind]


def _codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept.get("coding", [])]


def test_the_bundle_builds_the_r4b_models_and_keeps_every_entry(doc: dict[str, Any]) -> None:
    from fhir.resources.R4B.bundle import Bundle

    model = Bundle.model_validate(doc)

    assert model.type == "collection"
    assert model.entry is not None
    assert [e.resource.get_resource_type() for e in model.entry] == [  # type: ignore[union-attr]
        e["resource"]["resourceType"] for e in doc["entry"]
    ]
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("Questionnaire") == 2
    assert kinds.count("QuestionnaireResponse") == 2


def test_one_pain_observation_per_pain_score_coded_72514_3(doc: dict[str, Any]) -> None:
    pain = [o for o in _resources(doc, "Observation") if (LOINC, PAIN_LOINC) in _codes(o["code"])]
    expected = [(p.at, p.score) for s in SESSIONS for p in s.pain]

    assert [(datetime.fromisoformat(o["effectiveDateTime"]), o["valueQuantity"]["value"])
            for o in pain] == expected  # fmt: skip
    assert all(o["status"] == "final" for o in pain)
    assert all(o["valueQuantity"]["code"] == "{score}" for o in pain)
    notes = [o["note"][0]["text"] for o in pain]
    assert notes[:3] == [
        "Pain before backcoach session 1.",
        "Pain during backcoach session 1 (bird dog).",
        "Pain after backcoach session 1.",
    ]


def test_the_odi_is_a_questionnaire_response_with_its_score_item(doc: dict[str, Any]) -> None:
    [odi_form] = [q for q in _resources(doc, "Questionnaire") if q["name"] == "BackcoachODI"]
    [odi] = [r for r in _resources(doc, "QuestionnaireResponse") if "odi-1" in _links(r)]

    assert _codes({"coding": odi_form["code"]}) == [(LOINC, ODI_LOINC)]
    [score_item] = [i for i in odi_form["item"] if i["linkId"] == "score"]
    assert _codes({"coding": score_item["code"]}) == [(LOINC, ODI_SCORE_LOINC)]
    assert score_item["readOnly"] is True

    assert odi["questionnaire"] == odi_form["url"]
    assert odi["status"] == "completed"
    assert odi["authored"] == T0.isoformat()
    answered = {i["linkId"]: i["answer"][0] for i in odi["item"]}
    assert "odi-4" not in answered and "odi-8" not in answered  # skipped sections are left out
    assert answered["odi-3"]["valueCoding"]["code"] == "3"
    assert answered["odi-3"]["valueCoding"]["extension"][0]["valueDecimal"] == 3
    assert answered["score"] == {"valueDecimal": 40.0}


def test_the_odi_score_is_also_an_observation_derived_from_the_response(
    doc: dict[str, Any],
) -> None:
    [score] = [
        o for o in _resources(doc, "Observation") if (LOINC, ODI_SCORE_LOINC) in _codes(o["code"])
    ]
    [odi_url] = [
        e["fullUrl"]
        for e in doc["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
        and "odi-1" in _links(e["resource"])
    ]

    assert score["valueQuantity"]["value"] == 40.0
    assert score["valueQuantity"]["code"] == "%"
    assert score["derivedFrom"] == [{"reference": odi_url}]
    assert "moderate" in score["interpretation"][0]["text"]


def test_the_roland_morris_answers_are_yes_or_no_with_a_count(doc: dict[str, Any]) -> None:
    [rmdq] = [r for r in _resources(doc, "QuestionnaireResponse") if "rmdq-1" in _links(r)]
    answers = {i["linkId"]: i["answer"][0] for i in rmdq["item"]}

    assert answers["rmdq-1"] == {"valueBoolean": True}
    assert answers["rmdq-2"] == {"valueBoolean": False}
    assert answers["score"] == {"valueInteger": 12}


def test_the_questionnaires_say_the_wording_is_ours(doc: dict[str, Any]) -> None:
    for form in _resources(doc, "Questionnaire"):
        assert PARAPHRASE_NOTE in form["description"]
        assert "own wording" in form["title"]


def test_every_reference_points_into_the_bundle(doc: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in doc["entry"]}
    [patient] = [e["fullUrl"] for e in doc["entry"] if e["resource"]["resourceType"] == "Patient"]
    for entry in doc["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        if "subject" in resource:
            assert resource["subject"] == {"reference": patient}
        for ref in resource.get("derivedFrom", []):
            assert ref["reference"] in urls
        if resource["resourceType"] == "QuestionnaireResponse":
            assert resource["questionnaire"] in urls


def test_the_same_records_give_the_same_bundle_and_another_user_other_ids() -> None:
    first = bundle(SESSIONS, _responses(), generated_at=T0)
    again = bundle(SESSIONS, _responses(), generated_at=T0)
    other = bundle(
        [_session(1, T0 + timedelta(days=100), (PainPhase.BEFORE, 5))], [], generated_at=T0
    )

    assert first == again
    assert first["entry"][0]["fullUrl"] != other["entry"][0]["fullUrl"]  # the patients


def test_nothing_stored_is_a_valid_bundle_with_only_the_patient() -> None:
    empty = bundle([], [], generated_at=T0)
    validate(empty)
    assert [e["resource"]["resourceType"] for e in empty["entry"]] == ["Patient"]


def test_validation_catches_a_resource_that_does_not_conform(doc: dict[str, Any]) -> None:
    broken = _resources(doc, "Observation")[0]
    del broken["status"]

    with pytest.raises(ValidationError, match="status"):
        validate(doc)


def test_a_naive_time_is_refused() -> None:
    naive = _session(1, datetime(2024, 5, 6, 7, 30), (PainPhase.BEFORE, 5))
    with pytest.raises(ValueError, match="timezone-aware"):
        bundle([naive], [], generated_at=T0)


@pytest.fixture
def no_fhir_resources(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A None entry in sys.modules makes the import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "fhir.resources.R4B.bundle", None)
    yield


@pytest.mark.usefixtures("no_fhir_resources")
def test_without_fhir_resources_the_error_says_how_to_install_it() -> None:
    with pytest.raises(FhirUnavailableError) as caught:
        validate(bundle([], [], generated_at=T0))
    assert INSTALL_HINT in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_store_exports_what_it_holds(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'backcoach.db'}") as store:
        _fill(store)
        doc = fhir_bundle(store, generated_at=T0 + timedelta(days=1))

    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1
    assert kinds.count("Observation") == 3  # two pain scores and the ODI score


def _fill(store: Store) -> None:
    routine = SESSIONS[0].routine
    session_id = store.start_session(routine, 600, T0, pid=1, host="h")
    store.add_pain(session_id, PainScore(PainPhase.BEFORE, 5, T0))
    store.add_pain(session_id, PainScore(PainPhase.AFTER, 3, T0 + timedelta(minutes=20)))
    store.finish_session(
        session_id, SessionStatus.COMPLETED, EndReason.FINISHED, T0 + timedelta(minutes=20)
    )
    store.add_questionnaire(respond("odi", ODI_ANSWERS, T0))


def _links(resource: dict[str, Any]) -> set[str]:
    return {item["linkId"] for item in resource.get("item", [])}
