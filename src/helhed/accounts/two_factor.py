"""TOTP two-factor for staff (django-otp's TOTP device): enrolment, verification, and when it is required.

A member of staff enrols by scanning a QR code (drawn here as inline SVG, so the secret never leaves the
server for a QR service) and typing the first code; only then is the device confirmed. Wrong codes are
throttled by django-otp (each failure doubles the wait). An OIDC log-in counts as two-factor when the
provider's ID token says a second factor was used (`amr` with "mfa", RFC 8176, or an `acr` among
HELHED_OIDC_MFA_ACR_VALUES), or when HELHED_OIDC_PROVIDES_2FA says to trust the provider without looking.

Never log or render a device's key except on the enrolment page of its own user.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhed.people.models import User

IDP_MFA_SESSION_KEY = "helhed_mfa_by_identity_provider"
DEVICE_NAME = "Helhed"


def has_device(user: User | AnonymousUser) -> bool:
    return bool(user.pk) and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def required_for(request: HttpRequest) -> bool:
    """Required by the setting, and always for whoever has enrolled (they chose it; keep it)."""
    return bool(settings.HELHED_REQUIRE_2FA) or has_device(request.user)


def is_satisfied(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified()) or bool(request.session.get(IDP_MFA_SESSION_KEY))


def idp_second_factor(claims: dict[str, Any]) -> bool:
    """Whether the provider's ID token shows a second factor (or the provider is trusted to always ask)."""
    if settings.HELHED_OIDC_PROVIDES_2FA:
        return True
    amr = claims.get("amr")
    if isinstance(amr, list) and "mfa" in amr:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in settings.HELHED_OIDC_MFA_ACR_VALUES


def enrolment_device(user: User) -> TOTPDevice:
    """The user's unconfirmed device, made now if there is none (a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG (no style attributes: the CSP forbids them)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the device with its first code; the log-in then counts as verified. False on a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(_digits(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # A user has one authenticator: enrolling again replaces the old one.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return True


def verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code against the user's confirmed device; on success the log-in counts as verified."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(_digits(token)):
            otp_login(request, device)
            return True
    return False


def _digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())[:8]
