"""Forms of the sharing pages: parse input for the services, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.people.choices import Sector
from helhed.people.models import NetworkPerson, OrgUnit
from helhed.sharing.models import ConsentMethod

SCOPE_CHOICES = [
    ("plan_goals", _("The plan and the citizen's goals")),
    ("interventions", _("Interventions")),
    ("journal_notes", _("Journal notes and meetings")),
    ("assessments", _("Assessments and stories")),
    ("health", _("Health information (treatment)")),
]


class BreakGlassForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need access now?"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000,
                             help_text=_("The citizen sees this, and your team leader and the "
                                         "data-protection officer review it."))


class _SharingForm(forms.Form):
    scopes = forms.MultipleChoiceField(label=_("What may be shared"), choices=SCOPE_CHOICES,
                                       widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(label=_("With these units (and the units below them)"),
                                           queryset=OrgUnit.objects.all(), required=False)
    sectors = forms.MultipleChoiceField(label=_("With these sectors"), choices=Sector.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label=_("Purpose"), max_length=500,
                              initial=_("Coordinating the citizen's plan across sectors"))


class ConsentForm(_SharingForm):
    people = forms.ModelMultipleChoiceField(label=_("With these relatives"),
                                            queryset=NetworkPerson.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    method = forms.ChoiceField(label=_("How the consent was given"), choices=ConsentMethod.choices)
    given_on = forms.DateField(label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, citizen_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = NetworkPerson.objects.filter(citizen_id=citizen_id)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"scopes": d["scopes"], "unit_ids": [u.pk for u in d["units"]], "sectors": d["sectors"],
                "network_person_ids": [p.pk for p in d["people"]], "method": d["method"],
                "given_on": d["given_on"], "purpose": d["purpose"]}


class StatutoryForm(_SharingForm):
    legal_paragraph = forms.CharField(label=_("Legal basis (paragraph)"), max_length=200,
                                      help_text=_("For example: Serviceloven § 153 (concern for a child)."))
    from_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"from_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"scopes": d["scopes"], "unit_ids": [u.pk for u in d["units"]], "sectors": d["sectors"],
                "legal_paragraph": d["legal_paragraph"], "from_on": d["from_on"], "purpose": d["purpose"]}


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Withdrawn or ended on"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Your conclusion"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
