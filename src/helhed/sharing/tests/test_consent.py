"""Consent and statutory sharing: validation, who may record them, what they open, withdrawal, the receipt.

The organisation (helhed/conftest.py `org`): the coordinating caseworker in Team Udsatte Voksne (adult
social); the job centre is the employment sector, Team Handicap the disability sector.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.access.policy import Action, Scope
from helhed.access.relations import facts_of
from helhed.access.selectors import citizen_access
from helhed.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from helhed.people.models import OrgUnit, User
from helhed.plans import selectors as plan_selectors
from helhed.plans import services as plan_services
from helhed.sharing import selectors, services
from helhed.sharing.models import SharingRecord
from helhed.testing import factories as f
from helhed.testing.cast import make_cast, staff
from helhed.testing.clients import english_client

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
AUDIT_QUERIES = 4  # the hash chain reads the last record and inserts, in a savepoint (access.audit)


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    plan = f.plan(coordinator=cast.coordinator)
    goal = f.goal(plan)
    f.intervention(plan, code="virksomhedspraktik", provider=org["job"], goals=[goal])
    f.intervention(plan, code="stofbehandling-ambulant", provider=org["treatment"], goals=[goal])
    plan_services.note_add(actor=cast.coordinator, plan_id=plan.pk, text="Fortroligt notat")
    mother = plan_services.network_add(actor=cast.coordinator, plan_id=plan.pk, name="Mor", role="parent")
    return SimpleNamespace(cast=cast, plan=plan, cid=plan.citizen_id, org=org, mother=mother)


def _consent(w: SimpleNamespace, **kw: object) -> SharingRecord:
    args: dict[str, object] = {"actor": w.cast.coordinator, "citizen_id": w.cid, "scopes": ["plan_goals"],
                               "unit_ids": [w.org["job"].pk], "method": "written", "given_on": TODAY(),
                               "purpose": "Koordinering af planen"}
    args.update(kw)
    return services.consent_give(**args)  # type: ignore[arg-type]


def test_a_provider_in_another_sector_sees_only_the_summary_without_consent(world: SimpleNamespace) -> None:
    page = plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid, summary_ok=True)
    assert page.summary_only and page.goals == [] and page.notes == [] and page.network == []
    # ... and the intervention their unit delivers, not the treatment centre's.
    assert [(u.name, [i.type.code for i in items]) for u, items in page.interventions_by_unit] == [
        ("Jobcenter", ["virksomhedspraktik"])]
    assert page.plan is not None and page.plan.coordinator == world.cast.coordinator
    with pytest.raises(PermissionDenied):
        plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid)
    summary = plan_selectors.plan_summary(actor=world.cast.job_provider, citizen_id=world.cid)
    assert summary.coordinator == str(world.cast.coordinator)


def test_a_provider_in_the_same_sector_reads_everything(world: SimpleNamespace) -> None:
    page = plan_selectors.plan_page(actor=world.cast.provider, citizen_id=world.cid)
    assert not page.summary_only and page.notes and len(page.goals) == 1 and not page.hidden_scopes


def test_consent_opens_exactly_the_named_categories(world: SimpleNamespace) -> None:
    _consent(world, scopes=["plan_goals", "interventions"])
    page = plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid)
    assert len(page.goals) == 1 and page.notes == [] and page.meetings == []
    shown = [i.type.code for _unit, items in page.interventions_by_unit for i in items]
    assert shown == ["virksomhedspraktik"], "the treatment (health) is not in the consent"
    assert page.hidden_scopes == {Scope.JOURNAL_NOTES, Scope.ASSESSMENTS, Scope.HEALTH}
    assert page.findings == [], "coherence over a part of the plan would warn of hidden gaps"


def test_a_consent_to_a_unit_covers_the_units_below_it_and_a_sector_covers_its_units(
    world: SimpleNamespace,
) -> None:
    job_team = f.unit("Jobcenter Team", kind="team", sector="employment", parent=world.org["job"])
    below = staff("provider", job_team)
    f.intervention(world.plan, code="ressourceforloeb", provider=job_team)
    _consent(world, scopes=["plan_goals"])
    assert not plan_selectors.plan_page(actor=below, citizen_id=world.cid).summary_only
    disability = staff("provider", world.org["team_b"])
    f.intervention(world.plan, code="kontaktperson-99", provider=world.org["team_b"])
    assert plan_selectors.plan_page(actor=disability, citizen_id=world.cid, summary_ok=True).summary_only
    _consent(world, unit_ids=[], sectors=["disability"], scopes=["journal_notes", "plan_goals"])
    assert plan_selectors.plan_page(actor=disability, citizen_id=world.cid).notes


def test_withdrawal_ends_the_access_and_keeps_the_record(world: SimpleNamespace) -> None:
    record = _consent(world)
    services.sharing_end(actor=world.cast.coordinator, record_id=record.pk, ended_on=TODAY(),
                         note="Ønsker det ikke")
    page = plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid, summary_ok=True)
    assert page.summary_only
    record.refresh_from_db()
    assert (record.ended_on, record.ended_by) == (TODAY(), world.cast.coordinator)
    with pytest.raises(Conflict):
        services.sharing_end(actor=world.cast.coordinator, record_id=record.pk, ended_on=TODAY())


def test_the_holistic_consent_shares_the_plan_and_interventions_with_those_taking_part(
    world: SimpleNamespace,
) -> None:
    plan = world.plan
    plan.refresh_from_db()
    plan_services.plan_update(actor=world.cast.coordinator, plan_id=plan.pk, expected_version=plan.version,
                              vision="", follow_up_interval_days=90, holistic_consent=True,
                              holistic_consent_on=TODAY(), holistic_consent_form="written")
    page = plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid)
    assert page.goals and page.notes == [] and page.hidden_scopes == {
        Scope.JOURNAL_NOTES, Scope.ASSESSMENTS, Scope.HEALTH}


def test_a_statutory_sharing_opens_like_a_consent_and_names_its_paragraph(world: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as error:
        services.statutory_sharing_record(actor=world.cast.coordinator, citizen_id=world.cid,
                                          scopes=["plan_goals"], legal_paragraph=" ", purpose="Bekymring",
                                          from_on=TODAY(), unit_ids=[world.org["job"].pk])
    assert error.value.field == "legal_paragraph"
    services.statutory_sharing_record(actor=world.cast.coordinator, citizen_id=world.cid,
                                      scopes=["plan_goals", "journal_notes"],
                                      legal_paragraph="Serviceloven § 153", purpose="Bekymring for barn",
                                      from_on=TODAY(), unit_ids=[world.org["job"].pk])
    assert plan_selectors.plan_page(actor=world.cast.job_provider, citizen_id=world.cid).notes


@pytest.mark.parametrize(("change", "field"), [
    ({"scopes": []}, "scopes"),
    ({"scopes": ["everything"]}, "scopes"),
    ({"unit_ids": [], "sectors": [], "network_person_ids": []}, "unit_ids"),
    ({"sectors": ["space"]}, "sectors"),
    ({"unit_ids": [999999]}, "unit_ids"),
    ({"method": "telepathy"}, "method"),
    ({"given_on": dt.date.today() + dt.timedelta(days=2)}, "valid_from"),
    ({"purpose": "  "}, "purpose"),
])
def test_consent_input_is_validated(world: SimpleNamespace, change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        _consent(world, **change)
    assert error.value.field == field
    assert not SharingRecord.objects.exists()


def test_relatives_must_be_the_citizens_own(world: SimpleNamespace) -> None:
    other = f.plan(coordinator=world.cast.coordinator)
    stranger = plan_services.network_add(actor=world.cast.coordinator, plan_id=other.pk, name="X",
                                         role="friend")
    with pytest.raises(ValidationError):
        _consent(world, unit_ids=[], network_person_ids=[stranger.pk])
    record = _consent(world, unit_ids=[], network_person_ids=[world.mother.pk], method="oral")
    assert list(record.recipient_people.all()) == [world.mother]


def test_only_those_who_may_edit_the_plan_record_consent(world: SimpleNamespace) -> None:
    with pytest.raises(PermissionDenied):
        _consent(world, actor=world.cast.provider)
    with pytest.raises(NotFound):
        _consent(world, actor=world.cast.stranger)
    _consent(world, actor=world.cast.leader)
    assert AuditEvent.objects.filter(purpose="consent_give", citizen_id=world.cid).count() == 1


def test_the_receipt_has_the_27560_shape_and_no_cpr(world: SimpleNamespace) -> None:
    record = _consent(world, scopes=["plan_goals", "health"], method="oral",
                      network_person_ids=[world.mother.pk])
    services.sharing_end(actor=world.cast.coordinator, record_id=record.pk, ended_on=TODAY())
    receipt = selectors.sharing_receipt(actor=world.cast.coordinator, record_id=str(record.record_id))
    assert receipt["schema_version"] == "ISO/IEC TS 27560:2023"
    assert receipt["record_id"] == str(record.record_id) and receipt["consent_status"] == "withdrawn"
    [processing] = receipt["processing"]
    assert processing["pii_categories"] == ["health", "plan_goals"]
    assert [u["name"] for u in processing["recipients"]["units"]] == ["Jobcenter"]
    assert [p["name"] for p in processing["recipients"]["relatives"]] == ["Mor"]
    assert [e["event_type"] for e in receipt["events"]] == ["consent_given", "consent_withdrawn"]
    assert receipt["events"][0]["collection_method"] == "oral"
    digits = world.plan.citizen.cpr.digits
    text = json.dumps(receipt)
    assert digits not in text and world.plan.citizen.cpr.formatted not in text
    with pytest.raises(NotFound):
        selectors.sharing_receipt(actor=world.cast.stranger, record_id=str(record.record_id))
    with pytest.raises(NotFound):
        selectors.sharing_receipt(actor=world.cast.coordinator, record_id="not-a-uuid")


def test_consent_through_the_web_page_and_the_receipt_download(world: SimpleNamespace) -> None:
    client = english_client()
    client.force_login(world.cast.coordinator)
    page = client.get(f"/sharing/citizens/{world.cid}/")
    assert page.status_code == 200
    bad = client.post(f"/sharing/citizens/{world.cid}/consents/new/",
                      {"scopes": ["plan_goals"], "method": "written", "given_on": TODAY().isoformat(),
                       "purpose": "Koordinering"})
    assert bad.status_code == 422 and not SharingRecord.objects.exists()
    done = client.post(f"/sharing/citizens/{world.cid}/consents/new/",
                       {"scopes": ["plan_goals"], "units": [world.org["job"].pk], "method": "written",
                        "given_on": TODAY().isoformat(), "purpose": "Koordinering"})
    assert done.status_code == 302
    record = SharingRecord.objects.get()
    section = client.get(f"/sharing/citizens/{world.cid}/section/").content.decode()
    assert "Jobcenter" in section and "Record or withdraw consent" in section  # on the plan page (htmx)
    plan_page = client.get(f"/citizens/{world.cid}/").content.decode()
    assert f'hx-get="/sharing/citizens/{world.cid}/section/"' in plan_page
    download = client.get(f"/sharing/receipts/{record.record_id}.json")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["record_id"] == str(record.record_id)
    client.post(f"/sharing/citizens/{world.cid}/records/{record.pk}/end/", {"ended_on": TODAY().isoformat()})
    record.refresh_from_db()
    assert record.ended_on == TODAY()
    provider = Client()
    provider.force_login(world.cast.provider)
    assert provider.post(f"/sharing/citizens/{world.cid}/consents/new/", {}).status_code in (403, 422)


def test_consent_through_the_api(world: SimpleNamespace) -> None:
    from helhed.access.tokens import token_create

    _token, raw = token_create(user=world.cast.coordinator, name="t")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    body = {"scopes": ["plan_goals", "interventions"], "unit_ids": [world.org["job"].pk], "method": "oral",
            "given_on": TODAY().isoformat(), "purpose": "Koordinering"}
    created = api.post(f"/api/v1/sharing/citizens/{world.cid}/consents", body,
                       content_type="application/json")
    assert created.status_code == 201, created.content
    assert api.post(f"/api/v1/sharing/citizens/{world.cid}/consents", {**body, "scopes": ["all"]},
                    content_type="application/json").status_code == 422
    listed = api.get(f"/api/v1/sharing/citizens/{world.cid}/records").json()
    assert [r["scopes"] for r in listed] == [["interventions", "plan_goals"]]
    receipt = api.get(f"/api/v1/sharing/receipts/{listed[0]['record_id']}").json()
    assert receipt["consent_status"] == "given"
    ended = api.post(f"/api/v1/sharing/records/{listed[0]['id']}/end", {"ended_on": TODAY().isoformat()},
                     content_type="application/json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == TODAY().isoformat()
    again = api.post(f"/api/v1/sharing/records/{listed[0]['id']}/end", {"ended_on": TODAY().isoformat()},
                     content_type="application/json")
    assert again.status_code == 409


def test_an_access_decision_costs_two_queries(world: SimpleNamespace,
                                              django_assert_max_num_queries: Any) -> None:
    """Every relation provider with `exprs`, consent and break-the-glass in one query, plus the actor's
    unit (ADR 0005); a third only when a consent or statute names the actor's unit or sector (which
    categories), and then the audit log's own writes. Housing's relations are inside the one query."""
    actor = User.objects.get(pk=world.cast.job_provider.pk)  # nothing cached on the user
    with django_assert_max_num_queries(2):
        facts = facts_of(actor, world.cid)
    assert facts.by_basis == set() and not facts.same_sector
    _consent(world, scopes=["plan_goals"])
    actor = User.objects.get(pk=world.cast.job_provider.pk)
    with django_assert_max_num_queries(3):
        facts = facts_of(actor, world.cid)
    assert facts.by_basis == {Scope.PLAN_GOALS}
    with django_assert_max_num_queries(2 + AUDIT_QUERIES):
        citizen_access(actor=actor, citizen_id=world.cid, action=Action.VIEW, purpose="plan_page")


def _own_intervention(world: SimpleNamespace) -> Any:
    return world.plan.interventions.get(type__code="virksomhedspraktik")


def test_a_provider_outside_the_consent_records_their_own_work_and_leaves_the_goal_links(
        world: SimpleNamespace) -> None:
    iv = _own_intervention(world)
    goal = iv.goals.get()
    args = {"actor": world.cast.job_provider, "intervention_id": iv.pk, "status": iv.status,
            "requested_on": iv.requested_on, "start_date": iv.start_date,
            "provider_unit_id": iv.provider_unit_id}
    with pytest.raises(PermissionDenied) as refused:
        plan_services.intervention_update(**args, expected_version=iv.version, goal_ids=[goal.pk])
    assert refused.value.field == "goals"
    saved = plan_services.intervention_update(**args, expected_version=iv.version, hours_per_week="12",
                                              goal_ids=[])
    assert saved.hours_per_week == 12 and list(saved.goals.all()) == [goal]  # the links they cannot see stay
    treatment = world.plan.interventions.get(type__code="stofbehandling-ambulant")
    with pytest.raises(PermissionDenied):
        plan_services.intervention_update(**{**args, "intervention_id": treatment.pk,
                                             "provider_unit_id": treatment.provider_unit_id},
                                          expected_version=treatment.version)


def test_the_summary_page_offers_the_providers_own_interventions_to_edit(world: SimpleNamespace) -> None:
    iv = _own_intervention(world)
    client = english_client()
    client.force_login(world.cast.job_provider)
    summary = client.get(f"/citizens/{world.cid}/").content.decode()
    assert "Interventions you deliver" in summary and "not shared with your unit" in summary
    edit_url = f"/citizens/{world.cid}/interventions/{iv.pk}/edit/"
    assert edit_url in summary and "Fortroligt notat" not in summary
    treatment = world.plan.interventions.get(type__code="stofbehandling-ambulant")
    assert f"interventions/{treatment.pk}/" not in summary
    form = client.get(edit_url)
    assert form.status_code == 200 and 'name="goals"' not in form.content.decode()
    assert client.get(f"/citizens/{world.cid}/interventions/{treatment.pk}/edit/").status_code == 404
    done = client.post(edit_url, {"version": iv.version, "provider_unit": iv.provider_unit_id,
                                  "status": iv.status, "requested_on": iv.requested_on.isoformat(),
                                  "start_date": iv.start_date.isoformat(), "hours_per_week": "8"})
    assert done.status_code == 302
    iv.refresh_from_db()
    assert iv.hours_per_week == 8 and iv.goals.count() == 1


def test_the_api_summary_lists_the_providers_own_interventions_without_their_goals(
        world: SimpleNamespace) -> None:
    from helhed.access.tokens import token_create

    _token, raw = token_create(user=world.cast.job_provider, name="t")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get(f"/api/v1/citizens/{world.cid}/plan").status_code == 403
    summary = api.get(f"/api/v1/citizens/{world.cid}/plan/summary").json()
    own = summary["own_interventions"]
    assert [(i["type"]["code"], i["goal_ids"]) for i in own] == [("virksomhedspraktik", [])]
    iv = _own_intervention(world)
    assert own[0]["id"] == iv.pk and iv.goals.count() == 1  # linked, but not shared with the job centre
    _token, raw = token_create(user=world.cast.coordinator, name="c")
    holder = Client(headers={"Authorization": f"Bearer {raw}"})
    assert holder.get(f"/api/v1/citizens/{world.cid}/plan/summary").json()["own_interventions"] == []
