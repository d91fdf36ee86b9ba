"""progress_page: every scale over time with its chart and table, goals with attainment, stories."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound
from helhed.outcomes import services
from helhed.outcomes.selectors import citizen_results, progress_page
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import LEVELS, days_ago, mastery

pytestmark = pytest.mark.django_db


def test_progress_page(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 5, 2), on=days_ago(90), rater="citizen")
    mastery(cast.coordinator, plan, (5, 5, 2), on=days_ago(5))
    services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="ffb-function-levels",
        assessed_on=days_ago(80),
        answers=[{"item": "self_care", "value": 3, "goal_type": "develop"}],
    )
    goal = f.goal(plan)
    heavy = f.goal(plan, wording="Tjene egne penge", domain="employment_education")
    services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS)
    services.goal_scale_set(actor=cast.coordinator, goal_id=heavy.pk, levels=LEVELS, weight=3)
    for g, on, level in ((goal, 60, -1), (heavy, 60, -2), (goal, 10, 0), (heavy, 10, 1)):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="gas",
            goal_id=g.pk,
            assessed_on=days_ago(on),
            answers=[{"item": "level", "value": level}],
        )
    services.story_add(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        told_by="citizen",
        told_on=days_ago(4),
        what_works="Min kontaktperson ringer, før hun kommer.",
        goal_id=goal.pk,
    )

    page = progress_page(actor=cast.coordinator, citizen_id=plan.citizen_id)
    assert [p.instrument.code for p in page.instruments] == ["ffb-function-levels", "aarhus-mastery"]
    ffb, mastery_progress = page.instruments
    assert ffb.lower_is_better and ffb.chart["layer"][0]["encoding"]["y"]["scale"]["reverse"] is True
    assert not ffb.measures[0].outcome.measured
    pd = mastery_progress.measures[0]
    assert (pd.label, pd.first, pd.latest, pd.outcome.category) == (
        "Personal development",
        "3",
        "5",
        "improved",
    )
    points = mastery_progress.chart["data"]["values"]
    assert len(points) == 6 and {p["rater"] for p in points} == {"The citizen", "Together"}
    assert [row["cells"][0] for row in mastery_progress.table] == ["3", "5"]
    goals = {g.goal.pk: g for g in page.goals}
    housing_outcome = goals[goal.pk].outcome
    assert housing_outcome is not None and housing_outcome.category == "improved"
    assert goals[goal.pk].latest_label == "Expected outcome" and goals[goal.pk].scale is not None
    # Two goals, weights 1 and 3: after day 60 levels (-1, -2): Σwx = -7, Σw² = 10, (Σw)² = 16,
    # √(7 + 4.8) = 3.435113, T = 50 - 70/3.435113 = 29.62; after day 10 (0, 1): T = 50 + 30/3.435113 = 58.73.
    assert [round(t, 2) for _d, t in page.gas_scores] == [29.62, 58.73]
    assert page.gas_chart is not None
    assert page.stories[0].goal == goal
    assert page.can("edit_plan") and {i.code for i in page.recordable} >= {
        "aarhus-mastery",
        "user-satisfaction",
    }
    assert AuditEvent.objects.filter(actor=cast.coordinator, purpose="progress_page").count() == 1
    results = {r.code: r for r in citizen_results(actor=cast.coordinator, citizen_id=plan.citizen_id)}
    assert results["personal_development"].outcome.reached_or_improved
    assert results[f"goal:{heavy.pk}"].outcome is not None
    assert results[f"goal:{heavy.pk}"].outcome.category == "improved"


def test_strangers_get_not_found(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(NotFound):
        progress_page(actor=cast.stranger, citizen_id=plan.citizen_id)
    assert not AuditEvent.objects.filter(actor=cast.stranger).exists()
