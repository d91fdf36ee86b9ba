"""intervention_add, intervention_update, intervention_end: validation, versioning, who may change what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.catalog.models import InterventionType
from helhed.core.errors import Conflict, PermissionDenied, ValidationError
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import Intervention, Plan
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log
from helhed.testing.db import nothing_written


def _today() -> dt.date:
    return timezone.localdate()


def _add(actor, plan: Plan, unit: OrgUnit, **kw):
    kw.setdefault("type_id", f.itype("stofbehandling-ambulant").pk)
    kw.setdefault("requested_on", _today() - dt.timedelta(days=5))
    return services.intervention_add(actor=actor, plan_id=plan.pk, provider_unit_id=unit.pk, **kw)


def _update(actor, i: Intervention, version: int, **kw):
    for name in ("status", "requested_on", "decided_on", "start_date", "end_date", "hours_per_week",
                 "annual_cost", "responsible_id", "provider_unit_id"):
        kw.setdefault(name, getattr(i, name))
    return services.intervention_update(actor=actor, intervention_id=i.pk, expected_version=version, **kw)


def test_add_takes_the_legal_basis_from_the_catalogue(cast: SimpleNamespace, plan: Plan,
                                                      org: dict[str, OrgUnit]) -> None:
    goal = f.goal(plan)
    i = _add(cast.coordinator, plan, org["treatment"], status="decided", hours_per_week="7,5",
             annual_cost="120000", responsible_id=cast.provider.pk, goal_ids=[goal.pk])
    stored = Intervention.objects.get(pk=i.pk)
    assert stored.legal_basis.code == "sel-101"
    assert stored.hours_per_week == Decimal("7.5")
    assert stored.annual_cost == Decimal("120000")
    assert stored.decided_on == _today()
    assert list(stored.goals.all()) == [goal]
    assert stored.responsible == cast.provider and stored.created_by == cast.coordinator


def test_active_intervention_without_decision_date_counts_as_decided_on_request(
        cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    requested = _today() - dt.timedelta(days=9)
    i = _add(cast.coordinator, plan, org["treatment"], status="active", requested_on=requested,
             start_date=_today())
    assert i.decided_on == requested


@pytest.mark.parametrize("hours", ["168", "0", 40, Decimal("19.5")])
def test_hours_within_a_week_are_accepted(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit],
                                          hours: object) -> None:
    i = _add(cast.coordinator, plan, org["job"], type_id=f.itype("virksomhedspraktik").pk,
             hours_per_week=hours)
    assert Intervention.objects.get(pk=i.pk).hours_per_week == Decimal(str(hours))


def _days(n: int) -> dt.date:
    return _today() + dt.timedelta(days=n)


@pytest.mark.parametrize(("kw", "field", "words"), [
    ({"hours_per_week": "168.5"}, "hours_per_week", "between 0 and 168"),
    ({"hours_per_week": "169"}, "hours_per_week", "between 0 and 168"),
    ({"hours_per_week": "-1"}, "hours_per_week", "between 0 and 168"),
    ({"hours_per_week": "mange"}, "hours_per_week", "must be a number"),
    ({"annual_cost": "-5"}, "annual_cost", "between 0"),
    ({"start_date": _days(-1), "end_date": _days(-2)}, "end_date", "before the start"),
    ({"requested_on": _days(1)}, "requested_on", "future"),
    ({"requested_on": _days(-3), "decided_on": _days(-4)}, "decided_on", "before the request"),
    ({"status": "active"}, "start_date", "start date"),
    ({"status": "ended"}, "status", "giving a reason"),
    ({"status": "paused"}, "status", "status"),
    ({"type_id": 999999}, "type", "catalogue"),
    ({"responsible_id": 999999}, "responsible", "active staff"),
])
def test_invalid_intervention_is_refused_and_nothing_written(cast: SimpleNamespace, plan: Plan,
                                                             org: dict[str, OrgUnit], kw: dict, field: str,
                                                             words: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _add(cast.coordinator, plan, org["treatment"], **kw)
    assert exc.value.field == field
    assert words in str(exc.value)


def test_unknown_provider_unit_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.intervention_add(actor=cast.coordinator, plan_id=plan.pk, provider_unit_id=999999,
                                  type_id=f.itype("bostotte-85").pk, requested_on=_today())
    assert exc.value.field == "provider_unit"


def test_a_retired_intervention_type_is_refused(cast: SimpleNamespace, plan: Plan,
                                                org: dict[str, OrgUnit]) -> None:
    InterventionType.objects.filter(code="bostotte-85").update(is_active=False)
    with nothing_written(), pytest.raises(ValidationError):
        _add(cast.coordinator, plan, org["team_a"], type_id=f.itype("bostotte-85").pk)


def test_linking_a_goal_from_another_plan_is_refused(cast: SimpleNamespace, plan: Plan,
                                                     org: dict[str, OrgUnit]) -> None:
    other = f.plan(coordinator=cast.coordinator)
    foreign = f.goal(other, wording="En andens mål")
    own = f.goal(plan)
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _add(cast.coordinator, plan, org["treatment"], goal_ids=[own.pk, foreign.pk])
    assert exc.value.field == "goals"
    assert "this plan" in str(exc.value)
    i = _add(cast.coordinator, plan, org["treatment"], goal_ids=[own.pk])
    with pytest.raises(ValidationError):
        _update(cast.coordinator, i, i.version, goal_ids=[foreign.pk])
    assert list(Intervention.objects.get(pk=i.pk).goals.all()) == [own]


def test_database_refuses_what_the_service_refuses(cast: SimpleNamespace, plan: Plan,
                                                   org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    assert i.start_date is not None
    for bad in ({"hours_per_week": Decimal("168.01")}, {"end_date": i.start_date - dt.timedelta(days=1)},
                {"status": "ended"}, {"annual_cost": Decimal(-1)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Intervention.objects.filter(pk=i.pk).update(**bad)


# --- update: versioning and who may change what ----------------------------------------------

def test_coordinator_and_provider_edit_the_same_intervention(cast: SimpleNamespace, plan: Plan,
                                                             org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"], hours_per_week="4")
    seen = i.version
    _update(cast.provider, i, seen, hours_per_week="6")
    with pytest.raises(Conflict) as exc:
        _update(cast.coordinator, i, seen, hours_per_week="2")
    assert exc.value.current.hours_per_week == Decimal("6")
    assert exc.value.current.version == seen + 1
    assert Intervention.objects.get(pk=i.pk).hours_per_week == Decimal("6")


def test_provider_edits_an_intervention_of_their_own_unit(cast: SimpleNamespace, plan: Plan,
                                                          org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    _update(cast.provider, i, i.version, hours_per_week="3")
    assert Intervention.objects.get(pk=i.pk).hours_per_week == Decimal("3")


def test_provider_may_not_edit_another_units_intervention(cast: SimpleNamespace, plan: Plan,
                                                          org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    job = f.intervention(plan, provider=org["job"], code="virksomhedspraktik", hours_per_week="10")
    with pytest.raises(PermissionDenied):
        _update(cast.provider, job, job.version, hours_per_week="37")
    with pytest.raises(PermissionDenied):
        services.intervention_end(actor=cast.provider, intervention_id=job.pk, expected_version=job.version,
                                  end_date=_today(), reason="other")
    stored = Intervention.objects.get(pk=job.pk)
    assert (stored.hours_per_week, stored.status, stored.version) == (Decimal("10"), "active", job.version)


def test_provider_may_not_add_interventions(cast: SimpleNamespace, plan: Plan,
                                            org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    with nothing_written(), pytest.raises(PermissionDenied):
        _add(cast.provider, plan, org["treatment"])


def test_provider_may_not_hand_their_intervention_to_another_unit(cast: SimpleNamespace, plan: Plan,
                                                                  org: dict[str, OrgUnit]) -> None:
    """Moving it would give the other unit's staff the citizen's whole plan: the coordinator decides that."""
    i = f.intervention(plan, provider=org["treatment"])
    with pytest.raises(PermissionDenied):
        _update(cast.provider, i, i.version, provider_unit_id=org["team_b"].pk)
    with pytest.raises(PermissionDenied):
        _update(cast.provider, i, i.version, responsible_id=cast.stranger.pk)
    stored = Intervention.objects.get(pk=i.pk)
    assert (stored.provider_unit_id, stored.responsible_id) == (org["treatment"].pk, None)
    # Making themself (or a colleague of the unit) responsible is part of delivering it.
    _update(cast.provider, i, i.version, responsible_id=cast.provider.pk)
    assert Intervention.objects.get(pk=i.pk).responsible == cast.provider


def test_coordinator_may_move_an_intervention(cast: SimpleNamespace, plan: Plan,
                                              org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    _update(cast.coordinator, i, i.version, provider_unit_id=org["team_b"].pk,
            responsible_id=cast.stranger.pk)
    stored = Intervention.objects.get(pk=i.pk)
    assert (stored.provider_unit_id, stored.responsible_id) == (org["team_b"].pk, cast.stranger.pk)


def test_responsible_from_another_unit_edits_their_intervention(cast: SimpleNamespace, plan: Plan,
                                                                org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"], responsible=cast.job_provider)
    _update(cast.job_provider, i, i.version, hours_per_week="2")
    assert Intervention.objects.get(pk=i.pk).hours_per_week == Decimal("2")


def test_an_edit_is_audited_as_an_edit(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    clear_audit_log()
    _update(cast.provider, i, i.version, hours_per_week="3")
    [event] = AuditEvent.objects.all()
    assert event.action == "edit_own_intervention"
    assert (event.actor, event.citizen_id, event.purpose) == (cast.provider, plan.citizen_id,
                                                              "intervention_update")


# --- end ----------------------------------------------------------------------------------------

def test_end_with_reason(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    ended = services.intervention_end(actor=cast.provider, intervention_id=i.pk, expected_version=i.version,
                                      end_date=_today(), reason="goal_reached", note="  Stoffri i 3 måneder ")
    stored = Intervention.objects.get(pk=ended.pk)
    assert (stored.status, stored.end_date, stored.end_reason, stored.end_note) == (
        "ended", _today(), "goal_reached", "Stoffri i 3 måneder")


@pytest.mark.parametrize(("reason", "end", "field"), [
    ("", 0, "end_reason"),
    ("bored", 0, "end_reason"),
    ("other", -11, "end_date"),  # started 10 days ago
    ("other", 1, "end_date"),  # an end decided for later is an end date on the running intervention
])
def test_end_refused(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit], reason: str, end: int,
                     field: str) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    with pytest.raises(ValidationError) as exc:
        services.intervention_end(actor=cast.coordinator, intervention_id=i.pk, expected_version=i.version,
                                  end_date=_days(end), reason=reason)
    assert exc.value.field == field
    stored = Intervention.objects.get(pk=i.pk)
    assert (stored.status, stored.version, stored.end_reason) == ("active", i.version, "")


def test_an_ended_intervention_can_no_longer_be_changed(cast: SimpleNamespace, plan: Plan,
                                                        org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    ended = services.intervention_end(actor=cast.coordinator, intervention_id=i.pk,
                                      expected_version=i.version,
                                      end_date=_today(), reason="other")
    with pytest.raises(ValidationError) as exc:
        _update(cast.coordinator, ended, ended.version, hours_per_week="1")
    assert "ended" in str(exc.value)
    with pytest.raises(ValidationError):
        services.intervention_end(actor=cast.coordinator, intervention_id=i.pk,
                                  expected_version=ended.version,
                                  end_date=_today(), reason="other")


def test_end_with_a_stale_version_conflicts(cast: SimpleNamespace, plan: Plan,
                                            org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    _update(cast.provider, i, i.version, hours_per_week="5")
    with pytest.raises(Conflict):
        services.intervention_end(actor=cast.coordinator, intervention_id=i.pk, expected_version=i.version,
                                  end_date=_today(), reason="other")
    assert Intervention.objects.get(pk=i.pk).status == "active"
