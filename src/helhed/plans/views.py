"""The web interface: thin htmx views over the plan's services and selectors.

Each view parses input with a form, calls one service or selector, and renders. A DomainError from a
service is shown in the form next to its field; NotFound becomes the 404 page and PermissionDenied the
403 page. Form errors answer 422 and edit conflicts 409 with the form re-rendered (htmx is configured
in base.html to swap those); a successful change answers with a fresh form or a confirmation and the
`plan-changed` event, on which the plan page refreshes its sections (coherence warnings included).
Without JavaScript every form still works as an ordinary page. Never put a business rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods

from helhed.access.policy import may_break_glass
from helhed.catalog.selectors import intervention_type_list
from helhed.core import errors
from helhed.core.views import domain_errors
from helhed.people.models import User
from helhed.people.services import DuplicateCitizen
from helhed.plans import forms, selectors, services
from helhed.plans.models import Goal, Intervention
from helhed.plans.selectors import PlanPage
from helhed.plans.templatetags.helhed_ui import can_edit_intervention

PLAN_CHANGED = "plan-changed"
# Seed 003 (Tættere på familien): 24 cases per advisor. Shown on the team overview as a marker, not enforced.
REFERENCE_CASELOAD = 24


def _log_in_first(request: HttpRequest) -> HttpResponse:
    """An htmx request after the session expired is sent to the log-in page as a whole page (HX-Redirect),
    and back to the page the user was on afterwards, instead of swapping the log-in form into a section."""
    if _htmx(request):
        page = urlsplit(request.headers.get("HX-Current-URL", "")).path or "/"
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': page})}"
        return response
    return redirect_to_login(request.get_full_path())


# Log-in required; NotFound answers 404 and PermissionDenied 403, with the domain's message.
domain_view = domain_errors(anonymous=_log_in_first)


def _htmx(request: HttpRequest) -> bool:
    """Was this request made by htmx (django-htmx's middleware sets `request.htmx`)?"""
    return bool(getattr(request, "htmx", False))


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@dataclass
class Outcome:
    ok: bool
    result: Any = None
    error: errors.DomainError | None = None


def _submit(form: forms.DomainForm, call: Callable[[dict[str, Any]], Any]) -> Outcome:
    """Parse, then call the service; a domain error goes onto the form (NotFound/PermissionDenied go up)."""
    if not form.is_valid():
        return Outcome(ok=False)
    try:
        return Outcome(ok=True, result=call(form.service_kwargs()))
    except (errors.NotFound, errors.PermissionDenied):
        raise
    except errors.Conflict as e:
        form.show_conflict(e)
        return Outcome(ok=False, error=e)
    except errors.DomainError as e:
        form.add_domain_error(e)
        return Outcome(ok=False, error=e)


@dataclass
class FormBlock:
    """A form and what the template needs to show it (heading, action, where Cancel goes)."""

    form: forms.DomainForm
    title: str | Promise
    action: str
    plan_url: str
    submit_label: str | Promise = ""
    success: str | Promise = ""
    persistent: bool = False
    in_page: bool = True
    # The visible fields already rendered (an empty quick form, `_empty_fields`); else the template does it.
    fields_html: str = ""


# An empty quick form's visible fields are the same on every plan page (the plan's id is a hidden field,
# rendered apart): rendered once per form and language in a process, not field by field on every view,
# which was a tenth of the plan page's time.
_EMPTY_FIELDS: dict[tuple[type[forms.DomainForm], str, str], str] = {}


def _empty_fields(form: forms.DomainForm) -> str:
    key = (type(form), form.id_prefix, get_language() or "")
    html = _EMPTY_FIELDS.get(key)
    if html is None:
        html = _EMPTY_FIELDS[key] = render_to_string("plans/_fields.html", {"form": form})
    return html


def _status(form: forms.DomainForm) -> int:
    return 409 if form.conflict is not None else 422


# ---- caseload, search, registration --------------------------------------------------------------


@require_GET
@domain_view
def caseload(request: HttpRequest) -> HttpResponse:
    """Mine borgere: the coordinating caseworker's citizens, with a search box on top."""
    rows = selectors.caseload(actor=_actor(request))
    return render(
        request,
        "plans/caseload.html",
        {
            "rows": rows,
            "search_form": forms.SearchForm(id_prefix="search"),
            "nav": "caseload",
            "overdue_count": sum(1 for r in rows if r.overdue),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_view
def citizen_search(request: HttpRequest) -> HttpResponse:
    """Search by CPR number or name. POST, so a CPR number never ends up in a URL or a log."""
    form = forms.SearchForm(request.POST or None, id_prefix="search")
    outcome = Outcome(ok=False)
    if request.method == "POST":
        outcome = _submit(form, lambda d: selectors.citizen_search(actor=_actor(request), query=d["q"]))
    context = {
        "search_form": form,
        "result": outcome.result,
        "query": form.data.get("q", ""),
        "nav": "caseload",
    }
    template = "plans/_search.html" if _htmx(request) else "plans/search.html"
    return render(request, template, context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@domain_view
def citizen_register(request: HttpRequest) -> HttpResponse:
    """Register a citizen and open their plan, with the user as coordinating caseworker."""
    if request.method == "POST" and "prefill" in request.POST:
        # "Register" from a search with no hit: the number typed there, not yet submitted.
        form = forms.CitizenRegisterForm(initial={"cpr": request.POST.get("cpr", "")}, id_prefix="register")
    else:
        form = forms.CitizenRegisterForm(request.POST or None, id_prefix="register")
    outcome = Outcome(ok=False)
    if form.is_bound:
        outcome = _submit(form, lambda d: services.citizen_register(actor=_actor(request), **d))
        if outcome.ok:
            return redirect("plan", citizen_id=outcome.result.citizen_id)
    return render(
        request,
        "plans/citizen_register.html",
        {
            "form": form,
            "duplicate": isinstance(outcome.error, DuplicateCitizen),
            "nav": "register",
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["POST"])
@domain_view
def plan_open(request: HttpRequest) -> HttpResponse:
    """Open a plan for a registered citizen who has none (found by the CPR number searched for)."""
    form = forms.PlanOpenForm(request.POST, id_prefix="open")
    outcome = _submit(form, lambda d: services.plan_create(actor=_actor(request), cpr=d["cpr"]))
    if outcome.ok:
        return _redirect(request, reverse("plan", args=[outcome.result.citizen_id]))
    return render(
        request,
        "plans/search.html",
        {
            "search_form": forms.SearchForm(id_prefix="search"),
            "open_form": form,
            "nav": "caseload",
        },
        status=422,
    )


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a full page load."""
    if _htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


# ---- the plan page --------------------------------------------------------------------------------


def _plan_context(request: HttpRequest, page: PlanPage) -> dict[str, Any]:
    plan_id = page.plan.pk if page.plan else None
    cid = page.citizen.pk
    return {
        "page": page,
        "citizen": page.citizen,
        "plan": page.plan,
        "nav": "caseload",
        "age": page.citizen.age_on(page.today),
        "goal_block": GoalAdd.quick_block(
            forms.GoalForm(initial={"plan": plan_id}, id_prefix="goal-add"), cid
        ),
        "follow_up_block": FollowUpRecord.quick_block(
            forms.FollowUpRecordForm(initial={"plan": plan_id}, id_prefix="follow-up"), cid
        ),
    }


@require_GET
@domain_view
def plan(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The citizen's one plan, on one page; the summary outside the citizen's consent; for staff with no
    relation, the refusal with the break-the-glass form (helhed.sharing, ADR 0005)."""
    actor = _actor(request)
    try:
        page = selectors.plan_page(actor=actor, citizen_id=citizen_id, summary_ok=True)
    except errors.NotFound as e:
        if not may_break_glass(actor.role):
            raise
        # The same page whether the citizen exists or not: the refusal tells nobody who is a client.
        return render(request, "sharing/refused.html", {"citizen_id": citizen_id, "message": str(e),
                                                        "nav": "caseload"}, status=404)
    if page.summary_only:
        context = {"page": page, "citizen": page.citizen, "plan": page.plan, "nav": "caseload"}
        return render(request, "plans/summary.html", context)
    return render(request, "plans/plan.html", _plan_context(request, page))


@require_GET
@domain_view
def plan_refresh(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Every section of the plan page, swapped in out of band after a change (htmx)."""
    page = selectors.plan_page(actor=_actor(request), citizen_id=citizen_id)
    return render(request, "plans/_refresh.html", _plan_context(request, page))


@require_GET
@domain_view
def plan_history(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Who changed what and when."""
    entries = selectors.plan_history(actor=_actor(request), citizen_id=citizen_id)
    return render(
        request, "plans/history.html", {"entries": entries, "citizen_id": citizen_id, "nav": "caseload"}
    )


@require_GET
@domain_view
def team(request: HttpRequest) -> HttpResponse:
    """The team leader's overview: caseload per caseworker and overdue follow-ups across the team."""
    actor = _actor(request)
    loads = selectors.team_caseload(actor=actor)
    overdue = selectors.team_overdue(actor=actor)
    scale = max([36, *[m.active_plans for m in loads]])
    return render(
        request,
        "plans/team.html",
        {
            "loads": loads,
            "overdue": overdue,
            "reference": REFERENCE_CASELOAD,
            "scale": scale,
            "nav": "team",
        },
    )


@require_GET
@domain_view
def staff_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the responsible-person list for the chosen provider unit (htmx)."""
    try:
        unit_id = int(request.GET.get("provider_unit", ""))
    except ValueError:
        return render(request, "plans/_options.html", {"choices": [forms.BLANK]})
    staff = selectors.staff_members(unit_id=unit_id)
    return render(request, "plans/_options.html", {"choices": forms.staff_choices(staff)})


# ---- forms on the plan page -----------------------------------------------------------------------


@method_decorator(domain_view, name="dispatch")
class PlanFormView(View):
    """GET: the form (loaded into the page by htmx, or as a page of its own). POST: call the service.

    On success htmx gets a confirmation (or, for the quick forms, a fresh form) and the `plan-changed`
    event; without htmx, a redirect to the plan page. On a domain error, the form again with the error
    next to its field (422); on an edit conflict, both versions (409).
    """

    form_class: ClassVar[type[forms.DomainForm]]
    title: ClassVar[str | Promise]
    submit_label: ClassVar[str | Promise] = _("Save")
    success_message: ClassVar[str | Promise]
    anchor: ClassVar[str] = ""
    # Quick forms are always on the page: after saving they come back empty, ready for the next one.
    persistent: ClassVar[bool] = False
    # The plan's own data is needed to show the form (goals to link, network persons, the saved object).
    needs_page: ClassVar[bool] = True
    # What the access policy must allow for the form to be offered (the service checks again on saving).
    action: ClassVar[str] = "edit_plan"
    # Offered on the summary too (outside the citizen's consent), which shows only what the actor delivers.
    on_summary: ClassVar[bool] = False

    def allowed(self, page: PlanPage, **ids: int) -> bool:
        return page.can(self.action)

    def id_prefix(self, **ids: int) -> str:
        name = self.form_class.__name__.removesuffix("Form").lower()
        return "-".join([name, *[str(v) for k, v in ids.items() if k != "citizen_id"]])

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        raise NotImplementedError

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        return {"plan": page.plan.pk if page.plan else None}

    def sources(self, form: forms.DomainForm) -> dict[str, Any]:
        return {}

    url_name: ClassVar[str]

    @classmethod
    def block(
        cls,
        form: forms.DomainForm,
        citizen_id: int,
        *,
        success: str | Promise = "",
        in_page: bool = True,
        ids: dict[str, int] | None = None,
    ) -> FormBlock:
        ids = ids or {}
        return FormBlock(
            form=form,
            title=cls.title,
            submit_label=cls.submit_label,
            success=success,
            action=reverse(cls.url_name, kwargs={"citizen_id": citizen_id, **ids}),
            plan_url=reverse("plan", args=[citizen_id]) + (f"#{cls.anchor}" if cls.anchor else ""),
            persistent=cls.persistent,
            in_page=in_page,
        )

    @classmethod
    def quick_block(cls, form: forms.DomainForm, citizen_id: int) -> FormBlock:
        """An empty quick form on the plan page, its visible fields rendered once (`_empty_fields`)."""
        block = cls.block(form, citizen_id)
        block.fields_html = _empty_fields(form)
        return block

    def render_form(
        self,
        form: forms.DomainForm,
        citizen_id: int,
        *,
        status: int = 200,
        success: str | Promise = "",
        autofocus: bool = False,
        ids: dict[str, int],
    ) -> HttpResponse:
        if autofocus:
            first = next(iter(form.visible_fields()), None)
            if first is not None:
                first.field.widget.attrs["autofocus"] = True
        in_page = _htmx(self.request)
        context = {
            "f": self.block(form, citizen_id, success=success, in_page=in_page, ids=ids),
            "citizen_id": citizen_id,
            "nav": "caseload",
        }
        template = "plans/_form.html" if in_page else "plans/form_page.html"
        return render(self.request, template, context, status=status)

    def page(self, citizen_id: int) -> PlanPage:
        return selectors.plan_page(actor=_actor(self.request), citizen_id=citizen_id,
                                   summary_ok=self.on_summary)

    def get(self, request: HttpRequest, citizen_id: int, **ids: int) -> HttpResponse:
        page = self.page(citizen_id)
        if not self.allowed(page, **ids):
            raise errors.PermissionDenied(
                _("Your relation to this citizen does not allow this. Ask the coordinating caseworker.")
            )
        form = self.form_class(initial=self.initial(page, **ids), id_prefix=self.id_prefix(**ids))
        form.prepare(page, _actor(request), **self.sources(form))
        return self.render_form(form, citizen_id, autofocus=_htmx(request), ids=ids)

    def post(self, request: HttpRequest, citizen_id: int, **ids: int) -> HttpResponse:
        form = self.form_class(request.POST, id_prefix=self.id_prefix(**ids))
        outcome = _submit(form, lambda data: self.call(_actor(request), data, **ids))
        if outcome.ok:
            if not _htmx(request):
                return redirect(
                    reverse("plan", args=[citizen_id]) + (f"#{self.anchor}" if self.anchor else "")
                )
            if self.persistent:
                fresh = self.form_class(
                    initial={"plan": form.cleaned_data.get("plan")}, id_prefix=self.id_prefix(**ids)
                )
                response = self.render_form(
                    fresh, citizen_id, success=self.success_message, autofocus=True, ids=ids
                )
            else:
                response = render(request, "plans/_success.html", {"message": self.success_message})
            response["HX-Trigger-After-Swap"] = PLAN_CHANGED
            return response
        page = self.page(citizen_id) if self.needs_page else None
        form.prepare(page, _actor(request), **self.sources(form))
        return self.render_form(form, citizen_id, status=_status(form), ids=ids)


class GoalAdd(PlanFormView):
    url_name = "goal_add"
    form_class = forms.GoalForm
    title = _("Add a goal")
    submit_label = _("Add goal")
    success_message = _("The goal was added.")
    anchor = "goals"
    persistent = True
    needs_page = False

    def id_prefix(self, **ids: int) -> str:
        return "goal-add"

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.goal_add(actor=actor, **data)


def _goal(page: PlanPage, goal_id: int) -> Goal:
    goal = next((g for g in page.goals if g.pk == goal_id), None)
    if goal is None:
        raise errors.NotFound(_("No such goal on this plan."))
    return goal


def _intervention(page: PlanPage, intervention_id: int) -> Intervention:
    found = next(
        (i for _u, items in page.interventions_by_unit for i in items if i.pk == intervention_id), None
    )
    if found is None:
        raise errors.NotFound(_("No such intervention on this plan."))
    return found


class GoalEdit(PlanFormView):
    url_name = "goal_edit"
    form_class = forms.GoalEditForm
    title = _("Edit goal")
    success_message = _("The goal was saved.")
    anchor = "goals"
    needs_page = False

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        g = _goal(page, ids["goal_id"])
        return {
            "version": g.version,
            "life_domain": g.life_domain,
            "citizen_wording": g.citizen_wording,
            "status": g.status,
            "target_date": g.target_date,
            "staff_note": g.staff_note,
        }

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.goal_update(actor=actor, goal_id=ids["goal_id"], **data)


class _InterventionFormView(PlanFormView):
    anchor = "interventions"

    def allowed(self, page: PlanPage, **ids: int) -> bool:
        if "intervention_id" not in ids:
            return page.can(self.action)
        return can_edit_intervention(page, _intervention(page, ids["intervention_id"]), self.request.user)

    def sources(self, form: forms.DomainForm) -> dict[str, Any]:
        unit = form["provider_unit"].value()
        try:
            unit_id: int | None = int(unit) if unit not in (None, "") else None
        except (TypeError, ValueError):
            unit_id = None
        return {
            "units": selectors.units(),
            "types": intervention_type_list(),
            "staff_url": reverse("staff_options"),
            "staff": selectors.staff_members(unit_id=unit_id) if unit_id else [],
        }


class InterventionAdd(_InterventionFormView):
    url_name = "intervention_add"
    action = "add_intervention"
    form_class = forms.InterventionForm
    title = _("Add an intervention")
    submit_label = _("Add intervention")
    success_message = _("The intervention was added.")

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        return {"plan": page.plan.pk if page.plan else None, "requested_on": timezone.localdate()}

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.intervention_add(actor=actor, **data)


class InterventionEdit(_InterventionFormView):
    url_name = "intervention_edit"
    on_summary = True  # a provider records their own work whatever the consent (policy.toml)
    form_class = forms.InterventionEditForm
    title = _("Edit intervention")
    success_message = _("The intervention was saved.")

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        i = _intervention(page, ids["intervention_id"])
        return {
            "version": i.version,
            "provider_unit": i.provider_unit_id,
            "responsible": i.responsible_id,
            "status": i.status,
            "requested_on": i.requested_on,
            "decided_on": i.decided_on,
            "start_date": i.start_date,
            "end_date": i.end_date,
            "hours_per_week": _number(i.hours_per_week),
            "annual_cost": _number(i.annual_cost),
            "goals": [g.pk for g in i.goals.all()],
        }

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.intervention_update(actor=actor, intervention_id=ids["intervention_id"], **data)


def _number(value: Any) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


class InterventionEnd(_InterventionFormView):
    url_name = "intervention_end"
    on_summary = True  # a provider records their own work whatever the consent (policy.toml)
    form_class = forms.InterventionEndForm
    title = _("End intervention")
    submit_label = _("End intervention")
    success_message = _("The intervention was ended.")
    anchor = "interventions"
    needs_page = False

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        i = _intervention(page, ids["intervention_id"])
        return {"version": i.version, "end_date": timezone.localdate()}

    def sources(self, form: forms.DomainForm) -> dict[str, Any]:
        return {}

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.intervention_end(actor=actor, intervention_id=ids["intervention_id"], **data)


class FollowUpRecord(PlanFormView):
    url_name = "follow_up_record"
    action = "record_follow_up"
    form_class = forms.FollowUpRecordForm
    title = _("Record a follow-up")
    submit_label = _("Record follow-up")
    success_message = _("The follow-up was recorded and the next one scheduled.")
    anchor = "follow-ups"
    persistent = True
    needs_page = False

    def id_prefix(self, **ids: int) -> str:
        return "follow-up"

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.follow_up_record(actor=actor, **data)


class FollowUpSchedule(PlanFormView):
    url_name = "follow_up_schedule"
    action = "record_follow_up"
    form_class = forms.FollowUpScheduleForm
    title = _("Schedule a follow-up")
    submit_label = _("Schedule")
    success_message = _("The follow-up was scheduled.")
    anchor = "follow-ups"

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.follow_up_schedule(actor=actor, **data)


class NoteAdd(PlanFormView):
    url_name = "note_add"
    action = "add_note"
    form_class = forms.NoteForm
    title = _("Add a journal note")
    submit_label = _("Add note")
    success_message = _("The journal note was added.")
    anchor = "notes"

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.note_add(actor=actor, **data)


class MeetingAdd(PlanFormView):
    url_name = "meeting_add"
    action = "add_meeting"
    form_class = forms.MeetingForm
    title = _("Add a network meeting")
    submit_label = _("Add meeting")
    success_message = _("The network meeting was added.")
    anchor = "meetings"

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        return {
            "plan": page.plan.pk if page.plan else None,
            "held_on": now,
            "citizen_present": True,
            "title": _("Network meeting"),
        }

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.meeting_add(actor=actor, **data)


class TransitionAdd(PlanFormView):
    url_name = "transition_add"
    form_class = forms.TransitionForm
    title = _("Add a transition")
    submit_label = _("Add transition")
    success_message = _("The transition was added.")
    anchor = "transitions"
    needs_page = False

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.transition_add(actor=actor, **data)


class NetworkAdd(PlanFormView):
    url_name = "network_add"
    form_class = forms.NetworkPersonForm
    title = _("Add a person to the network")
    submit_label = _("Add person")
    success_message = _("The person was added to the network.")
    anchor = "network"
    needs_page = False

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.network_add(actor=actor, **data)


class PlanEdit(PlanFormView):
    url_name = "plan_edit"
    form_class = forms.PlanEditForm
    title = _("Edit the plan")
    success_message = _("The plan was saved.")
    needs_page = False

    def initial(self, page: PlanPage, **ids: int) -> dict[str, Any]:
        p = page.plan
        assert p is not None
        return {
            "plan": p.pk,
            "version": p.version,
            "vision": p.vision,
            "follow_up_interval_days": p.follow_up_interval_days,
            "holistic_consent": p.holistic_consent,
            "holistic_consent_on": p.holistic_consent_on,
            "holistic_consent_form": p.holistic_consent_form,
        }

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.plan_update(actor=actor, **data)


class PlanAdopt(PlanFormView):
    url_name = "plan_adopt"
    form_class = forms.PlanAdoptForm
    title = _("Adopt this version of the plan")
    submit_label = _("Adopt version")
    success_message = _("A new version of the plan was adopted.")
    needs_page = False

    def call(self, actor: User, data: dict[str, Any], **ids: int) -> Any:
        return services.plan_version_adopt(actor=actor, **data)
