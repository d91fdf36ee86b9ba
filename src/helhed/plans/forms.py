"""Forms of the web interface: they parse input, nothing more.

The rules live in services: a form turns text into dates, numbers and ids and hands them over
(`service_kwargs`). A DomainError the service raises lands next to the field it names
(`add_domain_error`); a Conflict keeps the user's text and shows the saved version beside it
(`show_conflict`). Choices that depend on the plan or the organisation are set for rendering only
(`prepare`): the service decides what is valid, so a stale page never lets bad data through.
Never put a business rule here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db.models import Model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from helhed.access.policy import Scope
from helhed.catalog.models import Category, InterventionType
from helhed.core.errors import Conflict, DomainError
from helhed.people.choices import NetworkRole, Sector
from helhed.people.models import OrgUnit, User
from helhed.plans.choices import (
    ConsentForm,
    EndReason,
    GoalStatus,
    InterventionStatus,
    LifeDomain,
    TransitionKind,
)
from helhed.plans.coherence import NEED_LABELS
from helhed.plans.selectors import PlanPage

Choices = list[tuple[Any, Any]]
BLANK = ("", "—")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class IdField(forms.IntegerField):
    """An id chosen from a list. The list is set for rendering; the service checks the id."""

    widget = forms.Select


class IdListField(forms.Field):
    """Several ids ticked in a list of checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose from the list.")) from None


class DomainForm(forms.Form):
    """Base of every form: unique ids per form on the page, domain errors next to their field."""

    # Where an error a service raises for one name belongs in this form (e.g. the CPR parser's "cpr").
    error_aliases: ClassVar[dict[str, str]] = {}
    # Rows of fields shown side by side; fields not named are shown one per row.
    layout: ClassVar[tuple[tuple[str, ...], ...]] = ()
    # For a Conflict: which attribute of the saved object a field shows (default: the same name).
    conflict_attrs: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, id_prefix: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{id_prefix}-%s" if id_prefix else "id_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.conflict: Model | None = None
        self.id_prefix = id_prefix

    def prepare(self, page: PlanPage | None = None, actor: User | None = None) -> DomainForm:
        """Set the choices that depend on the plan or the organisation (for rendering only)."""
        return self

    def add_domain_error(self, error: DomainError) -> None:
        name = self.error_aliases.get(error.field or "", error.field)
        self.add_error(name if name in self.fields else None, str(error))

    def show_conflict(self, error: Conflict) -> None:
        """Keep the user's input, move it onto the saved version, and show both."""
        self.conflict = error.current
        version = str(getattr(error.current, "version", ""))
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["version"] = version
            self.data = data
        else:
            self.data = {**self.data, "version": version}
        self.add_domain_error(error)

    def conflict_rows(self) -> Iterator[tuple[Any, str]]:
        """(label, saved value) for every visible field: what the other person saved."""
        obj = self.conflict
        if obj is None:
            return
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            attr = self.conflict_attrs.get(name, name)
            display = getattr(obj, f"get_{attr}_display", None)
            value = display() if callable(display) else getattr(obj, attr, None)
            yield field.label, _display(value)

    def rows(self) -> list[list[forms.BoundField]]:
        placed = {name for row in self.layout for name in row}
        grouped: list[list[forms.BoundField]] = []
        rows_by_first = {row[0]: row for row in self.layout}
        for name, _field in self.fields.items():
            if self.fields[name].widget.is_hidden:
                continue
            if name in rows_by_first:
                grouped.append([self[n] for n in rows_by_first[name] if n in self.fields])
            elif name not in placed:
                grouped.append([self[name]])
        return grouped

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all()) or "—"
    return str(value)


# ---- choice lists (for rendering) ----------------------------------------------------------------


def type_choices(types: Iterable[InterventionType]) -> Choices:
    """Intervention types grouped by category, each with its legal basis (hjemmel)."""
    groups: dict[str, Choices] = defaultdict(list)
    for t in types:
        groups[t.category].append((t.pk, f"{t.name} ({t.legal_basis})"))
    labels = dict(Category.choices)
    return [
        BLANK,
        *[(labels.get(cat, cat), sorted(items, key=lambda c: c[1])) for cat, items in groups.items()],
    ]


def unit_choices(units: Iterable[OrgUnit]) -> Choices:
    """Every unit and external partner, grouped by sector, so another department is one choice away."""
    groups: dict[str, Choices] = defaultdict(list)
    for u in units:
        groups[u.sector].append((u.pk, u.name))
    order = [s for s, _label in Sector.choices]
    labels = dict(Sector.choices)
    return [BLANK, *[(labels[s], sorted(groups[s], key=lambda c: c[1])) for s in order if groups.get(s)]]


def staff_choices(staff: Iterable[User]) -> Choices:
    return [BLANK, *[(u.pk, f"{u} ({u.unit})" if u.unit_id else str(u)) for u in staff]]


def goal_choices(page: PlanPage) -> Choices:
    return [(g.pk, f"{g.get_life_domain_display()}: “{_short(g.citizen_wording)}”") for g in page.goals]


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- search and registration ---------------------------------------------------------------------


class SearchForm(DomainForm):
    q = forms.CharField(
        label=_("Search by CPR number or name"),
        max_length=100,
        help_text=_(
            "CPR number (DDMMYY-SSSS) finds any registered citizen; a name finds the citizens you work with."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "type": "search"}),
    )
    error_aliases = {"cpr": "q"}


class CitizenRegisterForm(DomainForm):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("DDMMYY-SSSS. Replacement numbers are accepted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    vision = forms.CharField(
        label=_("The citizen's vision"),
        required=False,
        widget=_textarea(4),
        help_text=_("In the citizen's own words: what a good life looks like to them."),
    )
    layout = (("first_name", "last_name"), ("address", "postal_code", "district"))
    error_aliases = {"citizen": "cpr"}


class PlanOpenForm(DomainForm):
    """Open a plan for a registered citizen with none (the CPR number the user searched for)."""

    cpr = forms.CharField(widget=forms.HiddenInput, max_length=11)


# ---- plan-level forms ----------------------------------------------------------------------------


class PlanForm(DomainForm):
    plan = forms.IntegerField(widget=forms.HiddenInput)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["plan_id"] = data.pop("plan")
        return data


class PlanEditForm(PlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    vision = forms.CharField(
        label=_("The citizen's vision, in their own words"), required=False, widget=_textarea(4)
    )
    follow_up_interval_days = forms.IntegerField(
        label=_("Follow up every (days)"),
        help_text=_("Between 7 and 366 days."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    holistic_consent = forms.BooleanField(
        label=_("The citizen consents to one plan replacing separate plans (Serviceloven § 141, stk. 7)"),
        required=False,
    )
    holistic_consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput)
    holistic_consent_form = forms.ChoiceField(
        label=_("Form of consent"), required=False, choices=[BLANK, *ConsentForm.choices]
    )
    layout = (("holistic_consent_on", "holistic_consent_form"),)

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["expected_version"] = data.pop("version")
        return data


class PlanAdoptForm(PlanForm):
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=_textarea(2),
        help_text=_("E.g. agreed with the citizen at the network meeting."),
    )


class GoalForm(PlanForm):
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=[BLANK, *LifeDomain.choices])
    citizen_wording = forms.CharField(
        label=_("The goal in the citizen's own words"),
        widget=_textarea(2),
        help_text=_("Write what the citizen says, as they say it."),
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput)
    layout = (("life_domain", "target_date"),)


class GoalEditForm(DomainForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    citizen_wording = forms.CharField(label=_("The goal in the citizen's own words"), widget=_textarea(2))
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput)
    staff_note = forms.CharField(
        label=_("How we support it (staff's note)"), required=False, widget=_textarea(2)
    )
    layout = (("life_domain", "status", "target_date"),)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


_LIVE_STATUSES = [(v, label) for v, label in InterventionStatus.choices if v != InterventionStatus.ENDED]


class InterventionFields(DomainForm):
    provider_unit = IdField(
        label=_("Provider unit"),
        help_text=_("Any unit, another department or an external partner."),
    )
    responsible = IdField(label=_("Responsible"), required=False, help_text=_("Staff of the provider unit."))
    status = forms.ChoiceField(label=_("Status"), choices=_LIVE_STATUSES)
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Expected end"), required=False, widget=DateInput)
    hours_per_week = forms.CharField(
        label=_("Hours per week"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    annual_cost = forms.CharField(
        label=_("Cost per year (DKK)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    goals = IdListField(label=_("Goals it serves"), required=False)
    layout = (
        ("provider_unit", "responsible"),
        ("status", "requested_on", "decided_on"),
        ("start_date", "end_date"),
        ("hours_per_week", "annual_cost"),
    )
    conflict_attrs = {"goals": "goals"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choosing the unit reloads the list of its staff (htmx); the service checks the choice.
        self.fields["provider_unit"].widget.attrs.update(
            {
                "hx-get": "",
                "hx-trigger": "change",
                "hx-target": f"#{self['responsible'].auto_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )

    def prepare(
        self,
        page: PlanPage | None = None,
        actor: User | None = None,
        units: Iterable[OrgUnit] = (),
        staff: Iterable[User] = (),
        staff_url: str = "",
        types: Iterable[InterventionType] = (),
    ) -> DomainForm:
        self.fields["provider_unit"].widget.choices = unit_choices(units)
        self.fields["provider_unit"].widget.attrs["hx-get"] = staff_url
        self.fields["responsible"].widget.choices = staff_choices(staff)
        if page is not None and Scope.PLAN_GOALS in page.hidden_scopes:
            del self.fields["goals"]  # not shared with the actor's unit: the links stay as they are
        elif page is not None:
            self.fields["goals"].widget.choices = goal_choices(page)
        if "type" in self.fields:
            self.fields["type"].widget.choices = type_choices(types)
        return self

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["provider_unit_id"] = data.pop("provider_unit")
        data["responsible_id"] = data.pop("responsible")
        data["goal_ids"] = data.pop("goals")
        return data


class InterventionForm(InterventionFields):
    plan = forms.IntegerField(widget=forms.HiddenInput)
    type = IdField(
        label=_("Intervention"), help_text=_("From the catalogue, grouped by kind; the legal basis follows.")
    )
    field_order = ["plan", "type"]

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["plan_id"] = data.pop("plan")
        data["type_id"] = data.pop("type")
        return data


class InterventionEditForm(InterventionFields):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["expected_version"] = data.pop("version")
        return data


class InterventionEndForm(DomainForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = forms.DateField(label=_("Ended on"), widget=DateInput)
    end_reason = forms.ChoiceField(label=_("Reason"), choices=[BLANK, *EndReason.choices])
    end_note = forms.CharField(label=_("Note on ending"), required=False, widget=_textarea(2))
    layout = (("end_date", "end_reason"),)
    conflict_attrs = {"end_reason": "end_reason"}

    def conflict_rows(self) -> Iterator[tuple[Any, str]]:
        if self.conflict is not None:
            yield _("Status"), _display(self.conflict.get_status_display())  # type: ignore[attr-defined]
        yield from super().conflict_rows()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "end_date": data["end_date"],
            "reason": data["end_reason"],
            "note": data["end_note"],
        }


class FollowUpRecordForm(PlanForm):
    """The quickest path: write what was followed up and save."""

    note = forms.CharField(label=_("What did you follow up on?"), widget=_textarea(3))
    done_on = forms.DateField(
        label=_("Date"), required=False, widget=DateInput, help_text=_("Leave empty for today.")
    )


class FollowUpScheduleForm(PlanForm):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    goal = IdField(label=_("On goal"), required=False, help_text=_("Optional: a follow-up on one goal."))
    layout = (("due_on", "goal"),)

    def prepare(self, page: PlanPage | None = None, actor: User | None = None, **_kw: Any) -> DomainForm:
        if page is not None:
            self.fields["goal"].widget.choices = [BLANK, *goal_choices(page)]
        return self

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["goal_id"] = data.pop("goal")
        return data


class NoteForm(PlanForm):
    text = forms.CharField(label=_("Journal note"), widget=_textarea(5))
    intervention = IdField(label=_("About intervention"), required=False)

    def prepare(self, page: PlanPage | None = None, actor: User | None = None, **_kw: Any) -> DomainForm:
        if page is not None:
            self.fields["intervention"].widget.choices = [
                BLANK,
                *[
                    (i.pk, f"{i.type.name} ({unit.name})")
                    for unit, items in page.interventions_by_unit
                    for i in items
                ],
            ]
        return self

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["intervention_id"] = data.pop("intervention")
        return data


class MeetingForm(PlanForm):
    held_on = forms.DateTimeField(label=_("When"), widget=DateTimeInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    citizen_present = forms.BooleanField(label=_("The citizen took part"), required=False, initial=True)
    staff = IdListField(label=_("Staff taking part"), required=False)
    network = IdListField(
        label=_("Network taking part"),
        required=False,
        help_text=_("Only people the citizen has agreed may take part are listed."),
    )
    other_participants = forms.CharField(label=_("Other participants"), required=False, widget=_textarea(2))
    summary = forms.CharField(label=_("Summary and agreements"), required=False, widget=_textarea(4))
    layout = (("held_on", "title"),)

    def prepare(self, page: PlanPage | None = None, actor: User | None = None, **_kw: Any) -> DomainForm:
        if page is None or page.plan is None:
            return self
        people: dict[int, User] = {page.plan.coordinator.pk: page.plan.coordinator}
        for _unit, items in page.interventions_by_unit:
            for i in items:
                if i.responsible is not None:
                    people.setdefault(i.responsible.pk, i.responsible)
        if actor is not None:
            people.setdefault(actor.pk, actor)
        self.fields["staff"].widget.choices = [(u.pk, str(u)) for u in people.values()]
        self.fields["network"].widget.choices = [
            (p.pk, f"{p.name} ({p.get_role_display()})") for p in page.network if p.may_take_part
        ]
        return self

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["staff_ids"] = data.pop("staff")
        data["network_ids"] = data.pop("network")
        return data


# Turning 18 and pension age follow from the birth date; the caseworker adds only these.
_ADDED_TRANSITIONS = [
    (v, label)
    for v, label in TransitionKind.choices
    if v not in (TransitionKind.TURNING_18, TransitionKind.PENSION_AGE)
]


class TransitionForm(PlanForm):
    kind = forms.ChoiceField(label=_("Transition"), choices=[BLANK, *_ADDED_TRANSITIONS])
    expected_on = forms.DateField(label=_("Expected on"), widget=DateInput)
    not_needed = forms.MultipleChoiceField(
        label=_("Needs that are not relevant"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, v) for k, v in NEED_LABELS.items()],
        help_text=_("Housing, income and treatment must be arranged before the date, unless not relevant."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=_textarea(2), help_text=_("Say why a need is not relevant.")
    )
    layout = (("kind", "expected_on"),)


class NetworkPersonForm(PlanForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Relation to the citizen"), choices=[BLANK, *NetworkRole.choices])
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    may_take_part = forms.BooleanField(label=_("The citizen lets them take part in the plan"), required=False)
    layout = (("name", "role", "phone"),)
