"""Turning database rows into the plain facts the coherence rules check.

Two ways in: from model objects already on a page (`plan_facts`), and from plain rows
(`.values(*INTERVENTION_FACT_COLUMNS)` and friends) for lists of many plans, where building model objects
would cost more than the checks themselves (`intervention_fact_from_row`, `plan_facts_from_rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

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


# What `intervention_fact_from_row` reads: `Intervention.objects.values(*INTERVENTION_FACT_COLUMNS)`.
INTERVENTION_FACT_COLUMNS = (
    "id", "plan_id", "status", "requested_on", "start_date", "end_date", "hours_per_week", "provider_unit_id",
    "provider_unit__name", "type__name_da", "type__name_en", "type__category", "type__full_time_residential",
    "type__start_deadline_days", "legal_basis__code", "legal_basis__law", "legal_basis__paragraph",
)


def intervention_fact_from_row(row: Mapping[str, Any], goal_ids: Iterable[int], *,
                               english: bool) -> InterventionFact:
    """The same fact as `intervention_fact`, from a row of INTERVENTION_FACT_COLUMNS (names as the catalogue
    shows them: InterventionType.name, str(LegalBasis))."""
    return InterventionFact(
        id=row["id"], name=row["type__name_en"] if english else row["type__name_da"],
        category=row["type__category"], legal_basis=row["legal_basis__code"],
        legal_basis_label=f"{row['legal_basis__law']} {row['legal_basis__paragraph']}",
        provider_unit_id=row["provider_unit_id"], provider_unit=row["provider_unit__name"],
        status=row["status"], requested_on=row["requested_on"], start_date=row["start_date"],
        end_date=row["end_date"], hours_per_week=row["hours_per_week"],
        full_time_residential=row["type__full_time_residential"],
        start_deadline_days=row["type__start_deadline_days"], goal_ids=frozenset(goal_ids),
    )


def plan_facts_from_rows(
    *, today: dt.date, birth_date: dt.date, interventions: Iterable[InterventionFact],
    goals: Iterable[tuple[int, str, str]], pending_goal_ids: Collection[int],
    transitions: Iterable[tuple[str, dt.date, list[str] | None]],
) -> PlanFacts:
    """Facts of one plan from plain rows: goals as (id, wording, status), transitions as (kind, expected
    on, needs not needed); `pending_goal_ids`: goals with an open follow-up."""
    return PlanFacts(
        today=today, birth_date=birth_date, interventions=tuple(interventions),
        goals=tuple(
            GoalFact(id=gid, wording=wording, is_open=status == GoalStatus.OPEN,
                     has_pending_follow_up=gid in pending_goal_ids)
            for gid, wording, status in goals
        ),
        transitions=tuple(
            TransitionFact(kind=kind, on=on, not_needed=frozenset(not_needed or ()))
            for kind, on, not_needed in transitions
        ),
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
