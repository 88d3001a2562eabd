"""FHIR export: pain scores and outcome questionnaires as one FHIR R4 Bundle (JSON).

What the bundle (type ``collection``) holds:

- one anonymous ``Patient`` (backcoach knows no name) that everything else refers to;
- one ``Observation`` per pain score (LOINC 72514-3, 0-10, with when it was taken: before,
  during or after which session);
- one ``Questionnaire`` per questionnaire used, with our wording of its items (items
  paraphrased; not the licensed instrument wording), the ODI coded LOINC 97908-8 and its score
  item 97909-6;
- one ``QuestionnaireResponse`` per response: the raw answers and a ``score`` item;
- for the ODI, also an ``Observation`` of the score (LOINC 97909-6), derived from its response,
  for tools that chart observations.

The mapping is pure: records in, a dict out. `validate` checks the result by building the
``fhir.resources`` models from it. fhir.resources 8 ships FHIR R5 (its default), R4B (4.3.0) and
STU3, not R4 (4.0.1); the models used are R4B's, and every element used here is the same in R4.
Ids and ``urn:uuid:`` full URLs are derived from the records, so exporting the same data again
gives the same bundle.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from backcoach.errors import BackcoachError
from backcoach.outcomes import (
    PARAPHRASE_NOTE,
    Instrument,
    InstrumentId,
    QuestionnaireResponse,
    instrument,
)
from backcoach.routine import PainPhase, PainScore, SessionRecord

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

PAIN_LOINC = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
ODI_LOINC = "97908-8"
ODI_DISPLAY = "Oswestry Disability Index"
ODI_SCORE_LOINC = "97909-6"
ODI_SCORE_DISPLAY = "Oswestry disability index score ODI"
SCORE_LINK_ID = "score"

FHIR_MODELS = "fhir.resources.R4B"
"""The fhir.resources models the bundle is validated with (the nearest to R4 it ships)."""
INSTALL_HINT = "pip install 'backcoach[exchange]'"

# Fixed, so that the same record always gets the same id (uuid5 of this and the record's key).
_NAMESPACE = uuid.UUID("6b3f0d2e-1c4a-5e7b-9a8d-2f1e0c3b4a59")
_PHASE_WORDS = {PainPhase.BEFORE: "before", PainPhase.DURING: "during", PainPhase.AFTER: "after"}


class FhirUnavailableError(BackcoachError):
    """The FHIR models (fhir.resources) are not installed."""


class RecordSource(Protocol):
    """What the export reads: a `backcoach.storage.Store` is one."""

    def sessions(self) -> list[SessionRecord]: ...

    def questionnaires(
        self, instrument: InstrumentId | str | None = None
    ) -> list[QuestionnaireResponse]: ...


def fhir_bundle(source: RecordSource, *, generated_at: datetime) -> dict[str, Any]:
    """Every pain score and questionnaire response in `source`, as a validated FHIR Bundle."""
    doc = bundle(source.sessions(), source.questionnaires(), generated_at=generated_at)
    validate(doc)
    return doc


def fhir_json(source: RecordSource, *, generated_at: datetime) -> str:
    """`fhir_bundle` as indented JSON text."""
    return json.dumps(fhir_bundle(source, generated_at=generated_at), indent=2)


def bundle(
    sessions: Sequence[SessionRecord],
    responses: Sequence[QuestionnaireResponse],
    *,
    generated_at: datetime,
) -> dict[str, Any]:
    """The Bundle of `sessions`' pain scores and of `responses` (not validated: see `validate`)."""
    ids = _Ids(sessions, responses)
    patient = ids.url("patient")
    entries = [_entry(ids, "patient", {"resourceType": "Patient", "active": True})]
    for record in sessions:
        for n, pain in enumerate(record.pain):
            key = f"pain/{record.id}/{n}"
            entries.append(_entry(ids, key, _pain_observation(record, pain, patient)))
    used = sorted({r.instrument for r in responses}, key=list(InstrumentId).index)
    for which in used:
        entries.append(
            _entry(ids, f"questionnaire/{which.value}", _questionnaire(instrument(which)))
        )
    for n, response in enumerate(responses):
        key = f"response/{response.id if response.id is not None else f'new-{n}'}"
        entries.append(_entry(ids, key, _response(response, patient)))
        if response.instrument is InstrumentId.ODI:
            derived = _odi_score_observation(response, patient, ids.url(key))
            entries.append(_entry(ids, f"{key}/score", derived))
    return {
        "resourceType": "Bundle",
        "id": ids.id("bundle"),
        "type": "collection",
        "timestamp": _iso(generated_at),
        "entry": entries,
    }


def validate(doc: dict[str, Any]) -> None:
    """Build the FHIR models from `doc`: a pydantic `ValidationError` says what does not conform.

    `FhirUnavailableError` (with the install hint) when fhir.resources is not installed.
    """
    try:
        from fhir.resources.R4B.bundle import Bundle
    except ImportError as exc:
        raise FhirUnavailableError(
            f"FHIR export needs the fhir.resources package: {INSTALL_HINT}"
        ) from exc
    Bundle.model_validate(doc)


class _Ids:
    """Stable ids: each record's key, salted with the user's first record so that two users'
    exports never share an id."""

    def __init__(
        self, sessions: Sequence[SessionRecord], responses: Sequence[QuestionnaireResponse]
    ) -> None:
        times = [s.started_at for s in sessions] + [r.taken_at for r in responses]
        self._salt = min(times).isoformat() if times else "empty"

    def id(self, key: str) -> str:
        # Questionnaires are the same for everyone: their ids and URLs are not salted.
        return _uuid("" if key.startswith("questionnaire/") else self._salt, key)

    def url(self, key: str) -> str:
        return f"urn:uuid:{self.id(key)}"


def _uuid(salt: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{salt}/{key}"))


def _entry(ids: _Ids, key: str, resource: dict[str, Any]) -> dict[str, Any]:
    fields = dict(resource)
    kind = fields.pop("resourceType")
    return {
        "fullUrl": ids.url(key),
        "resource": {"resourceType": kind, "id": ids.id(key), **fields},
    }


def _iso(at: datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {at.isoformat()}")
    return at.isoformat()


def _loinc(code: str, display: str) -> dict[str, str]:
    return {"system": LOINC, "code": code, "display": display}


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _score_quantity(value: float, unit: str = "{score}") -> dict[str, Any]:
    shown = "score" if unit == "{score}" else unit
    return {"value": value, "unit": shown, "system": UCUM, "code": unit}


def _pain_observation(record: SessionRecord, pain: PainScore, patient: str) -> dict[str, Any]:
    when = f"{_PHASE_WORDS[pain.phase]} backcoach session {record.id}"
    if pain.exercise_id is not None:
        when += f" ({pain.exercise_id.value.replace('_', ' ')})"
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": _survey(),
        "code": {"coding": [_loinc(PAIN_LOINC, PAIN_DISPLAY)], "text": "Back pain now (0-10)"},
        "subject": {"reference": patient},
        "effectiveDateTime": _iso(pain.at),
        "valueQuantity": _score_quantity(pain.score),
        "note": [{"text": f"Pain {when}."}],
    }


def _questionnaire_url(which: Instrument) -> str:
    return f"urn:uuid:{_uuid('', f'questionnaire/{which.id.value}')}"


def _questionnaire(which: Instrument) -> dict[str, Any]:
    odi = which.id is InstrumentId.ODI
    items: list[dict[str, Any]] = []
    for q in which.questions:
        if odi:
            items.append(
                {
                    "linkId": q.key,
                    "text": q.topic,
                    "type": "choice",
                    "required": not q.optional,
                    "answerOption": [
                        {"valueCoding": _option(points, text)}
                        for points, text in enumerate(q.options)
                    ],
                }
            )
        else:
            items.append({"linkId": q.key, "text": f"{q.topic}: {q.prompt}", "type": "boolean"})
    score_item: dict[str, Any] = {
        "linkId": SCORE_LINK_ID,
        "text": f"{which.short_name} score ({'0-100 %' if odi else '0-24'})",
        "type": "decimal" if odi else "integer",
        "readOnly": True,
    }
    if odi:
        score_item["code"] = [_loinc(ODI_SCORE_LOINC, ODI_SCORE_DISPLAY)]
    items.append(score_item)
    doc: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "url": _questionnaire_url(which),
        "version": str(which.version),
        "name": f"Backcoach{which.short_name}",
        "title": f"{which.name} (backcoach's own wording)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{which.intro} Note: {PARAPHRASE_NOTE}.",
        "item": items,
    }
    if odi:
        doc["code"] = [_loinc(ODI_LOINC, ODI_DISPLAY)]
    return doc


def _option(points: int, text: str) -> dict[str, Any]:
    return {
        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": points}],
        "code": str(points),
        "display": text,
    }


def _response(response: QuestionnaireResponse, patient: str) -> dict[str, Any]:
    which = instrument(response.instrument)
    odi = which.id is InstrumentId.ODI
    items: list[dict[str, Any]] = []
    for q, answer in zip(which.questions, response.answers, strict=True):
        if answer is None:
            continue  # skipped: FHIR leaves an unanswered item out
        if odi:
            value: dict[str, Any] = {"valueCoding": _option(answer, q.options[answer])}
            items.append({"linkId": q.key, "text": q.topic, "answer": [value]})
        else:
            value = {"valueBoolean": answer == 1}
            items.append({"linkId": q.key, "text": q.prompt, "answer": [value]})
    score: dict[str, Any] = (
        {"valueDecimal": round(response.score, 1)}
        if odi
        else {"valueInteger": round(response.score)}
    )
    items.append({"linkId": SCORE_LINK_ID, "text": f"{which.short_name} score", "answer": [score]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": _questionnaire_url(which),
        "status": "completed",
        "subject": {"reference": patient},
        "authored": _iso(response.taken_at),
        "item": items,
    }


def _odi_score_observation(
    response: QuestionnaireResponse, patient: str, response_url: str
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": _survey(),
        "code": {"coding": [_loinc(ODI_SCORE_LOINC, ODI_SCORE_DISPLAY)]},
        "subject": {"reference": patient},
        "effectiveDateTime": _iso(response.taken_at),
        "valueQuantity": _score_quantity(round(response.score, 1), "%"),
        "derivedFrom": [{"reference": response_url}],
        "note": [{"text": f"Scored from backcoach's own wording of the ODI ({PARAPHRASE_NOTE})."}],
    }
    if response.band is not None:
        doc["interpretation"] = [{"text": f"{response.band.label} ({response.band.key.value})"}]
    return doc
