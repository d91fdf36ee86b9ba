"""Registry of the shipped indicators: Copenhagen's ten goals, Aarhus' effect goals, Odense's goals."""

from __future__ import annotations

from helhed.analytics.indicators import aarhus, copenhagen, odense  # noqa: F401  (they register)
from helhed.analytics.indicators.base import _REGISTRY, RESULT_COLUMNS, IndicatorDef

__all__ = ["RESULT_COLUMNS", "IndicatorDef", "all_indicators", "get_indicator"]


def all_indicators() -> list[IndicatorDef]:
    """Copenhagen, Aarhus, Odense; within each in the order of its goals."""
    order = {"kbh": 0, "aar": 1, "ode": 2}
    return sorted(_REGISTRY.values(), key=lambda i: order.get(i.code.split("-")[0], 9))


def get_indicator(code: str) -> IndicatorDef | None:
    return _REGISTRY.get(code)
