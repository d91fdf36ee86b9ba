"""The demo path: 60 citizens written through the services, read back through the selectors."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone
from rich.console import Console

from helhed.access.access_log import access_log_entries
from helhed.access.audit_chain import chain_verify
from helhed.access.models import AuditEvent
from helhed.access.relations import facts_of
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
from helhed.synth.break_glass import access_count
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
    # Staff of two units far apart break the glass; the DPO sees both, whoever's unit they are in, with
    # the demo's own accesses that wait for review.
    grants = [_break_the_glass(User.objects.get(username=u)) for u in ("udforer", "koordinator-unge")]
    waiting = {g.pk for g in break_glass_reviews(actor=dpo)}
    assert waiting >= {g.pk for g in grants}
    assert waiting == set(BreakGlass.objects.filter(reviewed_at__isnull=True).values_list("pk", flat=True))
    for username in ("sagsbehandler", "koordinator"):  # caseworkers review nobody's
        caseworker = User.objects.get(username=username)
        assert not caseworker.has_perm(DPO_PERMISSION)
        with pytest.raises(NotFound):
            break_glass_reviews(actor=caseworker)
    sharing_services.break_glass_review(actor=dpo, grant_id=grants[0].pk, note="Berettiget: akut krise")
    assert {g.pk for g in break_glass_reviews(actor=dpo)} == waiting - {grants[0].pk}


def test_the_demo_holds_break_the_glass_accesses_waiting_and_reviewed(demo_world: Municipality) -> None:
    grants = list(BreakGlass.objects.select_related("actor", "reviewed_by"))
    assert len(grants) >= 2 and access_count(random.Random(0), 300) in (4, 5, 6)
    waiting = [g for g in grants if g.reviewed_at is None]
    reviewed = [g for g in grants if g.reviewed_at is not None]
    assert waiting and reviewed
    now = timezone.now()
    for grant in grants:
        # Opened in the last weeks by staff with no relation to the citizen, expired long before the build.
        assert now - dt.timedelta(days=43) < grant.opened_at < grant.expires_at < now - dt.timedelta(hours=12)
        assert grant.actor.role in (Role.PROVIDER, Role.COORDINATING_CASEWORKER)
        assert len(grant.reason) >= sharing_services.MIN_REASON
        assert not facts_of(grant.actor, grant.citizen_id).relations
        # Audited through the service, with the reason in the citizen's log, and the read through it.
        events = AuditEvent.objects.filter(grant_id=grant.pk, basis=AuditEvent.Basis.BREAK_THE_GLASS)
        assert {e.action for e in events} == {"break_glass", "view"}
        log = access_log_entries(citizen_id=grant.citizen_id)
        assert any(e.break_the_glass and e.reason == grant.reason for e in log)
    for grant in reviewed:
        assert grant.reviewed_at is not None and grant.opened_at < grant.reviewed_at < now
        assert grant.review_note.startswith(("Berettiget", "Gennemgået"))
        assert grant.reviewed_by is not None and grant.reviewed_by != grant.actor
        assert AuditEvent.objects.filter(action="review", object_type="break_glass",
                                         object_id=grant.pk).exists()


def test_the_dpo_sees_every_access_a_team_leader_their_tree_a_caseworker_none(
    demo_world: Municipality,
) -> None:
    everything = set(BreakGlass.objects.values_list("pk", flat=True))
    dpo = User.objects.get(username="dpo")
    assert {g.pk for g in break_glass_reviews(actor=dpo, include_reviewed=True)} == everything
    seen: set[int] = set()
    for leader in User.objects.filter(role=Role.TEAM_LEADER).select_related("unit"):
        assert leader.unit is not None
        mine = {g.pk for g in break_glass_reviews(actor=leader, include_reviewed=True)}
        assert mine == set(BreakGlass.objects.filter(actor_unit__path__startswith=leader.unit.path)
                           .values_list("pk", flat=True))
        seen |= mine
    assert seen == everything  # every access has a team leader above it, besides the DPO
    # The demo's team leader finds one of the team's accesses waiting.
    assert break_glass_reviews(actor=User.objects.get(username="teamleder"))
    for username in ("sagsbehandler", "koordinator", "udforer"):
        with pytest.raises(NotFound):
            break_glass_reviews(actor=User.objects.get(username=username))


def test_the_audit_chain_of_the_demo_verifies(demo_world: Municipality) -> None:
    report = chain_verify()
    assert report.ok, report.problem
    assert report.records == AuditEvent.objects.count() > 0


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
