"""API schemas for the staircase and business cases (django-ninja / Pydantic). Shapes only: no rules here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

MAX_DRAWS = 100_000


class StepOut(Schema):
    id: int
    number: int
    code: str
    name: str
    annual_cost: float = Field(description="Annual cost per case on this step, kr. (konto 5).")
    cost_source: str
    cost_is_estimate: bool
    cost_is_local: bool = Field(description="Set by the municipality; kept when the data file is reloaded.")
    intervention_types: list[str] = Field(description="Catalogue codes of the types on this step.")


class TargetGroupOut(Schema):
    code: str
    name: str
    source: str
    sectors: list[str]
    min_age: int | None
    max_age: int | None
    steps: list[StepOut]


class StepCostIn(Schema):
    annual_cost: float = Field(ge=0, description="kr. a year per case")
    cost_source: str = Field(min_length=1, max_length=2000, description="Where the figure comes from.")


class TeamIn(Schema):
    advisors: float = Field(description="Advisors in the team.")
    existing_advisors: float = Field(0, description="Of which already employed (not an added cost).")
    advisor_cost: float = Field(description="Annual all-in cost of an advisor, kr.")
    managers: float = Field(0, description="Added managers.")
    manager_cost: float = Field(0, description="Annual all-in cost of a manager, kr.")
    caseload: float = Field(description="Cases per advisor.")


class ModelIn(Schema):
    """A business case as data (see helhed/staircase/specs.py for `baseline` and `effect`)."""

    target_group: str
    start_year: int = Field(ge=1900, le=2200)
    horizon_years: int = Field(description="1 to 50 years.")
    discount_rate: float = Field(0.035, description="A year, e.g. 0.035 for 3.5 %.")
    cohort: list[float] = Field(description="Cases at the start: off the staircase, step 1, step 2, ...")
    baseline: dict[str, Any] = Field(
        description='{"kind": "identity"} | {"kind": "matrix", "matrix": [[...]], "concentration": 0} '
                    '| {"kind": "history", "years": 3}')
    effect: dict[str, Any] = Field(
        description='{"kind": "step_down", "theta": 0.05, "from_steps": [4, 5, 6], "concentration": 50} '
                    '| {"kind": "matrix", "matrix": [[...]], "concentration": 0}')
    team: TeamIn
    team_share: list[float] = Field(default_factory=list, description="Share of each year the team works.")
    effect_share: list[float] = Field(default_factory=list,
                                      description="Share of each year the effect works.")
    unit_costs: list[float] = Field(default_factory=list, description="Empty: the staircase's unit costs.")


class ScenarioIn(ModelIn):
    slug: str = Field(min_length=1, max_length=60)
    name_da: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    description_da: str = ""
    description_en: str = ""
    unit: int | None = Field(None, description="The team followed for realised against expected.")
    start_date: dt.date | None = None
    expected: dict[str, Any] = Field(default_factory=dict)
    reported: dict[str, Any] = Field(default_factory=dict)
    assumptions_da: str = ""
    assumptions_en: str = ""
    source: str = ""


class ScenarioUpdateIn(ScenarioIn):
    version: int = Field(ge=1, description="The version you read; a save by someone else in between: 409.")


class ScenarioSummaryOut(Schema):
    slug: str
    name: str
    target_group: str
    start_year: int
    horizon_years: int
    is_shipped: bool
    version: int


class ScenarioOut(ScenarioIn):
    is_shipped: bool
    version: int


class YearOut(Schema):
    year: int
    cases_baseline: list[float]
    cases_scenario: list[float]
    measure_baseline: float = Field(description="Konto 5 without the team, kr.")
    measure_scenario: float = Field(description="Konto 5 with the team, kr.")
    team_cost: float = Field(description="Konto 6: the added team, kr.")
    gross_saving: float
    net_saving: float
    cumulative_net: float
    discounted_net: float


class ProjectionOut(Schema):
    states: list[str]
    years: list[YearOut]
    npv: float
    break_even_year: int | None
    totals: dict[str, float]


class IntervalOut(Schema):
    low: float
    median: float
    high: float
    mean: float


class SimulationOut(Schema):
    draws: int
    level: float
    seed: int | None
    process_noise: bool
    years: list[int]
    gross_saving: list[IntervalOut]
    net_saving: list[IntervalOut]
    cumulative_net: list[IntervalOut]
    npv: IntervalOut
    probability_npv_positive: float
    probability_break_even_by: list[float]


class RunOut(Schema):
    projection: ProjectionOut
    simulation: SimulationOut | None = None


class ComparisonOut(Schema):
    slug: str
    name: str
    projection: ProjectionOut


SMALL = "null where the count is hidden: under 5 citizens, or one they could be worked out from (ADR 0104)."


class FlowOut(Schema):
    """Counts of citizens: a hidden one is null, and `suppressed` says why."""

    quarter: str
    down: int | None = Field(description=SMALL)
    up: int | None = Field(description=SMALL)
    stayed: int | None = Field(description=SMALL)
    entered: int | None = Field(description=SMALL)
    left: int | None = Field(description=SMALL)
    suppressed: dict[str, str] = Field(
        default_factory=dict,
        description="The hidden counts and why: 'primary' (under 5) or 'secondary' (it could be worked out).")


class TransitionsOut(Schema):
    states: list[str]
    anchors: list[dt.date]
    counts: list[list[int | None]] = Field(description=SMALL)
    observed: list[int | None] = Field(description="Movements counted from each step (its row's sum).")
    mean: list[list[float | None]] = Field(description="null in the rows listed in hidden_rows.")
    low: list[list[float | None]]
    high: list[list[float | None]]
    level: float
    inflow: list[int | None] = Field(description=SMALL)
    few_observations: list[int] = Field(description="Steps with fewer than 10 observed movements.")
    hidden_rows: list[int] = Field(
        default_factory=list,
        description="Steps with a hidden count: their estimates would give the counts away and are null.")


class SegmentOut(Schema):
    step: int
    start: dt.date
    end: dt.date
    days: int


class CitizenStaircaseOut(Schema):
    target_group: str
    current_step: int
    segments: list[SegmentOut]
    movements: list[dict[str, Any]]
    days_on_steps: dict[int, int]


class QuarterComparisonOut(Schema):
    quarter: str
    expected_baseline: float
    expected_scenario: float
    realised: float
    expected_saving: float
    realised_saving: float
    cases_realised: list[int | None] = Field(description=SMALL)
    flow: FlowOut


class RealisedOut(Schema):
    scenario: str
    start: dt.date
    cohort: list[int | None] = Field(description=SMALL)
    quarters: list[QuarterComparisonOut]
