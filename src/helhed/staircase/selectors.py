"""Reads for the staircase: staircases and costs, scenarios and their projections, positions and flows.

Staircases and scenarios are not personal data. A citizen's own positions go through the access policy
and are audited (`citizen_staircase`). Counts over many citizens (flows per quarter, movements estimated
from history, realised against expected) are for team leaders (their own units), analysts and
administrators; they name no citizen and are not audited per citizen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.access.policy import Action
from helhed.access.selectors import citizen_access
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.people.choices import Role
from helhed.people.models import OrgUnit, User
from helhed.plans.choices import InterventionStatus
from helhed.plans.models import Intervention
from helhed.staircase import disclosure
from helhed.staircase import positions as pos
from helhed.staircase.estimation import TransitionEstimate, count_yearly_transitions, dirichlet_posterior
from helhed.staircase.models import Scenario, Step, StepPlacement, TargetGroup
from helhed.staircase.projection import (
    BusinessCase,
    Calibration,
    FloatArray,
    IntArray,
    Projection,
    Simulation,
    Team,
    calibrate_step_down,
    project,
    simulate,
)
from helhed.staircase.specs import build_case

AGGREGATE_ROLES = frozenset({Role.TEAM_LEADER, Role.ANALYST, Role.ADMINISTRATOR})
IN_FORCE_STATUSES = (InterventionStatus.ACTIVE, InterventionStatus.ENDED)
HISTORY_YEARS = 3
WEEK = 7
BoolArray = npt.NDArray[np.bool_]


def _today() -> dt.date:
    return timezone.localdate()


# --- staircases ---------------------------------------------------------------------------------------


def target_group_list() -> list[TargetGroup]:
    return list(TargetGroup.objects.prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("number")),
        Prefetch("placements", queryset=StepPlacement.objects.select_related("intervention_type", "step")),
    ))


def target_group_get(code: str) -> TargetGroup:
    group = TargetGroup.objects.filter(code=code).prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("number")),
        Prefetch("placements", queryset=StepPlacement.objects.select_related("intervention_type", "step")),
    ).first()
    if group is None:
        raise NotFound(
            _("No staircase for that target group. Load the staircases with 'helhed staircase sync'.")
        )
    return group


def step_get(step_id: int) -> Step:
    step = Step.objects.filter(pk=step_id).select_related("target_group").first()
    if step is None:
        raise NotFound(_("No such step."))
    return step


def staircase_states(group: TargetGroup) -> tuple[list[str], list[float]]:
    """The model's states for a staircase: off the staircase, then the steps; and their annual costs."""
    steps = sorted(group.steps.all(), key=lambda s: s.number)
    if not steps:
        raise ValidationError(_("The staircase has no steps."), field="target_group")
    labels = [str(_("Off the staircase"))] + [f"{s.number}. {s.name}" for s in steps]
    return labels, [0.0] + [float(s.annual_cost) for s in steps]


def placement_map(group: TargetGroup) -> dict[int, int]:
    """Intervention type id -> step number on this staircase."""
    return {p.intervention_type_id: p.step.number for p in group.placements.all()}


# --- scenarios ----------------------------------------------------------------------------------------


def scenario_list(*, target_group: str | None = None) -> list[Scenario]:
    qs: QuerySet[Scenario] = Scenario.objects.select_related("target_group", "unit")
    if target_group:
        qs = qs.filter(target_group__code=target_group)
    return list(qs.order_by("target_group__code", "slug"))


def scenario_get(slug: str) -> Scenario:
    scenario = Scenario.objects.filter(slug=slug).select_related("target_group", "unit").first()
    if scenario is None:
        raise NotFound(_("No scenario called '%(slug)s'. 'helhed business-case list' shows the scenarios.")
                       % {"slug": slug})
    return scenario


def scenario_spec(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data: what the data file, the API and `specs.build_case` use."""
    return {
        "slug": scenario.slug, "name_da": scenario.name_da, "name_en": scenario.name_en,
        "description_da": scenario.description_da, "description_en": scenario.description_en,
        "target_group": scenario.target_group.code, "unit": scenario.unit_id,
        "start_year": scenario.start_year,
        "start_date": scenario.start_date.isoformat() if scenario.start_date else None,
        "horizon_years": scenario.horizon_years, "discount_rate": float(scenario.discount_rate),
        "cohort": scenario.cohort, "baseline": scenario.baseline, "effect": scenario.effect,
        "team": {
            "advisors": float(scenario.advisors), "existing_advisors": float(scenario.existing_advisors),
            "advisor_cost": float(scenario.advisor_cost), "managers": float(scenario.managers),
            "manager_cost": float(scenario.manager_cost), "caseload": float(scenario.caseload),
        },
        "team_share": scenario.team_share, "effect_share": scenario.effect_share,
        "unit_costs": scenario.unit_costs,
        "expected": scenario.expected, "reported": scenario.reported,
        "assumptions_da": scenario.assumptions_da, "assumptions_en": scenario.assumptions_en,
        "source": scenario.source, "is_shipped": scenario.is_shipped, "version": scenario.version,
    }


def scenario_case(scenario: Scenario, *, history: TransitionEstimate | None = None) -> BusinessCase:
    """The scenario as a business case over its staircase's current steps and costs."""
    group = target_group_get(scenario.target_group.code)
    states, costs = staircase_states(group)
    return build_case(scenario_spec(scenario), states=states, unit_costs=costs,
                      history_baseline=history.as_transitions() if history is not None else None)


def _history_if_needed(scenario: Scenario) -> TransitionEstimate | None:
    if (scenario.baseline or {}).get("kind") != "history":
        return None
    years = int((scenario.baseline or {}).get("years", HISTORY_YEARS))
    return _history_estimate(scenario.target_group, unit=scenario.unit, until=_today(), years=years).estimate


def scenario_business_case(scenario: Scenario) -> BusinessCase:
    """The scenario's business case, with its baseline estimated from history if it asks for that."""
    return scenario_case(scenario, history=_history_if_needed(scenario))


def scenario_projection(scenario: Scenario) -> Projection:
    return project(scenario_case(scenario, history=_history_if_needed(scenario)))


def scenario_simulation(scenario: Scenario, *, draws: int = 1000, seed: int | None = 2016) -> Simulation:
    return simulate(scenario_case(scenario, history=_history_if_needed(scenario)), draws=draws, seed=seed)


def model_run(
    *, actor: User, spec: dict[str, Any], draws: int = 0, seed: int | None = None
) -> tuple[Projection, Simulation | None]:
    """A business case entered by hand (not saved): its projection and, with `draws`, its simulation.

    A baseline estimated from history (`{"kind": "history"}`) counts the actor's cases, so it needs the
    same role as the other staircase figures.
    """
    group = target_group_get(str(spec.get("target_group") or ""))
    states, costs = staircase_states(group)
    history = None
    baseline = spec.get("baseline") or {}
    if isinstance(baseline, dict) and baseline.get("kind") == "history":
        history = history_estimate(actor=actor, target_group=group.code, unit_id=spec.get("unit"),
                                   years=int(baseline.get("years", HISTORY_YEARS))).estimate.as_transitions()
    case = build_case(spec, states=states, unit_costs=costs, history_baseline=history)
    projection = project(case)
    return projection, simulate(case, draws=draws, seed=seed) if draws else None


def expected_gross_savings(scenario: Scenario) -> dict[int, float]:
    """The savings the decision expects, by year (from the scenario's `expected`)."""
    raw = (scenario.expected or {}).get("gross_saving") or {}
    return {int(year): float(value) for year, value in raw.items()}


def scenario_calibration(scenarios: Sequence[Scenario]) -> Calibration:
    """The one step-down share that makes the scenarios' expected savings come true (best fit)."""
    with_targets = [s for s in scenarios if expected_gross_savings(s)]
    if not with_targets:
        raise ValidationError(_("None of the scenarios states the savings it expects."), field="expected")
    return calibrate_step_down(
        [scenario_case(s, history=_history_if_needed(s)) for s in with_targets],
        [expected_gross_savings(s) for s in with_targets],
    )


# --- many citizens: spells, positions, flows ------------------------------------------------------------


def _scope(actor: User, unit_id: int | None) -> OrgUnit | None:
    """The unit whose cases the actor may count (None: the whole municipality)."""
    if actor.role not in AGGREGATE_ROLES:
        raise PermissionDenied(_("Staircase figures are for team leaders, analysts and administrators."))
    unit = None
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise NotFound(_("No such unit."))
    if actor.role == Role.TEAM_LEADER:
        if actor.unit is None:
            raise PermissionDenied(_("A team leader sees the figures of their own units; you have no unit."))
        if unit is None:
            return actor.unit
        if not unit.path.startswith(actor.unit.path):
            raise PermissionDenied(_("A team leader sees the figures of their own units only."))
    return unit


def may_see_figures(actor: User) -> bool:
    """Whether the actor may see counts over many citizens (flows, history, realised)."""
    return actor.role in AGGREGATE_ROLES and (actor.role != Role.TEAM_LEADER or actor.unit is not None)


def scope_units(actor: User) -> list[OrgUnit]:
    """The units whose figures the actor may choose between."""
    if not may_see_figures(actor):
        return []
    qs = OrgUnit.objects.all()
    if actor.role == Role.TEAM_LEADER and actor.unit is not None:
        qs = qs.filter(path__startswith=actor.unit.path)
    return list(qs.order_by("path"))


@dataclass(frozen=True)
class Spells:
    """Spells of many citizens on one staircase, as arrays (see positions.steps_at)."""

    citizen_ids: IntArray  # (cases,)
    birth: list[dt.date]  # per case
    case_index: IntArray  # per spell
    steps: IntArray
    starts: IntArray
    ends: IntArray

    @property
    def n_cases(self) -> int:
        return int(self.citizen_ids.size)


def _spells(group: TargetGroup, unit: OrgUnit | None, *, citizen_id: int | None = None) -> Spells:
    types = placement_map(group)
    qs = Intervention.objects.filter(
        type_id__in=list(types), status__in=IN_FORCE_STATUSES, start_date__isnull=False
    )
    if group.sectors:
        qs = qs.filter(plan__coordinator__unit__sector__in=group.sectors)
    if unit is not None:
        qs = qs.filter(plan__coordinator__unit__path__startswith=unit.path)
    if citizen_id is not None:
        qs = qs.filter(plan__citizen_id=citizen_id)
    rows = list(qs.values_list(
        "plan__citizen_id", "type_id", "start_date", "end_date", "plan__citizen__birth_date", "status"
    ))
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return Spells(empty, [], empty, empty, empty, empty)
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    citizen_ids, index = np.unique(ids, return_inverse=True)
    birth_by_id = {r[0]: r[4] for r in rows}

    starts: list[int] = []
    ends: list[int] = []
    for _citizen, _type, start, end, _birth, status in rows:
        assert start is not None  # filtered above
        starts.append(start.toordinal())
        # Running: open-ended. Ended without an end date: counted on its start day only.
        if end is not None:
            ends.append(end.toordinal())
        else:
            ends.append(pos.OPEN_END if status == InterventionStatus.ACTIVE else start.toordinal())
    return Spells(
        citizen_ids=np.asarray(citizen_ids, dtype=np.int64),
        birth=[birth_by_id[int(c)] for c in citizen_ids],
        case_index=np.asarray(index, dtype=np.int64).ravel(),
        steps=np.asarray([types[r[1]] for r in rows], dtype=np.int64),
        starts=np.asarray(starts, dtype=np.int64),
        ends=np.asarray(ends, dtype=np.int64),
    )


def _age_mask(birth: list[dt.date], days: Sequence[dt.date], group: TargetGroup) -> BoolArray:
    """(cases, days): True where the citizen's age on the day is within the target group's ages."""
    n = len(birth)
    if group.min_age is None and group.max_age is None:
        return np.ones((n, len(days)), dtype=bool)
    by = np.asarray([b.year for b in birth], dtype=np.int64)[:, None]
    bmd = np.asarray([b.month * 100 + b.day for b in birth], dtype=np.int64)[:, None]
    dy = np.asarray([d.year for d in days], dtype=np.int64)[None, :]
    dmd = np.asarray([d.month * 100 + d.day for d in days], dtype=np.int64)[None, :]
    age = dy - by - (dmd < bmd)
    mask = np.ones((n, len(days)), dtype=bool)
    if group.min_age is not None:
        mask &= age >= group.min_age
    if group.max_age is not None:
        mask &= age <= group.max_age
    return mask


def case_steps(group: TargetGroup, unit: OrgUnit | None, days: Sequence[dt.date]) -> tuple[Spells, IntArray]:
    """Every case's step on each day (cases x days), within the target group's ages."""
    spells = _spells(group, unit)
    grid = pos.steps_at(spells.case_index, spells.steps, spells.starts, spells.ends,
                        n_cases=spells.n_cases, days=days)
    return spells, np.where(_age_mask(spells.birth, days, group), grid, 0)


def _years_back(until: dt.date, years: int) -> list[dt.date]:
    def shift(day: dt.date, n: int) -> dt.date:
        try:
            return day.replace(year=day.year - n)
        except ValueError:  # 29 February
            return day.replace(year=day.year - n, day=28)

    return [shift(until, n) for n in range(years, -1, -1)]


@dataclass(frozen=True)
class HistoryEstimate:
    target_group: TargetGroup
    unit: OrgUnit | None
    anchors: list[dt.date]
    estimate: TransitionEstimate
    states: list[str]

    @property
    def cases(self) -> int:
        return int(self.estimate.observed.sum())


def _history_estimate(
    group: TargetGroup, *, unit: OrgUnit | None, until: dt.date, years: int
) -> HistoryEstimate:
    group = target_group_get(group.code)
    states, _costs = staircase_states(group)
    anchors = _years_back(until, years)
    _spells, grid = case_steps(group, unit, anchors)
    counts, inflow = count_yearly_transitions(grid, len(states))
    return HistoryEstimate(group, unit, anchors, dirichlet_posterior(counts, inflow=inflow), states)


def history_estimate(
    *, actor: User, target_group: str, unit_id: int | None = None, until: dt.date | None = None,
    years: int = HISTORY_YEARS,
) -> HistoryEstimate:
    """Yearly transition probabilities on a staircase, estimated from the interventions in Helhed."""
    if not 1 <= years <= 20:
        raise ValidationError(_("Look back between 1 and 20 years."), field="years")
    unit = _scope(actor, unit_id)
    return _history_estimate(target_group_get(target_group), unit=unit, until=until or _today(), years=years)


@dataclass(frozen=True)
class FlowTable:
    target_group: TargetGroup
    unit: OrgUnit | None
    rows: list[tuple[pos.Quarter, pos.Flow]]


def quarterly_flow_table(
    *, actor: User, target_group: str, unit_id: int | None = None, first: dt.date | None = None,
    last: dt.date | None = None,
) -> FlowTable:
    """Per quarter: how many cases moved down, up, stayed, entered or left the staircase."""
    unit = _scope(actor, unit_id)
    group = target_group_get(target_group)
    last = last or _today()
    first = first or last - dt.timedelta(days=2 * 365)
    if first > last:
        raise ValidationError(_("The first quarter must come before the last."), field="first")
    periods = pos.quarters(first, last)
    if len(periods) > 80:
        raise ValidationError(_("Show at most 20 years (80 quarters) at a time."), field="first")
    _spells, grid = case_steps(group, unit, pos.boundaries(periods))
    return FlowTable(group, unit, pos.quarterly_flows(grid, periods))


@dataclass(frozen=True)
class PublishedFlowTable:
    target_group: TargetGroup
    unit: OrgUnit | None
    rows: list[tuple[pos.Quarter, disclosure.PublishedFlow]]


def published_flows(table: FlowTable) -> PublishedFlowTable:
    """The quarterly flows as the page, its chart and the API show them: small counts hidden (ADR 0104)."""
    return PublishedFlowTable(table.target_group, table.unit, disclosure.publish_flows(table.rows))


def published_history(
    history: HistoryEstimate, *, pooled_steps: Sequence[int] = ()
) -> disclosure.PublishedHistory:
    """The movements counted in the history, small counts suppressed (with the pooled figures for
    `pooled_steps`, the steps a business case moves down)."""
    return disclosure.publish_history(history.estimate.counts.tolist(), history.estimate.inflow.tolist(),
                                      pooled_steps)


# --- one citizen ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenStaircase:
    target_group: TargetGroup
    steps: list[Step]
    segments: list[pos.Segment]
    movements: list[pos.Movement]
    days_on: dict[int, int]

    @property
    def current_step(self) -> int:
        return self.segments[-1].step if self.segments else 0


def _clip_to_ages(spells: list[pos.Spell], birth: dt.date, group: TargetGroup) -> list[pos.Spell]:
    def birthday(age: int) -> dt.date:
        try:
            return birth.replace(year=birth.year + age)
        except ValueError:
            return birth.replace(year=birth.year + age, day=28)

    low = birthday(group.min_age) if group.min_age is not None else dt.date.min
    high = birthday(group.max_age + 1) - dt.timedelta(days=1) if group.max_age is not None else dt.date.max
    clipped = []
    for s in spells:
        start, end = max(s.start, low), min(s.end or dt.date.max, high)
        if start <= end:
            clipped.append(pos.Spell(s.step, start, None if end == dt.date.max else end))
    return clipped


def citizen_staircase(*, actor: User, citizen_id: int) -> list[CitizenStaircase]:
    """The citizen's position over time on each staircase they have been on (access-checked, audited)."""
    citizen, _relations = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                         purpose="staircase_positions")
    today = _today()
    result = []
    for group in target_group_list():
        data = _spells(group, None, citizen_id=citizen.pk)
        spells = [
            pos.Spell(int(step), dt.date.fromordinal(int(start)),
                      None if end == pos.OPEN_END else dt.date.fromordinal(int(end)))
            for step, start, end in zip(data.steps, data.starts, data.ends, strict=True)
        ]
        spells = _clip_to_ages(spells, citizen.birth_date, group)
        if not spells:
            continue
        segments = pos.timeline(spells, until=today)
        if not segments:
            continue
        result.append(CitizenStaircase(
            target_group=group, steps=sorted(group.steps.all(), key=lambda s: s.number), segments=segments,
            movements=pos.movements(segments), days_on=pos.days_on_steps(segments),
        ))
    return result


# --- realised against expected ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterComparison:
    quarter: pos.Quarter
    expected_baseline: float  # measure cost the quarter would have had without the team (konto 5)
    expected_scenario: float  # measure cost the business case expects with the team
    realised: float  # measure cost of the cohort's realised positions (unit cost x time on step)
    cases_realised: list[int]  # cases per state at the quarter's end
    flow: pos.Flow
    # The course without the team as the history before the start predicts it (None: no history).
    history_baseline: float | None = None

    @property
    def expected_saving(self) -> float:
        return self.expected_baseline - self.expected_scenario

    @property
    def realised_saving(self) -> float:
        """Against the business case's own course without the team (the budget it counts from)."""
        return self.expected_baseline - self.realised

    @property
    def realised_saving_against_history(self) -> float | None:
        """Against the course the history predicts: cases that would have ended anyway are not counted."""
        return None if self.history_baseline is None else self.history_baseline - self.realised


@dataclass(frozen=True)
class RealisedComparison:
    scenario: Scenario
    unit: OrgUnit | None
    start: dt.date
    cohort: list[int]  # the realised cohort per state at the start (the cases Helhed followed)
    projection: Projection | None  # the business case applied to that cohort
    quarters: list[QuarterComparison]

    @property
    def cumulative(self) -> list[tuple[float, float, float | None]]:
        """(expected, realised, realised against the history's course) cumulative saving per quarter."""
        result: list[tuple[float, float, float | None]] = []
        exp = real = hist = 0.0
        for q in self.quarters:
            exp += q.expected_saving
            real += q.realised_saving
            against = q.realised_saving_against_history
            hist += against or 0.0
            result.append((exp, real, None if against is None else hist))
        return result


def _quarter_costs(spells: Spells, group: TargetGroup, periods: list[pos.Quarter], costs: FloatArray,
                   cohort: IntArray) -> FloatArray:
    """Measure cost of the cohort's cases in each quarter: the unit cost of the step on each week's first
    day, averaged over the quarter's weeks, for a quarter of a year."""
    result = np.zeros(len(periods))
    for i, q in enumerate(periods):
        days = [q.start + dt.timedelta(days=d) for d in range(0, (q.end - q.start).days + 1, WEEK)]
        grid = pos.steps_at(spells.case_index, spells.steps, spells.starts, spells.ends,
                            n_cases=spells.n_cases, days=days)
        grid = np.where(_age_mask(spells.birth, days, group), grid, 0)[cohort]
        result[i] = float(costs[grid].mean(axis=1).sum()) / 4.0 if grid.size else 0.0
    return result


def realised_vs_expected(
    *, actor: User, scenario: Scenario, until: dt.date | None = None
) -> RealisedComparison:
    """Quarter by quarter from the start: the business case for the cases actually followed, against what
    happened to them in Helhed (seed 001: gains fed back into the budget)."""
    unit = _scope(actor, scenario.unit_id)
    group = target_group_get(scenario.target_group.code)
    states, costs = staircase_states(group)
    start = scenario.start_date or dt.date(scenario.start_year, 1, 1)
    last = min(until or _today(), dt.date(scenario.start_year + scenario.horizon_years - 1, 12, 31))
    spells = _spells(group, unit)
    start_grid = pos.steps_at(spells.case_index, spells.steps, spells.starts, spells.ends,
                              n_cases=spells.n_cases, days=[start])
    start_grid = np.where(_age_mask(spells.birth, [start], group), start_grid, 0)
    cohort_idx = np.flatnonzero(start_grid[:, 0] > 0)
    cohort = np.bincount(start_grid[cohort_idx, 0], minlength=len(states)).astype(np.int64)
    if cohort_idx.size == 0 or last < start:
        return RealisedComparison(scenario, unit, start, [int(x) for x in cohort], None, [])
    spec_case = scenario_case(scenario, history=_history_if_needed(scenario))
    team = spec_case.team
    # The team is sized for the model's cohort, but the comparison follows the cases Helhed knows. So that
    # the capacity check does not refuse a larger number, count enough advisors for them as already
    # employed: the added team (its cost, konto 6) stays the scenario's.
    needed = max(team.advisors, float(cohort[1:].sum()) / team.caseload)
    case = replace(spec_case, cohort=cohort.astype(np.float64),
                   team=Team(needed, team.existing_advisors + (needed - team.advisors), team.advisor_cost,
                             team.managers, team.manager_cost, team.caseload))
    projection = project(case)
    before = _history_estimate(group, unit=unit, until=start, years=HISTORY_YEARS)
    history_course = None
    if before.cases > 0:
        history_course = project(replace(case, baseline=before.estimate.as_transitions())).measure_baseline
    periods = pos.quarters(start, last)
    cost_vector = np.asarray(costs)
    realised = _quarter_costs(spells, group, periods, cost_vector, cohort_idx)
    ends = pos.steps_at(spells.case_index, spells.steps, spells.starts, spells.ends,
                        n_cases=spells.n_cases, days=pos.boundaries(periods))
    ends = np.where(_age_mask(spells.birth, pos.boundaries(periods), group), ends, 0)[cohort_idx]
    rows = []
    for i, q in enumerate(periods):
        t = q.year - scenario.start_year
        if not 0 <= t < case.horizon:
            continue
        rows.append(QuarterComparison(
            quarter=q,
            expected_baseline=float(projection.measure_baseline[t]) / 4.0,
            expected_scenario=float(projection.measure_scenario[t]) / 4.0,
            realised=float(realised[i]),
            cases_realised=[int(x) for x in np.bincount(ends[:, i + 1], minlength=len(states))],
            flow=pos.flow(ends[:, i], ends[:, i + 1]),
            history_baseline=None if history_course is None else float(history_course[t]) / 4.0,
        ))
    return RealisedComparison(scenario, unit, start, [int(x) for x in cohort], projection, rows)


def published_cohort(comparison: RealisedComparison) -> disclosure.PublishedCohort:
    """The followed cases' counts in realised against expected, small counts suppressed (ADR 0104)."""
    return disclosure.publish_cohort(comparison.cohort, [q.cases_realised for q in comparison.quarters],
                                     [q.flow for q in comparison.quarters])
