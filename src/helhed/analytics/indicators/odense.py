"""Odense's goals for socially vulnerable citizens (seed 004): directional, "a larger share of ...".

Each is a share over citizens with a plan, so that "larger" can be followed from period to period; the
target is a rise from the baseline (see data/targets.json). "Healthy life on equal terms" needs health
data Helhed does not hold: defined, with "no data yet".
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from django.utils.translation import gettext_lazy as _

from helhed.analytics.indicators.base import ALL_BREAKDOWNS, IndicatorDef, Tables, register
from helhed.analytics.indicators.expr import (
    citizen_result,
    in_window,
    last_day,
    result,
    rolling_year,
    with_citizen,
)
from helhed.analytics.periods import Period

ALL = ALL_BREAKDOWNS
SEED = "seed 004 (Odense)"
YOUNG = ("18-24", "25-29")


def _mastery(item: str):  # type: ignore[no-untyped-def]
    def compute(t: Tables, period: Period) -> ir.Table:
        r = t["outcome_results"]
        r = r.filter((r.instrument == "aarhus-mastery") & (r.item == item)
                     & in_window(r.latest_on, rolling_year(period)))
        return citizen_result(r, t, "share", ALL, num=r.reached_or_improved)

    return compute


def _open_plans(t: Tables, period: Period) -> ir.Table:
    p = t["plans"]
    end = last_day(period)
    return p.filter((p.started_on <= end) & (p.closed_on.isnull() | (p.closed_on > end)))


def own_plan(t: Tables, period: Period) -> ir.Table:
    p = _open_plans(t, period)
    per = p.group_by("citizen").aggregate(consent=p.holistic_consent.cast("int32").max())
    return citizen_result(per, t, "share", ALL, num=per.consent == 1)


def young_future_plan(t: Tables, period: Period) -> ir.Table:
    p = _open_plans(t, period)
    g = t["goals"]
    future = g.filter(g.life_domain == "employment_education").select("plan_id").distinct()
    future = future.mutate(has_goal=ibis.literal(1))
    j = p.left_join(future, p.plan_id == future.plan_id)
    per = j.group_by("citizen").aggregate(has=j.has_goal.fill_null(0).max())
    per = with_citizen(per, t)
    per = per.filter(per.age_band.isin(YOUNG))
    return result(per, "share", ALL, num=per.has == 1)


def has_a_home(t: Tables, period: Period) -> ir.Table:
    h = t["homelessness"]
    start, end = rolling_year(period)
    homeless = h.filter((h.valid_from < end) & (h.valid_to.isnull() | (h.valid_to >= start)))
    homeless = homeless.select("citizen").distinct()
    a = t["allocations"]
    housed = a.filter((a.move_in < end) & (a.ended_on.isnull() | (a.ended_on >= end)))
    housed = housed.select(housed_citizen=housed.citizen).distinct()
    j = homeless.left_join(housed, homeless.citizen == housed.housed_citizen)
    j = j.select("citizen", housed=j.housed_citizen.notnull())
    return citizen_result(j, t, "share", ALL, num=j.housed)


register(IndicatorDef(
    code="ode-1", name=_("A larger share master their own life"),
    description=_("Share of citizens assessed on personal development (mastering their own life) who "
                  "reached their goal or improved, the latest assessment in the rolling year."),
    source=f"{SEED}, theme 1", kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with a mastery assessment, latest in the rolling year"),
    numerator=_("reached or improved on personal development"), denominator=_("citizens measured"),
    needs=("outcome_results", "citizens"), compute=_mastery("personal_development"),
))
register(IndicatorDef(
    code="ode-2", name=_("A larger share take ownership of one coordinated plan"),
    description=_("Share of citizens with an open plan at the period's end who have given their consent to "
                  "one coordinated plan across the municipality."),
    source=f"{SEED}, theme 1", kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with an open plan at the period's end"), numerator=_("with consent to the plan"),
    denominator=_("citizens with an open plan"), needs=("plans", "citizens"), compute=own_plan,
))
register(IndicatorDef(
    code="ode-3", name=_("A larger share of young people have their own plan for the future"),
    description=_("Share of young people (18-29) with an open plan that holds a goal for education or work."),
    source=f"{SEED}, theme 2", kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("young people 18-29 with an open plan at the period's end"),
    numerator=_("with a goal in employment and education"), denominator=_("young people with an open plan"),
    needs=("plans", "goals", "citizens"), compute=young_future_plan,
))
register(IndicatorDef(
    code="ode-4", name=_("A larger share come closer to the labour market"),
    description=_("Share of citizens assessed on learning and self-support who reached their goal or "
                  "improved, the latest assessment in the rolling year."),
    source=f"{SEED}, theme 3", kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with a mastery assessment, latest in the rolling year"),
    numerator=_("reached or improved on learning and self-support"), denominator=_("citizens measured"),
    needs=("outcome_results", "citizens"), compute=_mastery("learning_self_support"),
))
register(IndicatorDef(
    code="ode-5", name=_("A larger share of homeless citizens have a home"),
    description=_("Share of citizens registered as homeless at some time in the rolling year who live in a "
                  "home let through the municipality at the period's end."),
    source=f"{SEED}, theme 4", kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens homeless at some time in the rolling year"),
    numerator=_("with a tenancy at the period's end"), denominator=_("citizens homeless in the year"),
    needs=("homelessness", "allocations", "citizens"), compute=has_a_home,
))
register(IndicatorDef(
    code="ode-6", name=_("A larger share live a healthy life on equal terms"),
    description=_("Needs health data (e.g. the national health profile), which Helhed does not receive yet."),
    source=f"{SEED}, theme 5", kind="share", direction="up", population=_("vulnerable citizens"),
    numerator=_("citizens reporting good health"), denominator=_("citizens asked"), needs=("health",),
))
