"""Property-based: schemathesis drives every operation of the plans API with generated input; nothing may
answer 5xx (helhed.testing.fuzz says how).

Each operation is called with a valid token of the coordinating caseworker of a plan: once with random
path ids, once with the ids of that real plan (so generated bodies reach the services).
"""

from __future__ import annotations

import pytest
import schemathesis

from helhed.access.tokens import token_create
from helhed.plans.tests.api.conftest import PLANS_API_OPERATIONS, World
from helhed.testing.fuzz import MODES, api_operations, keep_the_test_connection, run_operation

pytestmark = pytest.mark.django_db
__all__ = ["keep_the_test_connection"]  # the fixture, imported for pytest


def _real_ids(world: World) -> dict[str, int]:
    return {"citizen_id": world.citizen_id, "plan_id": world.plan.pk, "goal_id": world.goal.pk,
            "intervention_id": world.treatment.pk}


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("real_ids", [False, True], ids=["random-ids", "real-ids"])
@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_operation_fails_on_generated_input(world: World, mode: schemathesis.GenerationMode,
                                               real_ids: bool) -> None:
    _token, raw = token_create(user=world.coordinator, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    failures: list[str] = []
    operations = api_operations(only=lambda op: op.method.lower() in PLANS_API_OPERATIONS.get(op.path, ()))
    assert len(operations) == sum(len(methods) for methods in PLANS_API_OPERATIONS.values())
    for operation in operations:
        run_operation(operation, mode, headers, failures,
                      path_parameters=_real_ids(world) if real_ids else None)
    assert not failures, "\n\n".join(failures)
