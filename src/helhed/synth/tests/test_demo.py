"""The demo path: 60 citizens written through the services, read back through the selectors."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone
from rich.console import Console

from helhed.core.errors import Conflict, NotFound
from helhed.people.choices import Role
from helhed.people.models import Citizen, NetworkPerson, User
from helhed.plans import selectors
from helhed.plans.coherence import RULES
from helhed.plans.models import FollowUp, Goal, Intervention, JournalNote, Plan, PlanVersion
from helhed.plans.pension import eighteenth_birthday
from helhed.sharing import services as sharing_services
from helhed.sharing.models import BreakGlass
from helhed.sharing.selectors import DPO_PERMISSION, break_glass_reviews
from helhed.synth.console import logins_table
from helhed.synth.generator import Municipality, citizen_specs
from helhed.synth.models import SynthBuild
from helhed.synth.organisation import DPO_GROUP, PERSONAS
from helhed.synth.scenario import PRISON_RELEASE_NO_HOUSING
from helhed.synth.writer import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _findings_by_plan() -> dict[int, set[str]]:
    """Coherence findings of every active plan, read through each coordinator's caseload."""
    result: dict[int, set[str]] = {}
    for user in User.objects.filter(coordinated_plans__status="active").distinct():
        for row in selectors.caseload(actor=user):
            result[row.plan_id] = {f.rule for f in row.findings}
    return result


def test_everyone_is_synthetic_and_every_cpr_is_a_replacement_number(demo_world: Municipality) -> None:
    assert Citizen.objects.count() == demo_world.citizens
    assert not Citizen.objects.filter(is_synthetic=False).exists()
    assert not NetworkPerson.objects.filter(is_synthetic=False).exists()
    assert not User.objects.filter(is_synthetic=False).exists()
    for citizen in Citizen.objects.all():
        cpr = citizen.cpr  # decrypted
        assert cpr.is_replacement and citizen.has_replacement_cpr
        assert 61 <= int(cpr.digits[:2]) <= 91
        assert cpr.birth_date == citizen.birth_date


def test_the_database_holds_what_the_generator_described(demo_world: Municipality) -> None:
    specs = {s.cpr.replace("-", ""): s for s in citizen_specs(demo_world)}
    for citizen in Citizen.objects.prefetch_related("plans__goals", "plans__interventions"):
        spec = specs[citizen.cpr.digits]
        assert (citizen.first_name, citizen.last_name, citizen.address) == (
            spec.first_name, spec.last_name, spec.address)
        plan = citizen.plans.get()
        assert plan.coordinator.username == next(
            s.username for s in demo_world.organisation.staff if s.key == spec.plan.coordinator)
        wordings = sorted(g.wording for g in spec.plan.goals)
        assert sorted(g.citizen_wording for g in plan.goals.all()) == wordings
        # Every intervention of the spec is there; other parts of the demo (Housing First support on a
        # tenancy, helhed.housing.demo) may add more to the same plan.
        written = Counter((i.type.code, i.status) for i in plan.interventions.select_related("type"))
        assert not Counter((i.code, i.status) for i in spec.plan.interventions) - written
        assert plan.created_at.date() == spec.plan.started_on


def test_one_active_plan_per_citizen_and_one_current_version_per_plan(demo_world: Municipality) -> None:
    active = Count("plans", filter=Q(plans__status="active"))
    assert not Citizen.objects.annotate(n=active).exclude(n=1).exists()
    current = Count("versions", filter=Q(versions__is_current=True))
    assert not Plan.objects.annotate(n=current).exclude(n=1).exists()
    for version in PlanVersion.objects.filter(number__gt=1).select_related("previous_version"):
        assert version.previous_version is not None
        assert version.previous_version.number == version.number - 1
        assert version.previous_version.plan_id == version.plan_id


def test_the_services_recorded_history_and_audit(demo_world: Municipality) -> None:
    from helhed.access.models import AuditEvent

    assert Plan.history.count() >= Plan.objects.count()
    assert Intervention.history.count() >= Intervention.objects.count()
    assert AuditEvent.objects.filter(action="create", object_type="plan").count() == Plan.objects.count()


def test_the_demo_contains_every_coherence_rule(demo_world: Municipality) -> None:
    found = Counter(rule for rules in _findings_by_plan().values() for rule in rules)
    assert set(found) >= {rule.code for rule in RULES}
    # A realistic share, not every plan: most plans are coherent.
    plans_with_findings = sum(1 for rules in _findings_by_plan().values() if rules)
    assert 0 < plans_with_findings < Plan.objects.count() / 2


def test_the_demo_coordinator_finds_a_prison_release_without_a_home(demo_world: Municipality) -> None:
    koordinator = User.objects.get(username="koordinator")
    rows = selectors.caseload(actor=koordinator)
    spec = next(s for s in citizen_specs(demo_world) if PRISON_RELEASE_NO_HOUSING in s.problems)
    citizen = Citizen.objects.get(first_name=spec.first_name, last_name=spec.last_name,
                                  birth_date=spec.birth_date)
    page = selectors.plan_page(actor=koordinator, citizen_id=citizen.pk)
    assert "transition_without_plan" in {f.rule for f in page.findings}
    assert page.plan is not None
    housing = page.plan.interventions.filter(type__category="housing", status__in=("decided", "active"))
    assert not housing.exists()
    assert citizen.pk in {r.citizen_id for r in rows}
    assert {rule for r in rows for rule in (f.rule for f in r.findings)} >= {
        "conflicting_demands", "duplicate_help", "intervention_without_goal", "goal_without_support",
        "transition_without_plan", "legal_deadline"}


def test_a_17_year_old_turns_18_within_30_days_with_nothing_arranged(demo_world: Municipality) -> None:
    today = timezone.localdate()
    youth_coordinator = User.objects.get(username="koordinator-unge")
    soon = [c for c in Citizen.objects.filter(plans__coordinator=youth_coordinator)
            if today <= eighteenth_birthday(c.birth_date) <= today + dt.timedelta(days=30)]
    assert soon
    pages = [selectors.plan_page(actor=youth_coordinator, citizen_id=c.pk) for c in soon]
    findings = {f.rule for page in pages for f in page.findings}
    assert "transition_without_plan" in findings


def test_some_follow_ups_are_overdue_and_the_team_leader_sees_them(demo_world: Municipality) -> None:
    today = timezone.localdate()
    overdue = FollowUp.objects.filter(done_on__isnull=True, due_on__lt=today, plan__status="active")
    assert 0 < overdue.values("plan").distinct().count() < Plan.objects.count() / 2
    assert any(r.overdue for r in selectors.caseload(actor=User.objects.get(username="koordinator")))
    rows = selectors.team_overdue(actor=User.objects.get(username="teamleder"))
    assert rows and all(r.days_overdue > 0 for r in rows)


def test_every_role_has_a_log_in(demo_world: Municipality) -> None:
    for role in Role.values:
        username = next(u for u in PERSONAS if User.objects.get(username=u).role == role)
        # django-axes (the lockout) needs the request an authentication comes with.
        user = authenticate(RequestFactory().post("/"), username=username, password=DEMO_PASSWORD)
        assert user is not None and user.role == role


def _break_the_glass(actor: User) -> BreakGlass:
    """The actor opens the first citizen they may not read in full (deterministic: by id)."""
    for citizen_id in Citizen.objects.order_by("pk").values_list("pk", flat=True):
        try:
            return sharing_services.break_glass_open(actor=actor, citizen_id=citizen_id,
                                                     reason="Borgeren ringede om natten i krise")
        except (Conflict, NotFound):
            continue
    raise AssertionError(f"{actor.username} works with every citizen")


def test_the_dpo_reviews_every_break_the_glass_access_and_a_caseworker_none(demo_world: Municipality) -> None:
    dpo = User.objects.select_related("unit").get(username="dpo")
    assert dpo.groups.filter(name=DPO_GROUP, permissions__codename="review_all_break_glass").exists()
    assert dpo.has_perm(DPO_PERMISSION) and not dpo.is_superuser and not dpo.user_permissions.exists()
    assert dpo.role == Role.ANALYST and dpo.unit is not None and dpo.unit.name == "Databeskyttelsesrådgiveren"
    assert authenticate(RequestFactory().post("/"), username="dpo", password=DEMO_PASSWORD) is not None
    # Staff of two units far apart break the glass; the DPO sees both, whoever's unit they are in.
    grants = [_break_the_glass(User.objects.get(username=u)) for u in ("udforer", "koordinator-unge")]
    assert {g.pk for g in break_glass_reviews(actor=dpo)} == {g.pk for g in grants} == set(
        BreakGlass.objects.values_list("pk", flat=True))
    for username in ("sagsbehandler", "koordinator"):  # caseworkers review nobody's
        caseworker = User.objects.get(username=username)
        assert not caseworker.has_perm(DPO_PERMISSION)
        with pytest.raises(NotFound):
            break_glass_reviews(actor=caseworker)
    sharing_services.break_glass_review(actor=dpo, grant_id=grants[0].pk, note="Berettiget: akut krise")
    assert [g.pk for g in break_glass_reviews(actor=dpo)] == [grants[1].pk]


def test_the_dpo_is_printed_with_the_other_log_ins(demo_world: Municipality) -> None:
    console = Console(width=200, record=True)
    console.print(logins_table(None))
    row = next(line for line in console.export_text().splitlines() if " dpo " in line)
    assert "Data-protection officer (databeskyttelsesrådgiver)" in row
    assert "Databeskyttelsesrådgiveren" in row and DEMO_PASSWORD in row


def test_notes_and_versions_keep_their_dates_in_the_past(demo_world: Municipality) -> None:
    now = timezone.now()
    assert JournalNote.objects.exists() and not JournalNote.objects.filter(created_at__gt=now).exists()
    assert JournalNote.objects.filter(created_at__lt=now - dt.timedelta(days=30)).exists()
    assert Goal.objects.exclude(status="open").exists()
    build = SynthBuild.objects.get()
    assert build.finished_at is not None and build.citizens == demo_world.citizens
