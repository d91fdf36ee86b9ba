"""API tokens: issue, authenticate, list and revoke the bearer tokens of the REST API.

A token is `secrets.token_urlsafe(32)` (256 random bits). Only its SHA-256 hash is stored, so a copy of
the database does not let anyone call the API; the first characters are kept as a non-secret prefix so
people can tell their tokens apart. A token is shown once, when it is created, and never again.

This module never logs or returns a stored token, and never authenticates an inactive user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.access.models import ApiToken
from helhed.core.errors import NotFound, ValidationError
from helhed.people.models import User

PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 200
# Recording every use would write a row on every request; once a minute is enough to see it is in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Issue a token for `user`. Returns the stored row and the token itself (show it once)."""
    if not user.is_active:
        raise ValidationError(_("The user is not active; an API token would not work."), field="user")
    label = (name or "").strip() or "api"
    if len(label) > 100:
        raise ValidationError(_("A token name has at most 100 characters."), field="name")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=label, prefix=raw[:PREFIX_LENGTH], token_hash=token_hash(raw)
    )
    return token, raw


def token_authenticate(raw: str) -> User | None:
    """The active user the token belongs to, or None (unknown, revoked, or the user is inactive)."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = (
        ApiToken.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .select_related("user__unit")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_list(*, user: User | None = None) -> QuerySet[ApiToken]:
    """Tokens (never the secret), newest first; all users' when `user` is None (for administrators)."""
    qs = ApiToken.objects.select_related("user")
    return qs.filter(user=user) if user is not None else qs


@transaction.atomic
def token_revoke(*, token_id: int) -> ApiToken:
    """Revoke a token for good. Revoking an already revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("No such API token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
