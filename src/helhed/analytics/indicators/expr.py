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

    # One pass: every row is repeated once per breakdown ("" = the total) by unnesting a literal array,
    # then one aggregation. Building the cells from one frame matters: Ibis inlines a frame used in
    # several branches of a union, and the engine then computes it once per branch. A total with no rows
    # at all has no group; `services.evaluate` adds its zero.
    if kind == "share":
        carried = {"num": frame.num.cast("int64"), "den": frame.den.cast("int64")}
    elif kind == "count":
        carried = {"num": ibis.literal(1, "int64")}
    else:
        carried = {"val": frame[value or "value"].cast("float64")}
    rows = frame.select(*[frame[name].cast("string").fill_null("").name(name) for name in breakdowns],
                        **carried)
    long = rows.mutate(breakdown=ibis.array(["", *breakdowns]).unnest())
    if breakdowns:
        bv = ibis.cases(*[(long.breakdown == name, long[name]) for name in breakdowns], else_="")
    else:
        bv = ibis.literal("")
    long = long.mutate(breakdown_value=bv)
    groups = long.group_by(["breakdown", "breakdown_value"])
    if kind == "share":
        cells = groups.aggregate(numerator=long.num.sum(), denominator=long.den.sum())
        val = ibis.ifelse(cells.denominator > 0,
                          100.0 * cells.numerator.cast("float64") / cells.denominator, ibis.null())
        numerator, denominator = cells.numerator, cells.denominator
    elif kind == "count":
        cells = groups.aggregate(numerator=long.num.sum())
        numerator, denominator, val = cells.numerator, ibis.null("int64"), cells.numerator.cast("float64")
    else:
        cells = groups.aggregate(denominator=long.count(), value=long.val.mean())
        numerator, denominator, val = ibis.null("int64"), cells.denominator, cells.value
    return cells.select(
        breakdown=cells.breakdown, breakdown_value=cells.breakdown_value, numerator=numerator.cast("int64"),
        denominator=denominator.cast("int64"), value=val.cast("float64"),
    )


def flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where the condition holds, else 0 (null counts as not holding)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0)
