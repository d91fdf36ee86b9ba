"""Invalid business cases are refused with a message that says what to change (no database)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.utils import translation

from helhed.core.errors import ValidationError
from helhed.staircase.projection import StepDown, Team, Transitions, project, simulate, validate
from helhed.staircase.tests.cases import two_steps


def refused(**overrides: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate(two_steps(**overrides))
    return info.value


def test_a_valid_case_passes() -> None:
    validate(two_steps())


def test_rows_that_do_not_sum_to_one() -> None:
    error = refused(baseline=Transitions(matrix=np.array([[1, 0, 0], [0.2, 0.7, 0], [0, 0, 1]])))
    assert error.field == "baseline"
    message = str(error)
    assert "step 1" in message and "0.9" in message and "add up to 1" in message


def test_a_negative_probability() -> None:
    error = refused(effect=Transitions(matrix=np.array([[1, 0, 0], [0, 1.1, -0.1], [0, 0, 1]])))
    assert error.field == "effect"
    assert "cannot be negative" in str(error) and "step 1" in str(error)


def test_a_matrix_of_the_wrong_size() -> None:
    error = refused(baseline=Transitions(matrix=np.eye(2)))
    assert "3 x 3" in str(error) and "2 x 2" in str(error)


def test_a_negative_cost() -> None:
    error = refused(unit_costs=np.array([0.0, -5_000.0, 1_000.0]))
    assert error.field == "unit_costs"
    assert "step 1" in str(error) and "negative" in str(error) and "-5,000 kr." in str(error)


def test_a_caseload_of_zero() -> None:
    error = refused(team=Team(advisors=1, advisor_cost=500.0, caseload=0))
    assert error.field == "caseload"
    assert "caseload per advisor must be more than 0" in str(error)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"cohort": np.array([0.0, -1.0, 10.0])}, "cohort", "cannot be negative"),
        ({"cohort": np.array([0.0, 1.5, 10.0])}, "cohort", "whole number"),
        ({"cohort": np.array([0.0, 0.0, 0.0])}, "cohort", "empty"),
        ({"cohort": np.array([0.0, 10.0])}, "cohort", "3 states"),
        ({"horizon": 0}, "horizon", "from 1 to 50"),
        ({"discount_rate": 0.3}, "discount_rate", "between 0 % and 25 %"),
        ({"discount_rate": -0.01}, "discount_rate", "between 0 %"),
        ({"effect": StepDown(theta=1.5, from_steps=(2,))}, "effect", "between 0 and 1"),
        ({"effect": StepDown(theta=0.1, from_steps=(0,))}, "effect", "steps 1 to 2"),
        ({"effect": StepDown(theta=0.1, from_steps=(2,), concentration=-1)}, "effect", "0 or more"),
        ({"team": Team(advisors=1, advisor_cost=-1.0, caseload=20)}, "advisor_cost", "cannot be negative"),
        ({"team": Team(advisors=1, existing_advisors=2, caseload=20)}, "existing_advisors", "more existing"),
        ({"team": Team(advisors=1, advisor_cost=1.0, caseload=5)}, "cohort", "can hold 5 cases"),
        ({"team_share": np.array([1.0])}, "team_share", "each of the 2 years"),
        ({"team_share": np.array([1.0, 2.0])}, "team_share", "between 0 and 1"),
        ({"unit_costs": np.array([5.0, 100.0, 1000.0])}, "unit_costs", "must be 0"),
        ({"baseline": Transitions(matrix=np.eye(3), concentration=-2)}, "baseline", "0 or more"),
        ({"states": ("off",), "cohort": np.array([1.0]), "unit_costs": np.array([0.0])}, "states",
         "at least one step"),
    ],
)
def test_other_invalid_models(overrides: dict[str, Any], field: str, words: str) -> None:
    error = refused(**overrides)
    assert error.field == field
    assert words in str(error)


def test_project_and_simulate_validate_first() -> None:
    bad = two_steps(team=Team(advisors=1, caseload=0))
    with pytest.raises(ValidationError):
        project(bad)
    with pytest.raises(ValidationError):
        simulate(bad)
    with pytest.raises(ValidationError, match="between 1 and 100,000"):
        simulate(two_steps(), draws=0)


def test_messages_follow_the_active_language() -> None:
    error = refused(team=Team(advisors=1, caseload=0))
    with translation.override("en"):
        english = str(error)
    assert english.startswith("The caseload per advisor")
    # Translated where the catalogue has the message; the number goes in after translation either way.
    with translation.override("da"):
        assert "0" in str(error)
