"""History: every write through a service records who changed what (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Goal, Intervention, Meeting, Plan, Transition
from helhed.plans.selectors import plan_history
from helhed.testing import factories as f


def test_history_names_who_changed_which_fields(cast: SimpleNamespace, plan: Plan,
                                                org: dict[str, OrgUnit]) -> None:
    goal = f.goal(plan, actor=cast.coordinator)
    services.goal_update(actor=cast.leader, goal_id=goal.pk, expected_version=goal.version,
                         life_domain=goal.life_domain, citizen_wording="Ny formulering", target_date=None,
                         status="open")
    i = f.intervention(plan, provider=org["treatment"])
    services.intervention_update(actor=cast.provider, intervention_id=i.pk, expected_version=i.version,
                                 status=i.status, requested_on=i.requested_on,
                                 provider_unit_id=i.provider_unit_id, decided_on=i.decided_on,
                                 start_date=i.start_date, hours_per_week="4")
    entries = plan_history(actor=cast.coordinator, citizen_id=plan.citizen_id)
    goal_changes = [e for e in entries if e["kind"] == "goal" and e["action"] == "changed"]
    assert [(e["who"], e["fields"]) for e in goal_changes] == [(str(cast.leader), ["citizen_wording"])]
    goal_created = [e for e in entries if e["kind"] == "goal" and e["action"] == "created"]
    assert [e["who"] for e in goal_created] == [str(cast.coordinator)]
    [iv_change] = [e for e in entries if e["kind"] == "intervention" and e["action"] == "changed"]
    assert iv_change["who"] == str(cast.provider)
    assert iv_change["fields"] == ["hours_per_week"]
    assert entries == sorted(entries, key=lambda e: e["when"], reverse=True)


def test_every_historical_row_written_by_a_service_has_a_user(cast: SimpleNamespace, plan: Plan,
                                                              org: dict[str, OrgUnit]) -> None:
    """Services run outside a web request too (API, CLI): they must name the user themselves."""
    goal = f.goal(plan)
    services.follow_up_schedule(actor=cast.coordinator, plan_id=plan.pk, goal_id=goal.pk,
                                due_on=timezone.localdate() + dt.timedelta(days=3))
    services.follow_up_record(actor=cast.leader, plan_id=plan.pk, note="Opfølgning")
    i = f.intervention(plan, provider=org["treatment"])
    services.intervention_end(actor=cast.provider, intervention_id=i.pk, expected_version=i.version,
                              end_date=timezone.localdate(), reason="other")
    services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(),
                         title="Netværksmøde")
    services.transition_add(actor=cast.coordinator, plan_id=plan.pk, kind="prison_release",
                            expected_on=timezone.localdate() + dt.timedelta(days=20))
    services.plan_update(actor=cast.coordinator, plan_id=plan.pk, expected_version=plan.version, vision="V",
                         follow_up_interval_days=60)
    for model in (Plan, Goal, Intervention, FollowUp, Meeting, Transition):
        records = model.history.all()
        assert records.exists(), model
        missing = [(r.history_type, r.id) for r in records if r.history_user_id is None]
        assert not missing, f"{model.__name__} history without a user: {missing}"
