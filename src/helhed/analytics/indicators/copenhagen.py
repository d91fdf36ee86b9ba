"""Copenhagen's ten social-policy goals (seed 002, "Socialpolitiske pejlemærker").

Counts are of the twelve months ending with the period: the goals are annual ("på årsplan"), so a
quarter's figure is the rolling year up to that quarter. Goals 3, 4, 5 and 7 need registers Helhed does
not hold (crime, income, long-term poverty, national tests): defined, with "no data yet".
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from django.utils.translation import gettext_lazy as _

from helhed.analytics.indicators.base import ALL_BREAKDOWNS, IndicatorDef, Tables, register
from helhed.analytics.indicators.expr import citizen_result, in_window, rolling_year
from helhed.analytics.periods import Period

ALL = ALL_BREAKDOWNS
SEED = "seed 002 (Copenhagen), goal %d"


def homes_allocated(t: Tables, period: Period) -> ir.Table:
    a = t["allocations"]
    a = a.filter(in_window(a.move_in, rolling_year(period)))
    return citizen_result(a, t, "count", ALL, unit="allocation_unit")


def evictions(t: Tables, period: Period) -> ir.Table:
    n = t["eviction_notices"]
    n = n.filter((n.outcome == "evicted") & in_window(n.outcome_on, rolling_year(period)))
    return citizen_result(n, t, "count", ALL)


def need_less_help(t: Tables, period: Period) -> ir.Table:
    s = t["staircase_positions"]
    down = s.filter((s.step_year_before > 0) & (s.step_at_end < s.step_year_before))
    people = down.select("citizen").distinct()
    return citizen_result(people, t, "count", ALL)


def _latest_in_year(
    t: Tables, period: Period, instruments: tuple[str, ...], items: tuple[str, ...] = ()
) -> ir.Table:
    r = t["outcome_results"]
    r = r.filter(r.instrument.isin(instruments) & in_window(r.latest_on, rolling_year(period)))
    return r.filter(r.item.isin(items)) if items else r


def quality_of_life(t: Tables, period: Period) -> ir.Table:
    r = _latest_in_year(t, period, ("aarhus-mastery",))
    per = r.group_by("citizen").aggregate(better=r.reached_or_improved.cast("int32").sum(), n=r.count())
    return citizen_result(per, t, "share", ALL, num=per.better * 2 >= per.n)


def satisfied(t: Tables, period: Period) -> ir.Table:
    a = t["assessments"]
    a = a.filter((a.instrument == "user-satisfaction") & (a.item == "total")
                 & in_window(a.assessed_on, rolling_year(period)) & a.value.notnull())
    # Each user once: their latest answer in the year.
    w = ibis.window(group_by=a.citizen, order_by=[a.assessed_on.desc(), a.assessment_id.desc()])
    latest = a.mutate(rn=ibis.row_number().over(w)).filter(lambda x: x.rn == 0)
    return citizen_result(latest, t, "share", ALL, num=latest.value >= 4)


def reduce_or_stop_abuse(t: Tables, period: Period) -> ir.Table:
    r = _latest_in_year(t, period, ("substance-use-status", "alcohol-status"),
                        ("status", "overuse_last_month"))
    per = r.group_by("citizen").aggregate(better=r.reached_or_improved.cast("int32").max())
    return citizen_result(per, t, "share", ALL, num=per.better == 1)


register(IndicatorDef(
    code="kbh-1", name=_("More vulnerable citizens are allocated a home"),
    description=_("Vulnerable citizens who moved into a home let through the municipality's allocation in "
                  "the twelve months up to the period's end."),
    source=SEED % 1, kind="count", direction="up", breakdowns=ALL,
    population=_("citizens with a plan"), numerator=_("tenancies begun (move-in) in the rolling year"),
    needs=("allocations", "citizens"), compute=homes_allocated,
))
register(IndicatorDef(
    code="kbh-2", name=_("Fewer evictions a year"),
    description=_("Evictions carried out (the bailiff's court) among citizens known to the municipality, "
                  "in the twelve months up to the period's end."),
    source=SEED % 2, kind="count", direction="down", breakdowns=ALL,
    population=_("citizens with an eviction notice"),
    numerator=_("notices with the outcome 'eviction carried out' dated in the rolling year"),
    needs=("eviction_notices", "citizens"), compute=evictions,
))
register(IndicatorDef(
    code="kbh-3", name=_("Fewer young people commit serious crime"),
    description=_("Young people charged with serious crime. Needs data from the police, which Helhed does "
                  "not receive yet."),
    source=SEED % 3, kind="count", direction="down", population=_("young people 15-25"),
    numerator=_("young people charged with serious crime in the year"), needs=("youth_crime",),
))
register(IndicatorDef(
    code="kbh-4", name=_("More citizens with special needs become self-supporting through work or education"),
    description=_("Citizens with special needs who leave public benefits for work or education. Needs "
                  "income data (eIndkomst, benefits), which Helhed does not receive yet."),
    source=SEED % 4, kind="count", direction="up", population=_("citizens with special needs"),
    numerator=_("citizens self-supporting through work or education"), needs=("income",),
))
register(IndicatorDef(
    code="kbh-5", name=_("Fewer citizens live in long-term poverty"),
    description=_("Citizens in long-term poverty (three years in a row below the poverty line). Needs "
                  "income data, which Helhed does not receive yet."),
    source=SEED % 5, kind="count", direction="down", population=_("inhabitants"),
    numerator=_("citizens in long-term poverty"), needs=("income",),
))
register(IndicatorDef(
    code="kbh-6", name=_("More citizens manage better and need less help"),
    description=_("Citizens who stand on a lower step of the intervention staircase at the period's end "
                  "than a year before (less intensive help), on any staircase."),
    source=SEED % 6, kind="count", direction="up", breakdowns=ALL,
    population=_("citizens on an intervention staircase a year before the period's end"),
    numerator=_("citizens on a lower step at the period's end (not counting those who left the staircase)"),
    needs=("staircase_positions", "citizens"), compute=need_less_help,
))
register(IndicatorDef(
    code="kbh-7", name=_("Fewer pupils with poor results in the national tests"),
    description=_("Share of pupils with poor results in the national tests in reading and mathematics. "
                  "Needs the schools' test results, which Helhed does not receive."),
    source=SEED % 7, kind="share", direction="down", population=_("pupils in the national tests"),
    numerator=_("pupils with poor results"), denominator=_("pupils tested"), needs=("national_tests",),
))
register(IndicatorDef(
    code="kbh-8", name=_("More citizens with special needs have a better quality of life"),
    description=_("Share of citizens assessed on mastering their own life (Aarhus' three dimensions) in "
                  "the rolling year who reached their goal or improved on at least half the dimensions."),
    source=SEED % 8, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with a mastery assessment whose latest falls in the rolling year"),
    numerator=_("of these, reached or improved (ADR 0301) on at least half the dimensions"),
    denominator=_("citizens measured"), needs=("outcome_results", "citizens"), compute=quality_of_life,
))
register(IndicatorDef(
    code="kbh-9", name=_("More users are satisfied with the services"),
    description=_("Share of users whose latest satisfaction survey in the rolling year has a mean of 4 or "
                  "more (of 5)."),
    source=SEED % 9, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("users who answered the satisfaction survey in the rolling year"),
    numerator=_("users whose latest survey's mean is at least 4"), denominator=_("users who answered"),
    needs=("assessments", "citizens"), compute=satisfied,
))
register(IndicatorDef(
    code="kbh-10", name=_("More citizens reduce or stop their drug or alcohol abuse"),
    description=_("Share of citizens in drug or alcohol treatment, with a status in the rolling year, who "
                  "are drug-free, have reduced their use or have no alcohol overuse."),
    source=SEED % 10, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with a substance-use or alcohol status whose latest falls in the rolling year"),
    numerator=_("of these, reached or improved (ADR 0301)"), denominator=_("citizens measured"),
    needs=("outcome_results", "citizens"), compute=reduce_or_stop_abuse,
))
