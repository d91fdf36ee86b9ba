"""plan_page: the whole plan for one actor, checked against the policy, audited, in fixed queries."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.access.policy import Relation
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan
from helhed.plans.selectors import plan_page
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log


def test_plan_page_holds_the_plan(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    goal = f.goal(plan, wording="Jeg vil have min egen bolig")
    unsupported = f.goal(plan, wording="Jeg vil se min søn", domain="family_network")
    f.intervention(plan, provider=org["treatment"], goals=[goal])
    f.intervention(plan, provider=org["job"], code="virksomhedspraktik")
    page = plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    assert page.plan == plan and page.citizen == plan.citizen
    assert {g.pk for g in page.goals} == {goal.pk, unsupported.pk}
    assert [unit.name for unit, _items in page.interventions_by_unit] == ["Center for Misbrugsbehandling",
                                                                          "Jobcenter"]
    rules = {(finding.rule, finding.goals) for finding in page.findings}
    assert ("goal_without_support", (unsupported.pk,)) in rules
    assert "intervention_without_goal" in {finding.rule for finding in page.findings}
    assert page.relations == frozenset({Relation.COORDINATOR})
    assert page.can("edit_plan") and not page.can("reassign_coordinator")
    assert page.current_version is not None and page.current_version.number == 1
    assert page.next_follow_up is not None and page.overdue == []


def test_a_provider_sees_the_page_but_may_do_less(cast: SimpleNamespace, plan: Plan,
                                                  org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    page = plan_page(actor=cast.provider, citizen_id=plan.citizen_id)
    assert page.relations == frozenset({Relation.PROVIDER_STAFF})
    assert page.can("add_note") and page.can("edit_own_intervention")
    assert not page.can("edit_plan") and not page.can("add_intervention")


def test_overdue_follow_ups_are_shown(cast: SimpleNamespace, plan: Plan) -> None:
    FollowUp.objects.filter(plan=plan).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    page = plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    assert [fu.plan_id for fu in page.overdue] == [plan.pk]


def test_every_view_is_audited(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    clear_audit_log()
    plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    plan_page(actor=cast.provider, citizen_id=plan.citizen_id)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.actor, e.actor_role, e.actor_unit, e.citizen_id, e.action, e.purpose) for e in events] == [
        (cast.coordinator, "coordinating_caseworker", "Team Udsatte Voksne", plan.citizen_id, "view",
         "plan_page"),
        (cast.provider, "provider", "Center for Misbrugsbehandling", plan.citizen_id, "view", "plan_page"),
    ]


def test_query_count_does_not_grow_with_the_plan(cast: SimpleNamespace, plan: Plan,
                                                 org: dict[str, OrgUnit]) -> None:
    def grow(n: int) -> None:
        g = f.goal(plan, wording=f"Mål {n}")
        f.intervention(plan, provider=org["job"] if n % 2 else org["team_b"], code="bostotte-85", goals=[g])
        services.note_add(actor=cast.coordinator, plan_id=plan.pk, text=f"Note {n}")
        services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(),
                             title=f"Møde {n}",
                             staff_ids=[cast.provider.pk])

    grow(0)  # one of each (an empty list skips its prefetch queries)
    with CaptureQueriesContext(connection) as small:
        plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    for n in range(1, 7):
        grow(n)
    with CaptureQueriesContext(connection) as large:
        plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_findings_are_built_from_the_stored_plan(cast: SimpleNamespace, org: dict[str, OrgUnit]) -> None:
    """facts.py turns rows into the coherence rules' facts: dates, hours, categories, needs not needed."""
    today = timezone.localdate()
    turns_18 = today + dt.timedelta(days=20)
    birth = turns_18.replace(year=turns_18.year - 18, day=min(turns_18.day, 28))  # 18 in 17-20 days
    plan = f.plan(coordinator=cast.coordinator, birth=birth)
    goal = f.goal(plan)
    f.intervention(plan, provider=org["treatment"], code="stofbehandling-dogn", goals=[goal])
    f.intervention(plan, provider=org["job"], code="virksomhedspraktik", goals=[goal], hours_per_week="20")
    services.intervention_add(actor=cast.coordinator, plan_id=plan.pk,
                              type_id=f.itype("alkoholbehandling").pk, provider_unit_id=org["treatment"].pk,
                              requested_on=today - dt.timedelta(days=12), goal_ids=[goal.pk])
    services.transition_add(actor=cast.coordinator, plan_id=plan.pk, kind="treatment_discharge",
                            expected_on=today + dt.timedelta(days=5), not_needed=["treatment", "income"],
                            note="Fortsætter ambulant")
    page = plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    by_rule: dict[str, list[str]] = {}
    for finding in page.findings:
        by_rule.setdefault(finding.rule, []).append(f"{finding.severity}: {finding.title}")
    assert set(by_rule) == {"conflicting_demands", "legal_deadline", "transition_without_plan"}, by_rule
    assert by_rule["legal_deadline"] == [
        f"warning: Deadline close: Alcohol treatment must start by {today + dt.timedelta(days=2):%d.%m.%Y}"]
    transitions = sorted(by_rule["transition_without_plan"])
    assert len(transitions) == 2
    assert "Discharge from treatment" in transitions[0] and "housing" in transitions[0]
    assert "income" not in transitions[0] and "treatment," not in transitions[0]
    assert "Turning 18" in transitions[1]
