"""goal_scale_set (five levels described, frozen once scored) and stories with consent to anonymised use."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.outcomes import services
from helhed.outcomes.models import GoalScale, Story
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written

from ..conftest import LEVELS, days_ago

pytestmark = pytest.mark.django_db


def test_goal_scale_describes_five_levels_and_a_weight(cast: SimpleNamespace, plan: Plan) -> None:
    goal = f.goal(plan)
    scale = services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS, weight="2,5")
    assert scale.weight == 2.5 and scale.level_text(0) == "Har fået en bolig"
    assert [n for n, _t in scale.levels] == [2, 1, 0, -1, -2]
    again = services.goal_scale_set(
        actor=cast.coordinator, goal_id=goal.pk, levels={**LEVELS, 1: "Et halvt år"}
    )
    assert again.pk == scale.pk and again.level_text(1) == "Et halvt år" and again.weight == 1


@pytest.mark.parametrize(
    ("levels", "weight", "words"),
    [
        ({**LEVELS, -2: " "}, 1, "level -2 is missing"),
        ({k: v for k, v in LEVELS.items() if k != 2}, 1, "level +2 is missing"),
        (LEVELS, 0, "weight must be a number from 0.01 to 100"),
        (LEVELS, "tung", "weight must be a number"),
        (LEVELS, 101, "weight must be"),
    ],
)
def test_goal_scale_refuses_missing_levels_and_bad_weights(
    cast: SimpleNamespace, plan: Plan, levels: dict, weight: object, words: str
) -> None:
    goal = f.goal(plan)
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=levels, weight=weight)
    assert words in str(refused.value)


def test_goal_scale_is_frozen_once_scored_and_only_for_plan_editors(
    cast: SimpleNamespace, plan: Plan, org: dict
) -> None:
    goal = f.goal(plan)
    f.intervention(plan, provider=org["treatment"], code="stofbehandling-ambulant")
    with pytest.raises(PermissionDenied):
        services.goal_scale_set(actor=cast.provider, goal_id=goal.pk, levels=LEVELS)
    with pytest.raises(NotFound):
        services.goal_scale_set(actor=cast.stranger, goal_id=goal.pk, levels=LEVELS)
    services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS)
    services.assessment_record(
        actor=cast.provider,
        citizen_id=plan.citizen_id,
        instrument_code="gas",
        goal_id=goal.pk,
        assessed_on=days_ago(0),
        answers=[{"item": "level", "value": -1}],
    )
    with pytest.raises(ValidationError, match="already been scored"):
        services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS, weight=3)
    assert GoalScale.objects.get(goal=goal).weight == 1


def test_story_linked_to_goal_and_intervention_with_consent(
    cast: SimpleNamespace, plan: Plan, org: dict
) -> None:
    goal = f.goal(plan)
    i = f.intervention(plan, provider=org["treatment"], code="stofbehandling-ambulant", goals=[goal])
    story = services.story_add(
        actor=cast.provider,
        citizen_id=plan.citizen_id,
        told_by="citizen",
        told_on=days_ago(2),
        what_works="At Mette kommer om morgenen.",
        what_must_change="Ventetiden på psykiatrien.",
        goal_id=goal.pk,
        intervention_id=i.pk,
        consent_anonymised=True,
        consent_form="oral",
    )
    assert story.consent_on == days_ago(2) and story.consent_form == "oral"
    services.story_consent_set(actor=cast.coordinator, story_id=story.pk, consent_anonymised=False)
    story.refresh_from_db()
    assert not story.consent_anonymised and story.consent_on is None and story.consent_form == ""
    assert story.history.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"what_works": " ", "what_must_change": ""}, "Write what works, what must change, or both."),
        ({"told_by": "mother"}, "Say who told the story"),
        ({"told_on": days_ago(-2)}, "cannot be dated in the future"),
        ({"consent_anonymised": True}, "in writing or orally"),
        ({"goal_id": 987654}, "Link only to goals on this plan."),
        ({"intervention_id": 987654}, "Link only to interventions on this plan."),
    ],
)
def test_story_refusals(cast: SimpleNamespace, plan: Plan, kwargs: dict, words: str) -> None:
    base = {"told_by": "together", "told_on": days_ago(0), "what_works": "Faste aftaler."}
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.story_add(actor=cast.coordinator, citizen_id=plan.citizen_id, **{**base, **kwargs})
    assert words in str(refused.value)
    assert not Story.objects.exists()
