"""The audit log: every view of a plan page and every write leaves an AuditEvent naming actor, role, unit,
citizen and purpose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from helhed.access.audit import audit_record, audit_record_many
from helhed.access.models import AuditEvent
from helhed.people.models import OrgUnit
from helhed.plans import selectors, services
from helhed.plans.models import Goal, Intervention, Plan
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log
from helhed.testing.cast import make_cast


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    plan = f.plan(coordinator=cast.coordinator)
    goal = f.goal(plan)
    intervention = f.intervention(plan, provider=org["treatment"], goals=[goal])
    return SimpleNamespace(cast=cast, plan=plan, goal=goal, intervention=intervention, org=org)


def _fresh(model: Any, pk: int) -> Any:
    return model.objects.get(pk=pk)


# (purpose, who acts, the call). The purpose is what the audit row must carry.
CALLS: list[tuple[str, str, Callable[[SimpleNamespace, Any], object]]] = [
    ("plan_page", "provider", lambda w, a: selectors.plan_page(actor=a, citizen_id=w.plan.citizen_id)),
    ("plan_history", "coordinator", lambda w,
     a: selectors.plan_history(actor=a, citizen_id=w.plan.citizen_id)),
    ("plan_update", "coordinator", lambda w, a: services.plan_update(
        actor=a, plan_id=w.plan.pk, expected_version=_fresh(Plan, w.plan.pk).version, vision="V",
        follow_up_interval_days=30)),
    ("plan_version_adopt", "leader", lambda w,
     a: services.plan_version_adopt(actor=a, plan_id=w.plan.pk, note="")),
    ("plan_reassign", "leader", lambda w, a: services.plan_reassign(actor=a, plan_id=w.plan.pk,
                                                                    coordinator_id=w.cast.colleague.pk)),
    ("goal_add", "coordinator", lambda w,
     a: services.goal_add(actor=a, plan_id=w.plan.pk, life_domain="economy",
                                                               citizen_wording="Styr på gælden")),
    ("goal_update", "leader", lambda w, a: services.goal_update(
        actor=a, goal_id=w.goal.pk, expected_version=_fresh(Goal, w.goal.pk).version, life_domain="housing",
        citizen_wording="Ny bolig", target_date=None, status="open")),
    ("intervention_add", "coordinator", lambda w, a: services.intervention_add(
        actor=a, plan_id=w.plan.pk, type_id=f.itype("kontanthjaelp").pk, provider_unit_id=w.org["job"].pk,
        requested_on=_today())),
    ("intervention_update", "provider", lambda w, a: services.intervention_update(
        actor=a, intervention_id=w.intervention.pk, expected_version=_fresh(Intervention,
                                                                            w.intervention.pk).version,
        status="active", requested_on=w.intervention.requested_on, start_date=w.intervention.start_date,
        provider_unit_id=w.intervention.provider_unit_id, hours_per_week="2")),
    ("intervention_end", "coordinator", lambda w, a: services.intervention_end(
        actor=a, intervention_id=w.intervention.pk, expected_version=_fresh(Intervention,
                                                                            w.intervention.pk).version,
        end_date=_today(), reason="goal_reached")),
    ("follow_up_record", "coordinator", lambda w, a: services.follow_up_record(actor=a, plan_id=w.plan.pk,
                                                                               note="Opfølgning")),
    ("follow_up_schedule", "leader", lambda w, a: services.follow_up_schedule(actor=a, plan_id=w.plan.pk,
                                                                              due_on=_today())),
    ("note_add", "provider", lambda w, a: services.note_add(actor=a, plan_id=w.plan.pk, text="Notat")),
    ("meeting_add", "coordinator", lambda w, a: services.meeting_add(actor=a, plan_id=w.plan.pk,
                                                                     held_on=timezone.now(), title="Møde")),
    ("transition_add", "coordinator", lambda w, a: services.transition_add(
        actor=a, plan_id=w.plan.pk, kind="hospital_discharge", expected_on=_today() + dt.timedelta(days=3))),
    ("network_add", "coordinator", lambda w, a: services.network_add(actor=a, plan_id=w.plan.pk, name="Mor",
                                                                     role="parent")),
]


@pytest.mark.parametrize(("purpose", "who", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_each_view_and_write_is_audited(world: SimpleNamespace, purpose: str, who: str,
                                        call: Callable[[SimpleNamespace, Any], object]) -> None:
    actor = getattr(world.cast, who)
    clear_audit_log()
    call(world, actor)
    events = list(AuditEvent.objects.filter(purpose=purpose))
    assert len(events) == 1, [(e.action, e.purpose) for e in AuditEvent.objects.all()]
    [event] = events
    assert event.actor == actor
    assert event.actor_role == actor.role
    assert event.actor_unit == actor.unit.name
    assert event.citizen_id == world.plan.citizen_id
    assert event.at is not None


def test_plan_close_is_audited(world: SimpleNamespace) -> None:
    services.intervention_end(actor=world.cast.coordinator, intervention_id=world.intervention.pk,
                              expected_version=world.intervention.version, end_date=_today(), reason="moved")
    clear_audit_log()
    services.plan_close(actor=world.cast.leader, plan_id=world.plan.pk, reason="Flyttet")
    [event] = AuditEvent.objects.filter(purpose="plan_close")
    assert (event.actor, event.actor_role, event.actor_unit, event.citizen_id, event.action) == (
        world.cast.leader, "team_leader", "Socialforvaltningen", world.plan.citizen_id, "close_plan")


def test_every_public_service_is_covered() -> None:
    public = {name for name in dir(services) if not name.startswith("_") and callable(getattr(services, name))
              and getattr(getattr(services, name), "__module__", "") == services.__name__}
    covered = {purpose for purpose, _who, _call in CALLS} | {"plan_close"}
    registering = {"citizen_register", "plan_create"}  # audited as 'plan_create' (test_plan_create.py)
    assert public - registering <= covered


def test_audit_record_without_unit_and_with_long_purpose(world: SimpleNamespace) -> None:
    admin = world.cast.admin
    audit_record(actor=admin, action="export", citizen_id=None, purpose="x" * 500)
    event = AuditEvent.objects.get(actor=admin)
    assert (event.actor_unit, len(event.purpose), event.actor_role) == ("", 200, "administrator")


def test_audit_record_many_writes_one_row_per_citizen(world: SimpleNamespace) -> None:
    clear_audit_log()
    audit_record_many(actor=world.cast.leader, action="list", citizen_ids=[1, 2, 3], purpose="report")
    rows = list(AuditEvent.objects.order_by("citizen_id").values_list("citizen_id", "object_id",
                                                                      "actor_unit"))
    assert rows == [(1, 1, "Socialforvaltningen"), (2, 2, "Socialforvaltningen"),
                    (3, 3, "Socialforvaltningen")]
