"""Template helpers of the housing pages: the score's reasons and the exclusions in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from helhed.housing import allocation
from helhed.housing.stays import Stay

register = template.Library()

COMPONENT_LABELS = {
    "time_homeless": gettext_noop("Time homeless"),
    "support_need": gettext_noop("Support need"),
    "affordability": gettext_noop("Affordability"),
    "district_wish": gettext_noop("District wish"),
    "special_fit": gettext_noop("Dog or step-free fit"),
}


def _get(reason: Any, name: str) -> Any:
    return reason[name] if isinstance(reason, dict) else getattr(reason, name)


def _kr(value: Any) -> str:
    return f"{float(value):,.0f}".replace(",", ".")


@register.filter
def reason_label(reason: Any) -> str:
    component = _get(reason, "component")
    return _(COMPONENT_LABELS.get(component, component))


@register.filter
def reason_text(reason: Any) -> str:
    """What the component saw, in a sentence."""
    c, facts = _get(reason, "component"), _get(reason, "facts")
    if c == "time_homeless":
        return ngettext(
            "Homeless for %(n)s day (full points from %(full)s days)",
            "Homeless for %(n)s days (full points from %(full)s days)",
            facts["days"],
        ) % {"n": facts["days"], "full": facts["days_for_full_points"]}
    if c == "support_need":
        return _("Support need %(level)s of %(max)s") % {"level": facts["level"], "max": facts["max"]}
    if c == "affordability":
        return _("Rent %(rent)s kr. is %(share)s %% of the income of %(income)s kr.") % {
            "rent": _kr(facts["rent"]),
            "income": _kr(facts["income"]),
            "share": str(facts["rent_share_percent"]).replace(".", ","),
        }
    if c == "district_wish":
        if not facts["wished"]:
            return _("No district wished: any district is right")
        if _get(reason, "value"):
            return _("%(district)s is a wished district") % {"district": facts["district"]}
        return _("Wished %(wished)s") % {"wished": ", ".join(facts["wished"])}
    if c == "special_fit":
        parts = []
        if facts.get("dog"):
            parts.append(_("dogs are allowed, and the citizen has a dog"))
        if facts.get("step_free"):
            parts.append(_("step-free, as the citizen needs"))
        return "; ".join(parts).capitalize() if parts else _("No scarce feature needed here")
    return ""


@register.filter
def points(value: Any) -> str:
    return f"{float(value):.2f}".replace(".", ",")


EXCLUSION_LABELS = {
    allocation.EXCLUDED_DOG: gettext_noop("Has a dog; dogs not allowed here"),
    allocation.EXCLUDED_ACCESS: gettext_noop("Needs step-free access; this home has steps"),
    allocation.EXCLUDED_RENT: gettext_noop("Rent over 60 per cent of the income"),
}


@register.filter
def exclusion_label(code: str) -> str:
    return _(EXCLUSION_LABELS.get(code, code))


@register.filter
def share(value: Any) -> str:
    """A Share as 'count of total (percent %)'."""
    if value.percent is None:
        return _("none")
    return _("%(count)s of %(total)s (%(percent)s %%)") % {
        "count": value.count,
        "total": value.total,
        "percent": str(value.percent).replace(".", ","),
    }


@register.filter
def can_housing(page: Any, action: str) -> bool:
    """Does the viewer's relation to the citizen allow the action (a CitizenHousing page)?"""
    return bool(page.can(action))


@register.filter
def nights(check_in: dt.date, check_out: dt.date | None) -> int:
    """Nights of a stay (an open stay: up to tonight), as the shelter statistics count them."""
    return Stay(0, 0, check_in, check_out).nights(timezone.localdate())


@register.filter
def bar(value: int, scale: int) -> str:
    """A width in per cent for a small bar (occupancy against places)."""
    return f"{min(100, round(100 * value / scale)) if scale else 0}%"
