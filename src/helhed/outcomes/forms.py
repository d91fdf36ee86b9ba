"""Forms of the outcomes pages: they parse input, nothing more.

The assessment form is built from the instrument's definition, so a new instrument needs no new form.
Whether an answer fits (range, step, options, who may rate) is decided by the service against the
definition; a DomainError lands next to the field it names. Never put a business rule here.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helhed.core.errors import DomainError
from helhed.outcomes.choices import Rater
from helhed.outcomes.definitions import NOT_ASSESSED, InstrumentDef, Item
from helhed.outcomes.scoring import AnswerIn
from helhed.plans.choices import ConsentForm

ITEM_PREFIX = "item-"
GOAL_TYPE_PREFIX = "goaltype-"
# Scales with at most this many points are offered as radio buttons; longer ones (0-10 lines) as numbers.
MAX_RADIO_POINTS = 11


def _radio() -> forms.RadioSelect:
    """Radio buttons with DKFDS's class on every option (DKFDS draws the button from it)."""
    return forms.RadioSelect(attrs={"class": "form-radio"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OutcomeForm(forms.Form):
    """Base: ids unique per form, and a service's error shown next to the field it names."""

    error_aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def _choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def add_domain_error(self, error: DomainError) -> None:
        name = self.error_aliases.get(error.field or "", error.field or "")
        if name not in self.fields and f"{ITEM_PREFIX}{name}" in self.fields:
            name = f"{ITEM_PREFIX}{name}"
        self.add_error(name if name in self.fields else None, str(error))


def _label(text: Any) -> str:
    return text.get(get_language()) if text is not None else ""


def _points(item: Item) -> list[str]:
    assert item.minimum is not None and item.maximum is not None
    points = []
    value = item.minimum
    while value <= item.maximum:
        points.append(str(int(value)) if value == value.to_integral() else str(value))
        value += item.step
    return points


def _item_field(item: Item) -> forms.Field:
    help_text = _label(item.help)
    if item.type == "choice":
        choices: list[tuple[str, Any]] = [(o.code, _label(o.label)) for o in item.options]
        if item.not_assessed:
            choices.append((NOT_ASSESSED, _("Not assessed")))
        return forms.ChoiceField(
            label=_label(item.label),
            choices=choices,
            required=False,
            help_text=help_text,
            widget=_radio(),
        )
    if item.type == "text":
        return forms.CharField(
            label=_label(item.label),
            required=False,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": item.max_length}),
        )
    assert item.minimum is not None and item.maximum is not None
    count = (item.maximum - item.minimum) / item.step + 1
    if item.type == "scale" and count <= MAX_RADIO_POINTS:
        choices = []
        for point in _points(item):
            anchor = item.anchors.get(point)
            choices.append((point, f"{point} – {_label(anchor)}" if anchor else point))
        if item.not_assessed:
            choices.append((NOT_ASSESSED, _("Not assessed")))
        return forms.ChoiceField(
            label=_label(item.label),
            choices=choices,
            required=False,
            help_text=help_text,
            widget=_radio(),
        )
    ends = [
        f"{p} = {_label(item.anchors[p])}"
        for p in _points(item)[:: len(_points(item)) - 1]
        if p in item.anchors
    ]
    hint = " ".join(
        filter(
            None,
            [
                help_text,
                str(_("From %(low)s to %(high)s.") % {"low": _points(item)[0], "high": _points(item)[-1]}),
                "; ".join(ends),
            ],
        )
    )
    return forms.CharField(
        label=_label(item.label),
        required=False,
        help_text=hint,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-width-xs"}
        ),
    )


class AssessmentForm(OutcomeForm):
    """An assessment on one instrument: when, who rated, one field per item (and per item's goal type)."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    rater = forms.ChoiceField(label=_("Who rated"), widget=_radio())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    error_aliases = {"answers": "__all__"}

    def __init__(self, *args: Any, defn: InstrumentDef, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.defn = defn
        self.fields["assessed_on"].initial = timezone.localdate()
        self._choices("rater", [(r, Rater(r).label) for r in defn.raters])
        self.fields["rater"].initial = defn.default_rater
        self.fields["rater"].help_text = _("Applies to every answer in this assessment.")
        goal_types = [("", _("No goal type"))] + [(g.code, _label(g.label)) for g in defn.goal_types.values()]
        for item in defn.items:
            self.fields[f"{ITEM_PREFIX}{item.code}"] = _item_field(item)
            if item.with_goal_type:
                self.fields[f"{GOAL_TYPE_PREFIX}{item.code}"] = forms.ChoiceField(
                    label=_("Goal type for %(item)s") % {"item": _label(item.label)},
                    choices=goal_types,
                    required=False,
                )

    def item_rows(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        return [
            (
                self[f"{ITEM_PREFIX}{i.code}"],
                self[f"{GOAL_TYPE_PREFIX}{i.code}"] if i.with_goal_type else None,
            )
            for i in self.defn.items
        ]

    def answers(self) -> list[AnswerIn]:
        data = self.cleaned_data
        result = []
        for item in self.defn.items:
            raw = data.get(f"{ITEM_PREFIX}{item.code}") or ""
            goal_type = data.get(f"{GOAL_TYPE_PREFIX}{item.code}") or ""
            if raw == NOT_ASSESSED:
                result.append(AnswerIn(item=item.code, not_assessed=True))
            elif item.type == "choice":
                result.append(AnswerIn(item=item.code, option=raw, goal_type=goal_type))
            elif item.type == "text":
                result.append(AnswerIn(item=item.code, text=raw))
            else:
                result.append(AnswerIn(item=item.code, value=raw or None, goal_type=goal_type))
        return result


class GoalScaleForm(OutcomeForm):
    much_more = forms.CharField(
        label=_("+2: much more than expected"), widget=forms.Textarea(attrs={"rows": 2})
    )
    more = forms.CharField(label=_("+1: more than expected"), widget=forms.Textarea(attrs={"rows": 2}))
    expected = forms.CharField(
        label=_("0: the expected outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the citizen and you expect to be reached by the next follow-up."),
    )
    less = forms.CharField(
        label=_("-1: less than expected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Often where the citizen is today."),
    )
    much_less = forms.CharField(
        label=_("-2: much less than expected"), widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.CharField(
        label=_("Weight"),
        initial="1",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-width-xs"}),
        help_text=_(
            "1 when every goal counts the same; give a goal that matters more to the citizen a higher weight."
        ),
    )

    def levels(self) -> dict[int, str]:
        d = self.cleaned_data
        return {2: d["much_more"], 1: d["more"], 0: d["expected"], -1: d["less"], -2: d["much_less"]}


class StoryForm(OutcomeForm):
    told_by = forms.ChoiceField(
        label=_("Told by"), choices=Rater.choices, initial=Rater.CITIZEN, widget=_radio()
    )
    told_on = forms.DateField(label=_("Told on"), widget=DateInput())
    what_works = forms.CharField(
        label=_("What works"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the citizen's own words where they tell it."),
    )
    what_must_change = forms.CharField(
        label=_("What must change"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goal = forms.TypedChoiceField(label=_("Goal"), required=False, coerce=int, empty_value=None)
    intervention = forms.TypedChoiceField(
        label=_("Intervention"), required=False, coerce=int, empty_value=None
    )
    consent_anonymised = forms.BooleanField(
        label=_("The citizen consents to anonymised use of the story in reports"),
        required=False,
        help_text=_("Then write the story without names or details that could identify anyone."),
    )
    consent_form = forms.ChoiceField(
        label=_("Consent given"), choices=[("", "—"), *ConsentForm.choices], required=False
    )

    error_aliases = {"goal_id": "goal", "intervention_id": "intervention"}

    def __init__(
        self, *args: Any, goals: list[tuple[int, str]], interventions: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["told_on"].initial = timezone.localdate()
        self._choices("goal", [("", _("No goal")), *goals])
        self._choices("intervention", [("", _("No intervention")), *interventions])

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "told_by": d["told_by"],
            "told_on": d["told_on"],
            "what_works": d["what_works"],
            "what_must_change": d["what_must_change"],
            "goal_id": d["goal"],
            "intervention_id": d["intervention"],
            "consent_anonymised": d["consent_anonymised"],
            "consent_form": d["consent_form"],
        }


class WithdrawForm(OutcomeForm):
    reason = forms.CharField(label=_("Why is the assessment withdrawn?"), max_length=2000)


class StoryConsentForm(OutcomeForm):
    consent_anonymised = forms.BooleanField(required=False)
    consent_form = forms.ChoiceField(choices=[("", "—"), *ConsentForm.choices], required=False)


class WhatWorksForm(forms.Form):
    """The population: every field optional; read from the query string."""

    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    intervention_type = forms.ChoiceField(label=_("Intervention received"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    period_from = forms.DateField(label=_("Latest assessment from"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Latest assessment to"), required=False, widget=DateInput())
    measure = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ChoiceField, fields["target_group"]).choices = [
            ("", _("Everyone")),
            *choices["target_groups"],
        ]
        cast(forms.ChoiceField, fields["intervention_type"]).choices = [
            ("", _("Any")),
            *choices["intervention_types"],
        ]
        units = [(u.pk, f"{'– ' * max(u.depth, 0)}{u.name}") for u in choices["units"]]
        cast(forms.ChoiceField, fields["unit"]).choices = [("", _("Every unit")), *units]
