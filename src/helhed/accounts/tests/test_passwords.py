"""Passwords are hashed with Argon2; an older PBKDF2 hash is replaced by Argon2 at the next log-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from helhed.people.models import User

from .conftest import PASSWORD, log_in


def test_argon2_is_the_first_hasher() -> None:
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_new_password_is_stored_as_argon2id(anna: User) -> None:
    anna.refresh_from_db()
    assert anna.password.startswith("argon2$argon2id$")
    assert PASSWORD not in anna.password


def test_an_old_pbkdf2_hash_is_upgraded_at_log_in(anna: User, client) -> None:
    User.objects.filter(pk=anna.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert log_in(client, "anna") == 302
    anna.refresh_from_db()
    assert anna.password.startswith("argon2$")
