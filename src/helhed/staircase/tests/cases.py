"""Small business cases for the tests, built in plain numpy (no database)."""

from __future__ import annotations

from typing import Any

import numpy as np

from helhed.staircase.projection import BusinessCase, StepDown, Team, Transitions

STATES = ("off", "step 1", "step 2")


def two_steps(**overrides: Any) -> BusinessCase:
    """Two steps costing 100 and 1,000 kr. a year; 10 cases on each; 20 % of step 2 moved down a year.

    One added advisor at 500 kr. a year with a caseload of 20 (room for exactly the 20 cases).
    """
    fields: dict[str, Any] = {
        "states": STATES,
        "cohort": np.array([0.0, 10.0, 10.0]),
        "unit_costs": np.array([0.0, 100.0, 1000.0]),
        "baseline": Transitions.identity(3),
        "effect": StepDown(theta=0.2, from_steps=(2,)),
        "team": Team(advisors=1, existing_advisors=0, advisor_cost=500.0, caseload=20),
        "horizon": 2,
        "discount_rate": 0.10,
        "start_year": 2020,
    }
    fields.update(overrides)
    return BusinessCase(**fields)
