"""outcome_rows: first and latest per plan, goal and measure, in one query, classified by the rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helhed.outcomes import services
from helhed.outcomes.selectors import outcome_rows
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import LEVELS, days_ago, mastery

pytestmark = pytest.mark.django_db


def _by_item(rows):
    return {r.item: r for r in rows}


def test_first_and_latest_of_three_assessments(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 5, 2), on=days_ago(100))
    mastery(cast.coordinator, plan, (4, 5, 2), on=days_ago(50))
    mastery(cast.coordinator, plan, (5, 4, 3), on=days_ago(10))
    rows = _by_item(outcome_rows(period_from=days_ago(365)))
    assert set(rows) == {"personal_development", "network_citizenship", "learning_self_support"}
    pd = rows["personal_development"]
    assert (pd.first_on, pd.latest_on, pd.count) == (days_ago(100), days_ago(10), 3)
    assert pd.outcome.improved and pd.outcome.change == 2
    assert not rows["network_citizenship"].outcome.reached_or_improved
    assert rows["network_citizenship"].outcome.change == -1
    assert rows["learning_self_support"].outcome.reached_or_improved
    assert {r.citizen_id for r in rows.values()} == {plan.citizen_id}


def test_the_same_day_twice_takes_the_later_record(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 3, 3), on=days_ago(30))
    mastery(cast.coordinator, plan, (5, 5, 5), on=days_ago(5))
    mastery(cast.coordinator, plan, (4, 4, 4), on=days_ago(5))
    assert _by_item(outcome_rows())["personal_development"].outcome.change == 1


def test_withdrawn_and_single_assessments_do_not_count(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 3, 3), on=days_ago(30))
    wrong = mastery(cast.coordinator, plan, (9, 9, 9), on=days_ago(5))
    services.assessment_withdraw(actor=cast.coordinator, assessment_id=wrong.pk, reason="Forkert borger")
    assert list(outcome_rows()) == []
    mastery(cast.coordinator, plan, (4, 3, 2), on=days_ago(2))
    rows = _by_item(outcome_rows())
    assert (
        rows["personal_development"].outcome.change == 1
        and rows["learning_self_support"].outcome.change == -1
    )


def test_the_period_holds_the_latest_assessment(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 3, 3), on=days_ago(300))
    mastery(cast.coordinator, plan, (5, 5, 5), on=days_ago(200))
    mastery(cast.coordinator, plan, (2, 2, 2), on=days_ago(10))
    now = _by_item(outcome_rows(period_from=days_ago(30), period_to=days_ago(0)))
    assert now["personal_development"].outcome.change == -1
    then = _by_item(outcome_rows(period_from=days_ago(250), period_to=days_ago(150)))
    assert then["personal_development"].outcome.change == 2 and then["personal_development"].count == 2
    assert list(outcome_rows(period_from=days_ago(100), period_to=days_ago(50))) == []


def test_goal_scales_count_per_goal_and_status_from_the_latest(cast: SimpleNamespace, plan: Plan) -> None:
    housing, work = f.goal(plan), f.goal(plan, wording="Arbejde lidt", domain="employment_education")
    for goal in (housing, work):
        services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS)
    for goal, levels in ((housing, (-1, 0)), (work, (-1, -1))):
        for n, level in enumerate(levels):
            services.assessment_record(
                actor=cast.coordinator,
                citizen_id=plan.citizen_id,
                instrument_code="gas",
                goal_id=goal.pk,
                assessed_on=days_ago(40 - 30 * n),
                answers=[{"item": "level", "value": level}],
            )
    services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="substance-use-status",
        assessed_on=days_ago(3),
        answers=[{"item": "status", "option": "drug_free"}],
    )
    rows = list(outcome_rows())
    gas = {r.goal_id: r.outcome for r in rows if r.item == "level"}
    assert gas[housing.pk].reached and gas[housing.pk].improved
    assert not gas[work.pk].reached_or_improved
    status = next(r for r in rows if r.item == "status")
    assert status.count == 1 and status.outcome.reached and status.goal_id is None


def test_only_the_plans_asked_for(cast: SimpleNamespace, plan: Plan) -> None:
    other = f.plan(coordinator=cast.coordinator)
    for p in (plan, other):
        mastery(cast.coordinator, p, (3, 3, 3), on=days_ago(30))
        mastery(cast.coordinator, p, (4, 4, 4), on=days_ago(3))
    rows = list(outcome_rows(plans=Plan.objects.filter(pk=other.pk)))
    assert {r.plan_id for r in rows} == {other.pk} and len(rows) == 3
