"""Fixtures for the web views: staff in a small organisation, a citizen's plan, logged-in clients.

Clients choose English (the language cookie), so assertions read like the source strings; the Danish
interface is tested in test_i18n.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from helhed.people.models import User
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.clients import english_client

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def worker(org: dict[str, Any]) -> User:
    return f.staff("coordinating_caseworker", unit_=org["team_a"])


@pytest.fixture
def other_worker(org: dict[str, Any]) -> User:
    return f.staff("coordinating_caseworker", unit_=org["team_b"])


@pytest.fixture
def job_consultant(org: dict[str, Any]) -> User:
    return f.staff("provider", unit_=org["job"])


@pytest.fixture
def leader(org: dict[str, Any]) -> User:
    return f.staff("team_leader", unit_=org["root"])


@pytest.fixture
def citizen_plan(worker: User) -> Plan:
    return f.plan(
        coordinator=worker,
        first_name="Sofie",
        last_name="Testborger",
        vision="Jeg vil have mit eget sted og se mine børn",
    )


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def login(user: User) -> Client:
        client = english_client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def wc(worker: User, client_for: Callable[[User], Client]) -> Client:
    """The coordinating caseworker, logged in."""
    return client_for(worker)
