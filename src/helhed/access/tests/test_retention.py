"""Retention: plans closed longer than the period go with all their data and history; the citizen goes
when nothing else holds them; --dry-run deletes nothing; the audit log stays whole and chained."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from helhed.access.audit_chain import chain_verify
from helhed.access.models import AuditEvent
from helhed.housing.models import HomelessnessStatus
from helhed.people.models import Citizen, NetworkPerson, OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Goal, Intervention, JournalNote, Plan, PlanVersion
from helhed.testing import factories as f
from helhed.testing.cast import make_cast
from helhed.testing.db import row_counts
from helhed.testing.retention import first_deletion_fails

TODAY = dt.date(2032, 6, 1)


def _closed(plan: Plan, actor: object, *, on: dt.date, with_data: bool = True) -> Plan:
    if with_data:
        goal = f.goal(plan)
        unit = plan.coordinator.unit
        assert unit is not None
        iv = f.intervention(plan, provider=unit, goals=[goal])
        services.intervention_end(actor=actor, intervention_id=iv.pk, expected_version=iv.version,  # type: ignore[arg-type]
                                  end_date=timezone.localdate(), reason="goal_reached")
        services.note_add(actor=actor, plan_id=plan.pk, text="Samtale om bolig")  # type: ignore[arg-type]
        services.network_add(actor=actor, plan_id=plan.pk, name="Mor", role="parent")  # type: ignore[arg-type]
        for _ in range(2):  # versions link to the one before (PROTECT): they must go together
            services.plan_version_adopt(actor=actor, plan_id=plan.pk, note="")  # type: ignore[arg-type]
    services.plan_close(actor=actor, plan_id=plan.pk, reason="Flyttet")  # type: ignore[arg-type]
    Plan.objects.filter(pk=plan.pk).update(closed_on=on)
    return plan


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    old = _closed(f.plan(coordinator=cast.coordinator), cast.coordinator, on=dt.date(2026, 1, 5))
    recent = _closed(f.plan(coordinator=cast.coordinator), cast.coordinator, on=dt.date(2031, 1, 5))
    active = f.plan(coordinator=cast.coordinator)
    f.goal(active)
    housed = _closed(f.plan(coordinator=cast.coordinator), cast.coordinator, on=dt.date(2025, 3, 1),
                     with_data=False)
    HomelessnessStatus.objects.create(citizen=housed.citizen, category="shelter",
                                      valid_from=dt.date(2025, 1, 1), source="caseworker",
                                      recorded_by=cast.coordinator)
    return SimpleNamespace(cast=cast, old=old, recent=recent, active=active, housed=housed)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("retention", "run", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_would_go_and_deletes_nothing(world: SimpleNamespace) -> None:
    before = row_counts()
    out = _run("--dry-run")
    assert row_counts() == before
    assert f"citizen {world.old.citizen_id}: would delete plan {world.old.pk} (closed 2026-01-05); " \
           "the citizen too;" in out
    assert f"citizen {world.housed.citizen_id}: would delete plan {world.housed.pk} (closed 2025-03-01); " \
           "citizen kept (housing.HomelessnessStatus)" in out
    assert f"plan {world.recent.pk}" not in out and f"plan {world.active.pk}" not in out
    assert "plans.Goal 1" in out and "plans.HistoricalGoal" in out
    assert world.old.citizen.first_name not in out and world.old.citizen.last_name not in out


def test_run_deletes_the_old_plan_with_its_data_and_history(world: SimpleNamespace) -> None:
    old_id, citizen_id = world.old.pk, world.old.citizen_id
    audit_before = AuditEvent.objects.count()
    _run()
    assert not Plan.objects.filter(pk=old_id).exists()
    for model in (Goal, Intervention, JournalNote, FollowUp):
        assert not model.objects.filter(plan_id=old_id).exists(), model
    for model in (Goal, Intervention, FollowUp):  # journal notes are never changed: no history
        history = model.history.model
        assert not history.objects.filter(plan_id=old_id).exists(), history
    assert not Plan.history.filter(id=old_id).exists()
    assert not PlanVersion.objects.filter(plan_id=old_id).exists()
    assert not Citizen.objects.filter(pk=citizen_id).exists()
    assert not NetworkPerson.objects.filter(citizen_id=citizen_id).exists()
    # The others are untouched.
    assert Plan.objects.filter(pk__in=[world.recent.pk, world.active.pk]).count() == 2
    assert Goal.objects.filter(plan=world.recent).count() == 1
    # The housed citizen's plan went; the citizen stays for housing's records.
    assert not Plan.objects.filter(pk=world.housed.pk).exists()
    assert Citizen.objects.filter(pk=world.housed.citizen_id).exists()
    # Audit records outlive the data, the chain holds, and each deletion is recorded.
    assert AuditEvent.objects.count() == audit_before + 2
    deletions = AuditEvent.objects.filter(purpose="retention", action="delete", actor_role="system")
    assert set(deletions.values_list("citizen_id", flat=True)) == {citizen_id, world.housed.citizen_id}
    assert AuditEvent.objects.filter(citizen_id=citizen_id).exclude(purpose="retention").exists()
    assert chain_verify().ok
    assert "; 0 citizens." in _run("--dry-run")  # nothing left to do


def test_the_period_is_a_setting(world: SimpleNamespace) -> None:
    with override_settings(HELHED_RETENTION_CLOSED_PLAN_DAYS=365):
        out = _run("--dry-run")
    assert f"plan {world.recent.pk} (closed 2031-01-05)" in out


def test_one_transaction_per_citizen(world: SimpleNamespace) -> None:
    """A failure while deleting one citizen leaves that citizen whole and the others done."""
    first, second = sorted([world.old.citizen_id, world.housed.citizen_id])
    with first_deletion_fails(), pytest.raises(CommandError, match="1 citizens could not be handled"):
        _run()
    assert Citizen.objects.filter(pk=first).exists() and Plan.objects.filter(citizen_id=first).exists()
    assert not Plan.objects.filter(citizen_id=second, status="closed").exists()
