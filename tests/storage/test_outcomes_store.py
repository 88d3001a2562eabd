"""Questionnaire responses: what is stored is what `outcomes` reads back, and the database itself
refuses what no questionnaire can produce."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from backcoach.outcomes import BandKey, InstrumentId, QuestionnaireResponse, band_named, respond
from backcoach.storage import StorageError, Store, open_store
from tests.storage._support import T0, at

ODI_ANSWERS = (1, 2, 3, None, 2, 2, 1, None, 2, 3)  # 16 of 40 possible points: 40%
RMDQ_ANSWERS = (1, 0) * 12  # 12 yes


def test_a_response_reads_back_as_stored_with_its_id(store: Store) -> None:
    saved = store.add_questionnaire(respond("odi", ODI_ANSWERS, T0))

    [read] = store.questionnaires()

    assert read == saved
    assert read.id is not None
    assert read.instrument is InstrumentId.ODI
    assert read.answers == ODI_ANSWERS
    assert read.score == pytest.approx(40.0)
    assert read.band is not None and read.band.key is BandKey.MODERATE
    assert read.version == 1


def test_times_in_any_zone_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    paris = timezone(timedelta(hours=2))
    taken = datetime(2024, 5, 6, 9, 30, 0, 250000, tzinfo=paris)

    saved = store.add_questionnaire(respond("rmdq", RMDQ_ANSWERS, taken))
    [read] = store.questionnaires()

    assert read.taken_at == taken
    assert read.taken_at.utcoffset() == timedelta(0)
    assert saved.taken_at == read.taken_at


def test_responses_come_oldest_first_and_filter_by_questionnaire(store: Store) -> None:
    late = store.add_questionnaire(respond("odi", (0,) * 10, at(3 * 86400)))
    early = store.add_questionnaire(respond("odi", (5,) * 10, at(0)))
    rmdq = store.add_questionnaire(respond("rmdq", RMDQ_ANSWERS, at(86400)))

    assert [r.id for r in store.questionnaires()] == [early.id, rmdq.id, late.id]
    assert [r.id for r in store.questionnaires(InstrumentId.ODI)] == [early.id, late.id]
    assert store.questionnaires("rmdq") == [rmdq]


def test_a_roland_morris_response_has_no_band(store: Store) -> None:
    store.add_questionnaire(respond("rmdq", RMDQ_ANSWERS, T0))

    [read] = store.questionnaires()

    assert read.score == 12
    assert read.band is None


def test_a_naive_time_is_refused_and_nothing_is_written(store: Store) -> None:
    naive = QuestionnaireResponse(
        InstrumentId.ODI, datetime(2024, 5, 6), (0,) * 10, 0.0, band_named("minimal")
    )

    with pytest.raises(ValueError, match="timezone"):
        store.add_questionnaire(naive)

    assert store.questionnaires() == []


def test_responses_outlive_the_store_that_wrote_them(store_url: str) -> None:
    with open_store(store_url) as first:
        saved = first.add_questionnaire(respond("odi", ODI_ANSWERS, T0))
    with open_store(store_url) as second:
        assert second.questionnaires() == [saved]


_ROW = (
    "INSERT INTO questionnaire_responses (instrument, version, taken_at, answers, score, band) "
    "VALUES ('{instrument}', {version}, '2024-05-06 07:30:00', '[0]', {score}, {band})"
)


@pytest.mark.parametrize(
    "statement",
    [
        _ROW.format(instrument="sf36", version=1, score=10, band="NULL"),
        _ROW.format(instrument="odi", version=1, score=101, band="'extreme'"),
        _ROW.format(instrument="odi", version=1, score=-1, band="'minimal'"),
        _ROW.format(instrument="odi", version=1, score=50, band="'crippled'"),
        _ROW.format(instrument="odi", version=0, score=10, band="'minimal'"),
    ],
    ids=["unknown-instrument", "score-over-100", "negative-score", "unknown-band", "version-0"],
)
def test_the_database_refuses_impossible_responses(store: Store, statement: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(_ROW.format(instrument="odi", version=1, score=10, band="NULL")))

    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(statement))


def test_a_row_this_version_cannot_read_is_a_storage_error(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(_ROW.format(instrument="odi", version=1, score=10, band="NULL")))
        connection.execute(text("UPDATE questionnaire_responses SET answers = '[\"x\"]'"))

    with pytest.raises(StorageError, match=r"questionnaire response 1 .* cannot be read"):
        store.questionnaires()
