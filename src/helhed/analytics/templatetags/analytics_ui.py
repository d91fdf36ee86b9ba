"""Template helpers of the policy-goal pages: figures in the reader's language, lights, hidden cells."""

from __future__ import annotations

from django import template

from helhed.analytics import report
from helhed.analytics.choices import Breakdown, Light
from helhed.analytics.indicators import IndicatorDef
from helhed.analytics.selectors import IndicatorStatus
from helhed.analytics.suppression import PublishedCell

register = template.Library()

_LIGHT_CLASS = {Light.GREEN: "goal-light goal-light--green", Light.YELLOW: "goal-light goal-light--yellow",
                Light.RED: "goal-light goal-light--red", Light.NONE: "goal-light goal-light--none"}


@register.filter
def figure(value: float | None, indicator: IndicatorDef) -> str:
    return report.number(indicator, value)


@register.filter
def cell_figure(cell: PublishedCell | None, indicator: IndicatorDef) -> str:
    """The published value of a cell, why it is hidden, or that nobody is in it."""
    return report.cell_text(indicator, cell)


@register.filter
def target_text(status: IndicatorStatus) -> str:
    return report.target_text(status)


@register.filter
def baseline_text(status: IndicatorStatus) -> str:
    return report.baseline_text(status)


@register.filter
def light_class(light: str) -> str:
    return _LIGHT_CLASS.get(Light(light) if light in Light.values else Light.NONE, "goal-light")


@register.filter
def light_label(light: str) -> str:
    return str(Light(light).label) if light in Light.values else ""


@register.filter
def breakdown_label(name: str) -> str:
    return str(Breakdown(name).label) if name in Breakdown.values else name


@register.filter
def value_label(cell: PublishedCell) -> str:
    return report.value_label(cell.breakdown, cell.breakdown_value)
