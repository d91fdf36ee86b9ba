"""Property-based: schemathesis drives every outcomes operation with generated input; nothing may answer 5xx.

Each operation is called with a token of the coordinating caseworker of a plan that has assessments, a goal
scale and a story: with random path ids and with the real ones (so generated bodies reach the services), in
positive mode (input that fits the OpenAPI document; responses must conform to it) and negative mode (input
that does not fit: a 4xx, never a 5xx). Examples are derandomized so that a failure reproduces.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.result import Ok

from helhed.access.tokens import token_create
from helhed.outcomes import services
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import LEVELS, days_ago, mastery

pytestmark = pytest.mark.django_db
EXAMPLES = 12
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]  # domain rules may refuse valid shapes (400)
PREFIX = "/api/v1/outcomes/"


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes old connections after a request; that would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(
    operation: Any,
    mode: schemathesis.GenerationMode,
    headers: dict[str, str],
    path_parameters: dict[str, Any] | None,
    failures: list[str],
) -> None:
    wanted = {p.name for p in operation.path_parameters.items}
    fixed = {k: v for k, v in (path_parameters or {}).items() if k in wanted} or None
    if path_parameters and not fixed:
        return
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

    @given(case=strategy)
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
    except Exception as error:  # collect every operation's failure, then report them all
        failures.append(
            f"{operation.method.upper()} {operation.path} [{mode.value}, "
            f"{'real ids' if fixed else 'random ids'}]: {error}"
        )


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("real_ids", [False, True], ids=["random-ids", "real-ids"])
@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_outcomes_operation_fails_on_generated_input(
    cast: SimpleNamespace, plan: Plan, mode: schemathesis.GenerationMode, real_ids: bool
) -> None:
    goal = f.goal(plan)
    services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS)
    a = mastery(cast.coordinator, plan, (3, 4, 5), on=days_ago(20))
    story = services.story_add(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        told_by="citizen",
        told_on=days_ago(1),
        what_works="Faste tider.",
    )
    ids = {
        "citizen_id": plan.citizen_id,
        "goal_id": goal.pk,
        "assessment_id": a.pk,
        "story_id": story.pk,
        "code": "aarhus-mastery",
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    _token, raw = token_create(user=cast.coordinator, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    failures: list[str] = []
    seen = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if operation.path.startswith(PREFIX):
            seen += 1
            _run(operation, mode, headers, ids if real_ids else None, failures)
    assert seen == 11
    assert not failures, "\n\n".join(failures)
