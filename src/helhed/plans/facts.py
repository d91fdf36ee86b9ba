"""Turning database rows into the plain facts the coherence rules check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from helhed.plans.choices import GoalStatus
from helhed.plans.coherence import GoalFact, InterventionFact, PlanFacts, TransitionFact
from helhed.plans.models import FollowUp, Goal, Intervention, Plan, Transition


def intervention_fact(i: Intervention) -> InterventionFact:
    return InterventionFact(
        id=i.pk, name=i.type.name, category=i.type.category, legal_basis=i.legal_basis.code,
        legal_basis_label=str(i.legal_basis), provider_unit_id=i.provider_unit_id,
        provider_unit=i.provider_unit.name, status=i.status, requested_on=i.requested_on,
        start_date=i.start_date, end_date=i.end_date, hours_per_week=i.hours_per_week,
        full_time_residential=i.type.full_time_residential, start_deadline_days=i.type.start_deadline_days,
        goal_ids=frozenset(g.pk for g in i.goals.all()),
    )


def plan_facts(
    plan: Plan, *, today: dt.date, interventions: Iterable[Intervention], goals: Iterable[Goal],
    follow_ups: Iterable[FollowUp], transitions: Iterable[Transition],
) -> PlanFacts:
    """Facts of one plan from already-fetched rows (interventions with type, legal basis, unit, goals)."""
    pending_goal_ids = {f.goal_id for f in follow_ups if f.done_on is None and f.goal_id}
    return PlanFacts(
        today=today,
        birth_date=plan.citizen.birth_date,
        interventions=tuple(intervention_fact(i) for i in interventions),
        goals=tuple(
            GoalFact(id=g.pk, wording=g.citizen_wording, is_open=g.status == GoalStatus.OPEN,
                     has_pending_follow_up=g.pk in pending_goal_ids)
            for g in goals
        ),
        transitions=tuple(
            TransitionFact(kind=t.kind, on=t.expected_on, not_needed=frozenset(t.not_needed or ()))
            for t in transitions
        ),
    )
