"""Who has looked at my data: the citizen's access log as a page and in the API, under the access rules,
with staff names and units, plain-word purposes, break-the-glass marked, and the look itself logged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation

from helhed.access.access_log import access_log_entries, citizen_access_log, purpose_label
from helhed.access.audit import audit_record
from helhed.access.models import AuditEvent
from helhed.access.tokens import token_create
from helhed.core.errors import NotFound
from helhed.people.models import OrgUnit
from helhed.plans import selectors
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log
from helhed.testing.cast import make_cast
from helhed.testing.clients import english_client


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    for person, (first, last) in ((cast.coordinator, ("Karin", "Koordinator")),
                                  (cast.provider, ("Per", "Behandler")),
                                  (cast.stranger, ("Sten", "Fremmed"))):
        person.first_name, person.last_name = first, last
        person.save()
    plan = f.plan(coordinator=cast.coordinator, first_name="Sofie", last_name="Testborger")
    f.intervention(plan, provider=org["treatment"])
    clear_audit_log()
    selectors.plan_page(actor=cast.provider, citizen_id=plan.citizen_id)
    return SimpleNamespace(cast=cast, plan=plan, citizen_id=plan.citizen_id)


def test_the_log_names_staff_unit_and_purpose_newest_first(world: SimpleNamespace) -> None:
    log = citizen_access_log(actor=world.cast.coordinator, citizen_id=world.citizen_id)
    newest, older = log.entries[0], log.entries[1]
    assert (newest.staff_name, newest.unit, newest.purpose) == (
        "Karin Koordinator", "Team Udsatte Voksne", "Looked at who has seen your data")
    assert (older.staff_name, older.unit, older.purpose, older.break_the_glass) == (
        "Per Behandler", "Center for Misbrugsbehandling", "Looked at your plan", False)


def test_looking_at_the_log_is_logged(world: SimpleNamespace) -> None:
    before = AuditEvent.objects.filter(purpose="access_log").count()
    citizen_access_log(actor=world.cast.provider, citizen_id=world.citizen_id)
    [event] = AuditEvent.objects.filter(purpose="access_log")[before:]
    assert (event.actor_id, event.citizen_id, event.action) == (world.cast.provider.pk, world.citizen_id,
                                                                "view")


def test_staff_without_access_get_not_found_and_leave_no_trace_of_the_log(world: SimpleNamespace) -> None:
    with pytest.raises(NotFound):
        citizen_access_log(actor=world.cast.stranger, citizen_id=world.citizen_id)
    assert not AuditEvent.objects.filter(actor_id=world.cast.stranger.pk).exists()


def test_break_the_glass_is_marked_with_its_reason(world: SimpleNamespace) -> None:
    audit_record(actor=world.cast.stranger, action="view", citizen_id=world.citizen_id, purpose="plan_page",
                 basis=AuditEvent.Basis.BREAK_THE_GLASS, grant_id=7)
    audit_record(actor=world.cast.stranger, action="view", citizen_id=world.citizen_id,
                 purpose="plan_page [break_glass: Akut indlæggelse]")
    [reason_form, basis_form] = access_log_entries(citizen_id=world.citizen_id)[:2]
    assert basis_form.break_the_glass and basis_form.staff_name == "Sten Fremmed"
    assert (reason_form.break_the_glass, reason_form.reason, reason_form.purpose) == (
        True, "Akut indlæggelse", "Looked at your plan")


def test_purposes_fall_back_on_plain_words() -> None:
    assert str(purpose_label("something_new", "view")) == "Looked at your information"
    assert str(purpose_label("something_new", "edit_plan")) == "Changed or added to your case"


def test_system_records_read_as_the_system(world: SimpleNamespace) -> None:
    audit_record(actor=None, action="delete", citizen_id=world.citizen_id, purpose="retention")
    [entry] = access_log_entries(citizen_id=world.citizen_id, limit=1)
    assert (entry.staff_name, entry.role, entry.is_system) == ("The system", "The system", True)


# -- the page ----------------------------------------------------------------------------------------------
def test_the_plan_page_links_to_the_log_and_the_page_shows_it(world: SimpleNamespace) -> None:
    client = english_client()
    client.force_login(world.cast.coordinator)
    plan_page = client.get(f"/citizens/{world.citizen_id}/").content.decode()
    assert f'href="/citizens/{world.citizen_id}/access-log/"' in plan_page
    response = client.get(f"/citizens/{world.citizen_id}/access-log/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Who has looked at Sofie Testborger's data" in page
    assert "Per Behandler" in page and "Center for Misbrugsbehandling" in page
    assert "Looked at your plan" in page
    assert AuditEvent.objects.filter(route="access_log", purpose="access_log").count() == 1


def test_the_page_is_danish_by_default(world: SimpleNamespace) -> None:
    client = Client()
    client.force_login(world.cast.coordinator)
    page = client.get(f"/citizens/{world.citizen_id}/access-log/").content.decode()
    assert "Så din plan" in page and "Hvem har set" in page


def test_the_page_answers_404_to_staff_without_access(world: SimpleNamespace) -> None:
    client = english_client()
    client.force_login(world.cast.stranger)
    assert client.get(f"/citizens/{world.citizen_id}/access-log/").status_code == 404


def test_the_page_shows_no_cpr_number(world: SimpleNamespace) -> None:
    client = english_client()
    client.force_login(world.cast.coordinator)
    page = client.get(f"/citizens/{world.citizen_id}/access-log/").content.decode()
    assert world.plan.citizen.cpr.digits not in page.replace("-", "")
    assert not re.search(r"\b\d{6}-?\d{4}\b", page)


# -- the API -----------------------------------------------------------------------------------------------
def _api(user: object) -> Client:
    _row, token = token_create(user=user)  # type: ignore[arg-type]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_gives_the_log(world: SimpleNamespace) -> None:
    response = _api(world.cast.coordinator).get(f"/api/v1/citizens/{world.citizen_id}/access-log")
    assert response.status_code == 200
    body = response.json()
    assert body["citizen_id"] == world.citizen_id
    assert [(e["staff_name"], e["purpose"]) for e in body["entries"][:2]] == [
        ("Karin Koordinator", "Looked at who has seen your data"), ("Per Behandler", "Looked at your plan")]
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None and (newest.purpose, newest.route) == ("access_log", "api:access_log_get")


def test_the_api_answers_404_to_staff_without_access(world: SimpleNamespace) -> None:
    response = _api(world.cast.stranger).get(f"/api/v1/citizens/{world.citizen_id}/access-log")
    assert response.status_code == 404
    assert "detail" in response.json()
