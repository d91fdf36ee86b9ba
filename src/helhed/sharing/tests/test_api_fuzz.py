"""Property-based: schemathesis drives every sharing operation with generated input; nothing may answer
5xx (helhed.testing.fuzz says how). The token is the coordinating caseworker's, who may record consent;
with random path ids and with the real ones (so generated bodies reach the services)."""

from __future__ import annotations

import pytest
import schemathesis
from django.utils import timezone

from helhed.access.tokens import token_create
from helhed.people.models import OrgUnit
from helhed.sharing import services
from helhed.testing import factories as f
from helhed.testing.cast import make_cast
from helhed.testing.fuzz import MODES, api_operations, keep_the_test_connection, run_operation

pytestmark = pytest.mark.django_db
__all__ = ["keep_the_test_connection"]  # the fixture, imported for pytest
EXAMPLES = 10


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("real_ids", [False, True], ids=["random-ids", "real-ids"])
@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_sharing_operation_fails_on_generated_input(
    org: dict[str, OrgUnit], mode: schemathesis.GenerationMode, real_ids: bool
) -> None:
    cast = make_cast(org)
    plan = f.plan(coordinator=cast.coordinator)
    record = services.consent_give(actor=cast.coordinator, citizen_id=plan.citizen_id, scopes=["plan_goals"],
                                   unit_ids=[org["job"].pk], method="written", given_on=timezone.localdate(),
                                   purpose="Koordinering")
    grant = services.break_glass_open(actor=cast.stranger, citizen_id=plan.citizen_id,
                                      reason="Akut henvendelse fra herberget i nat")
    ids = {"citizen_id": plan.citizen_id, "record_pk": record.pk, "record_id": str(record.record_id),
           "grant_id": grant.pk}
    _token, raw = token_create(user=cast.coordinator, name="fuzz")
    failures: list[str] = []
    operations = api_operations("/api/v1/sharing/")
    assert len(operations) == 8
    for operation in operations:
        run_operation(operation, mode, {"Authorization": f"Bearer {raw}"}, failures,
                      path_parameters=ids if real_ids else None, examples=EXAMPLES)
    assert not failures, "\n\n".join(failures)
