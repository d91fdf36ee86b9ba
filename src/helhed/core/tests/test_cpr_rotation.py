"""CPR key rotation: every number re-encrypted under the newest key and re-hashed under the new lookup key,
all or nothing; and no CPR number in logs, URLs or error messages."""

from __future__ import annotations

import logging
import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from helhed.access.models import AuditEvent
from helhed.core.cpr import CPR
from helhed.core.errors import DomainError
from helhed.people.models import Citizen
from helhed.people.services import citizen_lookup_by_cpr
from helhed.plans import services
from helhed.testing import factories as f

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
pytestmark = pytest.mark.django_db


@pytest.fixture
def citizens() -> list[str]:
    """Three citizens written under the old Fernet key and the old lookup key; their numbers."""
    coordinator = f.staff("coordinating_caseworker", password="")
    numbers = [f.synthetic_cpr(serial=n) for n in (101, 202, 303)]
    with override_settings(HELHED_CPR_KEYS=[OLD_KEY], HELHED_CPR_HASH_KEY="old-hash-key"):
        for number in numbers:
            services.citizen_register(actor=coordinator, cpr=number, first_name="Rota", last_name="Tion")
    return numbers


def test_rotation_moves_every_number_to_the_new_keys(citizens: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with override_settings(HELHED_CPR_KEYS=[NEW_KEY, OLD_KEY], HELHED_CPR_HASH_KEY="new-hash-key"):
        with pytest.raises(CommandError, match="still on an old key"):
            call_command("cpr", "rotate-keys", "--check")
        assert all(citizen_lookup_by_cpr(CPR.parse(n)) is None for n in citizens)  # old hashes: no hit
        call_command("cpr", "rotate-keys")
        call_command("cpr", "rotate-keys", "--check")
        assert all(citizen_lookup_by_cpr(CPR.parse(n)) is not None for n in citizens)
    out = capsys.readouterr().out
    assert "Rotated 3 CPR numbers (3 were on an old key)" in out
    assert not any(n in out or n.replace("-", "") in out for n in citizens)
    with override_settings(HELHED_CPR_KEYS=[NEW_KEY], HELHED_CPR_HASH_KEY="new-hash-key"):
        # The old key can go: every number opens with the new one alone.
        assert sorted(c.cpr.formatted for c in Citizen.objects.all()) == sorted(citizens)
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.actor_role, event.purpose, event.route) == ("system", "cpr_key_rotation", "cpr rotate-keys")


def test_a_number_no_key_opens_stops_the_whole_rotation(citizens: list[str]) -> None:
    before = list(Citizen.objects.order_by("pk").values_list("cpr_encrypted", "cpr_hash"))
    with override_settings(HELHED_CPR_KEYS=[NEW_KEY], HELHED_CPR_HASH_KEY="new-hash-key"), \
            pytest.raises(CommandError, match=r"Nothing rotated: 3 rows .*people_citizen#"):
        call_command("cpr", "rotate-keys")
    assert list(Citizen.objects.order_by("pk").values_list("cpr_encrypted", "cpr_hash")) == before


# -- no CPR number in error messages, logs or URLs --------------------------------------------------------
def test_error_messages_do_not_repeat_the_number(citizens: list[str]) -> None:
    coordinator = f.staff("coordinating_caseworker", password="")
    with override_settings(HELHED_CPR_KEYS=[OLD_KEY], HELHED_CPR_HASH_KEY="old-hash-key"):
        for bad in (citizens[0], "731385-1234", "320190-1234", "0101901234x"):
            with pytest.raises(DomainError) as error:
                services.citizen_register(actor=coordinator, cpr=bad, first_name="A", last_name="B")
            message = str(error.value.message)
            assert not re.search(r"\d{6}-?\d{4}", message), message


def test_a_cpr_search_leaves_the_number_in_no_log_and_no_url(citizens: list[str],
                                                            caplog: pytest.LogCaptureFixture) -> None:
    coordinator = f.staff("coordinating_caseworker", password="")
    client = Client()
    client.force_login(coordinator)
    with caplog.at_level(logging.DEBUG), \
            override_settings(HELHED_CPR_KEYS=[OLD_KEY], HELHED_CPR_HASH_KEY="old-hash-key"):
        response = client.post("/search/", {"q": citizens[0]})
        missing = client.post("/search/", {"q": f.synthetic_cpr(serial=999)})
    assert response.status_code == 200 and missing.status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    digits = citizens[0].replace("-", "")
    assert digits not in logged.replace("-", "")
    assert not AuditEvent.objects.filter(purpose__contains=citizens[0][:6]).exists()
    for redirect in (response.get("Location", ""), missing.get("Location", "")):
        assert digits not in redirect.replace("-", "")


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def test_no_url_of_the_web_interface_takes_a_cpr_number() -> None:
    patterns = _patterns(get_resolver())
    assert any("citizens/<int:citizen_id>/" in p for p in patterns)
    assert not [p for p in patterns if "cpr" in p.lower()]
