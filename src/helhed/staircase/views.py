"""The staircase pages: staircases and unit costs, scenarios side by side, one scenario in depth (with what
the municipality's history says and realised against expected), its committee PDF, quarterly flows and a
citizen's positions. Thin views: parse, call selectors and services, render. Never a business rule here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helhed.core import errors
from helhed.core.views import domain_errors
from helhed.people.models import User
from helhed.staircase import charts, selectors, services
from helhed.staircase.models import Scenario
from helhed.staircase.positions import Quarter
from helhed.staircase.projection import StepDown

DRAWS = 1000
SEED = 2016

# Log-in required; NotFound answers 404 and PermissionDenied 403, with the domain's message.
domain_view = domain_errors()


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _chart(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart spec for the template, which writes it with `json_script` (escaped, never raw)."""
    return spec


def _index_context(actor: User) -> dict[str, Any]:
    ladders = []
    for group in selectors.target_group_list():
        types: dict[int, list[str]] = {}
        for placement in group.placements.all():
            types.setdefault(placement.step_id, []).append(placement.intervention_type.name)
        ladders.append((group, [(step, sorted(types.get(step.pk, []))) for step in group.steps.all()]))
    return {
        "nav": "staircase", "ladders": ladders, "scenarios": selectors.scenario_list(),
        "may_edit_costs": actor.role in services.EDITOR_ROLES,
        "may_see_figures": selectors.may_see_figures(actor),
    }


@require_GET
@domain_view
def index(request: HttpRequest) -> HttpResponse:
    """The staircases with their steps, intervention types, unit costs and sources; the scenarios."""
    return render(request, "staircase/index.html", _index_context(_actor(request)))


@require_POST
@domain_view
def step_cost(request: HttpRequest, step_id: int) -> HttpResponse:
    """Change a step's unit cost (analysts and administrators); back to the staircases."""
    try:
        step = services.step_cost_update(actor=_actor(request), step_id=step_id,
                                         annual_cost=request.POST.get("annual_cost", ""),
                                         cost_source=request.POST.get("cost_source", ""))
    except errors.ValidationError as error:
        return render(request, "staircase/index.html", {
            **_index_context(_actor(request)), "cost_error": str(error), "cost_error_step": step_id,
            "posted": request.POST,
        }, status=422)
    messages.success(request, _("The cost of “%(step)s” is saved.") % {"step": step})
    return redirect("staircase:index")


def _run(scenario: Scenario) -> dict[str, Any]:
    projection = selectors.scenario_projection(scenario)
    simulation = selectors.scenario_simulation(scenario, draws=DRAWS, seed=SEED)
    net = simulation.intervals("net_saving")
    cumulative = simulation.intervals("cumulative_net")
    years = [
        {"year": row["year"], **row, "net_interval": net[t], "cumulative_interval": cumulative[t]}
        for t, row in enumerate(projection.rows())
    ]
    return {"scenario": scenario, "projection": projection, "simulation": simulation, "years": years}


@require_GET
@domain_view
def scenarios(request: HttpRequest) -> HttpResponse:
    """Scenarios side by side: net and cumulative saving per year with intervals, NPV, break-even."""
    available = selectors.scenario_list()
    chosen_slugs = request.GET.getlist("s") or [s.slug for s in available]
    chosen = [s for s in available if s.slug in chosen_slugs]
    runs = [_run(s) for s in chosen]
    years = sorted({y for r in runs for y in r["projection"].years})
    table = [
        {"year": year,
         "cells": [next((row for row in r["years"] if row["year"] == year), None) for r in runs]}
        for year in years
    ]
    items = [(r["scenario"].name, r["projection"], r["simulation"]) for r in runs]
    return render(request, "staircase/scenarios.html", {
        "nav": "staircase", "available": available, "chosen_slugs": [s.slug for s in chosen], "runs": runs,
        "table": table, "draws": DRAWS,
        "chart_net": _chart(charts.savings(items)) if runs else None,
        "chart_cumulative": _chart(charts.savings(items, cumulative=True)) if runs else None,
    })


def _scenario_context(actor: User, scenario: Scenario) -> dict[str, Any]:
    run = _run(scenario)
    projection = run["projection"]
    expected = selectors.expected_gross_savings(scenario)
    checks: list[dict[str, Any]] = []
    for year, value in sorted(expected.items()):
        if year in projection.years:
            model = float(projection.gross_saving[projection.years.index(year)])
            checks.append({"year": year, "expected": value, "model": model,
                           "difference": None if value == 0 else model / value - 1})
    case = selectors.scenario_business_case(scenario)
    effect = case.effect if isinstance(case.effect, StepDown) else None
    calibration = selectors.scenario_calibration([scenario]) if expected and effect is not None else None
    context: dict[str, Any] = {
        **run, "checks": checks, "effect": effect, "calibration": calibration,
        "steps": list(selectors.target_group_get(scenario.target_group.code).steps.all()),
        "states": list(projection.states), "may_see_figures": selectors.may_see_figures(actor),
        "unit_costs": [float(c) for c in case.unit_costs], "team_full_year": case.team.added_annual_cost,
        "chart_cases": _chart(charts.cases_per_step(projection)),
        "chart_savings": _chart(charts.savings([(scenario.name, projection, run["simulation"])])),
    }
    if context["may_see_figures"]:
        start = scenario.start_date or dt.date(scenario.start_year, 1, 1)
        history = selectors.history_estimate(actor=actor, target_group=scenario.target_group.code,
                                             unit_id=scenario.unit_id, until=min(timezone.localdate(), start))
        context["history"] = history
        if effect is not None:
            published = selectors.published_history(history, pooled_steps=effect.from_steps)
            # Counts of citizens: how many were followed, and the share that moved down only where both
            # may be shown (the share gives the number down away).
            down: dict[str, Any] = {"observed": published.pooled, "shown": published.pooled_share_shown,
                                    "steps": ", ".join(str(i) for i in effect.from_steps)}
            if published.pooled_share_shown:
                mean, low, high = history.estimate.share_down(effect.from_steps)
                down |= {"mean": mean, "low": low, "high": high,
                         "with_team": (1 - effect.theta) * mean + effect.theta}
            context["history_down"] = down
        comparison = selectors.realised_vs_expected(actor=actor, scenario=scenario)
        cohort = selectors.published_cohort(comparison)
        context["realised"] = comparison
        context["realised_rows"] = list(zip(comparison.quarters, comparison.cumulative, cohort.flows,
                                            strict=True))
        if comparison.quarters:
            context["chart_realised"] = _chart(charts.realised(
                [(q.quarter.label, c[0], c[1], c[2]) for q, c, _f in context["realised_rows"]]))
            context["has_history_course"] = comparison.quarters[0].history_baseline is not None
    return context


@require_GET
@domain_view
def scenario(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = selectors.scenario_get(slug)
    return render(request, "staircase/scenario.html",
                  {"nav": "staircase", **_scenario_context(_actor(request), chosen)})


@require_GET
@domain_view
def scenario_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The scenario as a PDF for the committee (WeasyPrint), charts drawn by vl-convert."""
    from helhed.staircase.report import scenario_report_pdf

    chosen = selectors.scenario_get(slug)
    context = _scenario_context(_actor(request), chosen)
    pdf = scenario_report_pdf(request, context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="business-case-{chosen.slug}.pdf"'
    return response


@require_GET
@domain_view
def flows(request: HttpRequest) -> HttpResponse:
    """Per quarter: how many cases moved down, stayed or moved up (a team or the municipality); counts
    under 5, and those they could be worked out from, are hidden (ADR 0104)."""
    actor = _actor(request)
    groups = selectors.target_group_list()
    code = request.GET.get("target_group") or (groups[0].code if groups else "")
    unit_id = request.GET.get("unit") or None
    quarters = request.GET.get("quarters") or "8"
    try:
        n = max(1, min(40, int(quarters)))
        unit = int(unit_id) if unit_id else None
    except ValueError:
        n, unit = 8, None
    today = timezone.localdate()
    current = Quarter.of(today)
    back = current.year * 4 + current.number - 1 - (n - 1)
    first = Quarter(back // 4, back % 4 + 1).start
    table = selectors.published_flows(selectors.quarterly_flow_table(
        actor=actor, target_group=code, unit_id=unit, first=first, last=today))
    return render(request, "staircase/flows.html", {
        "nav": "staircase", "groups": groups, "group": table.target_group, "unit": table.unit,
        "units": selectors.scope_units(actor), "quarters": n, "rows": table.rows,
        "chart": _chart(charts.flows(table.rows)),
    })


@require_GET
@domain_view
def citizen(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The citizen's position on each staircase over time (access-checked and logged)."""
    stairs = selectors.citizen_staircase(actor=_actor(request), citizen_id=citizen_id)
    return render(request, "staircase/citizen.html", {
        "nav": "staircase", "citizen_id": citizen_id,
        "stairs": [(s, _chart(charts.timeline(s.segments, s.steps))) for s in stairs],
    })
