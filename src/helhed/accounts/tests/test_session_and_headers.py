"""The idle timeout, cookies and security headers of every page."""

from __future__ import annotations

import time

from django.test import Client

from helhed.accounts.middleware import LAST_SEEN_KEY
from helhed.people.models import User

from .conftest import log_in, settings_in_a_fresh_process


def _age_session(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_log_in_idle_for_over_30_minutes_ends(anna: User, client: Client) -> None:
    log_in(client, "anna")
    _age_session(client, 31 * 60)
    response = client.get("/team/?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fteam%2F%3Fx%3D1"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "logged out after 30 minutes without activity" in page.content.decode()


def test_activity_keeps_the_log_in(anna: User, client: Client) -> None:
    log_in(client, "anna")
    _age_session(client, 29 * 60)
    assert client.get("/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5  # the clock was wound on


def test_htmx_after_the_timeout_is_sent_to_the_log_in(anna: User, client: Client) -> None:
    log_in(client, "anna")
    _age_session(client, 31 * 60)
    response = client.get("/search/?q=x", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/")


def test_every_page_carries_the_security_headers(anna: User, client: Client) -> None:
    for response in (client.get("/login/"), client.get("/static/helhed/helhed.css")):
        csp = response.get("Content-Security-Policy", "")
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "unsafe" not in csp  # no 'unsafe-inline', no 'unsafe-eval'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert client.get("/login/")["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_http_only_and_same_site(anna: User, client: Client) -> None:
    response = client.post("/login/", {"username": "anna", "password": "synthetic-pass-123"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_served_over_https_cookies_are_secure_and_hsts_is_sent(tmp_path) -> None:
    names = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT")
    https = settings_in_a_fresh_process(tmp_path, {"HELHED_HTTPS": "1"}, *names)
    assert https == ["True", "True", "31536000", "True"]
    assert settings_in_a_fresh_process(tmp_path, {}, *names) == ["None"] * 4  # Django's defaults: off
