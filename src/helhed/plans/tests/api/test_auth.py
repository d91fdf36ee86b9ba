"""Bearer-token authentication: 401 without a usable token; only the hash is stored; the CLI issues tokens."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhed.access.models import ApiToken, AuditEvent
from helhed.access.tokens import token_authenticate, token_create, token_revoke
from helhed.plans.tests.api.conftest import ApiClient, ApiFor, World
from helhed.testing.audit import clear_audit_log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz",
                                    "Bearer not-a-token", "Bearer " + "x" * 5000])
def test_no_usable_token_is_401(world: World, header: str | None) -> None:
    client = ApiClient(None)
    if header is not None:
        client.headers["Authorization"] = header
    for path in ("/me", f"/citizens/{world.citizen_id}", "/me/caseload"):
        response = client.get(path)
        assert response.status_code == 401, (path, header)
        assert response.json() == {"detail": "Unauthorized"}


def test_writes_without_token_are_401_and_write_nothing(world: World) -> None:
    response = ApiClient(None).post(f"/plans/{world.plan.pk}/notes", {"text": "Ikke autoriseret"})
    assert response.status_code == 401
    assert not world.plan.notes.exists()


def test_valid_token_identifies_the_user(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.coordinator.pk
    assert body["role"] == "coordinating_caseworker"
    assert body["unit"]["name"] == "Team Udsatte Voksne"


def test_revoked_token_is_401(world: World) -> None:
    token, raw = token_create(user=world.coordinator, name="revoke me")
    client = ApiClient(raw)
    assert client.get("/me").status_code == 200
    token_revoke(token_id=token.pk)
    assert client.get("/me").status_code == 401
    assert client.get(f"/citizens/{world.citizen_id}").status_code == 401


def test_inactive_users_token_is_401(world: World) -> None:
    _token, raw = token_create(user=world.coordinator)
    client = ApiClient(raw)
    assert client.get("/me").status_code == 200
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    assert client.get("/me").status_code == 401
    assert token_authenticate(raw) is None


def test_only_the_hash_and_a_prefix_are_stored(world: World) -> None:
    token, raw = token_create(user=world.coordinator, name="integration")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:8] and len(raw) >= 43
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(raw not in str(value) for value in row.values())


def test_use_is_recorded(world: World) -> None:
    token, raw = token_create(user=world.coordinator)
    assert token.last_used_at is None
    ApiClient(raw).get("/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_calls_are_audited_as_the_tokens_user(world: World, api_for: ApiFor) -> None:
    clear_audit_log()
    api_for(world.coordinator).get(f"/citizens/{world.citizen_id}")
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.citizen_id) == (world.coordinator.pk, world.citizen_id)
    assert event.action == "view"


def test_token_command_create_prints_the_token_once(world: World) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", world.coordinator.username, "--name", "fagsystem", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert ApiClient(raw).get("/me").json()["username"] == world.coordinator.username
    token = ApiToken.objects.get(user=world.coordinator, name="fagsystem")
    assert raw not in err.getvalue()

    listing = io.StringIO()
    call_command("token", "list", world.coordinator.username, stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()

    call_command("token", "revoke", str(token.pk), stdout=io.StringIO())
    assert ApiClient(raw).get("/me").status_code == 401


def test_token_command_refuses_unknown_or_inactive_users(world: World) -> None:
    with pytest.raises(CommandError, match="No user"):
        call_command("token", "create", "nobody-here", stdout=io.StringIO(), stderr=io.StringIO())
    world.stranger.is_active = False
    world.stranger.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="not active"):
        call_command("token", "create", world.stranger.username, stdout=io.StringIO(), stderr=io.StringIO())
