"""The demo's assessment histories: written through the services, real-looking, deterministic."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from helhed.outcomes.demo import outcomes_demo_write
from helhed.outcomes.models import Answer, Assessment, GoalScale, Story
from helhed.outcomes.selectors import Population, progress_page, what_works
from helhed.people.models import User
from helhed.plans.models import Plan
from helhed.synth.demo import build_demo
from helhed.synth.generator import municipality

pytestmark = pytest.mark.django_db


def test_demo_histories_show_real_looking_figures() -> None:
    build_demo(municipality(seed=11, citizens=24, today=timezone.localdate()))
    plans = list(Plan.objects.select_related("coordinator").order_by("pk"))
    counts = outcomes_demo_write(random.Random(11), plans)
    assert counts.plans == sum(p.status == "active" for p in plans)
    assert counts.assessments == Assessment.objects.count() > 3 * counts.plans
    assert counts.goal_scales == GoalScale.objects.count() > 0 and counts.stories == Story.objects.count() > 0
    assert Story.objects.filter(consent_anonymised=True).exists()
    assert not Answer.objects.exclude(item="total").filter(rater="").exists()
    analyst = User.objects.filter(role="team_leader").first()
    assert analyst is not None
    result = what_works(actor=analyst, population=Population())
    mastery = {m.measure.code: m.result for m in result.measures if m.instrument.code == "aarhus-mastery"}
    share = mastery["personal_development"].share
    assert share is not None and 0.3 < (share.share or 0) < 0.95, "many improve, not all"
    first = plans[0]
    page = progress_page(actor=first.coordinator, citizen_id=first.citizen_id)
    assert page.instruments and page.instruments[0].chart["data"]["values"]
