"""Template filters for the staircase pages: money, shares and counts of citizens in the active language's
number format (a hidden count shows why it is hidden, never a number)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from helhed.core.suppression import Suppressed
from helhed.staircase.disclosure import Count

register = template.Library()


@register.filter
def kr(value: Any) -> str:
    """Whole kroner with thousands separators (1.400.000 in Danish, 1,400,000 in English)."""
    if value is None or value == "":
        return "—"
    return number_format(round(float(value)), decimal_pos=0, force_grouping=True)


@register.filter
def thousands(value: Any) -> str:
    """In 1,000 kr., the unit of Danish budget tables."""
    if value is None or value == "":
        return "—"
    return number_format(round(float(value) / 1000), decimal_pos=0, force_grouping=True)


@register.filter
def mio(value: Any) -> str:
    """Millions of kroner with two decimals (1,40 in Danish)."""
    if value is None or value == "":
        return "—"
    return number_format(float(value) / 1e6, decimal_pos=2, force_grouping=True)


@register.filter
def cases(value: Any) -> str:
    """Expected cases with one decimal (model figures are averages, not people)."""
    return number_format(float(value), decimal_pos=1, force_grouping=True)


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    """A share as a percentage (0.053 -> 5,3 %)."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, decimal_pos=int(decimals))} %"


@register.filter
def signed_pct(value: Any) -> str:
    if value is None:
        return "—"
    sign = "+" if float(value) >= 0 else "−"
    return f"{sign}{number_format(abs(float(value)) * 100, decimal_pos=1)} %"


@register.filter
def at(container: Any, key: Any) -> Any:
    """container[key] for a list or dict in a template (None if absent)."""
    if isinstance(container, Mapping):
        return container.get(key)
    if isinstance(container, Sequence) and isinstance(key, int) and -len(container) <= key < len(container):
        return container[key]
    return None


@register.filter
def citizens(count: Count | None) -> str:
    """A published count of citizens, or why it is hidden (ADR 0104)."""
    if count is None:
        return "—"
    if count.suppressed == Suppressed.PRIMARY:
        return _("fewer than 5")
    if count.is_suppressed or count.value is None:
        return _("hidden")
    return number_format(count.value, decimal_pos=0, force_grouping=True)
