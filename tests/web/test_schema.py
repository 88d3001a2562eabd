"""A bounded schemathesis run against the OpenAPI document, on the in-process app.

Every operation gets a few generated requests, valid and invalid: none may answer 5xx, every
answer must be documented (status, content type, body schema), and invalid input must be refused
with a 4xx. Derandomised, so a run is the same every time.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (pip install it)")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from backcoach.web import create_app  # noqa: E402
from tests.web.conftest import NONE_APPLY, FakeClock, TestClient, make_settings  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def api_schema(fast_tmp: Path, migrated_db: Path) -> Iterator[Any]:
    home = fast_tmp / "schema-home"
    home.mkdir()
    shutil.copyfile(migrated_db, home / "backcoach.db")
    app = create_app(make_settings(home), now=FakeClock())
    with TestClient(app) as client:
        # Something to find: a passed screen and a session in progress (id 1).
        client.post("/api/screening", json={"answers": NONE_APPLY})
        client.post("/api/sessions", json={"pain_before": 2})
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_openapi_document(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
