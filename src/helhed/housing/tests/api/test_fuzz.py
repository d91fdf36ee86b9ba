"""Property-based: schemathesis drives every housing API operation with generated input; nothing answers 5xx.

Called with the token of the allocating caseworker (who sees homes and candidates) and, for the
citizen-side operations, of the coordinating caseworker; in positive mode (input that fits the OpenAPI
document: responses must conform to it) and negative mode (input that does not fit: a 4xx, never a 5xx).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from helhed.access.tokens import token_create
from helhed.housing.tests.conftest import World

EXAMPLES = 15
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(
    operation: Any, mode: schemathesis.GenerationMode, headers: dict[str, str], failures: list[str]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)

    try:
        call()
    except Unsatisfiable:
        pass
    except Exception as error:
        failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {error}")


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_housing_operation_fails_on_generated_input(
    world: World, mode: schemathesis.GenerationMode
) -> None:
    world.apply("anna")
    world.home()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    for user in (world.allocator, world.coordinator):
        _token, raw = token_create(user=user, name="fuzz")
        headers = {"Authorization": f"Bearer {raw}"}
        for result in schema.get_all_operations():
            operation = result.ok()  # type: ignore[union-attr]
            if operation.path.startswith("/api/v1/housing/"):
                _run(operation, mode, headers, failures)
    assert not failures, "\n\n".join(failures)
