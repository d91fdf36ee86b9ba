"""The shape of an indicator definition and the registry of shipped indicators.

A definition is code: `compute(tables, period)` builds an Ibis expression over the export's tables (see
`helhed.analytics.schema`) and returns one row per breakdown cell with the columns of `RESULT_COLUMNS`.
The expression never names a backend, so the same definition runs on DuckDB and on Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from django.utils.functional import Promise

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from helhed.analytics.periods import Period

Kind = Literal["share", "count", "mean"]
Direction = Literal["up", "down"]
BreakdownName = Literal["unit", "district", "target_group"]
Tables = Mapping[str, "ir.Table"]
ALL_BREAKDOWNS: tuple[BreakdownName, ...] = ("unit", "district", "target_group")
Compute = Callable[[Tables, "Period"], "ir.Table"]

# Every compute() returns exactly these columns; breakdown "" is the total.
RESULT_COLUMNS = ("breakdown", "breakdown_value", "numerator", "denominator", "value")


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str | Promise
    description: str | Promise
    source: str  # the seed and goal it comes from, e.g. "seed 002, goal 1"
    kind: Kind
    direction: Direction
    population: str | Promise
    numerator: str | Promise
    denominator: str | Promise = ""
    breakdowns: tuple[BreakdownName, ...] = ()
    # Export tables the definition reads; when one is missing the indicator has "no data yet".
    needs: tuple[str, ...] = ()
    compute: Compute | None = field(default=None, compare=False, repr=False)
    # Shown with the figure: how the value is rounded and read (e.g. "%" for a share).
    unit: str = ""

    @property
    def has_definition(self) -> bool:
        """False for a goal whose data Helhed does not hold yet (defined, shown as "no data yet")."""
        return self.compute is not None


_REGISTRY: dict[str, IndicatorDef] = {}


def register(indicator: IndicatorDef) -> IndicatorDef:
    if indicator.code in _REGISTRY:
        raise ValueError(f"indicator {indicator.code} registered twice")
    _REGISTRY[indicator.code] = indicator
    return indicator
