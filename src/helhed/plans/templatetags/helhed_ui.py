"""Template helpers of the web interface: DKFDS form markup and what the access policy lets the user see.

Presentation only: whether to *show* a control. The services decide what is allowed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms, template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from helhed.access.policy import Action, allowed
from helhed.people.choices import CASE_HOLDING_ROLES
from helhed.plans.coherence import NEED_LABELS
from helhed.plans.models import FollowUp, Goal, Intervention, Meeting, Plan, Transition
from helhed.plans.selectors import PlanPage, is_delivered_by

register = template.Library()

_WIDGET_CLASS: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),
    (forms.Textarea, "form-input"),
    (forms.widgets.Input, "form-input"),
)


def _css_class(widget: forms.Widget) -> str:
    return next((css for kind, css in _WIDGET_CLASS if isinstance(widget, kind)), "")


@register.filter
def dkfds(field: forms.BoundField) -> SafeString:
    """The field's widget with DKFDS classes, linked to its hint and error message."""
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
    widget = field.field.widget
    attrs: dict[str, Any] = {
        "class": " ".join(filter(None, [_css_class(widget), widget.attrs.get("class", "")]))
    }
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def choice_class(field: forms.BoundField) -> str:
    return _css_class(field.field.widget)


@register.filter
def can(page: PlanPage, action: str) -> bool:
    """May the user do `action` on this plan? (To decide whether to show the control.)"""
    return page.can(action)


@register.simple_tag
def can_edit_intervention(page: PlanPage, intervention: Intervention, user: Any) -> bool:
    """Coordinator and team leader change any intervention; the provider its own (responsible or unit)."""
    if intervention.status == "ended":
        return False
    if allowed(page.relations, Action.EDIT_ANY_INTERVENTION):
        return True
    return is_delivered_by(intervention, user) and allowed(page.relations, Action.EDIT_OWN_INTERVENTION)


_KINDS: dict[str, tuple[type[Model], Any]] = {
    "plan": (Plan, _("Plan")),
    "goal": (Goal, _("Goal")),
    "intervention": (Intervention, _("Intervention")),
    "follow_up": (FollowUp, _("Follow-up")),
    "meeting": (Meeting, _("Network meeting")),
    "transition": (Transition, _("Transition")),
}

_ACTIONS = {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}


@register.filter
def kind_label(kind: str) -> str:
    return str(_KINDS[kind][1]) if kind in _KINDS else kind


@register.filter
def action_label(action: str) -> str:
    return str(_ACTIONS.get(action, action))


@register.filter
def field_labels(names: list[str], kind: str) -> str:
    """The changed fields by their names in the interface (verbose names), not the code's."""
    model = _KINDS.get(kind, (None, ""))[0]
    labels = []
    for name in names:
        try:
            labels.append(str(getattr(model._meta.get_field(name), "verbose_name", name)) if model else name)
        except FieldDoesNotExist:  # a field removed since: shown by its name
            labels.append(name)
    return ", ".join(labels)


@register.filter
def bar_width(value: int, scale: int) -> str:
    """Width in percent of a caseload bar (for an inline style)."""
    return f"{min(100.0, 100.0 * value / scale) if scale else 0:.1f}"


@register.filter
def interventions_of(goal: Goal, page: PlanPage) -> list[Intervention]:
    """The interventions on the page that support the goal (those the user may read)."""
    return page.supports.get(goal.pk, [])


@register.filter
def critical_count(findings: list[Any]) -> int:
    return sum(1 for f in findings if f.severity == "critical")


@register.filter
def looks_like_cpr(query: str) -> bool:
    digits = (query or "").replace("-", "").replace(" ", "")
    return digits.isdigit() and len(digits) == 10


@register.filter
def days_before(day: dt.date, later: dt.date) -> int:
    return (later - day).days


@register.filter
def open_only(follow_ups: list[FollowUp]) -> list[FollowUp]:
    return [f for f in follow_ups if f.done_on is None]


@register.filter
def done_only(follow_ups: list[FollowUp]) -> list[FollowUp]:
    return [f for f in follow_ups if f.done_on is not None]


@register.filter
def goal_words(intervention: Intervention, page: PlanPage) -> list[str]:
    """The wording of the goals an intervention serves (from the goals already on the page)."""
    wording = {g.pk: g.citizen_wording for g in page.goals}
    return [wording[g.pk] for g in intervention.goals.all() if g.pk in wording]


_STATUS_BADGE = {
    "open": "info",
    "reached": "success",
    "partly_reached": "success",
    "not_reached": "warning",
    "requested": "info",
    "decided": "info",
    "active": "success",
}


@register.filter
def status_badge(status: str) -> str:
    """The DKFDS badge class for a goal's or an intervention's status."""
    kind = _STATUS_BADGE.get(status)
    return f"badge badge-{kind}" if kind else "badge"


@register.filter
def need_labels(needs: list[str]) -> str:
    return ", ".join(str(NEED_LABELS.get(n, n)) for n in needs)


@register.filter
def number(value: Decimal | None) -> str:
    """A decimal without trailing zeros, in the language's format (7,5 in Danish)."""
    if value is None:
        return ""
    return number_format(value.normalize())


@register.filter
def holds_cases(user: Any) -> bool:
    """Caseworkers and team leaders register citizens and hold plans; provider staff do not."""
    return getattr(user, "role", None) in CASE_HOLDING_ROLES
