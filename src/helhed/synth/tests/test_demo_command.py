"""`helhed demo --no-serve`: builds once, prints a log-in per role, refuses someone else's database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhed.people.choices import Role
from helhed.people.models import Citizen, User
from helhed.people.services import staff_create
from helhed.synth.models import SynthBuild
from helhed.synth.writer import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_builds_prints_log_ins_and_reuses_the_build(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", citizens=8, seed=4, no_serve=True)
    out = capsys.readouterr().out
    assert Citizen.objects.count() == 8
    assert DEMO_PASSWORD in out
    for username in ("koordinator", "sagsbehandler", "udforer", "teamleder", "analytiker", "admin", "dpo"):
        assert username in out
    personas = ["koordinator", "sagsbehandler", "udforer", "teamleder", "analytiker", "admin"]
    assert {u.role for u in User.objects.filter(username__in=personas)} == set(Role.values)
    call_command("demo", citizens=8, seed=4, no_serve=True)
    assert Citizen.objects.count() == 8
    assert SynthBuild.objects.count() == 1


def test_demo_refuses_a_database_with_other_data() -> None:
    staff_create(username="someone", first_name="Some", last_name="One", role="caseworker", unit=None)
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("demo", citizens=8, no_serve=True)
