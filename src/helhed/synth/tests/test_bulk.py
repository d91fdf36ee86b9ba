"""The bulk path on a small municipality: every database constraint holds and the rows match the specs."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from helhed.people.models import Citizen, NetworkPerson, User
from helhed.plans import selectors
from helhed.plans.coherence import RULES
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
from helhed.synth.bulk import build_bulk, today_of_build
from helhed.synth.generator import citizen_specs, municipality
from helhed.synth.models import SynthBuild

pytestmark = pytest.mark.django_db

CITIZENS = 60


@pytest.fixture
def bulk_world():
    m = municipality(seed=5, citizens=CITIZENS, today=timezone.localdate())
    build_bulk(m, batch=25)  # three batches, the last one short
    return m


def test_row_counts_match_the_specs(bulk_world) -> None:
    specs = list(citizen_specs(bulk_world))
    plans = [s.plan for s in specs]
    assert Citizen.objects.count() == Plan.objects.count() == CITIZENS
    assert Goal.objects.count() == sum(len(p.goals) for p in plans)
    assert Intervention.objects.count() == sum(len(p.interventions) for p in plans)
    links = sum(len(i.goals) for p in plans for i in p.interventions)
    assert Intervention.goals.through.objects.count() == links
    assert FollowUp.objects.count() == sum(len(p.follow_ups) for p in plans)
    assert Meeting.objects.count() == sum(len(p.meetings) for p in plans)
    assert JournalNote.objects.count() == sum(len(p.notes) for p in plans)
    assert Transition.objects.count() == sum(len(p.transitions) for p in plans)
    assert PlanVersion.objects.count() == sum(len(p.versions) + 1 for p in plans)
    assert NetworkPerson.objects.count() == sum(len(s.network) for s in specs)
    assert User.objects.count() == len(bulk_world.organisation.staff)


def test_every_person_is_synthetic_with_a_replacement_cpr_number(bulk_world) -> None:
    assert not Citizen.objects.filter(is_synthetic=False).exists()
    assert not NetworkPerson.objects.filter(is_synthetic=False).exists()
    assert not User.objects.filter(is_synthetic=False).exists()
    expected = {s.cpr.replace("-", "") for s in citizen_specs(bulk_world)}
    found = set()
    for citizen in Citizen.objects.all():
        assert citizen.cpr.is_replacement and 61 <= int(citizen.cpr.digits[:2]) <= 91
        found.add(citizen.cpr.digits)
    assert found == expected


def test_database_constraints_and_invariants_hold(bulk_world) -> None:
    active = Count("plans", filter=Q(plans__status="active"))
    assert not Citizen.objects.annotate(n=active).exclude(n=1).exists()
    current = Count("versions", filter=Q(versions__is_current=True))
    assert not Plan.objects.annotate(n=current).exclude(n=1).exists()
    for v in PlanVersion.objects.select_related("previous_version"):
        if v.number == 1:
            assert v.previous_version is None
        else:
            assert v.previous_version is not None and v.previous_version.number == v.number - 1
    latest = {p: n for p, n in PlanVersion.objects.values_list("plan").annotate(n=Count("id"))}
    assert all(PlanVersion.objects.get(plan_id=p, is_current=True).number == n for p, n in latest.items())
    # The database itself refuses a second active plan.
    citizen = Citizen.objects.first()
    assert citizen is not None
    plan = citizen.plans.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(citizen=citizen, coordinator=plan.coordinator, created_by=plan.coordinator)


def test_the_bulk_data_shows_every_coherence_rule_and_overdue_follow_ups(bulk_world) -> None:
    found: Counter[str] = Counter()
    for user in User.objects.filter(coordinated_plans__status="active").distinct():
        rows = selectors.caseload(actor=user)
        found.update(f.rule for r in rows for f in r.findings)
    assert set(found) >= {rule.code for rule in RULES}
    today = timezone.localdate()
    assert FollowUp.objects.filter(done_on__isnull=True, due_on__lt=today).exists()
    assert selectors.team_overdue(actor=User.objects.get(username="teamleder"))


def test_timestamps_are_back_dated_and_the_build_is_recorded(bulk_world) -> None:
    now = timezone.now()
    assert not JournalNote.objects.filter(created_at__gt=now).exists()
    for s in citizen_specs(bulk_world):
        plan = Plan.objects.get(citizen__first_name=s.first_name, citizen__last_name=s.last_name,
                                citizen__birth_date=s.birth_date)
        assert timezone.localtime(plan.created_at).date() == s.plan.started_on
        assert timezone.localtime(plan.versions.get(number=1).adopted_at).date() == s.plan.started_on
    assert today_of_build(SynthBuild.Path.BULK, 5, CITIZENS) == bulk_world.today
    # Timestamps are set by Django again once the bulk path is done.
    assert Plan._meta.get_field("created_at").auto_now_add


def test_synth_command_builds_once_and_reuses(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("synth", citizens=12, seed=3)
    assert Citizen.objects.count() == 12
    call_command("synth", citizens=12, seed=3)
    assert "Already built" in capsys.readouterr().out
    assert Citizen.objects.count() == 12
