"""Fixtures for the outcomes tests: the cast of helhed.testing.cast, one plan with two goals, in English."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone, translation

from helhed.outcomes import services
from helhed.outcomes.models import Assessment
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


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


MASTERY = ("personal_development", "network_citizenship", "learning_self_support")


def mastery(
    actor: Any, plan: Plan, scores: tuple[int, int, int], *, on: dt.date, rater: str = ""
) -> Assessment:
    return services.assessment_record(
        actor=actor,
        citizen_id=plan.citizen_id,
        instrument_code="aarhus-mastery",
        assessed_on=on,
        rater=rater,
        answers=[{"item": item, "value": v} for item, v in zip(MASTERY, scores, strict=True)],
    )


LEVELS = {
    -2: "Sover på gaden",
    -1: "Bor på herberg",
    0: "Har fået en bolig",
    1: "Har boet i boligen et halvt år",
    2: "Har boet i boligen et år og betaler husleje selv",
}
