"""Aarhus' effect goals (seed 001, fig. 1): the 3 x 3 table, substance and alcohol treatment, shelters.

The 3 x 3 table is the share of plans reaching their goal or improving (ADR 0301) on each of the three
mastery dimensions, for vulnerable children (under 18), young people (18-29) and disabled children (under
18 in the disability target group), among measures whose latest assessment falls in the rolling year.
The shelter figures follow ADR 0201 and count the period itself (episodes with a night in it).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from django.utils.text import format_lazy
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
SEED = "seed 001 (Aarhus), fig. 1"
LONG_STAY_NIGHTS = 120
FOLLOW_UP_DAYS = 210  # "after 7 months"
YOUNG_AT_SHELTER = 25

DIMENSIONS = {
    "personal": ("personal_development", _("personal development")),
    "network": ("network_citizenship", _("network and citizenship")),
    "learning": ("learning_self_support", _("learning and self-support")),
}
GROUPS = {
    "children": (_("Vulnerable children"), _("children under 18 (not in the disability group)")),
    "youth": (_("Vulnerable young people"), _("young people 18-29")),
    "disabled": (_("Disabled children"), _("children under 18 in the disability target group")),
}


def _in_group(frame: ir.Table, group: str) -> ir.BooleanValue:
    if group == "children":
        return (frame.age_band == "0-17") & (frame.target_group.fill_null("") != "disability")
    if group == "youth":
        return frame.age_band.isin(("18-24", "25-29"))
    return (frame.age_band == "0-17") & (frame.target_group == "disability")


def _reached_or_improved(group: str, item: str):  # type: ignore[no-untyped-def]
    def compute(t: Tables, period: Period) -> ir.Table:
        r = t["outcome_results"]
        r = r.filter((r.instrument == "aarhus-mastery") & (r.item == item)
                     & in_window(r.latest_on, rolling_year(period)))
        r = with_citizen(r, t)
        r = r.filter(_in_group(r, group))
        return result(r, "share", ALL, num=r.reached_or_improved)

    return compute


def substance_treatment(t: Tables, period: Period) -> ir.Table:
    r = t["outcome_results"]
    r = r.filter((r.instrument == "substance-use-status") & (r.item == "status")
                 & in_window(r.latest_on, rolling_year(period)))
    return citizen_result(r, t, "share", ALL, num=r.reached_or_improved)


def _seven_months(item: str, good):  # type: ignore[no-untyped-def]
    """Of the plans whose follow-up at least 7 months after the first alcohol status falls in the rolling
    year, the share whose answer at that follow-up is good."""

    def compute(t: Tables, period: Period) -> ir.Table:
        a = t["assessments"]
        a = a.filter((a.instrument == "alcohol-status") & (a.item == item) & (a.assessed_on < period.end))
        first = a.group_by("plan_id").aggregate(first_on=a.assessed_on.min())
        j = a.inner_join(first, "plan_id")
        later = j.filter(j.assessed_on.delta(j.first_on, unit="day") >= FOLLOW_UP_DAYS)
        w = ibis.window(group_by=later.plan_id, order_by=[later.assessed_on, later.assessment_id])
        follow_up = later.mutate(rn=ibis.row_number().over(w)).filter(lambda x: x.rn == 0)
        follow_up = follow_up.filter(in_window(follow_up.assessed_on, rolling_year(period)))
        return citizen_result(follow_up, t, "share", ALL, num=good(follow_up))

    return compute


def _episodes_in(t: Tables, period: Period) -> ir.Table:
    s = t["shelter_stays"]
    end = last_day(period)
    return s.filter((s.check_in <= end) & (s.last_night.fill_null(end) >= period.start))


def _nights(e: ir.Table, period: Period) -> ir.IntegerValue:
    """The episode's nights up to the period's last day (an expression, not a column: one layer less)."""
    end = last_day(period)
    return ibis.least(e.last_night.fill_null(end), ibis.literal(end)).delta(e.check_in, unit="day") + 1


def long_stays(t: Tables, period: Period) -> ir.Table:
    e = _episodes_in(t, period)
    return citizen_result(e, t, "share", ALL, num=_nights(e, period) > LONG_STAY_NIGHTS, unit="shelter_unit")


def young_at_shelters(t: Tables, period: Period) -> ir.Table:
    e = _episodes_in(t, period)
    young = e.filter(e.age_at_check_in < YOUNG_AT_SHELTER).select("citizen").distinct()
    return citizen_result(young, t, "count", ALL)


def returns(t: Tables, period: Period) -> ir.Table:
    s = t["shelter_stays"]
    w = ibis.window(group_by=s.citizen, order_by=s.check_in)
    s = s.mutate(previous_out=s.last_night.lag().over(w) + ibis.interval(days=1))
    begun = s.filter((s.check_in >= period.start) & (s.check_in < period.end))
    back = begun.previous_out.notnull() & (begun.check_in <= begun.previous_out + ibis.interval(years=1))
    return citizen_result(begun, t, "share", ALL, num=back, unit="shelter_unit")


for group, (group_name, population) in GROUPS.items():
    for dim, (item, dim_name) in DIMENSIONS.items():
        register(IndicatorDef(
            code=f"aar-{group}-{dim}",
            name=format_lazy(_("{group}: reached their goal or improved, {dimension}"),
                             group=group_name, dimension=dim_name),
            description=_("Share of measures on the mastery dimension reaching the goal or improving from "
                          "the first to the latest assessment, the latest in the rolling year."),
            source=SEED, kind="share", direction="up", breakdowns=ALL, unit="%",
            population=format_lazy(_("{population} with a mastery assessment on {dimension}, latest in the "
                                     "rolling year"), population=population, dimension=dim_name),
            numerator=_("reached or improved (ADR 0301)"), denominator=_("measured"),
            needs=("outcome_results", "citizens"), compute=_reached_or_improved(group, item),
        ))

register(IndicatorDef(
    code="aar-substance-60", name=_("Substance treatment: drug-free or reduced use"),
    description=_("Share of citizens in drug treatment whose latest status in the rolling year is drug-free "
                  "or reduced use. Target: at least 60 %."),
    source=SEED, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("citizens with a substance-use status, latest in the rolling year"),
    numerator=_("drug-free or reduced use"), denominator=_("citizens measured"),
    needs=("outcome_results", "citizens"), compute=substance_treatment,
))
register(IndicatorDef(
    code="aar-alcohol-overuse-7m", name=_("Alcohol treatment: no overuse after 7 months"),
    description=_("Share of citizens in alcohol treatment without overuse in the last month at the "
                  "follow-up at least 7 months after the first status. Target: at least 75 %."),
    source=SEED, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("plans whose 7-month follow-up on alcohol falls in the rolling year"),
    numerator=_("no overuse in the last month"), denominator=_("plans followed up"),
    needs=("assessments", "citizens"),
    compute=_seven_months("overuse_last_month", lambda f: f.option == "no"),
))
register(IndicatorDef(
    code="aar-alcohol-days-7m", name=_("Alcohol treatment: no days with alcohol problems after 7 months"),
    description=_("Share of citizens in alcohol treatment with no days of alcohol problems in the last "
                  "month at the follow-up at least 7 months after the first status. Target: at least 65 %."),
    source=SEED, kind="share", direction="up", breakdowns=ALL, unit="%",
    population=_("plans whose 7-month follow-up on alcohol falls in the rolling year"),
    numerator=_("no days with alcohol problems in the last month"), denominator=_("plans followed up"),
    needs=("assessments", "citizens"),
    compute=_seven_months("problem_days_last_month", lambda f: f.value == 0),
))
register(IndicatorDef(
    code="aar-shelter-120", name=_("Shelter stays over 120 days"),
    description=_("Share of shelter stays (§ 110, episodes) with a night in the period that had lasted over "
                  "120 nights by its end. Target: at most 10 %."),
    source=SEED, kind="share", direction="down", breakdowns=ALL, unit="%",
    population=_("shelter episodes with a night in the period (ADR 0201)"),
    numerator=_("episodes over 120 nights by the period's end"), denominator=_("episodes"),
    needs=("shelter_stays", "citizens"), compute=long_stays,
))
register(IndicatorDef(
    code="aar-shelter-young", name=_("Young people at shelters"),
    description=_("Citizens under 25 when their shelter stay began, with a night at a shelter in the period "
                  "(a key figure, no target)."),
    source=SEED, kind="count", direction="down", breakdowns=ALL,
    population=_("citizens with a night at a shelter in the period"), numerator=_("under 25 at check-in"),
    needs=("shelter_stays", "citizens"), compute=young_at_shelters,
))
register(IndicatorDef(
    code="aar-shelter-returns", name=_("Returns to shelters within 12 months"),
    description=_("Share of shelter stays begun in the period that began within 12 months of the citizen's "
                  "previous stay (a key figure, no target)."),
    source=SEED, kind="share", direction="down", breakdowns=ALL, unit="%",
    population=_("shelter episodes begun in the period"),
    numerator=_("begun within 12 months of the previous"),
    denominator=_("episodes begun"), needs=("shelter_stays", "citizens"), compute=returns,
))
