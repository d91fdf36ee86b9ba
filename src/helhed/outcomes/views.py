"""The outcomes pages: the citizen's progress, recording forms, and what works for whom.

Thin views: parse with a form, call one service or selector, render. A DomainError from a service is
shown next to its field (answer 422); NotFound becomes the 404 page and PermissionDenied the 403 page.
Every form is an ordinary page that works without JavaScript; charts are drawn by Vega-Lite and every
chart has a table with the same figures. Never put a business rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhed.access.policy import Action
from helhed.core import errors
from helhed.core.views import domain_errors
from helhed.outcomes import forms, selectors, services
from helhed.people.models import User

# Log-in required; NotFound answers 404 and PermissionDenied 403, with the domain's message.
outcome_view = domain_errors()


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _progress_url(citizen_id: int, anchor: str = "") -> str:
    return reverse("outcomes:progress", args=[citizen_id]) + (f"#{anchor}" if anchor else "")


def _call(form: forms.OutcomeForm, call: Callable[[], Any]) -> Any:
    """Call a service; a domain error goes onto the form (NotFound/PermissionDenied go up)."""
    try:
        return call()
    except (errors.NotFound, errors.PermissionDenied):
        raise
    except errors.DomainError as e:
        form.add_domain_error(e)
        return None


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: forms.OutcomeForm
) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)


# ---------------------------------------------------------------- the citizen's progress


@require_GET
@outcome_view
def progress(request: HttpRequest, citizen_id: int) -> HttpResponse:
    page = selectors.progress_page(actor=_actor(request), citizen_id=citizen_id)
    return render(request, "outcomes/progress.html", {"page": page, "citizen": page.citizen})


@require_http_methods(["GET", "POST"])
@outcome_view
def assessment_new(request: HttpRequest, citizen_id: int) -> HttpResponse:
    actor = _actor(request)
    ctx = selectors.recording_context(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="assessment_form"
    )
    code = request.GET.get("instrument", "")
    instrument = selectors.instrument_get(code=code) if code else None
    if instrument is None or not instrument.accepts_assessments:
        raise errors.NotFound(_("Choose an instrument in use."))
    goal = None
    if instrument.attaches_to == "goal":
        goal = next((g for g in ctx.goals if str(g.pk) == request.GET.get("goal", "")), None)
        if goal is None:
            raise errors.NotFound(_("Choose one of the goals on the plan."))
    form = forms.AssessmentForm(request.POST or None, defn=instrument.defn)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.assessment_record(
                actor=actor,
                citizen_id=citizen_id,
                instrument_code=instrument.code,
                version=instrument.version,
                assessed_on=data["assessed_on"],
                rater=data["rater"],
                note=data["note"],
                answers=form.answers(),
                goal_id=goal.pk if goal else None,
            ),
        )
        if saved is not None:
            messages.success(request, _("The assessment was saved."))
            anchor = f"goal-{goal.pk}" if goal else f"instrument-{instrument.code}"
            return redirect(_progress_url(citizen_id, anchor))
    context = {
        "citizen": ctx.citizen,
        "instrument": instrument,
        "defn": instrument.defn,
        "goal": goal,
        "back": _progress_url(citizen_id),
    }
    return _form_page(request, "outcomes/assessment_form.html", context, form)


@require_http_methods(["GET", "POST"])
@outcome_view
def assessment_withdraw(request: HttpRequest, citizen_id: int, assessment_id: int) -> HttpResponse:
    actor = _actor(request)
    ctx = selectors.recording_context(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="assessment_withdraw_form"
    )
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form,
            lambda: services.assessment_withdraw(
                actor=actor, assessment_id=assessment_id, reason=form.cleaned_data["reason"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The assessment was withdrawn. It no longer counts in any result."))
            return redirect(_progress_url(citizen_id))
    context = {
        "citizen": ctx.citizen,
        "title": _("Withdraw an assessment"),
        "back": _progress_url(citizen_id),
        "submit": _("Withdraw the assessment"),
        "intro": _(
            "Withdraw an assessment recorded in error. It stays on file, marked as withdrawn, and "
            "counts in no result."
        ),
    }
    return _form_page(request, "outcomes/form_page.html", context, form)


@require_http_methods(["GET", "POST"])
@outcome_view
def goal_scale(request: HttpRequest, citizen_id: int, goal_id: int) -> HttpResponse:
    actor = _actor(request)
    ctx = selectors.recording_context(
        actor=actor, citizen_id=citizen_id, action=Action.EDIT_PLAN, purpose="goal_scale_form"
    )
    goal = next((g for g in ctx.goals if g.pk == goal_id), None)
    if goal is None:
        raise errors.NotFound(_("Choose one of the goals on the plan."))
    scale = getattr(goal, "attainment_scale", None)
    initial = {}
    if scale is not None:
        initial = {f: getattr(scale, f) for f in ("much_more", "more", "expected", "less", "much_less")}
        initial["weight"] = str(scale.weight.normalize())
    form = forms.GoalScaleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form,
            lambda: services.goal_scale_set(
                actor=actor, goal_id=goal.pk, levels=form.levels(), weight=form.cleaned_data["weight"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The goal's levels were saved."))
            return redirect(_progress_url(citizen_id, f"goal-{goal.pk}"))
    context = {
        "citizen": ctx.citizen,
        "goal": goal,
        "title": _("Describe the goal's levels"),
        "back": _progress_url(citizen_id, f"goal-{goal.pk}"),
        "submit": _("Save the levels"),
        "intro": _(
            "Goal attainment scaling: describe with the citizen what each level of this goal would "
            "look like. 0 is the outcome you expect by the next follow-up."
        ),
    }
    return _form_page(request, "outcomes/form_page.html", context, form)


@require_http_methods(["GET", "POST"])
@outcome_view
def story_new(request: HttpRequest, citizen_id: int) -> HttpResponse:
    actor = _actor(request)
    ctx = selectors.recording_context(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="story_form"
    )
    form = forms.StoryForm(
        request.POST or None,
        goals=[(g.pk, g.citizen_wording[:80]) for g in ctx.goals],
        interventions=[(i.pk, f"{i.type.name} ({i.provider_unit.name})") for i in ctx.interventions],
    )
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form, lambda: services.story_add(actor=actor, citizen_id=citizen_id, **form.service_kwargs())
        )
        if saved is not None:
            messages.success(request, _("The story was saved."))
            return redirect(_progress_url(citizen_id, "stories"))
    context = {
        "citizen": ctx.citizen,
        "title": _("Add a story"),
        "back": _progress_url(citizen_id, "stories"),
        "submit": _("Save the story"),
        "intro": _("What works for the citizen, and what must change, told by the citizen or with them."),
    }
    return _form_page(request, "outcomes/form_page.html", context, form)


@require_POST
@outcome_view
def story_consent(request: HttpRequest, citizen_id: int, story_id: int) -> HttpResponse:
    form = forms.StoryConsentForm(request.POST)
    if form.is_valid():
        try:
            services.story_consent_set(
                actor=_actor(request),
                story_id=story_id,
                consent_anonymised=form.cleaned_data["consent_anonymised"],
                consent_form=form.cleaned_data["consent_form"],
            )
        except (errors.NotFound, errors.PermissionDenied):
            raise
        except errors.DomainError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("The consent was recorded."))
    return redirect(_progress_url(citizen_id, f"story-{story_id}"))


# ---------------------------------------------------------------- what works for whom


@require_GET
@outcome_view
def what_works(request: HttpRequest) -> HttpResponse:
    choices = selectors.what_works_choices()
    form = forms.WhatWorksForm(request.GET or None, choices=choices)
    result = None
    error = ""
    if not request.GET or form.is_valid():
        d = form.cleaned_data if request.GET else {}
        population = selectors.Population(
            target_group=d.get("target_group") or "",
            intervention_type=d.get("intervention_type") or "",
            unit_id=d.get("unit"),
            period_from=d.get("period_from"),
            period_to=d.get("period_to"),
        )
        try:
            result = selectors.what_works(
                actor=_actor(request), population=population, measure=d.get("measure") or ""
            )
        except errors.ValidationError as e:
            error = str(e)
    query = request.GET.copy()
    query.pop("measure", None)
    return render(
        request,
        "outcomes/what_works.html",
        {
            "form": form,
            "result": result,
            "error": error,
            "notice": selectors.OBSERVATIONAL,
            "query": query.urlencode(),
        },
        status=422 if (form.errors or error) else 200,
    )


@require_GET
@outcome_view
def instruments(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outcomes/instruments.html", {"instruments": selectors.instrument_list(include_retired=True)}
    )
