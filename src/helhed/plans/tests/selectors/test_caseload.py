"""caseload, team_caseload, team_overdue: overdue follow-ups surface to the caseworker and the team leader."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan
from helhed.plans.selectors import caseload, team_caseload, team_overdue
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log


def _today() -> dt.date:
    return timezone.localdate()


def _due(plan: Plan, days_from_today: int) -> None:
    """Move the plan's open follow-up (test set-up: as if the plan were created long ago)."""
    FollowUp.objects.filter(plan=plan, done_on__isnull=True).update(
        due_on=_today() + dt.timedelta(days=days_from_today))


def test_caseload_puts_overdue_first(cast: SimpleNamespace, plan: Plan) -> None:
    late = f.plan(coordinator=cast.coordinator, first_name="Anders", last_name="Bagud")
    today = f.plan(coordinator=cast.coordinator, first_name="Bente", last_name="Idag")
    _due(late, -5)
    _due(today, 0)  # due today is not overdue
    f.plan(coordinator=cast.colleague)  # someone else's
    rows = caseload(actor=cast.coordinator)
    assert rows[0].plan_id == late.pk
    by_plan = {r.plan_id: r for r in rows}
    assert set(by_plan) == {plan.pk, late.pk, today.pk}
    assert by_plan[late.pk].overdue and by_plan[late.pk].next_follow_up == _today() - dt.timedelta(days=5)
    assert not by_plan[today.pk].overdue
    assert not by_plan[plan.pk].overdue


def test_recording_the_follow_up_clears_overdue(cast: SimpleNamespace, plan: Plan) -> None:
    _due(plan, -3)
    assert caseload(actor=cast.coordinator)[0].overdue
    services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Endelig")
    [row] = caseload(actor=cast.coordinator)
    assert not row.overdue
    assert row.next_follow_up == _today() + dt.timedelta(days=plan.follow_up_interval_days)


def test_caseload_shows_findings(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])  # serves no goal
    [row] = caseload(actor=cast.coordinator)
    assert "intervention_without_goal" in {finding.rule for finding in row.findings}


def test_caseload_is_audited_per_citizen(cast: SimpleNamespace, plan: Plan) -> None:
    other = f.plan(coordinator=cast.coordinator)
    clear_audit_log()
    caseload(actor=cast.coordinator)
    events = AuditEvent.objects.filter(actor=cast.coordinator, action="list", purpose="caseload")
    assert {e.citizen_id for e in events} == {plan.citizen_id, other.citizen_id}
    assert len(events) == 2
    assert {(e.actor_role, e.actor_unit) for e in events} == {("coordinating_caseworker",
                                                               "Team Udsatte Voksne")}


def test_team_caseload_counts_active_plans_and_overdue(cast: SimpleNamespace, plan: Plan) -> None:
    late = f.plan(coordinator=cast.coordinator)
    _due(late, -1)
    closed = f.plan(coordinator=cast.colleague)
    services.plan_close(actor=cast.colleague, plan_id=closed.pk, reason="Flyttet")
    f.plan(coordinator=cast.stranger)
    loads = {m.user: m for m in team_caseload(actor=cast.leader)}
    assert (loads[cast.coordinator].active_plans, loads[cast.coordinator].overdue) == (2, 1)
    assert (loads[cast.colleague].active_plans, loads[cast.colleague].overdue) == (0, 0)
    assert loads[cast.stranger].active_plans == 1  # Team Handicap is below the leader's unit
    assert cast.provider not in loads  # providers hold no plans
    other = {m.user for m in team_caseload(actor=cast.other_leader)}
    assert cast.coordinator not in other and cast.stranger in other


def test_team_overdue_lists_the_longest_overdue_first(cast: SimpleNamespace, plan: Plan) -> None:
    a = f.plan(coordinator=cast.coordinator, first_name="A")
    b = f.plan(coordinator=cast.stranger, first_name="B")
    _due(a, -2)
    _due(b, -10)
    closed = f.plan(coordinator=cast.colleague)
    _due(closed, -30)
    services.plan_close(actor=cast.colleague, plan_id=closed.pk, reason="Flyttet")
    rows = team_overdue(actor=cast.leader)
    assert [(r.citizen_id, r.days_overdue) for r in rows] == [(b.citizen_id, 10), (a.citizen_id, 2)]
    assert rows[0].coordinator == str(cast.stranger)
    assert [r.citizen_id for r in team_overdue(actor=cast.other_leader)] == [b.citizen_id]
    assert AuditEvent.objects.filter(actor=cast.leader, purpose="team_overdue").count() == 2


@pytest.mark.parametrize("who", ["coordinator", "provider"])
def test_team_overviews_are_for_team_leaders(cast: SimpleNamespace, who: str) -> None:
    with pytest.raises(NotFound):
        team_caseload(actor=getattr(cast, who))
    with pytest.raises(NotFound):
        team_overdue(actor=getattr(cast, who))
