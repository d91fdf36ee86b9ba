"""OpenID Connect: log in through the municipality's identity provider (authorization-code flow).

Authlib's Django client does the protocol: discovery, `state`, `nonce` and PKCE (S256) kept in the session,
the code exchanged at the token endpoint, the ID token's RS256 signature checked against the provider's
JWKS and its claims (issuer, audience = our client id, expiry, nonce) validated. This module only chooses
the settings and maps the person to a member of staff.

Mapping: the claim HELHED_OIDC_USER_CLAIM (default `email`) must equal the field HELHED_OIDC_USER_FIELD of
exactly one active staff member. Nobody is ever created here, least of all with a role: staff are set up by
an administrator, and an unknown person is refused with a message that says so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from joserfc.errors import JoseError

from helhed.core.errors import PermissionDenied
from helhed.people.models import User

BACKEND = "helhed.accounts.backends.UnitModelBackend"
ID_TOKEN_SESSION_KEY = "helhed_oidc_id_token"  # noqa: S105 (a session key, not a secret)


def enabled() -> bool:
    return bool(settings.HELHED_OIDC_DISCOVERY_URL and settings.HELHED_OIDC_CLIENT_ID)


@functools.lru_cache(maxsize=4)
def _client(discovery_url: str, client_id: str, client_secret: str, scopes: str) -> DjangoOAuth2App:
    # Keyed on the settings, so a change of configuration (or a test's provider) gets its own client;
    # the cache keeps the discovery document and the JWKS between log-ins.
    oauth = OAuth()
    client: DjangoOAuth2App = oauth.register(
        name="municipality",
        server_metadata_url=discovery_url,
        client_id=client_id,
        client_secret=client_secret,
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": 10},
    )
    return client


def client() -> DjangoOAuth2App:
    return _client(settings.HELHED_OIDC_DISCOVERY_URL, settings.HELHED_OIDC_CLIENT_ID,
                   settings.HELHED_OIDC_CLIENT_SECRET, settings.HELHED_OIDC_SCOPES)


def authorize_redirect(request: HttpRequest, redirect_uri: str) -> HttpResponse:
    """Send the browser to the provider; state, nonce and the PKCE verifier stay in our session."""
    response: HttpResponse = client().authorize_redirect(request, redirect_uri)
    return response


@dataclass(frozen=True)
class OidcLogin:
    user: User
    id_token: str  # kept in the session, to log out at the provider too
    claims: dict[str, Any]  # the ID token's, checked (signature, issuer, audience, expiry, nonce)


def authenticate_callback(request: HttpRequest) -> OidcLogin:
    """The staff member the provider vouches for, after every check of the answer; PermissionDenied if not."""
    try:
        token: dict[str, Any] = client().authorize_access_token(request)
    except (OAuthError, JoseError, requests.RequestException, ValueError, KeyError) as error:
        raise PermissionDenied(_("The log-in through your organisation could not be completed. "
                                 "Try again, or log in with your Helhed password.")) from error
    claims = dict(token.get("userinfo") or {})
    if not claims:  # the ID token is the proof; a provider without one is not OpenID Connect
        raise PermissionDenied(_("The log-in through your organisation could not be completed. "
                                 "Try again, or log in with your Helhed password."))
    return OidcLogin(user_for_claims(claims), str(token.get("id_token") or ""), claims)


def logout_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser so that the provider ends its session too (OpenID Connect RP-Initiated
    Logout): its `end_session_endpoint` with the ID token as hint. None when the provider has none or cannot
    be reached: logging out of Helhed never waits for the provider."""
    try:
        metadata = client().load_server_metadata()
    except (requests.RequestException, ValueError):
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri,
                       "client_id": settings.HELHED_OIDC_CLIENT_ID})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def user_for_claims(claims: dict[str, Any]) -> User:
    value = claims.get(settings.HELHED_OIDC_USER_CLAIM)
    if not isinstance(value, str) or not value.strip():
        raise PermissionDenied(_("Your organisation did not say who you are. Ask the Helhed administrator."))
    field = settings.HELHED_OIDC_USER_FIELD
    matches = list(User.objects.filter(**{f"{field}__iexact": value.strip(), "is_active": True})[:2])
    if len(matches) != 1:
        raise PermissionDenied(_("You are not set up as a user of Helhed. Ask the Helhed administrator "
                                 "to create you as a member of staff with your role."))
    return matches[0]
