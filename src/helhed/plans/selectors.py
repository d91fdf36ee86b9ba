"""Reads of plans, always for an actor, through the access policy; audited where personal data is shown."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record, audit_record_many
from helhed.access.policy import ALL_SCOPES, POLICY, Action, Scope, allowed
from helhed.access.selectors import NOT_FOUND as CITIZEN_NOT_FOUND
from helhed.access.selectors import Grant, citizen_access, visible_citizens
from helhed.core.cpr import CPR
from helhed.core.errors import NotFound, ValidationError
from helhed.people.choices import CASE_HOLDING_ROLES, Role
from helhed.people.models import Citizen, NetworkPerson, OrgUnit, User
from helhed.people.services import citizen_lookup_by_cpr
from helhed.plans.choices import LIVE_INTERVENTION_STATUSES, PlanStatus
from helhed.plans.coherence import Finding, InterventionFact, check_plan
from helhed.plans.facts import (
    INTERVENTION_FACT_COLUMNS,
    intervention_fact_from_row,
    plan_facts,
    plan_facts_from_rows,
)
from helhed.plans.models import (
    FollowUp,
    Goal,
    Intervention,
    JournalNote,
    Meeting,
    Plan,
    PlanVersion,
    Transition,
)


def _today() -> dt.date:
    return timezone.localdate()


def _interventions_qs() -> QuerySet[Intervention]:
    return Intervention.objects.select_related(
        "type", "legal_basis", "provider_unit", "responsible"
    ).prefetch_related(Prefetch("goals", queryset=Goal.objects.only("id")))


@dataclass
class CaseloadRow:
    citizen_id: int
    name: str
    plan_id: int
    next_follow_up: dt.date | None
    overdue: bool
    findings: list[Finding]


def _findings_for_plans(birth_dates: dict[int, dt.date], today: dt.date) -> dict[int, list[Finding]]:
    """Coherence findings for many plans (plan id: the citizen's birth date) in five queries of plain rows:
    model objects for a caseload's hundred interventions would cost more than the checks themselves."""
    ids = list(birth_dates)
    english = (get_language() or "da").startswith("en")
    links: dict[int, list[int]] = defaultdict(list)
    for intervention_id, goal_id in Intervention.goals.through.objects.filter(
            intervention__plan_id__in=ids).values_list("intervention_id", "goal_id"):
        links[intervention_id].append(goal_id)
    interventions: dict[int, list[InterventionFact]] = defaultdict(list)
    for row in Intervention.objects.filter(plan_id__in=ids).values(*INTERVENTION_FACT_COLUMNS):
        fact = intervention_fact_from_row(row, links[row["id"]], english=english)
        interventions[row["plan_id"]].append(fact)
    goals: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for plan_id, goal_id, wording, status in Goal.objects.filter(plan_id__in=ids).values_list(
            "plan_id", "id", "citizen_wording", "status"):
        goals[plan_id].append((goal_id, wording, status))
    pending = set(FollowUp.objects.filter(plan_id__in=ids, done_on__isnull=True, goal__isnull=False)
                  .values_list("goal_id", flat=True))
    transitions: dict[int, list[tuple[str, dt.date, list[str] | None]]] = defaultdict(list)
    for plan_id, kind, on, not_needed in Transition.objects.filter(plan_id__in=ids).values_list(
            "plan_id", "kind", "expected_on", "not_needed"):
        transitions[plan_id].append((kind, on, not_needed))
    return {
        plan_id: check_plan(plan_facts_from_rows(
            today=today, birth_date=birth_date, interventions=interventions[plan_id], goals=goals[plan_id],
            pending_goal_ids=pending, transitions=transitions[plan_id],
        ))
        for plan_id, birth_date in birth_dates.items()
    }


def caseload(*, actor: User) -> list[CaseloadRow]:
    """The actor's own citizens (as coordinating caseworker), the next follow-up and warnings first."""
    today = _today()
    plans = list(
        Plan.objects.filter(coordinator=actor, status=PlanStatus.ACTIVE)
        .annotate(next_due=Min("follow_ups__due_on", filter=Q(follow_ups__done_on__isnull=True)))
        .values_list("id", "citizen_id", "citizen__first_name", "citizen__last_name", "citizen__birth_date",
                     "next_due")
    )
    findings = _findings_for_plans({p[0]: p[4] for p in plans}, today)
    rows = [
        CaseloadRow(
            citizen_id=citizen_id, name=f"{first_name} {last_name}", plan_id=plan_id,  # Citizen.full_name
            next_follow_up=next_due, overdue=bool(next_due and next_due < today), findings=findings[plan_id],
        )
        for plan_id, citizen_id, first_name, last_name, _birth, next_due in plans
    ]
    audit_record_many(actor=actor, action="list", citizen_ids=[r.citizen_id for r in rows],
                      purpose="caseload")
    return sorted(rows, key=lambda r: (not r.overdue, not r.findings, r.next_follow_up or dt.date.max,
                                       r.name))


@dataclass
class SearchResult:
    visible: list[Citizen] = field(default_factory=list)
    # A CPR match the actor may not open: only that the citizen is known and who coordinates.
    exists_elsewhere: bool = False
    coordinator: str = ""
    coordinator_unit: str = ""
    exists_without_plan: bool = False


def looks_like_cpr(query: str) -> bool:
    """Digits (with the dash or spaces as typed): a CPR search, never a name."""
    return query.strip().replace("-", "").replace(" ", "").isdigit()


def citizen_search(*, actor: User, query: str, limit: int = 25) -> SearchResult:
    """Search before create: by CPR (exact) or by name among the citizens the actor works with."""
    text = query.strip()
    result = SearchResult()
    if not text:
        return result
    if looks_like_cpr(text):
        cpr = CPR.parse(text.replace("-", "").replace(" ", ""))  # as typed; a clear error if malformed
        citizen = citizen_lookup_by_cpr(cpr)
        if citizen is None:
            return result
        if visible_citizens(actor).filter(pk=citizen.pk).exists():
            result.visible = [citizen]
        elif actor.role not in CASE_HOLDING_ROLES:
            # Only those who could register the citizen need to know they exist (not analysts, providers).
            return result
        else:
            plan = Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).select_related(
                "coordinator__unit").first()
            if plan is None:
                result.exists_without_plan = True
            else:
                result.exists_elsewhere = True
                result.coordinator = str(plan.coordinator)
                result.coordinator_unit = plan.coordinator.unit.name if plan.coordinator.unit else ""
        audit_record(actor=actor, action="search", citizen_id=citizen.pk, object_type="citizen",
                     purpose="cpr_search")
        return result
    if len(text) < 2:
        raise ValidationError(_("Write at least two letters of the name."), field="q")
    terms = text.lower().split()
    qs = visible_citizens(actor)
    for term in terms:
        qs = qs.filter(search_name__contains=term)
    result.visible = list(qs.order_by("last_name", "first_name")[:limit])
    audit_record_many(actor=actor, action="search", citizen_ids=[c.pk for c in result.visible],
                      purpose="name_search")
    return result


@dataclass
class PlanPage:
    citizen: Citizen
    plan: Plan | None
    relations: Grant
    goals: list[Goal]
    interventions_by_unit: list[tuple[OrgUnit, list[Intervention]]]
    findings: list[Finding]
    follow_ups: list[FollowUp]
    meetings: list[Meeting]
    notes: list[JournalNote]
    transitions: list[Transition]
    network: list[NetworkPerson]
    current_version: PlanVersion | None
    today: dt.date
    summary_only: bool = False
    hidden_scopes: frozenset[Scope] = frozenset()
    # Goal id: the interventions on the page that support it.
    supports: dict[int, list[Intervention]] = field(default_factory=dict)

    def can(self, action: str) -> bool:
        return bool(POLICY[Action(action)] & self.relations)

    @property
    def overdue(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.done_on is None and f.due_on < self.today]

    @property
    def next_follow_up(self) -> FollowUp | None:
        return next((f for f in self.follow_ups if f.done_on is None), None)


def _open_first(f: FollowUp) -> tuple[bool, dt.date, int]:
    """Open follow-ups first, earliest due; then done ones, latest first."""
    if f.done_on is None:
        return (False, f.due_on, 0)
    return (True, dt.date.max, -f.done_on.toordinal())


def plan_page(*, actor: User, citizen_id: int, summary_ok: bool = False) -> PlanPage:
    """Everything on the citizen's plan page the actor may read, in a fixed number of queries. Audited as
    one view. Parts outside the citizen's consent are left empty (named in `hidden_scopes`); outside every
    consent the page is the summary (`summary_ok`) or PermissionDenied."""
    citizen, relations = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                        purpose="plan_page", scope=None if summary_ok else Scope.PLAN_GOALS)
    today = _today()
    plan = Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).select_related(
        "coordinator__unit").first()
    if plan is None:
        raise NotFound(_("The citizen has no active plan."))
    plan.citizen = citizen  # already read by citizen_access; plan_facts needs it (saves a query)
    if relations.summary_only:
        # Outside every consent (ADR 0005): that there is a plan and who coordinates it, and the
        # interventions the actor delivers (they record their own work whatever the consent), nothing more.
        grouped_own = [(unit, list(items)) for unit, items in groupby(_delivered(actor, relations, plan),
                                                                       key=lambda i: i.provider_unit)]
        return PlanPage(citizen=citizen, plan=plan, relations=relations, goals=[],
                        interventions_by_unit=grouped_own, findings=[], follow_ups=[], meetings=[], notes=[],
                        transitions=[], network=[], current_version=None, today=today, summary_only=True,
                        hidden_scopes=ALL_SCOPES - relations.scopes)
    delivers = allowed(relations, Action.EDIT_OWN_INTERVENTION)
    interventions = [i for i in _interventions_qs().filter(plan=plan).order_by(
        "provider_unit__name", "start_date", "pk")
        if relations.reads(intervention_scope(i))
        or (delivers and i.status in LIVE_INTERVENTION_STATUSES and is_delivered_by(i, actor))]
    # Which interventions support each goal: from the links the interventions already carry (the readable
    # ones, in the page's order), not from a second query over the same links.
    supports: dict[int, list[Intervention]] = defaultdict(list)
    for i in interventions:
        for g in i.goals.all():
            supports[g.pk].append(i)
    goals = list(Goal.objects.filter(plan=plan))
    goals_by_id = {g.pk: g for g in goals}
    follow_ups = list(FollowUp.objects.filter(plan=plan).select_related("done_by").order_by(
        "done_on", "due_on"))
    for f in follow_ups:
        if f.goal_id in goals_by_id:
            f.goal = goals_by_id[f.goal_id]  # a goal of this plan, already read
    transitions = list(Transition.objects.filter(plan=plan))
    hidden = ALL_SCOPES - relations.scopes
    # Coherence reasons over the whole plan; over a part of it, it would warn of gaps that are only hidden.
    findings = [] if hidden & _WHOLE_PLAN else check_plan(plan_facts(
        plan, today=today, interventions=interventions, goals=goals, follow_ups=follow_ups,
        transitions=transitions))
    grouped = [(unit, list(items)) for unit, items in groupby(interventions, key=lambda i: i.provider_unit)]
    journal = relations.reads(Scope.JOURNAL_NOTES)
    return PlanPage(
        citizen=citizen, plan=plan, relations=relations, goals=goals, interventions_by_unit=grouped,
        findings=findings,
        follow_ups=sorted(follow_ups, key=_open_first),
        meetings=list(Meeting.objects.filter(plan=plan).prefetch_related("staff", "network")[:20]) if journal
        else [],
        notes=list(JournalNote.objects.filter(plan=plan).select_related("author", "intervention__type")[:50])
        if journal else [],
        transitions=transitions,
        network=list(NetworkPerson.objects.filter(citizen=citizen)),
        current_version=PlanVersion.objects.filter(plan=plan, is_current=True).first(),
        today=today, hidden_scopes=hidden, supports=dict(supports),
    )


# Interventions of these catalogue categories are health information (the consent scope `health`).
HEALTH_CATEGORIES = frozenset({"treatment", "health"})
_WHOLE_PLAN = frozenset({Scope.INTERVENTIONS, Scope.HEALTH})


def delivered_by(actor: User) -> Q:
    """The interventions the actor delivers: they are responsible, or their unit provides it."""
    return Q(responsible=actor) | Q(provider_unit_id=actor.unit_id) if actor.unit_id else Q(responsible=actor)


def is_delivered_by(intervention: Intervention, actor: User) -> bool:
    return intervention.responsible_id == actor.pk or (
        actor.unit_id is not None and intervention.provider_unit_id == actor.unit_id)


def intervention_scope(intervention: Intervention) -> Scope:
    """The consent scope an intervention falls under: health information, or interventions."""
    return Scope.HEALTH if intervention.type.category in HEALTH_CATEGORIES else Scope.INTERVENTIONS


@dataclass
class PlanSummary:
    """What staff outside the citizen's consent see: that there is a plan, and who coordinates it."""

    citizen_id: int
    name: str
    plan_id: int
    coordinator: str
    coordinator_unit: str
    coordinator_email: str
    own_interventions: list[Intervention] = field(default_factory=list)


def _delivered(actor: User, grant: Grant, plan: Plan) -> QuerySet[Intervention]:
    """The plan's live interventions the actor delivers, if their relation lets them record on them."""
    if not allowed(grant, Action.EDIT_OWN_INTERVENTION):
        return Intervention.objects.none()
    return _interventions_qs().filter(delivered_by(actor), plan=plan, status__in=LIVE_INTERVENTION_STATUSES
                                      ).order_by("provider_unit__name", "start_date", "pk")


def plan_summary(*, actor: User, citizen_id: int) -> PlanSummary:
    """The plan's summary, for anyone with a relation to the citizen, whatever the consent. Audited."""
    citizen, grant = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                    purpose="plan_summary", scope=None)
    plan = Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).select_related(
        "coordinator__unit").first()
    if plan is None:
        raise NotFound(_("The citizen has no active plan."))
    unit = plan.coordinator.unit
    return PlanSummary(citizen_id=citizen.pk, name=citizen.full_name, plan_id=plan.pk,
                       coordinator=str(plan.coordinator), coordinator_unit=unit.name if unit else "",
                       coordinator_email=plan.coordinator.email,
                       own_interventions=list(_delivered(actor, grant, plan)))


def plan_history(*, actor: User, citizen_id: int) -> list[dict[str, Any]]:
    """Who changed what and when, newest first, across the plan and its parts."""
    citizen, _rel = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                   purpose="plan_history")
    plan_ids = list(Plan.objects.filter(citizen=citizen).values_list("pk", flat=True))
    entries: list[dict[str, Any]] = []
    sources: list[tuple[str, Any]] = [
        ("plan", Plan.history.filter(id__in=plan_ids)),
        ("goal", Goal.history.filter(plan_id__in=plan_ids)),
        ("intervention", Intervention.history.filter(plan_id__in=plan_ids)),
        ("follow_up", FollowUp.history.filter(plan_id__in=plan_ids)),
        ("meeting", Meeting.history.filter(plan_id__in=plan_ids)),
        ("transition", Transition.history.filter(plan_id__in=plan_ids)),
    ]
    for kind, qs in sources:
        for record in qs.select_related("history_user").order_by("-history_date")[:200]:
            changed: list[str] = []
            if record.history_type == "~" and record.prev_record is not None:
                delta = record.diff_against(record.prev_record)
                changed = [c.field for c in delta.changes if c.field != "version"]
            entries.append({
                "kind": kind, "object_id": record.id, "when": record.history_date,
                "who": str(record.history_user) if record.history_user else "",
                "action": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "fields": changed,
            })
    return sorted(entries, key=lambda e: e["when"], reverse=True)


@dataclass
class TeamMemberLoad:
    user: User
    active_plans: int
    overdue: int


def _team_members(actor: User) -> QuerySet[User]:
    if actor.role != Role.TEAM_LEADER or actor.unit is None:
        raise NotFound(_("The team overview is for team leaders."))
    return User.objects.filter(
        unit__path__startswith=actor.unit.path, role__in=CASE_HOLDING_ROLES, is_active=True
    ).select_related("unit")


def team_caseload(*, actor: User) -> list[TeamMemberLoad]:
    """Caseload per caseworker in the team leader's units (seed 003 works with 24 cases per advisor)."""
    today = _today()
    members = list(_team_members(actor).annotate(
        active_plans=Count(
            "coordinated_plans", filter=Q(coordinated_plans__status=PlanStatus.ACTIVE), distinct=True
        ),
    ).order_by("-active_plans", "last_name"))
    # The members' ids as a list, not the annotated queryset as a subquery: PostgreSQL misjudges that
    # subquery and scans every plan (about 100 ms at 100,000 citizens); with the ids it uses the index.
    overdue = dict(
        FollowUp.objects.filter(plan__coordinator__in=[m.pk for m in members], plan__status=PlanStatus.ACTIVE,
                                done_on__isnull=True, due_on__lt=today)
        .values_list("plan__coordinator")
        .annotate(n=Count("plan", distinct=True))
        .values_list("plan__coordinator", "n")
    )
    return [TeamMemberLoad(user=m, active_plans=m.active_plans, overdue=overdue.get(m.pk, 0))
            for m in members]


@dataclass
class OverdueRow:
    citizen_id: int
    name: str
    coordinator: str
    due_on: dt.date
    days_overdue: int


def team_overdue(*, actor: User, limit: int = 500) -> list[OverdueRow]:
    """Overdue follow-ups across the team leader's units, the longest overdue first."""
    today = _today()
    members = _team_members(actor)
    # Plain rows, not three model objects per line: a team's list runs to hundreds of lines.
    rows = (
        FollowUp.objects.filter(plan__coordinator__in=members, plan__status=PlanStatus.ACTIVE,
                                done_on__isnull=True, due_on__lt=today)
        .order_by("due_on")
        .values_list("plan__citizen_id", "plan__citizen__first_name", "plan__citizen__last_name",
                     "plan__coordinator__first_name", "plan__coordinator__last_name",
                     "plan__coordinator__username", "due_on")[:limit]
    )
    result = [
        # The names as Citizen.full_name and str(User) (User.get_full_name, else the user name) give them.
        OverdueRow(citizen_id=citizen_id, name=f"{first} {last}",
                   coordinator=f"{c_first} {c_last}".strip() or c_username, due_on=due_on,
                   days_overdue=(today - due_on).days)
        for citizen_id, first, last, c_first, c_last, c_username, due_on in rows
    ]
    audit_record_many(actor=actor, action="list", citizen_ids=[r.citizen_id for r in result],
                      purpose="team_overdue")
    return result


def case_holders(*, unit: OrgUnit | None = None) -> QuerySet[User]:
    """Staff who can hold a plan (for choosing a coordinating caseworker). Not personal data of citizens."""
    qs = User.objects.filter(role__in=CASE_HOLDING_ROLES, is_active=True)
    return qs.filter(unit=unit) if unit else qs


def units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.all()


def staff_members(*, unit_id: int | None = None) -> QuerySet[User]:
    """Active staff, optionally of one unit and the units below it (for choosing who is responsible)."""
    qs = User.objects.filter(is_active=True).select_related("unit").order_by("last_name", "first_name")
    if unit_id is None:
        return qs
    unit = OrgUnit.objects.filter(pk=unit_id).only("path").first()
    return qs.filter(unit__path__startswith=unit.path) if unit else qs.none()


def follow_up_list(*, actor: User, plan_id: int) -> list[FollowUp]:
    """The follow-ups of an active plan: open ones first (earliest due), then done ones (latest first).

    A plan that does not exist answers like one whose citizen the actor does not work with (404).
    """
    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.ACTIVE).only("id", "citizen_id").first()
    if plan is None:
        raise NotFound(CITIZEN_NOT_FOUND)
    citizen_access(actor=actor, citizen_id=plan.citizen_id, action=Action.VIEW, purpose="follow_up_list")
    follow_ups = FollowUp.objects.filter(plan=plan).select_related("done_by")

    def order(f: FollowUp) -> tuple[bool, dt.date, int, int]:
        if f.done_on is None:
            return (False, f.due_on, 0, f.pk)
        return (True, dt.date.max, -f.done_on.toordinal(), f.pk)

    return sorted(follow_ups, key=order)
