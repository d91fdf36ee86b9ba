"""OpenID Connect against a local provider (tests/oidc_provider.py) over real HTTP: the whole
authorization-code flow with state, nonce and PKCE; forged, misaddressed and expired ID tokens refused;
people mapped to existing staff only, never created."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from helhed.accounts.two_factor import IDP_MFA_SESSION_KEY
from helhed.people.models import User

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider


@pytest.fixture
def provider(settings, monkeypatch) -> Iterator[Provider]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the test provider speaks plain HTTP
    running = Provider().start()
    settings.HELHED_OIDC_DISCOVERY_URL = running.discovery_url
    settings.HELHED_OIDC_CLIENT_ID = CLIENT_ID
    settings.HELHED_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.HELHED_REQUIRE_2FA = True
    yield running
    running.stop()


@pytest.fixture
def anna_with_email(anna: User) -> User:
    anna.email = "Anna@Example.test"
    anna.save(update_fields=["email"])
    return anna


def _browse_to_provider(url: str) -> str:
    """What the browser does at the provider: ask for the authorize URL, get the redirect back to us."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    conn.request("GET", f"{parts.path}?{parts.query}")
    answer = conn.getresponse()
    assert answer.status == 302
    location = answer.getheader("Location") or ""
    conn.close()
    back = urlsplit(location)
    return f"{back.path}?{back.query}"


def _log_in(client: Client, next_url: str = "/team/") -> tuple[Client, Any]:
    start = client.get(f"/login/oidc/?next={next_url}")
    assert start.status_code == 302
    callback = _browse_to_provider(start["Location"])
    return client, client.get(callback)


def test_the_login_page_offers_the_organisation_log_in_only_when_configured(provider: Provider, settings
                                                                            ) -> None:
    assert "/login/oidc/" in Client().get("/login/").content.decode()
    settings.HELHED_OIDC_DISCOVERY_URL = ""
    assert "/login/oidc/" not in Client().get("/login/").content.decode()
    assert Client().get("/login/oidc/")["Location"] == "/login/"


def test_the_full_flow_logs_the_mapped_staff_member_in(provider: Provider, anna_with_email: User) -> None:
    client, response = _log_in(Client())
    assert response.status_code == 302 and response["Location"] == "/team/"
    assert client.session["_auth_user_id"] == str(anna_with_email.pk)
    # The ID token says a second factor was used (amr "mfa"): Helhed does not ask again.
    assert client.session[IDP_MFA_SESSION_KEY] is True
    assert client.get("/").status_code == 200

    asked = provider.authorize_requests[0]
    assert asked["client_id"] == CLIENT_ID and asked["response_type"] == "code"
    assert asked["state"] and asked["nonce"] and "openid" in asked["scope"].split()
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert provider.token_requests[0]["code_verifier"]  # PKCE: the verifier only we knew


def test_without_the_providers_second_factor_helhed_asks_for_its_own(
    provider: Provider, anna_with_email: User
) -> None:
    provider.claims["amr"] = ["pwd"]
    client, response = _log_in(Client())
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/login/two-factor/enrol/")


SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


@pytest.mark.parametrize(("acr", "trust", "counts"), [
    (SUBSTANTIAL, False, True),  # an acr the municipality named as two-factor
    ("https://data.gov.dk/concept/core/nsis/loa/Low", False, False),
    (None, False, False),  # nothing said: Helhed asks
    (None, True, True),  # HELHED_OIDC_PROVIDES_2FA: trusted without looking
])
def test_the_second_factor_is_read_from_the_id_token(
    provider: Provider, anna_with_email: User, settings, acr: str | None, trust: bool, counts: bool
) -> None:
    settings.HELHED_OIDC_MFA_ACR_VALUES = [SUBSTANTIAL]
    settings.HELHED_OIDC_PROVIDES_2FA = trust
    del provider.claims["amr"]
    if acr:
        provider.claims["acr"] = acr
    client, _response = _log_in(Client())
    assert bool(client.session.get(IDP_MFA_SESSION_KEY)) is counts
    assert (client.get("/").status_code == 200) is counts


@pytest.mark.parametrize("fault", ["wrong-key", "wrong-audience", "expired", "wrong-nonce"])
def test_a_bad_id_token_is_refused(provider: Provider, anna_with_email: User, fault: str) -> None:
    provider.fault = fault
    client, response = _log_in(Client())
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_callback_with_a_forged_state_is_refused(provider: Provider, anna_with_email: User) -> None:
    client = Client()
    start = client.get("/login/oidc/")
    callback = _browse_to_provider(start["Location"])
    path, query = callback.split("?", 1)
    params = {k: v[0] for k, v in parse_qs(query).items()}
    forged = client.get(path, {"code": params["code"], "state": "forged"})
    assert forged.status_code == 403
    assert "_auth_user_id" not in client.session
    # Another browser cannot use this browser's answer either: the state lives in the session.
    other = Client().get(callback)
    assert other.status_code == 403


def test_an_unknown_person_is_refused_and_no_user_is_created(
    provider: Provider, anna_with_email: User
) -> None:
    provider.claims = {"sub": "u-2", "email": "stranger@example.test", "role": "administrator"}
    before = User.objects.count()
    _client, response = _log_in(Client())
    assert response.status_code == 403
    assert "ikke oprettet som bruger af Helhed" in response.content.decode()  # Danish by default
    assert User.objects.count() == before


def test_an_inactive_staff_member_is_refused(provider: Provider, anna_with_email: User) -> None:
    User.objects.filter(pk=anna_with_email.pk).update(is_active=False)
    _client, response = _log_in(Client())
    assert response.status_code == 403


def test_the_next_address_must_be_ours(provider: Provider, anna_with_email: User) -> None:
    _client, response = _log_in(Client(), next_url="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_logging_out_after_the_organisation_log_in_ends_the_providers_session_too(
        provider: Provider, anna_with_email: User) -> None:
    client, _response = _log_in(Client())
    out = client.post("/logout/")
    assert out.status_code == 302
    target = urlsplit(out["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.issuer}/logout"
    asked = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert asked["id_token_hint"] == provider.issued_id_tokens[-1] and asked["client_id"] == CLIENT_ID
    assert asked["post_logout_redirect_uri"] == "http://testserver/login/"
    assert "_auth_user_id" not in client.session  # logged out of Helhed first, whatever the provider does
    assert client.get("/").status_code == 302


def test_a_password_log_in_logs_out_of_helhed_only(provider: Provider, anna: User) -> None:
    client = Client()
    client.force_login(anna)
    out = client.post("/logout/")
    assert out.status_code == 302 and out["Location"] == "/login/" and not provider.logout_requests


def test_logging_out_does_not_wait_for_a_provider_that_is_gone(provider: Provider, anna_with_email: User
                                                               ) -> None:
    client, _response = _log_in(Client())
    provider.stop()
    from helhed.accounts import oidc

    oidc._client.cache_clear()  # the discovery document was cached with the client: fetch it again
    out = client.post("/logout/")
    assert out.status_code == 302 and out["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
