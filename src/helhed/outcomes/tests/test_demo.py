"""The demo's assessment histories: written through the services, real-looking, deterministic."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helhed.outcomes.demo import outcomes_demo_write
from helhed.outcomes.models import Answer, Assessment, GoalScale, Story
from helhed.outcomes.selectors import Population, progress_page, what_works
from helhed.people.models import OrgUnit, User
from helhed.plans.models import Plan
from helhed.synth.demo import build_demo
from helhed.synth.generator import municipality
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def _plans(cast: SimpleNamespace, org: dict[str, OrgUnit], n: int) -> list[Plan]:
    """Plans that started a year and a half ago, with goals and interventions."""
    plans = []
    for k in range(n):
        p = f.plan(coordinator=cast.coordinator)
        f.goal(p)
        f.goal(p, wording="Stoffri", domain="substance_use")
        f.intervention(
            p,
            code="stofbehandling-ambulant",
            provider=org["treatment"],
            start=timezone.localdate() - dt.timedelta(days=500 - k),
        )
        Plan.objects.filter(pk=p.pk).update(created_at=timezone.now() - dt.timedelta(days=540))
        plans.append(p)
    return plans


def test_histories_through_the_services(cast: SimpleNamespace, org: dict[str, OrgUnit]) -> None:
    plans = _plans(cast, org, 6)
    counts = outcomes_demo_write(random.Random(5), plans)
    assert counts.plans == 6
    assert counts.assessments == Assessment.objects.count() >= 6 * 6  # mastery every quarter for 1.5 years
    assert counts.goal_scales == GoalScale.objects.count() and counts.stories == Story.objects.count()
    assert Assessment.objects.filter(instrument__code="substance-use-status").exists()
    assert not Answer.objects.exclude(item="total").filter(rater="").exists()
    assert min(
        Assessment.objects.values_list("assessed_on", flat=True)
    ) < timezone.localdate() - dt.timedelta(days=400)
    page = progress_page(actor=cast.coordinator, citizen_id=plans[0].citizen_id)
    assert page.instruments and len(page.instruments[0].chart["data"]["values"]) >= 6


def test_the_demo_municipality_shows_real_looking_figures() -> None:
    """`helhed demo` (synth.build_demo) records the histories; the what-works page has figures."""
    build_demo(municipality(seed=11, citizens=24, today=timezone.localdate()))
    assert Assessment.objects.count() > 3 * Plan.objects.filter(status="active").count()
    assert Story.objects.filter(consent_anonymised=True).exists()
    leader = User.objects.filter(role="team_leader").first()
    assert leader is not None
    result = what_works(actor=leader, population=Population())
    mastery = {m.measure.code: m.result for m in result.measures if m.instrument.code == "aarhus-mastery"}
    share = mastery["personal_development"].share
    assert share is not None and 0.3 < (share.share or 0) < 0.95, "many improve, not all"
