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


def result(frame: ir.Table, kind: Kind, breakdowns: tuple[str, ...], *, num: ir.BooleanValue | None = None,
           value: str = "") -> ir.Table:
    """Total and breakdown rows of RESULT_COLUMNS from a frame of counted rows that has the breakdown
    columns (e.g. from `with_citizen`, when a definition filters on the citizen's attributes).

    share: `num` is a condition on the frame's rows (null counts as not holding); numerator = the rows
           where it holds, denominator = the rows, value = 100 * numerator / denominator.
    count: one row per counted thing; numerator = value = the number of rows, no denominator.
    mean:  the frame has the column `value`; value = its mean over the rows, denominator = rows.
    """
    return _cells(frame, frame, {name: frame[name] for name in breakdowns}, kind, num, value)


def citizen_result(events: ir.Table, tables: Tables, kind: Kind, breakdowns: tuple[str, ...], *,
                   num: ir.BooleanValue | None = None, unit: str = "", value: str = "") -> ir.Table:
    """`result(with_citizen(events, tables, unit=unit), kind, breakdowns, num=num, value=value)` with one
    layer less: the cells are built straight from the join with `citizens`, carrying only the columns
    they need."""
    c = tables["citizens"]
    joined = events.left_join(c, "citizen")
    attributes = {"unit": events[unit] if unit else c.unit, "district": c.district,
                  "target_group": c.target_group}
    return _cells(joined, events, {name: attributes[name] for name in breakdowns}, kind, num, value)


def _cells(source: ir.Table, frame: ir.Table, attributes: dict[str, ir.Value], kind: Kind,
           num: ir.BooleanValue | None, value: str) -> ir.Table:
    """One pass: every row is repeated once per breakdown ("" = the total) by unnesting a literal array
    of the breakdowns' names, then one aggregation whose key picks the row's value for its breakdown.
    Building the cells from one frame matters: Ibis inlines a frame used in several branches of a union,
    and the engine then computes it once per branch. Two layers only (the unnest, the aggregation), and as
    few nodes as possible (no cast to a type a column already has): building and compiling the expression
    costs about as much as the query on the light indicators (ADR 0400). A total with no rows at all has
    no group; `services.evaluate` adds its zero.

    `source` is what the rows are selected from (the frame, or its join with `citizens`); `frame` is
    what `num` and the value are taken from. A share's condition is computed in the cells' own select,
    not in a layer of its own (which Ibis would have to merge into the frame's select while compiling),
    and counted with a filter (null counts as not holding).
    """
    if kind == "share":
        if num is None:
            raise ValueError("a share needs num, the condition its numerator counts")
        carried = {"num": num}
    elif kind == "mean":
        carried = {"val": frame[value or "value"]}
    else:
        carried = {}  # count: the rows are counted
    names = list(attributes)
    long = source.select(breakdown=ibis.array(["", *names]).unnest(), **carried,
                         **{name: column if column.type().is_string() else column.cast("string")
                            for name, column in attributes.items()})
    cell = (long.breakdown.cases(*((name, long[name]) for name in names), else_="").fill_null("") if names
            else ibis.literal(""))
    groups = long.group_by("breakdown", breakdown_value=cell)
    if kind == "share":
        numerator, rows = long.count(where=long.num), long.count()
        return groups.aggregate(numerator=numerator, denominator=rows,
                                value=100.0 * numerator.cast("float64") / rows)
    if kind == "count":
        n = long.count()
        return groups.aggregate(numerator=n, denominator=ibis.null("int64"), value=n.cast("float64"))
    return groups.aggregate(numerator=ibis.null("int64"), denominator=long.count(), value=long.val.mean())
