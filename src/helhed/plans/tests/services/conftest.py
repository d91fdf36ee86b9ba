"""Fixtures for the plan services' tests: the cast of helhed.testing.cast and one plan, in English."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from helhed.people.models import OrgUnit
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.cast import make_cast


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cast(org: dict[str, OrgUnit]) -> SimpleNamespace:
    return make_cast(org)


@pytest.fixture
def plan(cast: SimpleNamespace) -> Plan:
    return f.plan(coordinator=cast.coordinator, first_name="Synne", last_name="Syntetisk")
