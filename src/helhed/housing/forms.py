"""Forms of the housing pages: they turn text into dates, numbers and ids, nothing more.

The rules live in services; a DomainError lands next to the field it names (`add_domain_error`).
Never put a business rule here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.errors import DomainError
from helhed.housing.choices import (
    HOUSING_SUPPORT_TYPES,
    HomeKind,
    HomelessnessCategory,
    NoticeOutcome,
    RefusedBy,
    StatusSource,
    SupportNeed,
)
from helhed.housing.services import HOUSED
from helhed.plans.forms import DateInput


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class DomainForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        name = error.field if error.field in self.fields else None
        self.add_error(name, str(error.message))


class HomeForm(DomainForm):
    address = forms.CharField(label=_("Address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, min_length=4)
    district = forms.CharField(label=_("District"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of home"), choices=HomeKind.choices)
    landlord = forms.CharField(label=_("Landlord or housing association"), max_length=200, required=False)
    monthly_rent = forms.DecimalField(
        label=_("Rent per month (kr.)"), min_value=0, max_digits=8, decimal_places=2
    )
    size_m2 = forms.DecimalField(label=_("Size (m²)"), min_value=1, max_digits=6, decimal_places=1)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=20, initial=1)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    dogs_allowed = forms.BooleanField(label=_("Dogs allowed"), required=False)
    available_from = forms.DateField(label=_("Available from"), widget=DateInput())
    allocation_unit = forms.ChoiceField(label=_("Allocating unit"))
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea())

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["allocation_unit"], [(u.pk, u.name) for u in units])

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["allocation_unit_id"] = int(data.pop("allocation_unit"))
        return data


class OfferForm(DomainForm):
    application = forms.IntegerField(widget=forms.HiddenInput())
    deviation_reason = forms.CharField(
        label=_("Why this citizen and not number 1?"),
        required=False,
        widget=_textarea(2),
        help_text=_("Needed when you offer the home to someone other than the highest-ranked citizen."),
    )


class AcceptForm(DomainForm):
    move_in = forms.DateField(label=_("Moves in on"), widget=DateInput())


class RefuseForm(DomainForm):
    refused_by = forms.ChoiceField(
        label=_("Who said no"), choices=RefusedBy.choices, widget=forms.RadioSelect
    )
    refusal_reason = forms.CharField(label=_("Why"), widget=_textarea(2), max_length=2000)


class StatusForm(DomainForm):
    category = forms.ChoiceField(
        label=_("Where the citizen is staying"), choices=HomelessnessCategory.choices
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    source = forms.ChoiceField(label=_("Source"), choices=StatusSource.choices)
    source_note = forms.CharField(label=_("Note on the source"), max_length=300, required=False)


class ApplicationForm(DomainForm):
    allocation_unit = forms.ChoiceField(label=_("Allocating unit"))
    consent_on = forms.DateField(
        label=_("The citizen consented on"),
        widget=DateInput(),
        help_text=_("The citizen agrees that the allocating unit sees the application and the plan."),
    )
    support_need = forms.TypedChoiceField(label=_("Support need"), choices=SupportNeed.choices, coerce=int)
    monthly_income = forms.DecimalField(
        label=_("Disposable income per month (kr.)"),
        min_value=1,
        max_digits=8,
        decimal_places=2,
        help_text=_("After tax, including expected housing benefit (boligstøtte)."),
    )
    has_dog = forms.BooleanField(label=_("Has a dog"), required=False)
    needs_step_free = forms.BooleanField(label=_("Needs step-free access"), required=False)
    wished_districts = forms.CharField(
        label=_("Wished districts, one per line"), required=False, widget=_textarea(3)
    )
    wishes_in_own_words = forms.CharField(
        label=_("Wishes in the citizen's own words"), required=False, widget=_textarea(3)
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["allocation_unit"], [(u.pk, u.name) for u in units])

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["allocation_unit_id"] = int(data.pop("allocation_unit"))
        data["wished_districts"] = [line for line in data["wished_districts"].splitlines() if line.strip()]
        return data


class CheckInForm(DomainForm):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    check_in = forms.DateField(label=_("Checked in"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"check_in": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CheckOutForm(DomainForm):
    stay = forms.IntegerField(widget=forms.HiddenInput())
    check_out = forms.DateField(label=_("Checked out"), widget=DateInput())
    next_situation = forms.ChoiceField(
        label=_("Where the citizen goes"),
        choices=[("", _("Not known")), (HOUSED, _("Into a home")), *HomelessnessCategory.choices],
        required=False,
    )


class FollowUpForm(DomainForm):
    follow_up = forms.IntegerField(widget=forms.HiddenInput())
    holds = forms.TypedChoiceField(
        label=_("Does the tenancy hold?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea(2))


class SupportForm(DomainForm):
    type_code = forms.ChoiceField(label=_("Support with the home"))
    provider_unit = forms.ChoiceField(label=_("Provided by"))
    start_date = forms.DateField(label=_("Starts"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, types: list[Any], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = {code: k for k, code in enumerate(HOUSING_SUPPORT_TYPES)}
        _set_choices(
            self.fields["type_code"], [(t.code, t.name) for t in sorted(types, key=lambda t: order[t.code])]
        )
        _set_choices(self.fields["provider_unit"], [(u.pk, u.name) for u in units])


class NoticeResolveForm(DomainForm):
    notice = forms.IntegerField(widget=forms.HiddenInput())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in NoticeOutcome.choices if c[0] != NoticeOutcome.OPEN]
    )
    outcome_on = forms.DateField(label=_("On"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class NoticeImportForm(DomainForm):
    file = forms.FileField(
        label=_("CSV file from the housing association"),
        help_text=_(
            "Columns: cpr, housing_association, kind, received_on, deadline; "
            "optional: reference, address, amount_owed, note."
        ),
    )
    skip_bad = forms.BooleanField(label=_("Import the good rows even if some are bad"), required=False)
