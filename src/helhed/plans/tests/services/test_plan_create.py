"""citizen_register and plan_create: one active plan per citizen, in the service and in the database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.core.cpr import CPR
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.people.models import Citizen
from helhed.people.services import DuplicateCitizen
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan, PlanVersion
from helhed.testing import factories as f
from helhed.testing.db import nothing_written

CPR_NUMBER = "770585-1234"  # replacement form: day 17 + 60


def _register(actor, cpr: str = CPR_NUMBER, **kw):
    kw.setdefault("first_name", "Synne")
    kw.setdefault("last_name", "Syntetisk")
    return services.citizen_register(actor=actor, cpr=cpr, is_synthetic=True, **kw)


def test_register_creates_citizen_and_plan(cast: SimpleNamespace) -> None:
    plan = _register(cast.coordinator, vision="Et liv uden stoffer", follow_up_interval_days=30,
                     postal_code="8000", address=" Vestergade 1 ")
    citizen = plan.citizen
    assert citizen.birth_date == dt.date(1985, 5, 17)
    assert citizen.has_replacement_cpr
    assert citizen.cpr == CPR.parse(CPR_NUMBER)
    assert citizen.address == "Vestergade 1"
    assert citizen.search_name == "synne syntetisk"
    assert plan.status == "active"
    assert plan.coordinator == cast.coordinator and plan.created_by == cast.coordinator
    assert plan.vision == "Et liv uden stoffer"
    [follow_up] = FollowUp.objects.filter(plan=plan)
    assert follow_up.done_on is None
    assert follow_up.due_on == timezone.localdate() + dt.timedelta(days=30)
    [version] = PlanVersion.objects.filter(plan=plan)
    assert version.number == 1 and version.is_current and version.previous_version is None


def test_cpr_number_is_never_stored_in_clear(cast: SimpleNamespace) -> None:
    plan = _register(cast.coordinator)
    row = Citizen.objects.filter(pk=plan.citizen_id).values().get()
    for value in row.values():
        assert "7705851234" not in str(value) and CPR_NUMBER not in str(value)


def test_register_is_audited(cast: SimpleNamespace) -> None:
    plan = _register(cast.coordinator)
    event = AuditEvent.objects.get(citizen_id=plan.citizen_id, action="create")
    assert event.actor == cast.coordinator
    assert event.actor_role == "coordinating_caseworker"
    assert event.actor_unit == "Team Udsatte Voksne"
    assert (event.object_type, event.object_id, event.purpose) == ("plan", plan.pk, "plan_create")


def test_register_twice_is_refused_and_points_to_the_citizen(cast: SimpleNamespace) -> None:
    plan = _register(cast.coordinator)
    with nothing_written(), pytest.raises(DuplicateCitizen) as exc:
        _register(cast.colleague, cpr="7705851234", first_name="Anden")
    assert exc.value.citizen_id == plan.citizen_id
    assert "already exists" in str(exc.value)


def test_provider_may_not_register(cast: SimpleNamespace) -> None:
    with nothing_written(), pytest.raises(PermissionDenied):
        _register(cast.provider)


def test_administrator_may_not_coordinate_and_the_citizen_is_not_left_behind(cast: SimpleNamespace) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _register(cast.admin)
    assert exc.value.field == "coordinator"


@pytest.mark.parametrize("days", [6, 367, "often"])
def test_follow_up_interval_out_of_range_is_refused(cast: SimpleNamespace, days: object) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _register(cast.coordinator, follow_up_interval_days=days)
    assert exc.value.field == "follow_up_interval_days"
    assert "7" in str(exc.value) and "366" in str(exc.value)


@pytest.mark.parametrize(("kw", "field", "words"), [
    ({"cpr": "320185-1234"}, "cpr", "day"),
    ({"first_name": "  "}, "first_name", "name"),
    ({"postal_code": "80000"}, "postal_code", "four digits"),
])
def test_bad_registration_is_refused_with_a_message(cast: SimpleNamespace, kw: dict, field: str,
                                                    words: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _register(cast.coordinator, **kw)
    assert exc.value.field == field
    assert words in str(exc.value)


def test_second_active_plan_is_refused_by_the_service(cast: SimpleNamespace, plan: Plan) -> None:
    cpr = plan.citizen.cpr.formatted
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.plan_create(actor=cast.colleague, cpr=cpr)
    message = str(exc.value)
    assert "already has an active plan" in message
    assert str(cast.coordinator) in message  # who to ask
    assert exc.value.field == "citizen"


def test_second_active_plan_is_refused_by_the_database(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(citizen=plan.citizen, coordinator=cast.colleague, created_by=cast.colleague)


def test_closed_plans_do_not_count_as_active(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Borgeren er flyttet")
    again = services.plan_create(actor=cast.colleague, cpr=plan.citizen.cpr.formatted, vision="Ny start")
    assert again.status == "active" and again.coordinator == cast.colleague
    services.plan_close(actor=cast.colleague, plan_id=again.pk, reason="Igen flyttet")
    assert Plan.objects.filter(citizen=plan.citizen, status="closed").count() == 2
    # The database allows any number of closed plans beside one active one.
    Plan.objects.create(citizen=plan.citizen, coordinator=cast.colleague, created_by=cast.colleague)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(citizen=plan.citizen, coordinator=cast.colleague, created_by=cast.colleague)


def test_plan_create_for_unknown_cpr(cast: SimpleNamespace) -> None:
    with nothing_written(), pytest.raises(NotFound) as exc:
        services.plan_create(actor=cast.coordinator, cpr="770585-9999")
    assert "Register the citizen first" in str(exc.value)


def test_plan_create_with_malformed_cpr(cast: SimpleNamespace) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.plan_create(actor=cast.coordinator, cpr="7705851")
    assert exc.value.field == "cpr"


def test_provider_may_not_open_plans(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    with nothing_written(), pytest.raises(PermissionDenied):
        services.plan_create(actor=cast.provider, cpr=plan.citizen.cpr.formatted)


def test_database_refuses_a_closed_plan_without_date(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(follow_up_interval_days=3)


def test_factory_plans_get_distinct_citizens(cast: SimpleNamespace) -> None:
    a, b = f.plan(coordinator=cast.coordinator), f.plan(coordinator=cast.coordinator)
    assert a.citizen_id != b.citizen_id
