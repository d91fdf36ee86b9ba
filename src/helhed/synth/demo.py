"""The demo path: the synthetic municipality written through the real services.

Every citizen is registered, every goal, intervention, follow-up, meeting, note and transition is added by
the service a caseworker's click would call, so every rule, the history and the audit log apply. Fine for
a few hundred citizens; use `bulk.py` for benchmark scale.

The services assume things happen today. Synthetic plans have a past, so right after a service has
written a row, a few timestamps the services set to "now" are moved back to the spec's date (when the plan
started, when a version was adopted or a note written, the first follow-up's due date). Nothing else is
written around the services, apart from households, for which there is no service yet. Goals are dated
from the plan's start too, `history.py` adds the eviction notices of the year before (policy goals), and
`break_glass.py` a few break-the-glass accesses of the last weeks for the review lists.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from helhed.housing.demo import NOTICE_UNIT_KEY, housing_demo_write
from helhed.outcomes.demo import outcomes_demo_write
from helhed.people.models import Household
from helhed.people.services import citizen_create, network_person_add
from helhed.plans import services
from helhed.plans.models import FollowUp, Goal, JournalNote, Plan, PlanVersion
from helhed.staircase.services import scenario_sync, staircase_sync
from helhed.synth.break_glass import break_glass_write
from helhed.synth.generator import GENERATOR_VERSION, Municipality, citizen_specs
from helhed.synth.history import earlier_notices_write
from helhed.synth.models import SynthBuild
from helhed.synth.specs import CitizenSpec
from helhed.synth.writer import DEMO_PASSWORD, Registry, midday, organisation_write


def citizen_write(spec: CitizenSpec, reg: Registry) -> Plan:
    """Write one citizen and their plan through the services, as their coordinating caseworker would."""
    p = spec.plan
    actor = reg.staff[p.coordinator]
    household = None
    if spec.household is not None:
        if spec.household not in reg.households:
            reg.households[spec.household] = Household.objects.create(address=spec.address,
                                                                      postal_code=spec.postal_code).pk
        household = Household.objects.get(pk=reg.households[spec.household])
    citizen = citizen_create(actor=actor, cpr=spec.cpr, first_name=spec.first_name, last_name=spec.last_name,
                             address=spec.address, postal_code=spec.postal_code, district=spec.district,
                             household=household, is_synthetic=True)
    plan = services.plan_create(actor=actor, cpr=spec.cpr, vision=p.vision,
                                follow_up_interval_days=p.follow_up_interval_days)
    started = midday(p.started_on)
    Plan.objects.filter(pk=plan.pk).update(created_at=started)
    PlanVersion.objects.filter(plan=plan).update(adopted_at=started)
    FollowUp.objects.filter(plan=plan, done_on__isnull=True).update(due_on=p.follow_ups[0].due_on)
    if p.consent_on is not None:
        plan = services.plan_update(
            actor=actor, plan_id=plan.pk, expected_version=plan.version, vision=p.vision,
            follow_up_interval_days=p.follow_up_interval_days, holistic_consent=True,
            holistic_consent_on=p.consent_on, holistic_consent_form=p.consent_form,
        )
    network = [
        network_person_add(citizen=citizen, name=n.name, role=n.role, may_take_part=n.may_take_part,
                           is_synthetic=True)
        for n in spec.network
    ]
    goals = []
    for g in p.goals:
        goal = services.goal_add(actor=actor, plan_id=plan.pk, life_domain=g.life_domain,
                                 citizen_wording=g.wording, target_date=g.target_date,
                                 staff_note=g.staff_note)
        if g.status != "open":
            goal = services.goal_update(actor=actor, goal_id=goal.pk, expected_version=goal.version,
                                        life_domain=g.life_domain, citizen_wording=g.wording,
                                        target_date=g.target_date, status=g.status, staff_note=g.staff_note)
        goals.append(goal)
    # Goals date from the plan's start: the analytics export reads what a plan held on a period's last day.
    Goal.objects.filter(plan=plan).update(created_at=started)
    interventions = []
    for i in p.interventions:
        ended = i.status == "ended"
        item = services.intervention_add(
            actor=actor, plan_id=plan.pk, type_id=reg.types[i.code].pk, provider_unit_id=reg.units[i.unit].pk,
            requested_on=i.requested_on, status="active" if ended else i.status, decided_on=i.decided_on,
            start_date=i.start_date, end_date=None if ended else i.end_date, hours_per_week=i.hours_per_week,
            annual_cost=i.annual_cost, responsible_id=reg.user_id(i.responsible),
            goal_ids=[goals[n].pk for n in i.goals],
        )
        if ended and i.end_date is not None:
            item = services.intervention_end(actor=actor, intervention_id=item.pk,
                                             expected_version=item.version, end_date=i.end_date,
                                             reason=i.end_reason, note=i.end_note)
        interventions.append(item)
    for f in p.follow_ups:
        if f.goal is None and f.done_on is not None:
            services.follow_up_record(actor=actor, plan_id=plan.pk, note=f.note, done_on=f.done_on)
    for f in p.follow_ups:
        if f.goal is not None:
            services.follow_up_schedule(actor=actor, plan_id=plan.pk, due_on=f.due_on,
                                        goal_id=goals[f.goal].pk)
    for m in p.meetings:
        services.meeting_add(
            actor=actor, plan_id=plan.pk, held_on=m.held_on, title=m.title, citizen_present=m.citizen_present,
            staff_ids=[reg.staff[k].pk for k in m.staff], network_ids=[network[n].pk for n in m.network],
            other_participants=m.other_participants, summary=m.summary,
        )
    for t in p.transitions:
        services.transition_add(actor=actor, plan_id=plan.pk, kind=t.kind, expected_on=t.expected_on,
                                not_needed=list(t.not_needed), note=t.note)
    for n in p.notes:
        linked = interventions[n.intervention].pk if n.intervention is not None else None
        note = services.note_add(actor=reg.staff[n.author], plan_id=plan.pk, text=n.text,
                                 intervention_id=linked)
        JournalNote.objects.filter(pk=note.pk).update(created_at=n.written_at)
    for v in p.versions:
        version = services.plan_version_adopt(actor=actor, plan_id=plan.pk, note=v.note)
        PlanVersion.objects.filter(pk=version.pk).update(adopted_at=midday(v.adopted_on))
    return plan


def build_demo(m: Municipality, *, progress: Callable[[int], None] | None = None) -> SynthBuild:
    """Write the whole municipality through the services in one transaction (all or nothing)."""
    started = timezone.now()
    with transaction.atomic():
        build = SynthBuild.objects.create(path=SynthBuild.Path.DEMO, seed=m.seed, citizens=m.citizens,
                                          today=m.today, generator_version=GENERATOR_VERSION)
        reg = organisation_write(m.organisation, bulk=False)
        specs: Iterable[CitizenSpec] = citizen_specs(m)
        plans: list[Plan] = []
        for spec in specs:
            plans.append(citizen_write(spec, reg))
            if progress is not None:
                progress(1)
        # The other parts of Helhed on the same citizens, each from its own seeded stream so adding one
        # does not change the others.
        staircase_sync()
        scenario_sync()
        outcomes_demo_write(random.Random(f"{m.seed}-outcomes"), plans, today=m.today)
        housing_demo_write(random.Random(f"{m.seed}-housing"), plans=plans, units=reg.units,
                           password_hash=make_password(DEMO_PASSWORD))
        earlier_notices_write(random.Random(f"{m.seed}-earlier-notices"), plans,
                              receiving=reg.units.get(NOTICE_UNIT_KEY))
        break_glass_write(random.Random(f"{m.seed}-break-glass"), plans, reg, today=m.today)
        build.finished_at = timezone.now()
        build.seconds = (build.finished_at - started).total_seconds()
        build.save(update_fields=["finished_at", "seconds"])
    return build
