"""Every write to a plan. Keyword-only, one transaction each, access checked, history recorded.

Errors are DomainErrors with a message a caseworker can act on; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record
from helhed.access.policy import Action, Scope, allowed
from helhed.access.relations import relations_of
from helhed.access.selectors import NOT_FOUND, Grant, citizen_access
from helhed.catalog.models import InterventionType
from helhed.core.concurrency import save_versioned
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.people.choices import CASE_HOLDING_ROLES, NetworkRole
from helhed.people.models import Citizen, NetworkPerson, OrgUnit, User
from helhed.people.services import citizen_create, citizen_lookup_by_cpr, network_person_add
from helhed.plans.choices import (
    ConsentForm,
    EndReason,
    GoalStatus,
    InterventionStatus,
    LifeDomain,
    PlanStatus,
    TransitionKind,
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
from helhed.plans.selectors import is_delivered_by


def _today() -> dt.date:
    return timezone.localdate()


def _plan_for(actor: User, plan_id: int, action: Action, purpose: str) -> tuple[Plan, Grant]:
    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.ACTIVE).select_related("citizen").first()
    if plan is None:
        # The same answer as for a citizen the actor does not work with: ids must not tell what exists.
        raise NotFound(NOT_FOUND)
    _citizen, relations = citizen_access(
        actor=actor, citizen_id=plan.citizen_id, action=action, purpose=purpose
    )
    return plan, relations


def _clean_text(value: str, *, field: str, label: Any, required: bool = True, max_length: int = 5000) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("%(label)s cannot be empty.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationError(
            _("%(label)s is too long (at most %(n)s characters).") % {"label": label, "n": max_length},
            field=field,
        )
    return text


def _choice(value: str, choices: Any, *, field: str, label: Any) -> str:
    if value not in choices.values:
        raise ValidationError(_("Choose a valid %(label)s.") % {"label": label}, field=field)
    return value


def _interval(days: Any) -> int:
    try:
        number = int(days)
    except (TypeError, ValueError):
        number = 0  # not a number of days: the same answer as one out of range
    if not 7 <= number <= 366:
        raise ValidationError(
            _("Follow up between every 7 and every 366 days."), field="follow_up_interval_days"
        )
    return number


def _decimal(value: Any, *, field: str, low: Decimal, high: Decimal, label: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("%(label)s must be a number.") % {"label": label}, field=field) from None
    if not low <= number <= high:
        raise ValidationError(
            _("%(label)s must be between %(low)s and %(high)s.") % {"label": label, "low": low, "high": high},
            field=field,
        )
    return number


def _snapshot(plan: Plan) -> dict[str, Any]:
    """What the plan said when a version was adopted (kept for the citizen's file)."""
    return {
        "vision": plan.vision,
        "coordinator": str(plan.coordinator),
        "goals": [
            {"id": g.pk, "life_domain": g.life_domain, "wording": g.citizen_wording, "status": g.status,
             "target_date": g.target_date.isoformat() if g.target_date else None}
            for g in plan.goals.all()
        ],
        "interventions": [
            {"id": i.pk, "type": i.type.code, "provider_unit": i.provider_unit.name, "status": i.status,
             "start_date": i.start_date.isoformat() if i.start_date else None,
             "end_date": i.end_date.isoformat() if i.end_date else None,
             "goals": sorted(g.pk for g in i.goals.all())}
            for i in plan.interventions.select_related("type", "provider_unit").prefetch_related("goals")
        ],
    }


def _follow_up_create(plan: Plan, *, actor: User, due_on: dt.date, goal: Goal | None = None) -> FollowUp:
    """Schedule a follow-up; its history names the actor (services also run outside web requests)."""
    follow_up = FollowUp(plan=plan, goal=goal, due_on=due_on)
    follow_up._history_user = actor  # type: ignore[attr-defined]
    follow_up.save()
    return follow_up


def _new_version(plan: Plan, *, actor: User, note: str) -> PlanVersion:
    previous = PlanVersion.objects.filter(plan=plan, is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    return PlanVersion.objects.create(
        plan=plan, number=(previous.number + 1) if previous else 1, previous_version=previous,
        is_current=True, adopted_by=actor, note=note, snapshot=_snapshot(plan),
    )


def _create_plan(*, actor: User, citizen: Citizen, vision: str, follow_up_interval_days: int,
                 coordinator: User | None = None) -> Plan:
    coordinator = coordinator or actor
    if coordinator.role not in CASE_HOLDING_ROLES:
        raise ValidationError(
            _("The coordinating caseworker must be a caseworker or team leader."), field="coordinator"
        )
    existing = (
        Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).select_related("coordinator").first()
    )
    if existing is not None:
        raise ValidationError(
            _("The citizen already has an active plan, held by %(name)s. A citizen has one plan: "
              "add to it instead.") % {"name": existing.coordinator},
            field="citizen",
        )
    try:
        with transaction.atomic():
            plan = Plan(
                citizen=citizen, coordinator=coordinator, created_by=actor,
                vision=_clean_text(vision, field="vision", label=_("The vision"), required=False),
                follow_up_interval_days=_interval(follow_up_interval_days),
            )
            plan._history_user = actor  # type: ignore[attr-defined]
            plan.save()
    except IntegrityError:
        raise ValidationError(
            _("The citizen already has an active plan (someone created it a moment ago). Open it instead."),
            field="citizen",
        ) from None
    _follow_up_create(plan, actor=actor, due_on=_today() + dt.timedelta(days=plan.follow_up_interval_days))
    _new_version(plan, actor=actor, note=str(_("Plan created")))
    audit_record(actor=actor, action="create", citizen_id=citizen.pk, object_type="plan", object_id=plan.pk,
                 purpose="plan_create")
    return plan


@transaction.atomic
def citizen_register(
    *, actor: User, cpr: str, first_name: str, last_name: str, address: str = "", postal_code: str = "",
    district: str = "", vision: str = "", follow_up_interval_days: int = 90, is_synthetic: bool = False,
) -> Plan:
    """Register a new citizen and open their plan, with the actor as coordinating caseworker."""
    citizen = citizen_create(
        actor=actor, cpr=cpr, first_name=first_name, last_name=last_name, address=address,
        postal_code=postal_code, district=district, is_synthetic=is_synthetic,
    )
    return _create_plan(
        actor=actor, citizen=citizen, vision=vision, follow_up_interval_days=follow_up_interval_days
    )


@transaction.atomic
def plan_create(*, actor: User, cpr: str, vision: str = "", follow_up_interval_days: int = 90) -> Plan:
    """Open a plan for a registered citizen who has none (found by CPR number, which the citizen gave)."""
    if actor.role not in CASE_HOLDING_ROLES:
        raise PermissionDenied(_("Only caseworkers and team leaders can open plans."))
    from helhed.core.cpr import CPR

    citizen = citizen_lookup_by_cpr(CPR.parse(cpr))
    if citizen is None:
        raise NotFound(_("No citizen with that CPR number. Register the citizen first."))
    return _create_plan(
        actor=actor, citizen=citizen, vision=vision, follow_up_interval_days=follow_up_interval_days
    )


@transaction.atomic
def plan_update(
    *, actor: User, plan_id: int, expected_version: int, vision: str, follow_up_interval_days: int,
    holistic_consent: bool = False, holistic_consent_on: dt.date | None = None,
    holistic_consent_form: str = "",
) -> Plan:
    plan, _rel = _plan_for(actor, plan_id, Action.EDIT_PLAN, "plan_update")
    if holistic_consent:
        if holistic_consent_on is None or holistic_consent_on > _today():
            raise ValidationError(_("Give the date the citizen consented (not in the future)."),
                                  field="holistic_consent_on")
        _choice(holistic_consent_form, ConsentForm, field="holistic_consent_form", label=_("form of consent"))
    fields = {
        "vision": _clean_text(vision, field="vision", label=_("The vision"), required=False),
        "follow_up_interval_days": _interval(follow_up_interval_days),
        "holistic_consent": holistic_consent,
        "holistic_consent_on": holistic_consent_on if holistic_consent else None,
        "holistic_consent_form": holistic_consent_form if holistic_consent else "",
    }
    return save_versioned(plan, expected_version=expected_version, fields=fields, actor=actor)


@transaction.atomic
def plan_version_adopt(*, actor: User, plan_id: int, note: str) -> PlanVersion:
    """Adopt the plan as it stands as a new version (e.g. after a network meeting with the citizen)."""
    plan, _rel = _plan_for(actor, plan_id, Action.EDIT_PLAN, "plan_version_adopt")
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    note = _clean_text(note, field="note", label=_("The note"), required=False)
    return _new_version(plan, actor=actor, note=note)


@transaction.atomic
def plan_close(*, actor: User, plan_id: int, reason: str, expected_version: int | None = None) -> Plan:
    """Close the plan. Counts as a change of the plan header: an edit based on an older version conflicts."""
    plan, _rel = _plan_for(actor, plan_id, Action.CLOSE_PLAN, "plan_close")
    reason = _clean_text(reason, field="reason", label=_("The reason"))
    live = plan.interventions.exclude(status=InterventionStatus.ENDED).count()
    if live:
        raise ValidationError(
            _("End the plan's %(n)s running interventions before closing it.") % {"n": live}, field="reason"
        )
    return save_versioned(
        plan, expected_version=plan.version if expected_version is None else expected_version, actor=actor,
        fields={"status": PlanStatus.CLOSED, "closed_on": _today(), "closed_reason": reason},
    )


@transaction.atomic
def plan_reassign(
    *, actor: User, plan_id: int, coordinator_id: int, expected_version: int | None = None
) -> Plan:
    """Hand the plan to another coordinating caseworker (a change of the header, versioned like an edit)."""
    plan, _rel = _plan_for(actor, plan_id, Action.REASSIGN_COORDINATOR, "plan_reassign")
    coordinator = User.objects.filter(pk=coordinator_id, is_active=True).first()
    if coordinator is None or coordinator.role not in CASE_HOLDING_ROLES:
        raise ValidationError(
            _("Choose an active caseworker as coordinating caseworker."), field="coordinator"
        )
    return save_versioned(
        plan, expected_version=plan.version if expected_version is None else expected_version, actor=actor,
        fields={"coordinator": coordinator},
    )


def _goal_fields(
    life_domain: str, citizen_wording: str, target_date: dt.date | None, staff_note: str
) -> dict[str, Any]:
    return {
        "life_domain": _choice(life_domain, LifeDomain, field="life_domain", label=_("life domain")),
        "citizen_wording": _clean_text(citizen_wording, field="citizen_wording",
                                       label=_("The goal in the citizen's words"), max_length=1000),
        "target_date": target_date,
        "staff_note": _clean_text(staff_note, field="staff_note", label=_("The note"), required=False),
    }


@transaction.atomic
def goal_add(
    *, actor: User, plan_id: int, life_domain: str, citizen_wording: str, target_date: dt.date | None = None,
    staff_note: str = "",
) -> Goal:
    plan, _rel = _plan_for(actor, plan_id, Action.EDIT_PLAN, "goal_add")
    fields = _goal_fields(life_domain, citizen_wording, target_date, staff_note)
    goal = Goal(plan=plan, created_by=actor, **fields)
    goal._history_user = actor  # type: ignore[attr-defined]
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *, actor: User, goal_id: int, expected_version: int, life_domain: str, citizen_wording: str,
    target_date: dt.date | None, status: str, staff_note: str = "",
) -> Goal:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        raise NotFound(NOT_FOUND)
    _plan_for(actor, goal.plan_id, Action.EDIT_PLAN, "goal_update")
    fields = _goal_fields(life_domain, citizen_wording, target_date, staff_note)
    fields["status"] = _choice(status, GoalStatus, field="status", label=_("status"))
    return save_versioned(goal, expected_version=expected_version, fields=fields, actor=actor)


def _intervention_fields(
    plan: Plan, *, status: str, requested_on: dt.date, decided_on: dt.date | None, start_date: dt.date | None,
    end_date: dt.date | None, hours_per_week: Any, annual_cost: Any, responsible_id: int | None,
    provider_unit_id: int,
) -> dict[str, Any]:
    _choice(status, InterventionStatus, field="status", label=_("status"))
    if status == InterventionStatus.ENDED:
        raise ValidationError(
            _("End an intervention with 'End intervention', giving a reason."), field="status"
        )
    unit = OrgUnit.objects.filter(pk=provider_unit_id).first()
    if unit is None:
        raise ValidationError(_("Choose the unit that provides the intervention."), field="provider_unit")
    responsible = None
    if responsible_id:
        responsible = User.objects.filter(pk=responsible_id, is_active=True).first()
        if responsible is None:
            raise ValidationError(_("Choose an active staff member as responsible."), field="responsible")
    if requested_on > _today():
        raise ValidationError(_("The request date cannot be in the future."), field="requested_on")
    if decided_on and decided_on < requested_on:
        raise ValidationError(_("The decision cannot come before the request."), field="decided_on")
    if start_date and end_date and end_date < start_date:
        raise ValidationError(_("The end date cannot be before the start date."), field="end_date")
    if status in (InterventionStatus.DECIDED, InterventionStatus.ACTIVE) and decided_on is None:
        decided_on = requested_on if status == InterventionStatus.ACTIVE else _today()
    if status == InterventionStatus.ACTIVE and start_date is None:
        raise ValidationError(_("An active intervention needs a start date."), field="start_date")
    return {
        "status": status, "requested_on": requested_on, "decided_on": decided_on, "start_date": start_date,
        "end_date": end_date, "provider_unit": unit, "responsible": responsible,
        "hours_per_week": _decimal(hours_per_week, field="hours_per_week", low=Decimal(0), high=Decimal(168),
                                   label=_("Hours per week")),
        "annual_cost": _decimal(annual_cost, field="annual_cost", low=Decimal(0), high=Decimal("9999999999"),
                                label=_("The cost per year")),
    }


def _goals_of(plan: Plan, goal_ids: list[int]) -> list[Goal]:
    goals = list(Goal.objects.filter(plan=plan, pk__in=goal_ids))
    if len(goals) != len(set(goal_ids)):
        raise ValidationError(_("Link only to goals on this plan."), field="goals")
    return goals


@transaction.atomic
def intervention_add(
    *, actor: User, plan_id: int, type_id: int, provider_unit_id: int, requested_on: dt.date,
    status: str = InterventionStatus.REQUESTED, decided_on: dt.date | None = None,
    start_date: dt.date | None = None, end_date: dt.date | None = None, hours_per_week: Any = None,
    annual_cost: Any = None, responsible_id: int | None = None, goal_ids: list[int] | None = None,
) -> Intervention:
    plan, _rel = _plan_for(actor, plan_id, Action.ADD_INTERVENTION, "intervention_add")
    itype = InterventionType.objects.filter(pk=type_id, is_active=True).select_related("legal_basis").first()
    if itype is None:
        raise ValidationError(_("Choose an intervention type from the catalogue."), field="type")
    fields = _intervention_fields(
        plan, status=status, requested_on=requested_on, decided_on=decided_on, start_date=start_date,
        end_date=end_date, hours_per_week=hours_per_week, annual_cost=annual_cost,
        responsible_id=responsible_id, provider_unit_id=provider_unit_id,
    )
    intervention = Intervention(
        plan=plan, type=itype, legal_basis=itype.legal_basis, created_by=actor, **fields
    )
    intervention._history_user = actor  # type: ignore[attr-defined]
    intervention.save()
    intervention.goals.set(_goals_of(plan, goal_ids or []))
    return intervention


def _intervention_for_edit(
    actor: User, intervention_id: int, purpose: str
) -> tuple[Intervention, bool, bool]:
    """The intervention, whether the actor may change anything on it (or only deliver it, as its unit),
    and whether they may read the plan's goals (outside the citizen's consent a provider may not).

    The access check and audit record name the action actually taken (edit any / edit own intervention).
    """
    intervention = Intervention.objects.filter(pk=intervention_id).select_related("plan").first()
    if intervention is None:
        raise NotFound(NOT_FOUND)
    relations = relations_of(actor, intervention.plan.citizen_id)
    own = is_delivered_by(intervention, actor)
    may_edit_any = allowed(relations, Action.EDIT_ANY_INTERVENTION)
    if not may_edit_any and relations and not own:
        raise PermissionDenied(
            _("Only the coordinating caseworker or the providing unit can change this intervention.")
        )
    action = Action.EDIT_ANY_INTERVENTION if may_edit_any or not own else Action.EDIT_OWN_INTERVENTION
    _plan, grant = _plan_for(actor, intervention.plan_id, action, purpose)
    if intervention.status == InterventionStatus.ENDED:
        raise ValidationError(_("The intervention has ended and can no longer be changed."))
    return intervention, may_edit_any, grant.reads(Scope.PLAN_GOALS)


def _check_delivery_change(actor: User, intervention: Intervention, *, provider_unit_id: int,
                           responsible_id: int | None) -> None:
    """Staff who only deliver an intervention may not hand it to another unit or to someone outside theirs.

    Either would give other staff the citizen's whole plan (access follows the providing unit and the
    responsible person): that is for the coordinating caseworker to decide.
    """
    if provider_unit_id != intervention.provider_unit_id:
        raise PermissionDenied(
            _("Only the coordinating caseworker can hand an intervention to another unit."),
            field="provider_unit",
        )
    new_responsible = responsible_id or None  # 0 and None both mean "nobody"
    if new_responsible is None or new_responsible in (intervention.responsible_id, actor.pk):
        return
    if not User.objects.filter(pk=new_responsible, unit_id=intervention.provider_unit_id).exists():
        raise PermissionDenied(
            _("Choose someone from the providing unit as responsible, or ask the coordinating caseworker."),
            field="responsible",
        )


@transaction.atomic
def intervention_update(
    *, actor: User, intervention_id: int, expected_version: int, status: str, requested_on: dt.date,
    provider_unit_id: int, decided_on: dt.date | None = None, start_date: dt.date | None = None,
    end_date: dt.date | None = None, hours_per_week: Any = None, annual_cost: Any = None,
    responsible_id: int | None = None, goal_ids: list[int] | None = None,
) -> Intervention:
    intervention, may_edit_any, sees_goals = _intervention_for_edit(
        actor, intervention_id, "intervention_update")
    if not may_edit_any:
        _check_delivery_change(actor, intervention, provider_unit_id=provider_unit_id,
                               responsible_id=responsible_id)
    if not sees_goals:
        # Outside the citizen's consent the goals are not shown: their links stay as the plan has them.
        if goal_ids:
            raise PermissionDenied(_("The plan's goals are not shared with your unit: link goals with the "
                                     "coordinating caseworker."), field="goals")
        goal_ids = None
    fields = _intervention_fields(
        intervention.plan, status=status, requested_on=requested_on, decided_on=decided_on,
        start_date=start_date, end_date=end_date, hours_per_week=hours_per_week, annual_cost=annual_cost,
        responsible_id=responsible_id, provider_unit_id=provider_unit_id,
    )
    goals = _goals_of(intervention.plan, goal_ids) if goal_ids is not None else None
    intervention = save_versioned(intervention, expected_version=expected_version, fields=fields, actor=actor)
    if goals is not None:
        intervention.goals.set(goals)
    return intervention


@transaction.atomic
def intervention_end(
    *, actor: User, intervention_id: int, expected_version: int, end_date: dt.date, reason: str,
    note: str = "",
) -> Intervention:
    intervention, _any, _goals = _intervention_for_edit(actor, intervention_id, "intervention_end")
    _choice(reason, EndReason, field="end_reason", label=_("reason for ending"))
    if end_date > _today():
        # 'Ended' takes the intervention out of the plan checks and ends its unit's access at once; an end
        # decided for a later date is an end date on the running intervention.
        raise ValidationError(
            _("An intervention can only be ended today or earlier. To end it later, set its end date."),
            field="end_date",
        )
    if intervention.start_date and end_date < intervention.start_date:
        raise ValidationError(_("The end date cannot be before the start date."), field="end_date")
    return save_versioned(intervention, expected_version=expected_version, actor=actor, fields={
        "status": InterventionStatus.ENDED, "end_date": end_date, "end_reason": reason,
        "end_note": _clean_text(note, field="end_note", label=_("The note"), required=False),
    })


@transaction.atomic
def follow_up_record(
    *, actor: User, plan_id: int, note: str, done_on: dt.date | None = None, goal_id: int | None = None,
) -> FollowUp:
    """Record a follow-up: closes the earliest open one (or records an extra one) and schedules the next."""
    plan, _rel = _plan_for(actor, plan_id, Action.RECORD_FOLLOW_UP, "follow_up_record")
    done_on = done_on or _today()
    if done_on > _today():
        raise ValidationError(_("A follow-up cannot be recorded in the future."), field="done_on")
    note = _clean_text(note, field="note", label=_("The follow-up note"))
    goal = Goal.objects.filter(plan=plan, pk=goal_id).first() if goal_id else None
    if goal_id and goal is None:
        raise ValidationError(_("Link only to goals on this plan."), field="goal")
    # A follow-up on a goal closes that goal's next one; a general follow-up closes the next general one
    # (never a goal's, which would leave the goal without the follow-up planned for it).
    pending = plan.follow_ups.select_for_update().filter(done_on__isnull=True)
    pending = pending.filter(goal=goal) if goal is not None else pending.filter(goal__isnull=True)
    follow_up = pending.order_by("due_on").first() or FollowUp(plan=plan, goal=goal, due_on=done_on)
    follow_up.done_on, follow_up.done_by, follow_up.note = done_on, actor, note
    follow_up._history_user = actor  # type: ignore[attr-defined]
    follow_up.save()
    if not plan.follow_ups.filter(done_on__isnull=True, goal__isnull=True).exists():
        _follow_up_create(plan, actor=actor, due_on=done_on + dt.timedelta(days=plan.follow_up_interval_days))
    return follow_up


@transaction.atomic
def follow_up_schedule(*, actor: User, plan_id: int, due_on: dt.date, goal_id: int | None = None) -> FollowUp:
    plan, _rel = _plan_for(actor, plan_id, Action.RECORD_FOLLOW_UP, "follow_up_schedule")
    if due_on < _today():
        raise ValidationError(_("Schedule a follow-up today or later."), field="due_on")
    goal = Goal.objects.filter(plan=plan, pk=goal_id).first() if goal_id else None
    if goal_id and goal is None:
        raise ValidationError(_("Link only to goals on this plan."), field="goal")
    return _follow_up_create(plan, actor=actor, due_on=due_on, goal=goal)


@transaction.atomic
def note_add(*, actor: User, plan_id: int, text: str, intervention_id: int | None = None) -> JournalNote:
    plan, _rel = _plan_for(actor, plan_id, Action.ADD_NOTE, "note_add")
    intervention = None
    if intervention_id:
        intervention = plan.interventions.filter(pk=intervention_id).first()
        if intervention is None:
            raise ValidationError(_("Link only to interventions on this plan."), field="intervention")
    return JournalNote.objects.create(
        plan=plan, intervention=intervention, author=actor,
        text=_clean_text(text, field="text", label=_("The note"), max_length=20000),
    )


@transaction.atomic
def meeting_add(
    *, actor: User, plan_id: int, held_on: dt.datetime, title: str, citizen_present: bool = True,
    staff_ids: list[int] | None = None, network_ids: list[int] | None = None, other_participants: str = "",
    summary: str = "",
) -> Meeting:
    plan, _rel = _plan_for(actor, plan_id, Action.ADD_MEETING, "meeting_add")
    network = list(NetworkPerson.objects.filter(citizen=plan.citizen, pk__in=network_ids or []))
    if len(network) != len(set(network_ids or [])):
        raise ValidationError(_("Choose only people from the citizen's network."), field="network")
    if any(not p.may_take_part for p in network):
        raise ValidationError(
            _("The citizen has not agreed that %(names)s take part.")
            % {"names": ", ".join(p.name for p in network if not p.may_take_part)},
            field="network",
        )
    staff = list(User.objects.filter(pk__in=staff_ids or [], is_active=True))
    if len(staff) != len(set(staff_ids or [])):
        raise ValidationError(_("Choose only active staff members."), field="staff")
    meeting = Meeting(
        plan=plan, held_on=held_on, created_by=actor, citizen_present=citizen_present,
        title=_clean_text(title, field="title", label=_("The title"), max_length=200),
        other_participants=_clean_text(
            other_participants, field="other_participants", label=_("Participants"), required=False
        ),
        summary=_clean_text(
            summary, field="summary", label=_("The summary"), required=False, max_length=20000
        ),
    )
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save()
    meeting.staff.set(staff)
    meeting.network.set(network)
    return meeting


NEEDS = ("housing", "income", "treatment", "support", "day_activity")


@transaction.atomic
def transition_add(
    *, actor: User, plan_id: int, kind: str, expected_on: dt.date, not_needed: list[str] | None = None,
    note: str = "",
) -> Transition:
    plan, _rel = _plan_for(actor, plan_id, Action.EDIT_PLAN, "transition_add")
    _choice(kind, TransitionKind, field="kind", label=_("transition"))
    if kind in (TransitionKind.TURNING_18, TransitionKind.PENSION_AGE):
        raise ValidationError(
            _("Turning 18 and pension age follow from the birth date; no need to add them."), field="kind"
        )
    unknown = set(not_needed or []) - set(NEEDS)
    if unknown:
        raise ValidationError(
            _("Unknown need: %(n)s.") % {"n": ", ".join(sorted(unknown))}, field="not_needed"
        )
    if not_needed and not note.strip():
        raise ValidationError(_("Say why a need is not relevant."), field="note")
    transition = Transition(
        plan=plan, kind=kind, expected_on=expected_on, not_needed=sorted(set(not_needed or [])),
        note=note.strip(), created_by=actor,
    )
    transition._history_user = actor  # type: ignore[attr-defined]
    transition.save()
    return transition


@transaction.atomic
def network_add(
    *, actor: User, plan_id: int, name: str, role: str, phone: str = "", may_take_part: bool = False,
) -> NetworkPerson:
    plan, _rel = _plan_for(actor, plan_id, Action.EDIT_PLAN, "network_add")
    _choice(role, NetworkRole, field="role", label=_("relation"))
    return network_person_add(
        citizen=plan.citizen, name=name, role=role, phone=phone, may_take_part=may_take_part
    )
