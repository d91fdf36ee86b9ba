"""Lockout after repeated failures (django-axes): per user name and per address, lifted by time or by an
administrator, with a clear message in Danish."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from helhed.people.models import User
from helhed.testing import factories as f

from .conftest import log_in

LIMIT = 5


def _fail(client: Client, username: str, times: int, *, ip: str = "10.0.0.1") -> None:
    """Wrong passwords: refused (200, the form again) until the limit, locked (429) from the failure that
    reaches it."""
    for n in range(1, times + 1):
        assert log_in(client, username, "wrong-password", ip=ip) == (200 if n < LIMIT else 429)


def test_the_right_password_works_below_the_limit(anna: User, client: Client) -> None:
    _fail(client, "anna", LIMIT - 1)
    assert log_in(client, "anna") == 302


def test_a_user_is_locked_after_five_failures_even_with_the_right_password(anna: User, client: Client
                                                                           ) -> None:
    _fail(client, "anna", LIMIT - 1, ip="10.0.0.1")
    # The fifth failure comes from elsewhere: the lock is on the user name, not only the address.
    assert log_in(client, "anna", "wrong-password", ip="10.9.9.9") == 429
    assert log_in(client, "anna", ip="10.7.7.7") == 429
    assert not Client().get("/").wsgi_request.user.is_authenticated


def test_an_address_is_locked_after_five_failures_across_user_names(anna: User, client: Client) -> None:
    for n in range(LIMIT):
        log_in(client, f"nobody{n}", "wrong-password", ip="10.0.0.66")
    assert log_in(client, "anna", ip="10.0.0.66") == 429
    assert log_in(client, "anna", ip="10.0.0.1") == 302  # another address is not locked


def test_the_lockout_page_says_what_happened_in_danish(anna: User) -> None:
    danish = Client()
    for _ in range(LIMIT):
        danish.post("/login/", {"username": "anna", "password": "wrong-password"})
    response = danish.post("/login/", {"username": "anna", "password": "wrong-password"})
    assert response.status_code == 429
    text = response.content.decode()
    assert "for mange forkerte forsøg" in text
    assert "15 minutter" in text


def test_the_lock_lifts_by_itself_after_the_cool_off(anna: User, client: Client) -> None:
    _fail(client, "anna", LIMIT)
    assert log_in(client, "anna") == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert log_in(client, "anna") == 302


@pytest.mark.parametrize("command", [("axes_reset_username", "anna"), ("axes_reset_ip", "10.0.0.1")])
def test_an_administrator_lifts_the_lock(anna: User, client: Client, command: tuple[str, str]) -> None:
    _fail(client, "anna", LIMIT)
    assert log_in(client, "anna") == 429
    call_command(*command)
    assert log_in(client, "anna") == 302


def test_an_administrator_sees_and_deletes_attempts_in_the_admin(anna: User, client: Client) -> None:
    _fail(client, "anna", LIMIT)
    admin = f.staff("administrator", username="root")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "anna" in page.content.decode()
