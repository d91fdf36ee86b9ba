"""follow_up_record and follow_up_schedule: the plan's cadence."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helhed.core.errors import PermissionDenied, ValidationError
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written


def _today() -> dt.date:
    return timezone.localdate()


def _open(plan: Plan) -> list[FollowUp]:
    return list(FollowUp.objects.filter(plan=plan, done_on__isnull=True).order_by("due_on", "pk"))


def test_record_closes_the_earliest_open_and_schedules_the_next(cast: SimpleNamespace, plan: Plan) -> None:
    [first] = _open(plan)  # due in 90 days, from plan creation
    extra = services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk,
                                        due_on=_today() + dt.timedelta(days=3))
    done_on = _today() - dt.timedelta(days=1)
    recorded = services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="  Samtale om bolig  ",
                                         done_on=done_on)
    assert recorded.pk == extra.pk  # the earliest open one
    stored = FollowUp.objects.get(pk=extra.pk)
    assert (stored.done_on, stored.done_by, stored.note) == (done_on, cast.coordinator, "Samtale om bolig")
    assert [fu.pk for fu in _open(plan)] == [first.pk]  # another one was open: nothing new scheduled

    services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Opfølgning", done_on=_today())
    [following] = _open(plan)
    assert following.due_on == _today() + dt.timedelta(days=plan.follow_up_interval_days)
    assert following.goal is None


def test_next_follow_up_follows_the_plans_current_cadence(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_update(actor=cast.coordinator, plan_id=plan.pk, expected_version=plan.version, vision="",
                         follow_up_interval_days=14)
    services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Opfølgning")
    [following] = _open(plan)
    assert following.due_on == _today() + dt.timedelta(days=14)


def test_recording_for_a_goal_closes_that_goals_follow_up(cast: SimpleNamespace, plan: Plan) -> None:
    goal = f.goal(plan)
    [general] = _open(plan)
    for_goal = services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk, goal_id=goal.pk,
                                           due_on=_today() + dt.timedelta(days=7))
    services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Boligmål gennemgået",
                              goal_id=goal.pk)
    assert FollowUp.objects.get(pk=for_goal.pk).done_on == _today()
    assert [fu.pk for fu in _open(plan)] == [general.pk]


def test_a_general_follow_up_does_not_close_a_goals_follow_up(cast: SimpleNamespace, plan: Plan) -> None:
    """Otherwise the goal loses its planned follow-up, and the plan check calls it unsupported."""
    goal = f.goal(plan)
    [general] = _open(plan)
    for_goal = services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk, goal_id=goal.pk,
                                           due_on=_today() + dt.timedelta(days=7))
    recorded = services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Generel opfølgning")
    assert recorded.pk == general.pk
    assert FollowUp.objects.get(pk=for_goal.pk).done_on is None
    next_general = [fu for fu in _open(plan) if fu.goal_id is None]
    assert [fu.due_on for fu in next_general] == [_today() + dt.timedelta(days=plan.follow_up_interval_days)]


def test_recording_for_a_goal_without_a_planned_one_adds_a_record(cast: SimpleNamespace, plan: Plan) -> None:
    goal = f.goal(plan)
    [general] = _open(plan)
    recorded = services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="Spontan snak",
                                         goal_id=goal.pk)
    assert (recorded.goal, recorded.due_on, recorded.done_on) == (goal, _today(), _today())
    assert [fu.pk for fu in _open(plan)] == [general.pk]


@pytest.mark.parametrize(("kw", "field"), [
    ({"note": "  "}, "note"),
    ({"note": "ok", "done_on": dt.date(2999, 1, 1)}, "done_on"),
])
def test_invalid_record_is_refused_and_nothing_written(cast: SimpleNamespace, plan: Plan, kw: dict,
                                                       field: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, **kw)
    assert exc.value.field == field
    assert _open(plan)[0].done_on is None


def test_goal_from_another_plan_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    foreign = f.goal(f.plan(coordinator=cast.coordinator))
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="x", goal_id=foreign.pk)
    assert exc.value.field == "goal"
    with nothing_written(), pytest.raises(ValidationError):
        services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk, goal_id=foreign.pk,
                                    due_on=_today())


def test_schedule_in_the_past_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk,
                                    due_on=_today() - dt.timedelta(days=1))
    assert exc.value.field == "due_on"


def test_responsible_may_record_but_provider_staff_may_not(cast: SimpleNamespace, plan: Plan,
                                                           org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"], responsible=cast.job_provider)
    services.follow_up_record(actor=cast.job_provider, plan_id=plan.pk, note="Fra den ansvarlige")
    with nothing_written(), pytest.raises(PermissionDenied):
        services.follow_up_record(actor=cast.provider, plan_id=plan.pk, note="Fra udføreren")
