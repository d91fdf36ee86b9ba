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
ATTRIBUTES = ("unit", "district", "target_group", "age_band")  # what with_citizen adds


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
    # One join and one projection: every extra select is a layer the SQL compiler has to rewrite and
    # merge, and that compile step costs more than the query on the light indicators (ADR 0400).
    c = tables["citizens"]
    j = events.left_join(c, events.citizen == c.citizen)
    kept = {name: events[name] for name in events.columns if name not in ATTRIBUTES}
    return j.select(**kept, unit=events[unit] if unit else c.unit, district=c.district,
                    target_group=c.target_group, age_band=c.age_band)


def result(frame: ir.Table, kind: Kind, breakdowns: tuple[str, ...], value: str = "") -> ir.Table:
    """Total and breakdown rows of RESULT_COLUMNS from a frame of counted rows.

    share: the frame has `num` (0/1) and `den` (0/1); value = 100 * num / den.
    count: one row per counted thing; numerator = value = the number of rows, no denominator.
    mean:  the frame has the column `value`; value = its mean over the rows, denominator = rows.
    """

    # One pass: every row is repeated once per breakdown ("" = the total) by unnesting a literal array of
    # (breakdown, value) pairs, then one aggregation. Building the cells from one frame matters: Ibis
    # inlines a frame used in several branches of a union, and the engine then computes it once per
    # branch. Two layers only (the unnest, the aggregation), so the compile step stays small. A total with
    # no rows at all has no group; `services.evaluate` adds its zero.
    if kind == "share":
        carried = {"num": frame.num.cast("int64"), "den": frame.den.cast("int64")}
    elif kind == "count":
        carried = {"num": ibis.literal(1, "int64")}
    else:
        carried = {"val": frame[value or "value"].cast("float64")}
    cells = [ibis.struct({"b": ibis.literal(""), "v": ibis.literal("")})]
    cells += [ibis.struct({"b": ibis.literal(name), "v": frame[name].cast("string").fill_null("")})
              for name in breakdowns]
    long = frame.select(cell=ibis.array(cells).unnest(), **carried)
    groups = long.group_by(breakdown=long.cell["b"], breakdown_value=long.cell["v"])
    if kind == "share":
        num, den = long.num.sum(), long.den.sum()
        return groups.aggregate(
            numerator=num.cast("int64"), denominator=den.cast("int64"),
            value=ibis.ifelse(den > 0, 100.0 * num.cast("float64") / den, ibis.null("float64")),
        )
    if kind == "count":
        n = long.num.sum()
        return groups.aggregate(numerator=n.cast("int64"), denominator=ibis.null("int64"),
                                value=n.cast("float64"))
    return groups.aggregate(numerator=ibis.null("int64"), denominator=long.count().cast("int64"),
                            value=long.val.mean().cast("float64"))


def flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where the condition holds, else 0 (null counts as not holding)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0)
