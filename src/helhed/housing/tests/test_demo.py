"""The housing demo writes a believable, consistent history through the services."""

from __future__ import annotations

import itertools
import random

from helhed.housing.demo import housing_demo_write
from helhed.housing.models import Home, HomelessnessStatus, Offer, ShelterStay, Tenancy
from helhed.housing.stays import Stay, episodes
from helhed.housing.tests.conftest import World
from helhed.testing import factories as f


def test_demo_builds_every_part_and_leaves_vacant_homes_with_candidates(world: World) -> None:
    w = world
    for k in range(16):
        w.plans[f"extra{k}"] = f.plan(coordinator=w.coordinator, first_name=f"Demo{k}")
    units = {
        "oestervang": w.shelter,
        "boomraadet": w.root,
        "housing-first": w.support,
        "bostotte-nord": w.support,
        "socialvagten": w.eviction_team,
    }
    demo = housing_demo_write(random.Random(7), plans=list(w.plans.values()), units=units)
    assert demo.allocation_unit is not None and len(demo.allocators) == 2
    assert demo.statuses == len(w.plans) and demo.stays > 0 and demo.tenancies > 0
    assert Home.objects.filter(status="vacant").count() >= 2
    assert Offer.objects.filter(status="offered").count() == 1
    assert Tenancy.objects.count() == demo.tenancies
    # Stays never overlap and statuses never overlap: the services kept the history consistent.
    stays = [Stay(s.citizen_id, s.shelter_id, s.check_in, s.check_out) for s in ShelterStay.objects.all()]
    assert len(episodes(stays)) <= len(stays)
    for citizen_id in {s.citizen_id for s in HomelessnessStatus.objects.all()}:
        spans = list(
            HomelessnessStatus.objects.filter(citizen_id=citizen_id)
            .order_by("valid_from")
            .values_list("valid_from", "valid_to")
        )
        for (a_from, a_to), (b_from, _b_to) in itertools.pairwise(spans):
            assert a_to is not None and a_to < b_from and a_from <= a_to
