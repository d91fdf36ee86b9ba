"""Building blocks of the indicator expressions: time windows, breakdown attributes, the result shape.

Everything here is plain Ibis (no backend, no SQL strings), so a definition that uses it runs unchanged on
DuckDB and Spark. Dates are compared with Python dates, which Ibis turns into literals of the backend.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from helhed.analytics.indicators.base import Kind, Tables
from helhed.analytics.periods import Period

BREAKDOWN_COLUMNS = ("unit", "district", "target_group")


def last_day(period: Period) -> dt.date:
    return period.end - dt.timedelta(days=1)


def rolling_year(period: Period) -> tuple[dt.date, dt.date]:
    """[start, end): the twelve months that end with the period (annual goals count a year at a time)."""
    return period.year_before_end(), period.end


def in_window(column: ir.DateValue, window: tuple[dt.date, dt.date]) -> ir.BooleanValue:
    return (column >= window[0]) & (column < window[1])


def with_citizen(events: ir.Table, tables: Tables, *, unit: str = "") -> ir.Table:
    """The events with their citizen's breakdown attributes (unit, district, target group, age band).

    `unit` names a column of the event to use as its unit instead of the citizen's (a shelter stay's unit
    is the shelter). A citizen missing from `citizens` gets nulls, shown as "" in a breakdown.
    """
    c = tables["citizens"]
    people = c.select(p_citizen=c.citizen, p_unit=c.unit, p_district=c.district,
                      p_target_group=c.target_group, p_age_band=c.age_band)
    j = events.left_join(people, events.citizen == people.p_citizen)
    j = j.mutate(unit=j[unit] if unit else j.p_unit, district=j.p_district, target_group=j.p_target_group,
                 age_band=j.p_age_band)
    return j.drop("p_citizen", "p_unit", "p_district", "p_target_group", "p_age_band")


def result(frame: ir.Table, kind: Kind, breakdowns: tuple[str, ...], value: str = "") -> ir.Table:
    """Total and breakdown rows of RESULT_COLUMNS from a frame of counted rows.

    share: the frame has `num` (0/1) and `den` (0/1); value = 100 * num / den.
    count: one row per counted thing; numerator = value = the number of rows, no denominator.
    mean:  the frame has the column `value`; value = its mean over the rows, denominator = rows.
    """

    # The breakdowns as one long frame (a copy of each row per breakdown) and one aggregation, beside the
    # total (an aggregation without groups, which has its row even when nothing is counted): a small
    # expression to compile, and the frame is computed once (a shared CTE).
    if kind == "share":
        carried = {"num": frame.num.cast("int64"), "den": frame.den.cast("int64")}
    elif kind == "count":
        carried = {"num": ibis.literal(1, "int64")}
    else:
        carried = {"val": frame[value or "value"].cast("float64")}

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        if kind == "share":
            return {"numerator": t.num.sum(), "denominator": t.den.sum()}
        if kind == "count":
            return {"numerator": t.count()}
        return {"denominator": t.count(), "value": t.val.mean()}

    rows = frame.select(**carried)
    total = rows.aggregate(**metrics(rows))
    parts = [total.mutate(breakdown=ibis.literal(""), breakdown_value=ibis.literal(""))]
    if breakdowns:
        copies = [frame.select(breakdown=ibis.literal(name),
                               breakdown_value=frame[name].cast("string").fill_null(""), **carried)
                  for name in breakdowns]
        long = copies[0] if len(copies) == 1 else ibis.union(*copies, distinct=False)
        parts.append(long.group_by(["breakdown", "breakdown_value"]).aggregate(**metrics(long)))
    out = parts[0].select(*parts[1].columns) if len(parts) > 1 else parts[0]
    if len(parts) > 1:
        out = ibis.union(out, parts[1], distinct=False)
    if kind == "share":
        numerator, denominator = out.numerator.fill_null(0), out.denominator.fill_null(0)
        val = ibis.ifelse(denominator > 0, 100.0 * numerator.cast("float64") / denominator, ibis.null())
    elif kind == "count":
        numerator, denominator = out.numerator, ibis.null("int64")
        val = out.numerator.cast("float64")
    else:
        numerator, denominator, val = ibis.null("int64"), out.denominator, out.value
    return out.select(
        breakdown=out.breakdown, breakdown_value=out.breakdown_value, numerator=numerator.cast("int64"),
        denominator=denominator.cast("int64"), value=val.cast("float64"),
    )


def flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where the condition holds, else 0 (null counts as not holding)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0)
