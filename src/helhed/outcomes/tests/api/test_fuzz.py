"""Property-based: schemathesis drives every outcomes operation with generated input; nothing may answer
5xx (helhed.testing.fuzz says how).

Each operation is called with a token of the coordinating caseworker of a plan that has assessments, a goal
scale and a story: with random path ids and with the real ones (so generated bodies reach the services).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import schemathesis

from helhed.access.tokens import token_create
from helhed.outcomes import services
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.fuzz import MODES, api_operations, keep_the_test_connection, run_operation

from ..conftest import LEVELS, days_ago, mastery

pytestmark = pytest.mark.django_db
__all__ = ["keep_the_test_connection"]  # the fixture, imported for pytest
EXAMPLES = 12


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
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
    _token, raw = token_create(user=cast.coordinator, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    failures: list[str] = []
    operations = api_operations("/api/v1/outcomes/")
    assert len(operations) == 11
    for operation in operations:
        run_operation(operation, mode, headers, failures, path_parameters=ids if real_ids else None,
                      examples=EXAMPLES)
    assert not failures, "\n\n".join(failures)
