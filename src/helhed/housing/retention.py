"""Housing's retention rule (ADR 0006): finished housing records go after the retention period.

Registered with `helhed.access.retention` in HousingConfig.ready; access deletes what this names, with the
history rows, in the citizen's one transaction, and audits each record. Finished, and since when:
- a homelessness status that has ended (`valid_to`);
- a shelter stay checked out (`check_out`);
- an eviction notice with an outcome (`outcome_on`);
- a housing application withdrawn or housed (`closed_on`), together with its offers and the tenancy that
  came of it: a housed application is finished only when that tenancy has ended (the later date counts),
  and such a tenancy goes only with its application;
- a tenancy not from an offer that has ended (`ended_on`), with its follow-ups and the links to its support
  (the support itself is an intervention on the plan and follows the plan's rule).
Open records (no end date, an active application, an open notice) are never due. Homes, allocation rounds
and notice imports are the units' records, not the citizen's, and stay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q

from helhed.access.retention import DueRecord
from helhed.housing.choices import ApplicationStatus, NoticeOutcome
from helhed.housing.models import (
    EvictionNotice,
    HomelessnessStatus,
    HousingApplication,
    Offer,
    ShelterStay,
    Tenancy,
)

STATUS, STAY, NOTICE = "homelessness_status", "shelter_stay", "eviction_notice"
APPLICATION, TENANCY = "housing_application", "tenancy"


def _due_applications(cutoff: dt.date) -> list[tuple[int, int, dt.date]]:
    """(citizen id, application id, finished on) of closed applications whose tenancies ended in time."""
    not_ended = Tenancy.objects.filter(offer__application=OuterRef("pk")).exclude(ended_on__lte=cutoff)
    rows = (
        HousingApplication.objects.filter(
            status__in=[ApplicationStatus.HOUSED, ApplicationStatus.WITHDRAWN], closed_on__lte=cutoff
        )
        .filter(~Exists(not_ended))
        .annotate(last_end=Max("offers__tenancy__ended_on"))
        .order_by("pk")
        .values_list("citizen_id", "pk", "closed_on", "last_end")
    )
    due = []
    for citizen_id, pk, closed_on, last_end in rows:
        assert closed_on is not None  # filtered on it
        due.append((citizen_id, pk, max(closed_on, last_end or closed_on)))
    return due


class HousingRetention:
    """The retention rule of Housing First's records (helhed.access.retention.RetentionRule)."""

    def due(self, *, cutoff: dt.date) -> dict[int, list[DueRecord]]:
        due: dict[int, list[DueRecord]] = {}

        def add(kind: str, rows: Any) -> None:
            for citizen_id, pk, finished_on in rows:
                due.setdefault(citizen_id, []).append(DueRecord(kind, pk, finished_on))

        applications = _due_applications(cutoff)
        add(APPLICATION, applications)
        application_ids = [pk for _c, pk, _d in applications]
        add(TENANCY, Tenancy.objects.filter(ended_on__lte=cutoff)
            .filter(Q(offer__isnull=True) | Q(offer__application_id__in=application_ids))
            .order_by("pk").values_list("citizen_id", "pk", "ended_on"))
        add(STATUS, HomelessnessStatus.objects.filter(valid_to__lte=cutoff)
            .order_by("pk").values_list("citizen_id", "pk", "valid_to"))
        add(STAY, ShelterStay.objects.filter(check_out__lte=cutoff)
            .order_by("pk").values_list("citizen_id", "pk", "check_out"))
        add(NOTICE, EvictionNotice.objects.exclude(outcome=NoticeOutcome.OPEN).filter(outcome_on__lte=cutoff)
            .order_by("pk").values_list("citizen_id", "pk", "outcome_on"))
        return due

    def deletions(self, citizen_id: int, records: list[DueRecord]) -> list[list[Any]]:
        """Tenancies (with follow-ups and support links) before the offers they came from, offers before
        their applications; then the records that stand alone."""
        ids: dict[str, list[int]] = {}
        for record in records:
            ids.setdefault(record.kind, []).append(record.pk)

        def of(model: Any, kind: str) -> list[Any]:
            return list(model.objects.filter(citizen_id=citizen_id, pk__in=ids.get(kind, [])).order_by("pk"))

        applications = of(HousingApplication, APPLICATION)
        offers = list(Offer.objects.filter(application__in=applications).order_by("pk"))
        return [of(Tenancy, TENANCY), offers, applications,
                of(HomelessnessStatus, STATUS), of(ShelterStay, STAY), of(EvictionNotice, NOTICE)]
