"""What the schemathesis tests of the API share: the schema through the real WSGI handler, a run of one
operation that collects failures instead of stopping at the first, and the fixture keeping the test's
database transaction open while requests go through the WSGI handler.

Each operation is called in positive mode (input that fits the OpenAPI document: responses must conform
to it too) and negative mode (input that does not: a 4xx, never a 5xx). Examples are derandomized, so a
failure reproduces. Schema-valid input may still break a rule of the domain (a date in the future, a goal
of another plan): that is a 400 with a clear `detail`, by design, so "positive data must be accepted" is
not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.result import Ok

MODES = list(schemathesis.GenerationMode)
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes old connections at the end of a request;
    that would close the test's transaction (on PostgreSQL). Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def api_operations(prefix: str = "/api/v1/", *, only: Callable[[Any], bool] | None = None) -> list[Any]:
    """The operations of /api/v1/openapi.json under `prefix` (all of them by default)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    found = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if operation.path.startswith(prefix) and (only is None or only(operation)):
            found.append(operation)
    return found


def run_operation(
    operation: Any,
    mode: schemathesis.GenerationMode,
    headers: dict[str, str],
    failures: list[str],
    *,
    path_parameters: dict[str, Any] | None = None,
    examples: int = 15,
    additional_checks: Sequence[Any] = (),
) -> None:
    """Call `operation` with up to `examples` generated cases; append a line per failure to `failures`.

    With `path_parameters`, the path ids are fixed to those (real objects, so generated bodies reach the
    services); an operation that takes none of them is left to the random-id run."""
    wanted = {p.name for p in operation.path_parameters.items}
    fixed = {k: v for k, v in (path_parameters or {}).items() if k in wanted} or None
    if path_parameters and not fixed:
        return
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS,
                               additional_checks=list(additional_checks))

    try:
        call()
    except Unsatisfiable:
        pass
    except Exception as error:  # collect every operation's failure, then report them all
        failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}, "
                        f"{'ids ' + str(fixed) if fixed else 'random ids'}]: {error}")
