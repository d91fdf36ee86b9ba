"""Break-the-glass: the refusal page and its form, the time-limited read-only grant, the audit rows that mark
it for the citizen, and the review list of the team leader and the data-protection officer."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.access.tokens import token_create
from helhed.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from helhed.people.models import OrgUnit, User
from helhed.plans import selectors as plan_selectors
from helhed.plans import services as plan_services
from helhed.sharing import selectors, services
from helhed.sharing.models import BreakGlass
from helhed.testing import factories as f
from helhed.testing.cast import make_cast, staff

pytestmark = pytest.mark.django_db
REASON = "Borgeren er indlagt akut og vagtlægen spørger til medicin"


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    plan = f.plan(coordinator=cast.coordinator)
    f.goal(plan)
    plan_services.note_add(actor=cast.coordinator, plan_id=plan.pk, text="Fortroligt notat")
    # The stranger (a caseworker in Team Handicap) has no relation; their leader leads Team Handicap.
    return SimpleNamespace(cast=cast, plan=plan, cid=plan.citizen_id, org=org)


def _open(w: SimpleNamespace, actor: User | None = None, reason: str = REASON) -> BreakGlass:
    return services.break_glass_open(actor=actor or w.cast.stranger, citizen_id=w.cid, reason=reason)


def test_breaking_the_glass_opens_the_whole_plan_read_only_and_marks_every_read(
    world: SimpleNamespace,
) -> None:
    with pytest.raises(NotFound):
        plan_selectors.plan_page(actor=world.cast.stranger, citizen_id=world.cid)
    grant = _open(world)
    assert grant.expires_at - grant.opened_at == dt.timedelta(hours=1)
    page = plan_selectors.plan_page(actor=world.cast.stranger, citizen_id=world.cid)
    assert page.notes and page.goals and page.relations.break_glass_reason == REASON
    with pytest.raises(PermissionDenied):
        plan_services.note_add(actor=world.cast.stranger, plan_id=world.plan.pk, text="Forsøg")
    opened = AuditEvent.objects.get(action="break_glass", citizen_id=world.cid)
    assert opened.purpose == f"break_glass: {REASON}"[:200] and opened.basis == "break_the_glass"
    assert opened.grant_id == grant.pk
    read = AuditEvent.objects.get(purpose__startswith="plan_page", actor=world.cast.stranger)
    assert read.purpose.endswith(f"[break_glass: {REASON}]"[-150:]) and read.basis == "break_the_glass"
    assert read.grant_id == grant.pk
    # The coordinator's own reads are not marked.
    plan_selectors.plan_page(actor=world.cast.coordinator, citizen_id=world.cid)
    assert AuditEvent.objects.get(purpose="plan_page", actor=world.cast.coordinator).basis == ""


def test_the_grant_expires(world: SimpleNamespace, settings: object) -> None:
    grant = _open(world)
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(NotFound):
        plan_selectors.plan_page(actor=world.cast.stranger, citizen_id=world.cid)


def test_the_duration_is_a_setting(world: SimpleNamespace, settings: object) -> None:
    settings.HELHED_BREAK_GLASS_MINUTES = 15  # type: ignore[attr-defined]
    grant = _open(world)
    assert grant.expires_at - grant.opened_at < dt.timedelta(minutes=15, seconds=5)


def test_a_reason_is_required_and_some_roles_cannot(world: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as error:
        _open(world, reason="   akut  ")
    assert error.value.field == "reason"
    with pytest.raises(PermissionDenied):
        _open(world, actor=world.cast.admin)
    analyst = staff("analyst", world.org["root"])
    with pytest.raises(PermissionDenied):
        _open(world, actor=analyst)
    assert not BreakGlass.objects.exists() and not AuditEvent.objects.filter(action="break_glass").exists()


def test_no_glass_to_break_for_those_with_access_or_a_citizen_that_does_not_exist(
    world: SimpleNamespace,
) -> None:
    with pytest.raises(Conflict):
        _open(world, actor=world.cast.coordinator)
    _open(world)
    with pytest.raises(Conflict):
        _open(world)
    with pytest.raises(NotFound):
        services.break_glass_open(actor=world.cast.stranger, citizen_id=world.cid + 999, reason=REASON)


def test_a_provider_outside_the_consent_may_break_the_glass_to_read_more(world: SimpleNamespace) -> None:
    f.intervention(world.plan, code="virksomhedspraktik", provider=world.org["job"])
    job = world.cast.job_provider
    assert plan_selectors.plan_page(actor=job, citizen_id=world.cid, summary_ok=True).summary_only
    _open(world, actor=job)
    page = plan_selectors.plan_page(actor=job, citizen_id=world.cid)
    assert page.notes and not page.summary_only
    plan_services.note_add(actor=job, plan_id=world.plan.pk, text="Eget notat")  # their relation still writes


def test_the_review_list_of_team_leaders_and_the_dpo(world: SimpleNamespace) -> None:
    grant = _open(world)
    leader_b = world.cast.other_leader              # leads Team Handicap, the stranger's unit
    leader_root = world.cast.leader                 # leads Socialforvaltningen, above it
    leader_job = staff("team_leader", world.org["job"])
    dpo = staff("caseworker", None)
    dpo.user_permissions.add(Permission.objects.get(codename="review_all_break_glass"))
    assert [g.pk for g in selectors.break_glass_reviews(actor=leader_b)] == [grant.pk]
    assert [g.pk for g in selectors.break_glass_reviews(actor=leader_root)] == [grant.pk]
    assert selectors.break_glass_reviews(actor=leader_job) == []
    dpo = type(dpo).objects.get(pk=dpo.pk)  # permissions are cached per instance
    assert [g.pk for g in selectors.break_glass_reviews(actor=dpo)] == [grant.pk]
    with pytest.raises(NotFound):
        selectors.break_glass_reviews(actor=world.cast.coordinator)
    with pytest.raises(NotFound):
        services.break_glass_review(actor=leader_job, grant_id=grant.pk, note="OK")
    with pytest.raises(ValidationError):
        services.break_glass_review(actor=leader_b, grant_id=grant.pk, note=" ")
    services.break_glass_review(actor=leader_b, grant_id=grant.pk, note="Berettiget: akut indlæggelse")
    assert selectors.break_glass_reviews(actor=dpo) == []
    assert [g.review_note for g in selectors.break_glass_reviews(actor=dpo, include_reviewed=True)] == [
        "Berettiget: akut indlæggelse"]
    with pytest.raises(Conflict):
        services.break_glass_review(actor=dpo, grant_id=grant.pk, note="Igen")


def test_nobody_reviews_their_own(world: SimpleNamespace) -> None:
    leader_b = world.cast.other_leader
    grant = _open(world, actor=leader_b)
    assert selectors.break_glass_reviews(actor=leader_b) == []
    with pytest.raises(NotFound):
        services.break_glass_review(actor=leader_b, grant_id=grant.pk, note="Fint")
    assert [g.pk for g in selectors.break_glass_reviews(actor=world.cast.leader)] == [grant.pk]


def test_the_web_flow_refusal_form_plan_and_review(world: SimpleNamespace) -> None:
    client = Client()
    client.force_login(world.cast.stranger)
    refused = client.get(f"/citizens/{world.cid}/")
    assert refused.status_code == 404 and b'name="reason"' in refused.content
    missing = client.get(f"/citizens/{world.cid + 999}/")
    assert missing.status_code == 404 and b'name="reason"' in missing.content, "the same page: no oracle"
    short = client.post(f"/sharing/citizens/{world.cid}/break-glass/", {"reason": "nu"})
    assert short.status_code == 422
    opened = client.post(f"/sharing/citizens/{world.cid}/break-glass/", {"reason": REASON})
    assert opened.status_code == 302 and opened["Location"] == f"/citizens/{world.cid}/"
    page = client.get(f"/citizens/{world.cid}/")
    assert page.status_code == 200 and b'id="break-glass-banner"' in page.content
    assert b"Fortroligt notat" in page.content
    admin = Client()
    admin.force_login(world.cast.admin)
    assert b'name="reason"' not in admin.get(f"/citizens/{world.cid}/").content
    leader = Client()
    leader.force_login(world.cast.other_leader)
    review = leader.get("/sharing/break-glass/review/")
    assert review.status_code == 200 and REASON.encode() in review.content
    grant = BreakGlass.objects.get()
    leader.post(f"/sharing/break-glass/{grant.pk}/review/", {"note": "Berettiget"})
    grant.refresh_from_db()
    assert grant.reviewed_by == world.cast.other_leader


def test_the_api_flow(world: SimpleNamespace) -> None:
    _t, raw = token_create(user=world.cast.stranger, name="t")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get(f"/api/v1/citizens/{world.cid}/plan").status_code == 404
    assert api.post(f"/api/v1/sharing/citizens/{world.cid}/break-glass", {"reason": "kort"},
                    content_type="application/json").status_code == 400
    opened = api.post(f"/api/v1/sharing/citizens/{world.cid}/break-glass", {"reason": REASON},
                      content_type="application/json")
    assert opened.status_code == 201 and opened.json()["reason"] == REASON
    assert api.get(f"/api/v1/citizens/{world.cid}/plan").status_code == 200
    assert api.post(f"/api/v1/plans/{world.plan.pk}/notes", {"text": "x"},
                    content_type="application/json").status_code == 403
    _t, leader_raw = token_create(user=world.cast.other_leader, name="t")
    leader = Client(headers={"Authorization": f"Bearer {leader_raw}"})
    [row] = leader.get("/api/v1/sharing/break-glass/reviews").json()
    reviewed = leader.post(f"/api/v1/sharing/break-glass/{row['id']}/review", {"note": "Berettiget"},
                           content_type="application/json")
    assert reviewed.status_code == 200 and reviewed.json()["reviewed_by"]["id"] == world.cast.other_leader.pk
