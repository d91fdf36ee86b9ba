"""The year behind the demo's policy goals: what the other demo writers leave with no past.

Housing's demo receives its eviction notices in the last two months, so the year before had none and
Copenhagen's goal 2 (fewer evictions a year) counted nothing until the quarter still running. Here some
citizens get a notice in the twelve months before that, resolved as notices are (mostly a payment plan,
some evictions, some move), through the same services as a caseworker's import and resolution. The rate
is Copenhagen's: 533 evictions a year among 60,000 citizens with plans, about 3 a year in 300 citizens.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from helhed.housing import services as housing
from helhed.housing.choices import NoticeOutcome
from helhed.housing.models import EvictionNotice
from helhed.people.models import OrgUnit
from helhed.plans.models import Plan

NOTICE_RATE = 0.05
OUTCOMES: tuple[str, ...] = (NoticeOutcome.RESOLVED, NoticeOutcome.EVICTED, NoticeOutcome.MOVED)
WEIGHTS = (5, 3, 2)
HEADER = ("cpr", "housing_association", "kind", "received_on", "deadline", "reference", "address",
          "amount_owed", "note")


def earlier_notices_write(rng: random.Random, plans: Sequence[Plan], *, receiving: OrgUnit | None) -> int:
    """Notices received 2-14 months ago on some active plans' citizens, each resolved; returns how many."""
    today = timezone.localdate()
    rows: list[dict[str, str]] = []
    stored = Plan.objects.select_related("citizen").in_bulk([p.pk for p in plans])
    for plan in stored.values():
        if plan.status != "active" or rng.random() >= NOTICE_RATE:
            continue
        received = today - dt.timedelta(days=rng.randint(60, 420))
        rows.append({
            "cpr": plan.citizen.cpr.formatted, "housing_association": "Boligforeningen Demo",
            "kind": "rent_arrears", "received_on": received.isoformat(),
            "deadline": (received + dt.timedelta(days=14)).isoformat(),
            "reference": f"DEMO-H-{len(rows) + 1:04d}", "address": plan.citizen.address,
            "amount_owed": f"{rng.randint(6, 40) * 1000},00", "note": "Påkrav om betaling af husleje",
        })
    if not rows:
        return 0
    result = housing.notices_import_rows(actor=None, header=HEADER, rows=rows, filename="demo-earlier.csv",
                                         receiving_unit=receiving, skip_bad=True)
    for notice in EvictionNotice.objects.filter(pk__in=result.notice_ids).select_related("citizen"):
        active = Plan.objects.filter(citizen=notice.citizen, status="active").select_related("coordinator")
        coordinated = active.first()
        if coordinated is None:
            continue
        housing.notice_resolve(actor=coordinated.coordinator, notice_id=notice.pk,
                               outcome=rng.choices(OUTCOMES, WEIGHTS)[0],
                               outcome_on=notice.deadline + dt.timedelta(days=rng.randint(5, 40)))
    return result.imported
