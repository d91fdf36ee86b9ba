"""Building blocks of the indicator expressions: time windows, breakdown attributes, the result shape.

Everything here is plain Ibis (no backend, no SQL strings), so a definition that uses it runs unchanged on
DuckDB and Spark. Dates are compared with Python dates, which Ibis turns into literals of the backend.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from helhed.analytics.indicators.base import RESULT_COLUMNS, Kind, Tables
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

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        if kind == "share":
            return {"numerator": t.num.sum().cast("int64"), "denominator": t.den.sum().cast("int64")}
        if kind == "count":
            return {"numerator": t.count().cast("int64"), "denominator": ibis.null("int64")}
        return {"numerator": ibis.null("int64"), "denominator": t.count().cast("int64"),
                "mean": t[value or "value"].mean().cast("float64")}

    def finish(t: ir.Table) -> ir.Table:
        numerator = t.numerator.fill_null(0) if kind != "mean" else t.numerator
        denominator = t.denominator.fill_null(0) if kind != "count" else t.denominator
        if kind == "share":
            val = ibis.ifelse(denominator > 0, 100.0 * numerator.cast("float64") / denominator, ibis.null())
        elif kind == "count":
            val = numerator.cast("float64")
        else:
            val = t["mean"]
        return t.select(
            breakdown=t.breakdown, breakdown_value=t.breakdown_value, numerator=numerator,
            denominator=denominator, value=val.cast("float64"),
        )

    total = frame.aggregate(**metrics(frame)).mutate(
        breakdown=ibis.literal(""), breakdown_value=ibis.literal("")
    )
    parts = [finish(total)]
    for name in breakdowns:
        grouped = frame.mutate(breakdown_value=frame[name].cast("string").fill_null(""))
        cells = grouped.group_by("breakdown_value").aggregate(**metrics(grouped)).mutate(
            breakdown=ibis.literal(name)
        )
        parts.append(finish(cells))
    out = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    return out.select(*RESULT_COLUMNS)


def flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where the condition holds, else 0 (null counts as not holding)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0)
