"""plan_version_adopt: exactly one current version, each linked to the one before."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction

from helhed.core.errors import PermissionDenied
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import Plan, PlanVersion
from helhed.testing import factories as f


def test_versions_form_a_chain_with_one_current(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_version_adopt(actor=cast.coordinator, plan_id=plan.pk, note="Efter netværksmødet")
    third = services.plan_version_adopt(actor=cast.leader, plan_id=plan.pk, note="  Revideret  ")
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.is_current for v in versions] == [False, False, True]
    assert [v.previous_version_id for v in versions] == [None, versions[0].pk, versions[1].pk]
    assert third.note == "Revideret" and third.adopted_by == cast.leader
    # Walking back from the current version reaches every version once.
    chain: list[int] = []
    v: PlanVersion | None = PlanVersion.objects.get(plan=plan, is_current=True)
    while v is not None:
        chain.append(v.number)
        v = v.previous_version
    assert chain == [3, 2, 1]


def test_snapshot_keeps_what_was_agreed(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    goal = f.goal(plan, wording="Jeg vil have et job")
    i = f.intervention(plan, provider=org["job"], code="virksomhedspraktik", goals=[goal],
                       hours_per_week="10")
    adopted = services.plan_version_adopt(actor=cast.coordinator, plan_id=plan.pk, note="")
    services.goal_update(actor=cast.coordinator, goal_id=goal.pk, expected_version=goal.version,
                         life_domain="employment_education", citizen_wording="Ændret bagefter",
                         target_date=None,
                         status="open")
    snapshot = PlanVersion.objects.get(pk=adopted.pk).snapshot
    assert [g["wording"] for g in snapshot["goals"]] == ["Jeg vil have et job"]
    [iv] = snapshot["interventions"]
    assert (iv["id"], iv["type"], iv["provider_unit"], iv["goals"]) == (i.pk, "virksomhedspraktik",
                                                                        "Jobcenter",
                                                                        [goal.pk])
    assert snapshot["coordinator"] == str(cast.coordinator)


def test_only_the_plan_holders_adopt_versions(cast: SimpleNamespace, plan: Plan,
                                              org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    with pytest.raises(PermissionDenied):
        services.plan_version_adopt(actor=cast.provider, plan_id=plan.pk, note="")
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_database_refuses_two_current_versions(cast: SimpleNamespace, plan: Plan) -> None:
    current = PlanVersion.objects.get(plan=plan, is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(plan=plan, number=2, previous_version=current, is_current=True,
                                   adopted_by=cast.coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(plan=plan, number=1, is_current=False, adopted_by=cast.coordinator)
