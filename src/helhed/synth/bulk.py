"""The bulk path: the synthetic municipality at benchmark scale, written with `bulk_create` in batches.

For synthetic data only. It bypasses the services for speed: no access checks, no audit events, no
django-simple-history rows, no validation beyond what the generator guarantees. It still respects every
database constraint (one active plan per citizen, one current PlanVersion per plan with its chain of
previous versions, end dates not before start dates, ended interventions with a reason, hours within a
week), and writes the same rows the demo path writes for the same seed, apart from that history.

Each batch is one transaction; the `SynthBuild` row is marked finished only when every batch is in.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.cpr import CPR
from helhed.core.cpr_vault import cpr_encrypt, cpr_lookup_hash
from helhed.people.models import Citizen, Household, NetworkPerson
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
from helhed.synth.generator import GENERATOR_VERSION, Municipality, citizen_specs
from helhed.synth.models import SynthBuild
from helhed.synth.specs import CitizenSpec
from helhed.synth.writer import Registry, midday, organisation_write

BATCH = 1000


@dataclass
class Timings:
    """Seconds spent per step, summed over batches (reported by `helhed synth` and the benchmark)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, step: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[step] = self.seconds.get(step, 0.0) + now - since
        return now


def _snapshot(spec: CitizenSpec, coordinator: str, goals: list[Goal], interventions: list[Intervention],
              reg: Registry) -> dict[str, Any]:
    """The same shape as plans.services._snapshot, built from the spec instead of re-reading the rows."""
    p = spec.plan
    return {
        "vision": p.vision,
        "coordinator": coordinator,
        "goals": [
            {"id": g.pk, "life_domain": s.life_domain, "wording": s.wording, "status": s.status,
             "target_date": s.target_date.isoformat() if s.target_date else None}
            for g, s in zip(goals, p.goals, strict=True)
        ],
        "interventions": [
            {"id": i.pk, "type": s.code, "provider_unit": reg.units[s.unit].name, "status": s.status,
             "start_date": s.start_date.isoformat() if s.start_date else None,
             "end_date": s.end_date.isoformat() if s.end_date else None,
             "goals": sorted(goals[n].pk for n in s.goals)}
            for i, s in zip(interventions, p.interventions, strict=True)
        ],
    }


@contextmanager
def _keeping_given_timestamps() -> Iterator[None]:
    """Let bulk_create keep the back-dated `created_at`/`adopted_at` the specs give (Django would set "now").

    Only while the bulk path inserts, in this process (the CLI and the benchmark's build step).
    """
    fields = [Plan._meta.get_field("created_at"), JournalNote._meta.get_field("created_at"),
              PlanVersion._meta.get_field("adopted_at")]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _batch_write(specs: list[CitizenSpec], reg: Registry, timings: Timings) -> None:
    t = time.perf_counter()
    cprs = [CPR.parse(s.cpr) for s in specs]
    encrypted = [(cpr_lookup_hash(c), cpr_encrypt(c)) for c in cprs]
    t = timings.add("encrypt CPR (Fernet) and hash", t)

    new_households = {s.household: Household(address=s.address, postal_code=s.postal_code)
                      for s in specs if s.household is not None and s.household not in reg.households}
    Household.objects.bulk_create(list(new_households.values()))
    reg.households.update({k: h.pk for k, h in new_households.items()})
    citizens = [
        Citizen(cpr_hash=h, cpr_encrypted=e, birth_date=c.birth_date, has_replacement_cpr=c.is_replacement,
                first_name=s.first_name, last_name=s.last_name, address=s.address, postal_code=s.postal_code,
                district=s.district, household_id=reg.households.get(s.household) if s.household else None,
                is_synthetic=True, search_name=f"{s.first_name} {s.last_name}".lower())
        for s, c, (h, e) in zip(specs, cprs, encrypted, strict=True)
    ]
    Citizen.objects.bulk_create(citizens)
    network = [[NetworkPerson(citizen=c, name=n.name, role=n.role, may_take_part=n.may_take_part,
                              is_synthetic=True)
                for n in s.network] for s, c in zip(specs, citizens, strict=True)]
    NetworkPerson.objects.bulk_create([n for ns in network for n in ns])
    t = timings.add("citizens, households, network", t)

    plans = []
    for s, c in zip(specs, citizens, strict=True):
        p, coordinator = s.plan, reg.staff[s.plan.coordinator]
        plans.append(Plan(
            citizen=c, coordinator=coordinator, created_by=coordinator, vision=p.vision,
            follow_up_interval_days=p.follow_up_interval_days, holistic_consent=p.consent_on is not None,
            holistic_consent_on=p.consent_on, holistic_consent_form=p.consent_form,
            version=2 if p.consent_on is not None else 1,  # as after plan_update recorded the consent
            created_at=midday(p.started_on),
        ))
    Plan.objects.bulk_create(plans)
    goals = [[Goal(plan=plan, life_domain=g.life_domain, citizen_wording=g.wording, staff_note=g.staff_note,
                   target_date=g.target_date, status=g.status, created_by=plan.coordinator,
                   version=1 if g.status == "open" else 2)
              for g in s.plan.goals] for s, plan in zip(specs, plans, strict=True)]
    Goal.objects.bulk_create([g for gs in goals for g in gs])
    interventions = []
    for s, plan in zip(specs, plans, strict=True):
        row = []
        for i in s.plan.interventions:
            itype = reg.types[i.code]
            row.append(Intervention(
                plan=plan, type=itype, legal_basis_id=itype.legal_basis_id, provider_unit=reg.units[i.unit],
                responsible_id=reg.user_id(i.responsible), status=i.status, requested_on=i.requested_on,
                decided_on=i.decided_on, start_date=i.start_date, end_date=i.end_date,
                hours_per_week=i.hours_per_week, annual_cost=i.annual_cost, end_reason=i.end_reason,
                end_note=i.end_note, created_by=plan.coordinator, version=2 if i.status == "ended" else 1,
            ))
        interventions.append(row)
    Intervention.objects.bulk_create([i for row in interventions for i in row])
    through = Intervention.goals.through
    through.objects.bulk_create([
        through(intervention_id=item.pk, goal_id=goals[n][g].pk)
        for n, s in enumerate(specs) for item, i in zip(interventions[n], s.plan.interventions, strict=True)
        for g in i.goals
    ])
    t = timings.add("plans, goals, interventions", t)

    follow_ups = []
    for n, s in enumerate(specs):
        for f in s.plan.follow_ups:
            follow_ups.append(FollowUp(
                plan=plans[n], goal=goals[n][f.goal] if f.goal is not None else None, due_on=f.due_on,
                done_on=f.done_on, done_by=plans[n].coordinator if f.done_on else None, note=f.note,
            ))
    FollowUp.objects.bulk_create(follow_ups)
    meetings, meeting_specs = [], []
    for n, s in enumerate(specs):
        for m in s.plan.meetings:
            meetings.append(Meeting(plan=plans[n], held_on=m.held_on, title=m.title, summary=m.summary,
                                    citizen_present=m.citizen_present, created_by=plans[n].coordinator,
                                    other_participants=m.other_participants))
            meeting_specs.append((n, m))
    Meeting.objects.bulk_create(meetings)
    Meeting.staff.through.objects.bulk_create([
        Meeting.staff.through(meeting_id=meeting.pk, user_id=reg.staff[k].pk)
        for meeting, (_n, m) in zip(meetings, meeting_specs, strict=True) for k in m.staff
    ])
    Meeting.network.through.objects.bulk_create([
        Meeting.network.through(meeting_id=meeting.pk, networkperson_id=network[n][k].pk)
        for meeting, (n, m) in zip(meetings, meeting_specs, strict=True) for k in m.network
    ])
    notes = [
        JournalNote(plan=plans[n], author=reg.staff[j.author], text=j.text, created_at=j.written_at,
                    intervention=interventions[n][j.intervention] if j.intervention is not None else None)
        for n, s in enumerate(specs) for j in s.plan.notes
    ]
    JournalNote.objects.bulk_create(notes)
    Transition.objects.bulk_create([
        Transition(plan=plans[n], kind=tr.kind, expected_on=tr.expected_on, not_needed=list(tr.not_needed),
                   note=tr.note, created_by=plans[n].coordinator)
        for n, s in enumerate(specs) for tr in s.plan.transitions
    ])
    t = timings.add("follow-ups, meetings, notes, transitions", t)

    # Versions: the first when the plan started, then one per adopted revision, each pointing to the one
    # before; only the last is current. Inserted level by level so each can refer to the previous.
    previous: dict[int, PlanVersion] = {}
    depth = max(len(s.plan.versions) for s in specs) + 1
    for level in range(depth):
        rows = []
        for n, s in enumerate(specs):
            count = len(s.plan.versions) + 1
            if level >= count:
                continue
            snapshot = _snapshot(s, str(plans[n].coordinator), goals[n], interventions[n], reg)
            note = str(_("Plan created")) if level == 0 else s.plan.versions[level - 1].note
            day = s.plan.started_on if level == 0 else s.plan.versions[level - 1].adopted_on
            rows.append((n, PlanVersion(plan=plans[n], number=level + 1, previous_version=previous.get(n),
                                        is_current=level == count - 1, adopted_by=plans[n].coordinator,
                                        note=note, snapshot=snapshot, adopted_at=midday(day))))
        PlanVersion.objects.bulk_create([v for _n, v in rows])
        previous.update(dict(rows))
    t = timings.add("plan versions", t)



def _chunks(items: Iterator[CitizenSpec], size: int) -> Iterator[list[CitizenSpec]]:
    while chunk := list(islice(items, size)):
        yield chunk


def build_bulk(m: Municipality, *, batch: int = BATCH, progress: Callable[[int], None] | None = None,
               timings: Timings | None = None) -> SynthBuild:
    timings = timings or Timings()
    started = timezone.now()
    with transaction.atomic():
        build = SynthBuild.objects.create(path=SynthBuild.Path.BULK, seed=m.seed, citizens=m.citizens,
                                          today=m.today, generator_version=GENERATOR_VERSION)
        t = time.perf_counter()
        reg = organisation_write(m.organisation, bulk=True)
        timings.add("organisation and staff", t)
    specs = citizen_specs(m)
    while True:
        t = time.perf_counter()
        chunk = next(_chunks(specs, batch), None)
        if not chunk:
            break
        timings.add("generate specs", t)
        with transaction.atomic(), _keeping_given_timestamps():
            _batch_write(chunk, reg, timings)
        if progress is not None:
            progress(len(chunk))
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings.add("ANALYZE", t)
    build.finished_at = timezone.now()
    build.seconds = (build.finished_at - started).total_seconds()
    build.save(update_fields=["finished_at", "seconds"])
    return build


def today_of_build(path: str, seed: int, citizens: int) -> dt.date | None:
    """The day a finished build with these parameters was drawn relative to, or None if there is none."""
    build = SynthBuild.objects.filter(path=path, seed=seed, citizens=citizens,
                                      generator_version=GENERATOR_VERSION, finished_at__isnull=False).first()
    return build.today if build else None
