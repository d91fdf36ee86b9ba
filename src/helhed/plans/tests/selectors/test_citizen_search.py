"""citizen_search: search before create, by exact CPR number or by name among one's own citizens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import ValidationError
from helhed.plans import services
from helhed.plans.models import Plan
from helhed.plans.selectors import citizen_search
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log


def test_name_search_finds_only_visible_citizens(cast: SimpleNamespace, plan: Plan) -> None:
    f.plan(coordinator=cast.stranger, first_name="Synne", last_name="Andensted")
    result = citizen_search(actor=cast.coordinator, query="  SYNNE  syntetisk ")
    assert [c.pk for c in result.visible] == [plan.citizen_id]
    assert citizen_search(actor=cast.job_provider, query="Synne").visible == []


def test_name_search_with_danish_letters(cast: SimpleNamespace) -> None:
    p = f.plan(coordinator=cast.coordinator, first_name="Åse", last_name="Ødegård")
    assert [c.pk for c in citizen_search(actor=cast.coordinator, query="øDEG").visible] == [p.citizen_id]
    assert [c.pk for c in citizen_search(actor=cast.coordinator, query="åse").visible] == [p.citizen_id]


def test_name_search_is_audited_per_citizen_shown(cast: SimpleNamespace, plan: Plan) -> None:
    clear_audit_log()
    citizen_search(actor=cast.coordinator, query="Synne")
    [event] = AuditEvent.objects.all()
    assert (event.citizen_id, event.action, event.purpose) == (plan.citizen_id, "search", "name_search")


def test_one_letter_is_refused(cast: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as exc:
        citizen_search(actor=cast.coordinator, query="S")
    assert exc.value.field == "q"
    assert citizen_search(actor=cast.coordinator, query="   ").visible == []


def test_cpr_search_of_own_citizen(cast: SimpleNamespace, plan: Plan) -> None:
    result = citizen_search(actor=cast.coordinator, query=plan.citizen.cpr.formatted)
    assert [c.pk for c in result.visible] == [plan.citizen_id]
    assert not result.exists_elsewhere


def test_cpr_search_tells_who_coordinates_but_shows_nothing_else(cast: SimpleNamespace, plan: Plan) -> None:
    result = citizen_search(actor=cast.stranger, query=plan.citizen.cpr.digits)
    assert result.visible == []
    assert result.exists_elsewhere
    assert (result.coordinator, result.coordinator_unit) == (str(cast.coordinator), "Team Udsatte Voksne")
    event = AuditEvent.objects.get(actor=cast.stranger)
    assert (event.citizen_id, event.action, event.purpose) == (plan.citizen_id, "search", "cpr_search")


def test_cpr_search_of_citizen_without_plan(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    result = citizen_search(actor=cast.stranger, query=plan.citizen.cpr.formatted)
    assert result.exists_without_plan and not result.exists_elsewhere and result.visible == []


def test_cpr_search_of_unknown_or_malformed_number(cast: SimpleNamespace) -> None:
    result = citizen_search(actor=cast.coordinator, query="770585-9999")
    assert result.visible == [] and not result.exists_elsewhere and not result.exists_without_plan
    with pytest.raises(ValidationError) as exc:
        citizen_search(actor=cast.coordinator, query="7705859")
    assert exc.value.field == "cpr"


def test_cpr_search_accepts_the_number_as_people_type_it(cast: SimpleNamespace, plan: Plan) -> None:
    digits = plan.citizen.cpr.digits
    for typed in (f"{digits[:6]} {digits[6:]}", f" {digits[:6]} - {digits[6:]} ", digits):
        result = citizen_search(actor=cast.coordinator, query=typed)
        assert [c.pk for c in result.visible] == [plan.citizen_id]


def test_cpr_search_reveals_nothing_to_roles_that_cannot_register_citizens(plan: Plan) -> None:
    for role in ("analyst", "provider"):
        outsider = f.staff(role)
        result = citizen_search(actor=outsider, query=plan.citizen.cpr.formatted)
        assert result.visible == [] and not result.exists_elsewhere and not result.exists_without_plan
        assert result.coordinator == ""
