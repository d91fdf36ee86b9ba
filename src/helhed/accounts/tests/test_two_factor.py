"""TOTP two-factor for staff: required when HELHED_REQUIRE_2FA is on (the production default), enrolment
with an inline-SVG QR code, verification, throttled wrong codes; the API's bearer tokens are apart."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhed.access.tokens import token_create
from helhed.people.models import User

from .conftest import log_in, settings_in_a_fresh_process


@pytest.fixture(autouse=True)
def require_2fa(settings) -> None:
    settings.HELHED_REQUIRE_2FA = True


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_setting_is_on_unless_the_environment_turns_it_off(tmp_path) -> None:
    assert settings_in_a_fresh_process(tmp_path, {}, "HELHED_REQUIRE_2FA") == ["True"]
    off = settings_in_a_fresh_process(tmp_path, {"HELHED_REQUIRE_2FA": "0"}, "HELHED_REQUIRE_2FA")
    assert off == ["False"]


def test_a_password_alone_reaches_only_the_enrolment(anna: User, client: Client) -> None:
    assert log_in(client, "anna") == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/two-factor/enrol/")
    assert client.get("/team/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_htmx_is_sent_to_the_log_in_step_with_hx_redirect(anna: User, client: Client) -> None:
    log_in(client, "anna")
    response = client.get("/search/?q=x", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/two-factor/enrol/")


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_the_first_code(anna: User, client: Client
                                                                           ) -> None:
    log_in(client, "anna")
    page = client.get("/login/two-factor/enrol/?next=/team/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<img" not in html.split("<main", 1)[1]  # drawn here, no QR service
    assert not re.search(r"<[^>]+\sstyle=", html)  # the CSP forbids style attributes
    device = TOTPDevice.objects.get(user=anna)
    assert not device.confirmed
    secret = html.split('class="helhed-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    assert secret and secret in device.config_url

    wrong = client.post("/login/two-factor/enrol/", {"code": "000000", "next": "/"})
    assert wrong.status_code == 422
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second (see the throttling test)
    done = client.post("/login/two-factor/enrol/", {"code": code(device), "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_enrolled_staff_type_a_code_after_the_password(anna: User, client: Client) -> None:
    device = TOTPDevice.objects.create(user=anna, name="Helhed", confirmed=True)
    log_in(client, "anna")
    first = client.get("/")
    assert first["Location"].startswith("/login/two-factor/?")
    # Enrolling again would let a stolen password replace the authenticator: it asks for the old code first.
    assert client.get("/login/two-factor/enrol/")["Location"].startswith("/login/two-factor/")
    assert client.post("/login/two-factor/", {"code": "12 34 56"}).status_code == 422
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/login/two-factor/", {"code": code(device), "next": "/team/"})
    assert ok.status_code == 302 and ok["Location"] == "/team/"
    assert client.get("/").status_code == 200


def test_wrong_codes_are_throttled(anna: User, client: Client) -> None:
    device = TOTPDevice.objects.create(user=anna, name="Helhed", confirmed=True)
    log_in(client, "anna")
    assert client.post("/login/two-factor/", {"code": "000000"}).status_code == 422
    # Right away after a failure even the right code is refused: django-otp makes the user wait.
    assert client.post("/login/two-factor/", {"code": code(device)}).status_code == 422
    device.refresh_from_db()
    assert device.throttling_failure_count == 1 and device.throttling_failure_timestamp is not None


def test_a_code_is_not_taken_from_another_site(anna: User, client: Client) -> None:
    log_in(client, "anna")
    response = client.post("/login/two-factor/enrol/", {"code": "1", "next": "https://evil.example/"})
    assert response.status_code == 422
    assert 'value="https://evil.example/"' not in response.content.decode()


def test_the_api_takes_a_bearer_token_without_a_code(anna: User) -> None:
    _token, raw = token_create(user=anna, name="t")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_without_the_requirement_a_password_is_enough(anna: User, client: Client, settings) -> None:
    settings.HELHED_REQUIRE_2FA = False
    log_in(client, "anna")
    assert client.get("/").status_code == 200
