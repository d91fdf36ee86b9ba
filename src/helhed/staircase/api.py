"""The staircase REST API (mounted under /api/v1/staircase by helhed.api): staircases and unit costs,
business-case scenarios, projections and simulations, flows, transitions estimated from history, a
citizen's positions, realised against expected.

Handlers are thin: parse (the schemas), call one selector or service with the token's user as actor,
shape the answer. Rules, access checks and audit live in selectors and services. Never query a model here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from helhed.plans.api_common import actor as _actor
from helhed.plans.api_common import responses as _responses
from helhed.plans.schemas import ErrorOut
from helhed.staircase import selectors, services
from helhed.staircase.disclosure import Count, PublishedFlow
from helhed.staircase.models import Scenario, Step, TargetGroup
from helhed.staircase.positions import Quarter
from helhed.staircase.projection import Projection, Simulation
from helhed.staircase.schemas import (
    MAX_DRAWS,
    CitizenStaircaseOut,
    ComparisonOut,
    FlowOut,
    ModelIn,
    ProjectionOut,
    RealisedOut,
    RunOut,
    ScenarioIn,
    ScenarioOut,
    ScenarioSummaryOut,
    ScenarioUpdateIn,
    SimulationOut,
    StepCostIn,
    StepOut,
    TargetGroupOut,
    TransitionsOut,
)

router = Router(tags=["staircase"])


def _step(step: Step, types: dict[int, list[str]]) -> dict[str, Any]:
    return {
        "id": step.pk, "number": step.number, "code": step.code, "name": step.name,
        "annual_cost": float(step.annual_cost), "cost_source": step.cost_source_text,
        "cost_is_estimate": step.cost_is_estimate, "cost_is_local": step.cost_is_local,
        "intervention_types": sorted(types.get(step.pk, [])),
    }


def _group(group: TargetGroup) -> dict[str, Any]:
    types: dict[int, list[str]] = {}
    for placement in group.placements.all():
        types.setdefault(placement.step_id, []).append(placement.intervention_type.code)
    return {
        "code": group.code, "name": group.name, "source": group.source_text, "sectors": group.sectors,
        "min_age": group.min_age, "max_age": group.max_age,
        "steps": [_step(s, types) for s in group.steps.all()],
    }


def _projection(p: Projection) -> dict[str, Any]:
    return {"states": list(p.states), "years": p.rows(), "npv": p.npv, "break_even_year": p.break_even_year,
            "totals": p.totals}


def _simulation(sim: Simulation | None) -> dict[str, Any] | None:
    return sim.summary() if sim is not None else None


def _flow(quarter: Quarter, flow: PublishedFlow) -> dict[str, Any]:
    """A quarter's published movements: a hidden count is null, with why in `suppressed` (ADR 0104)."""
    return {"quarter": quarter.label, **flow.values(), "suppressed": flow.suppressed()}


def _counts(counts: list[Count]) -> list[int | None]:
    return [c.value for c in counts]


def _scenario(scenario: Scenario) -> dict[str, Any]:
    return selectors.scenario_spec(scenario)


# ---------------------------------------------------------------- staircases and unit costs


@router.get("/target-groups", response=_responses({200: list[TargetGroupOut]}),
            summary="The staircases: steps from least to most intrusive, unit costs and their sources")
def target_groups(request: HttpRequest) -> list[dict[str, Any]]:
    return [_group(g) for g in selectors.target_group_list()]


@router.get("/target-groups/{code}", response=_responses({200: TargetGroupOut}), summary="One staircase")
def target_group(request: HttpRequest, code: str) -> dict[str, Any]:
    return _group(selectors.target_group_get(code))


@router.put("/steps/{step_id}/cost", response=_responses({200: StepOut}),
            summary="Set a step's annual unit cost and its source (analysts and administrators)")
def step_cost(request: HttpRequest, step_id: int, body: StepCostIn) -> dict[str, Any]:
    step = services.step_cost_update(actor=_actor(request), step_id=step_id, annual_cost=body.annual_cost,
                                     cost_source=body.cost_source)
    group = selectors.target_group_get(step.target_group.code)
    return next(s for s in _group(group)["steps"] if s["id"] == step.pk)


@router.get("/target-groups/{code}/flows", response=_responses({200: list[FlowOut]}),
            summary="Per quarter: cases that moved down, up, stayed, entered or left (leaders, analysts)")
def flows(request: HttpRequest, code: str, unit: int | None = None, first: dt.date | None = None,
          last: dt.date | None = None) -> list[dict[str, Any]]:
    table = selectors.published_flows(selectors.quarterly_flow_table(
        actor=_actor(request), target_group=code, unit_id=unit, first=first, last=last))
    return [_flow(q, f) for q, f in table.rows]


@router.get("/target-groups/{code}/transitions", response=_responses({200: TransitionsOut}),
            summary="Yearly transition probabilities estimated from the history in Helhed, with intervals")
def transitions(request: HttpRequest, code: str, unit: int | None = None, years: int = 3,
                until: dt.date | None = None) -> dict[str, Any]:
    result = selectors.history_estimate(actor=_actor(request), target_group=code, unit_id=unit,
                                        years=years, until=until)
    est = result.estimate
    published = selectors.published_history(result)

    def rows(matrix: list[list[float]]) -> list[list[float | None]]:
        # A row with a hidden count gives the counts away through its estimate (known prior): not shown.
        hidden = published.hidden_rows
        return [[None] * len(row) if i in hidden else list(row) for i, row in enumerate(matrix)]

    return {
        "states": result.states, "anchors": result.anchors,
        "counts": [_counts(row) for row in published.counts], "observed": _counts(published.observed),
        "mean": rows(est.mean.tolist()), "low": rows(est.low.tolist()), "high": rows(est.high.tolist()),
        "level": est.level, "inflow": _counts(published.inflow), "few_observations": est.few,
        "hidden_rows": published.hidden_rows,
    }


@router.get("/citizens/{citizen_id}/positions", response=_responses({200: list[CitizenStaircaseOut]}),
            summary="A citizen's position over time on each staircase (access-checked and logged)")
def citizen_positions(request: HttpRequest, citizen_id: int) -> list[dict[str, Any]]:
    return [
        {"target_group": s.target_group.code, "current_step": s.current_step,
         "segments": [{"step": g.step, "start": g.start, "end": g.end, "days": g.days} for g in s.segments],
         "movements": [
             {"day": m.day, "from_step": m.from_step, "to_step": m.to_step, "direction": m.direction}
             for m in s.movements
         ],
         "days_on_steps": s.days_on}
        for s in selectors.citizen_staircase(actor=_actor(request), citizen_id=citizen_id)
    ]


# ---------------------------------------------------------------- scenarios


@router.get("/scenarios", response=_responses({200: list[ScenarioSummaryOut]}), summary="The scenarios")
def scenarios(request: HttpRequest, target_group: str | None = None) -> list[dict[str, Any]]:
    return [
        {"slug": s.slug, "name": s.name, "target_group": s.target_group.code, "start_year": s.start_year,
         "horizon_years": s.horizon_years, "is_shipped": s.is_shipped, "version": s.version}
        for s in selectors.scenario_list(target_group=target_group)
    ]


@router.get("/scenarios/{slug}", response=_responses({200: ScenarioOut}), summary="A scenario's model")
def scenario(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _scenario(selectors.scenario_get(slug))


@router.post("/scenarios", response=_responses({201: ScenarioOut}),
             summary="Save a scenario of your own (team leaders, analysts, administrators)")
def scenario_create(request: HttpRequest, body: ScenarioIn) -> Status:
    saved = services.scenario_save(actor=_actor(request), spec=body.dict())
    return Status(201, _scenario(saved))


@router.put("/scenarios/{slug}", response=_responses({200: ScenarioOut, 409: ErrorOut}),
            summary="Change a scenario of your own, naming the version you read")
def scenario_update(request: HttpRequest, slug: str, body: ScenarioUpdateIn) -> dict[str, Any]:
    spec = body.dict()
    version = spec.pop("version")
    spec["slug"] = slug
    return _scenario(services.scenario_save(actor=_actor(request), spec=spec, expected_version=version))


@router.delete("/scenarios/{slug}", response=_responses({204: None}), summary="Remove a scenario of your own")
def scenario_delete(request: HttpRequest, slug: str) -> Status:
    services.scenario_delete(actor=_actor(request), slug=slug)
    return Status(204, None)


@router.get("/scenarios/{slug}/projection", response=_responses({200: RunOut}),
            summary="The business case year by year, with simulated intervals if draws > 0")
def scenario_projection(
    request: HttpRequest, slug: str, draws: int = Query(1000, ge=0, le=MAX_DRAWS),
    seed: int | None = Query(2016),
) -> dict[str, Any]:
    chosen = selectors.scenario_get(slug)
    projection = selectors.scenario_projection(chosen)
    sim = selectors.scenario_simulation(chosen, draws=draws, seed=seed) if draws else None
    return {"projection": _projection(projection), "simulation": _simulation(sim)}


@router.get("/compare", response=_responses({200: list[ComparisonOut]}), summary="Scenarios side by side")
def compare(request: HttpRequest, scenario: list[str] = Query(...)) -> list[dict[str, Any]]:  # noqa: B008
    chosen = [selectors.scenario_get(slug) for slug in scenario]
    return [{"slug": s.slug, "name": s.name, "projection": _projection(selectors.scenario_projection(s))}
            for s in chosen]


@router.get("/scenarios/{slug}/realised", response=_responses({200: RealisedOut}),
            summary="Realised against expected, quarter by quarter (leaders, analysts)")
def realised(request: HttpRequest, slug: str, until: dt.date | None = None) -> dict[str, Any]:
    result = selectors.realised_vs_expected(actor=_actor(request), scenario=selectors.scenario_get(slug),
                                            until=until)
    cohort = selectors.published_cohort(result)
    return {
        "scenario": slug, "start": result.start, "cohort": _counts(cohort.cohort),
        "quarters": [
            {"quarter": q.quarter.label, "expected_baseline": q.expected_baseline,
             "expected_scenario": q.expected_scenario, "realised": q.realised,
             "expected_saving": q.expected_saving, "realised_saving": q.realised_saving,
             "cases_realised": _counts(cases), "flow": _flow(q.quarter, flow)}
            for q, cases, flow in zip(result.quarters, cohort.cases, cohort.flows, strict=True)
        ],
    }


@router.post("/project", response=_responses({200: RunOut}),
             summary="Run a business case entered by hand, without saving it")
def project(
    request: HttpRequest, body: ModelIn, draws: int = Query(0, ge=0, le=MAX_DRAWS),
    seed: int | None = None,
) -> dict[str, Any]:
    projection, sim = selectors.model_run(actor=_actor(request), spec=body.dict(), draws=draws, seed=seed)
    return {"projection": _projection(projection), "simulation": _simulation(sim)}


__all__ = ["ProjectionOut", "SimulationOut", "router"]
