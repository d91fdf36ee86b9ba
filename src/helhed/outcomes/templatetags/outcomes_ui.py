"""Template helpers of the outcomes pages: outcome words and badges, shares, intervals. Presentation only."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from helhed.outcomes.scoring import Outcome
from helhed.outcomes.selectors import ProgressPage
from helhed.outcomes.statistics import Interval

register = template.Library()

_LABELS = {
    "recovered": _("Recovered: reliable improvement out of the clinical range"),
    "reached": _("Reached"),
    "improved": _("Improved"),
    "deteriorated": _("Worse"),
    "unchanged": _("Not improved yet"),
    "not_measured": _("Needs a later assessment"),
}
_BADGES = {
    "recovered": "success",
    "reached": "success",
    "improved": "success",
    "deteriorated": "error",
    "unchanged": "info",
    "not_measured": "",
}


@register.filter
def outcome_label(outcome: Outcome | None) -> str:
    return str(_LABELS["not_measured" if outcome is None else outcome.category])


@register.filter
def outcome_badge(outcome: Outcome | None) -> str:
    kind = _BADGES["not_measured" if outcome is None else outcome.category]
    return f"badge badge-{kind}" if kind else "badge"


@register.filter
def pct(value: float | None) -> str:
    """A share as a whole percentage (12 %)."""
    if value is None:
        return ""
    return f"{number_format(round(value * 100), 0)} %"


@register.filter
def interval_pct(interval: Interval | None) -> str:
    if interval is None:
        return "–"
    return f"{number_format(round(interval.low * 100), 0)}–{number_format(round(interval.high * 100), 0)} %"


@register.filter
def num(value: Any, digits: int = 1) -> str:
    if value is None:
        return ""
    return number_format(round(float(value), digits), digits, force_grouping=False)


@register.filter
def signed(value: Any, digits: int = 1) -> str:
    """A change with its sign: +1,2 / −0,4 / 0."""
    if value is None:
        return ""
    number = round(float(value), digits)
    text = number_format(abs(number), digits)
    return f"+{text}" if number > 0 else (f"−{text}" if number < 0 else text)


@register.filter
def interval_num(interval: Interval | None, digits: int = 1) -> str:
    # A group without a change (too few to say) reaches here as the template's empty string, not None.
    if not isinstance(interval, Interval):
        return "–"
    return f"{signed(interval.low, digits)} {_('to')} {signed(interval.high, digits)}"


@register.filter
def level(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else (f"−{abs(value)}" if value < 0 else "0")


@register.filter
def can_record(page: ProgressPage) -> bool:
    """May the user add assessments and stories? (To decide whether to show the control.)"""
    return page.can("add_note")


@register.filter
def can_edit_plan(page: ProgressPage) -> bool:
    return page.can("edit_plan")
