"""A demo municipality built once per test module, through the services, and rolled back afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone

from helhed.synth.demo import build_demo
from helhed.synth.generator import Municipality, municipality

CITIZENS = 60
SEED = 7


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Municipality]:
    """60 citizens written through the services; every test of the module reads them (inside its own
    savepoint), and the whole build is rolled back when the module is done."""
    m = municipality(seed=SEED, citizens=CITIZENS, today=timezone.localdate())
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_demo(m)
            yield m
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
