"""How staff relate to a citizen through the plan: registered with `access` at start-up."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery

from helhed.access.policy import Relation, Scope
from helhed.people.choices import Role
from helhed.people.models import User
from helhed.plans.choices import LIVE_INTERVENTION_STATUSES, PlanStatus
from helhed.plans.models import Intervention, Plan


class PlanRelations:
    def relations(self, actor: User, citizen_id: int) -> set[Relation]:
        found: set[Relation] = set()
        plan = (
            Plan.objects.filter(citizen_id=citizen_id, status=PlanStatus.ACTIVE)
            .select_related("coordinator__unit")
            .only("id", "coordinator_id", "coordinator__unit__path")
            .first()
        )
        if plan is None:
            return found
        if plan.coordinator_id == actor.pk:
            found.add(Relation.COORDINATOR)
        live = Intervention.objects.filter(plan=plan, status__in=LIVE_INTERVENTION_STATUSES)
        if live.filter(responsible=actor).exists():
            found.add(Relation.RESPONSIBLE)
        if actor.unit_id and live.filter(provider_unit_id=actor.unit_id).exists():
            found.add(Relation.PROVIDER_STAFF)
        if actor.role == Role.TEAM_LEADER and actor.unit_id and actor.unit is not None:
            path = actor.unit.path
            coordinator_unit = plan.coordinator.unit
            if (coordinator_unit is not None and coordinator_unit.path.startswith(path)) or live.filter(
                provider_unit__path__startswith=path
            ).exists():
                found.add(Relation.TEAM_LEADER)
        return found

    def exprs(self, actor: User) -> dict[str, Any]:
        """The same relations as expressions over the citizen, for access's one query (ADR 0005).

        Also the sector holding the plan (the coordinating caseworker's unit's), and what the plan's
        holistic consent (Serviceloven § 141, stk. 7) opens: the plan and its interventions, to everyone
        taking part in it - derived here rather than copied into consent records (ADR 0005).
        """
        active = Plan.objects.filter(citizen=OuterRef("pk"), status=PlanStatus.ACTIVE)
        live = Intervention.objects.filter(
            plan__citizen=OuterRef("pk"), plan__status=PlanStatus.ACTIVE,
            status__in=LIVE_INTERVENTION_STATUSES,
        )
        holistic = Exists(active.filter(holistic_consent=True))
        found: dict[str, Any] = {
            Relation.COORDINATOR: Exists(active.filter(coordinator=actor)),
            Relation.RESPONSIBLE: Exists(live.filter(responsible=actor)),
            "holding_sector": Subquery(active.values("coordinator__unit__sector")[:1]),
            f"scope:{Scope.PLAN_GOALS},{Scope.INTERVENTIONS}": holistic,
        }
        if actor.unit_id:
            found[Relation.PROVIDER_STAFF] = Exists(live.filter(provider_unit_id=actor.unit_id))
            if actor.role == Role.TEAM_LEADER and actor.unit is not None:
                path = actor.unit.path
                leads = Q(Exists(active.filter(coordinator__unit__path__startswith=path))) | Q(
                    Exists(live.filter(provider_unit__path__startswith=path)))
                found[Relation.TEAM_LEADER] = ExpressionWrapper(leads, output_field=BooleanField())
        return found

    def citizen_filter(self, actor: User) -> Q:
        active = Plan.objects.filter(citizen=OuterRef("pk"), status=PlanStatus.ACTIVE)
        live = Intervention.objects.filter(
            plan__citizen=OuterRef("pk"), plan__status=PlanStatus.ACTIVE,
            status__in=LIVE_INTERVENTION_STATUSES,
        )
        q = Q(Exists(active.filter(coordinator=actor))) | Q(Exists(live.filter(responsible=actor)))
        if actor.unit_id:
            q |= Q(Exists(live.filter(provider_unit_id=actor.unit_id)))
            if actor.role == Role.TEAM_LEADER and actor.unit is not None:
                path = actor.unit.path
                q |= Q(Exists(active.filter(coordinator__unit__path__startswith=path)))
                q |= Q(Exists(live.filter(provider_unit__path__startswith=path)))
        return q
