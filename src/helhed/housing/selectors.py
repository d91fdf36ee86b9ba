"""Reads of Housing First, always for an actor, through the access policy; audited where citizens are shown.

Homes, shelters and aggregate figures are not personal data; candidates, residents, notices and a
citizen's housing history are, and every one shown is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record, audit_record_many
from helhed.access.policy import POLICY, Action, Relation
from helhed.access.selectors import citizen_access, visible_citizens
from helhed.core.errors import NotFound, PermissionDenied
from helhed.housing import allocation, stays
from helhed.housing.choices import ApplicationStatus, HomeStatus, NoticeOutcome, OfferStatus
from helhed.housing.homelessness import homeless_days, homeless_since
from helhed.housing.models import (
    AllocationRound,
    EvictionNotice,
    Home,
    HomelessnessStatus,
    HousingApplication,
    Offer,
    Shelter,
    ShelterStay,
    Tenancy,
    TenancyFollowUp,
)
from helhed.housing.notices import write_csv
from helhed.people.choices import Role
from helhed.people.models import Citizen, OrgUnit, User
from helhed.plans.choices import PlanStatus
from helhed.plans.models import Plan


def _today() -> dt.date:
    return timezone.localdate()


def works_in(actor: User, unit: OrgUnit) -> bool:
    """Staff of the unit or of a unit below it, or a team leader of a unit above it."""
    if not actor.is_active or not actor.unit_id or actor.unit is None:
        return False
    own = actor.unit.path
    return own.startswith(unit.path) or (actor.role == Role.TEAM_LEADER and unit.path.startswith(own))


def _units_of(actor: User) -> Q:
    """A filter on OrgUnit: the units `works_in` allows for the actor."""
    if not actor.is_active or not actor.unit_id or actor.unit is None:
        return Q(pk__in=[])
    path = actor.unit.path
    parts = path.strip("/").split("/")
    ancestors = [f"/{'/'.join(parts[:k])}/" for k in range(1, len(parts) + 1)]
    q = Q(path__in=ancestors)
    if actor.role == Role.TEAM_LEADER:
        q |= Q(path__startswith=path)
    return q


# ------------------------------------------------------------------ inputs to the allocation arithmetic


def home_as_input(home: Home) -> allocation.Home:
    return allocation.Home(
        id=home.pk,
        district=home.district,
        monthly_rent=float(home.monthly_rent),
        dogs_allowed=home.dogs_allowed,
        step_free=home.step_free,
    )


def _homeless_days_by_citizen(citizen_ids: Sequence[int], as_of: dt.date) -> dict[int, int]:
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for cid, start, end in HomelessnessStatus.objects.filter(citizen_id__in=citizen_ids).values_list(
        "citizen_id", "valid_from", "valid_to"
    ):
        spans[cid].append((start, end))
    return {cid: homeless_days(spans.get(cid, []), as_of) for cid in citizen_ids}


def candidates_for_unit(
    unit: OrgUnit, *, as_of: dt.date
) -> tuple[list[allocation.Candidate], dict[int, HousingApplication]]:
    """Citizens seeking a home through the unit, without an open offer, as the scoring sees them.

    For services and selectors only: callers apply the access policy and the audit.
    """
    applications = list(
        HousingApplication.objects.filter(allocation_unit=unit, status=ApplicationStatus.ACTIVE)
        .exclude(offers__status=OfferStatus.OFFERED)
        .select_related("citizen")
        .order_by("pk")
    )
    days = _homeless_days_by_citizen([a.citizen_id for a in applications], as_of)
    candidates = [
        allocation.Candidate(
            id=a.pk,
            homeless_days=days[a.citizen_id],
            support_need=a.support_need,
            monthly_income=float(a.monthly_income),
            has_dog=a.has_dog,
            needs_step_free=a.needs_step_free,
            wished_districts=frozenset(a.wished_districts or []),
        )
        for a in applications
    ]
    return candidates, {a.pk: a for a in applications}


def reasons_as_data(reasons: Sequence[allocation.Reason]) -> list[dict[str, Any]]:
    return [
        {"component": r.component, "weight": r.weight, "value": r.value, "points": r.points, "facts": r.facts}
        for r in reasons
    ]


# ------------------------------------------------------------------ homes and allocation


def allocating_units(actor: User) -> QuerySet[OrgUnit]:
    """Units the actor allocates for: those with homes or applications that the actor works in."""
    return (
        OrgUnit.objects.filter(_units_of(actor))
        .filter(Q(homes__isnull=False) | Q(housing_applications__isnull=False))
        .distinct()
    )


def home_list(*, actor: User, status: Sequence[str] = (HomeStatus.VACANT, HomeStatus.OFFERED)) -> list[Home]:
    """Homes of the units the actor allocates for (not personal data)."""
    return list(
        Home.objects.filter(
            allocation_unit__in=OrgUnit.objects.filter(_units_of(actor)), status__in=list(status)
        ).select_related("allocation_unit")
    )


@dataclass
class CandidateRow:
    proposal: allocation.Proposal
    application: HousingApplication

    @property
    def citizen(self) -> Citizen:
        return self.application.citizen


@dataclass
class HomePage:
    home: Home
    candidates: list[CandidateRow]
    excluded_counts: dict[str, int]
    excluded_total: int
    open_offer: Offer | None
    past_offers: list[Offer]
    can_offer: bool
    tenancy: Tenancy | None


def home_page(*, actor: User, home_id: int, limit: int = 25) -> HomePage:
    """A home with its candidates ranked best first, each with the reasons for its score; audited."""
    home = Home.objects.select_related("allocation_unit").filter(pk=home_id).first()
    if home is None or not works_in(actor, home.allocation_unit):
        raise NotFound(_("No such home among the homes you allocate."))
    rows: list[CandidateRow] = []
    counts: dict[str, int] = defaultdict(int)
    excluded_total = 0
    if home.status == HomeStatus.VACANT:
        candidates, applications = candidates_for_unit(home.allocation_unit, as_of=_today())
        ranking = allocation.rank_candidates(home_as_input(home), candidates, limit=limit)
        rows = [CandidateRow(p, applications[p.candidate_id]) for p in ranking.proposals]
        for e in ranking.excluded:
            for code in e.codes:
                counts[code] += 1
        excluded_total = len(ranking.excluded)
    offers = list(
        home.offers.select_related("application__citizen", "offered_by", "decided_by").order_by("-pk")
    )
    open_offer = next((o for o in offers if o.status == OfferStatus.OFFERED), None)
    tenancy = home.tenancies.filter(ended_on__isnull=True).select_related("citizen").first()
    shown = {r.application.citizen_id for r in rows} | {o.application.citizen_id for o in offers}
    if tenancy is not None:
        shown.add(tenancy.citizen_id)
    audit_record_many(actor=actor, action="list", citizen_ids=sorted(shown), purpose="home_candidates")
    return HomePage(
        home=home,
        candidates=rows,
        excluded_counts=dict(counts),
        excluded_total=excluded_total,
        open_offer=open_offer,
        past_offers=[o for o in offers if o is not open_offer],
        can_offer=home.status == HomeStatus.VACANT,
        tenancy=tenancy,
    )


@dataclass
class RoundPage:
    round: AllocationRound
    rows: list[dict[str, Any]]


def allocation_round_page(*, actor: User, round_id: int) -> RoundPage:
    round_ = AllocationRound.objects.select_related("allocation_unit").filter(pk=round_id).first()
    if round_ is None or not works_in(actor, round_.allocation_unit):
        raise NotFound(_("No such allocation round."))
    homes = Home.objects.in_bulk([p["home_id"] for p in round_.proposals])
    applications = HousingApplication.objects.select_related("citizen").in_bulk(
        [p["application_id"] for p in round_.proposals]
    )
    rows = [
        {**p, "home": homes.get(p["home_id"]), "application": applications.get(p["application_id"])}
        for p in round_.proposals
    ]
    audit_record_many(
        actor=actor,
        action="list",
        purpose="allocation_round",
        citizen_ids=[a.citizen_id for a in applications.values()],
    )
    return RoundPage(round=round_, rows=rows)


# ------------------------------------------------------------------ one citizen's housing


@dataclass
class CitizenHousing:
    citizen: Citizen
    relations: frozenset[Relation]
    statuses: list[HomelessnessStatus]
    homeless_since: dt.date | None
    stays: list[ShelterStay]
    application: HousingApplication | None
    offers: list[Offer]
    tenancies: list[Tenancy]
    follow_ups: list[TenancyFollowUp]
    notices: list[EvictionNotice]
    today: dt.date

    def can(self, action: str) -> bool:
        return bool(POLICY[Action(action)] & self.relations)

    @property
    def current_status(self) -> HomelessnessStatus | None:
        return next((s for s in self.statuses if s.valid_to is None), None)

    @property
    def open_tenancy(self) -> Tenancy | None:
        return next((t for t in self.tenancies if t.ended_on is None), None)


def citizen_housing(*, actor: User, citizen_id: int) -> CitizenHousing:
    """The citizen's housing situation over time, stays, application, offers, tenancy and notices."""
    citizen, relations = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.VIEW, purpose="citizen_housing"
    )
    today = _today()
    statuses = list(
        HomelessnessStatus.objects.filter(citizen=citizen)
        .select_related("recorded_by")
        .order_by("-valid_from", "-pk")
    )
    tenancies = list(
        Tenancy.objects.filter(citizen=citizen).select_related("home").prefetch_related("support")
    )
    return CitizenHousing(
        citizen=citizen,
        relations=relations,
        statuses=statuses,
        homeless_since=homeless_since([(s.valid_from, s.valid_to) for s in statuses], today),
        stays=list(
            ShelterStay.objects.filter(citizen=citizen).select_related("shelter").order_by("-check_in")
        ),
        application=HousingApplication.objects.filter(citizen=citizen, status=ApplicationStatus.ACTIVE)
        .select_related("allocation_unit")
        .first(),
        offers=list(
            Offer.objects.filter(application__citizen=citizen).select_related("home").order_by("-pk")
        ),
        tenancies=tenancies,
        follow_ups=list(TenancyFollowUp.objects.filter(tenancy__in=tenancies).order_by("due_on")),
        notices=list(EvictionNotice.objects.filter(citizen=citizen).order_by("-received_on")),
        today=today,
    )


# ------------------------------------------------------------------ shelters


def shelter_list(*, actor: User) -> list[Shelter]:
    """Shelters the actor works at (or leads)."""
    return list(
        Shelter.objects.filter(unit__in=OrgUnit.objects.filter(_units_of(actor))).select_related("unit")
    )


@dataclass
class ShelterPage:
    shelter: Shelter
    residents: list[ShelterStay]
    recent: list[ShelterStay]
    period: stays.Period
    days: Sequence[dt.date]
    occupancy: list[int]
    long_stays: stays.Share
    returns: stays.Share
    young: stays.Share
    today: dt.date

    @property
    def average_occupancy(self) -> float | None:
        return round(sum(self.occupancy) / len(self.occupancy), 1) if self.occupancy else None


def _stay_inputs(qs: QuerySet[ShelterStay]) -> list[stays.Stay]:
    return [
        stays.Stay(c, s, i, o)
        for c, s, i, o in qs.values_list("citizen_id", "shelter_id", "check_in", "check_out")
    ]


def shelter_page(*, actor: User, shelter_id: int, period: stays.Period | None = None) -> ShelterPage:
    """Residents, recent check-outs, daily occupancy and the shelter's own figures for a period; audited."""
    shelter = Shelter.objects.select_related("unit").filter(unit_id=shelter_id).first()
    if shelter is None or not works_in(actor, shelter.unit):
        raise NotFound(_("No such shelter among those you work at."))
    today = _today()
    period = period or stays.Period(today - dt.timedelta(days=29), today)
    here = ShelterStay.objects.filter(shelter=shelter.unit)
    residents = list(here.filter(check_out__isnull=True).select_related("citizen").order_by("check_in"))
    recent = list(
        here.filter(check_out__gte=today - dt.timedelta(days=30))
        .select_related("citizen")
        .order_by("-check_out")[:50]
    )
    inputs = _stay_inputs(
        here.filter(Q(check_out__isnull=True) | Q(check_out__gte=period.start - dt.timedelta(days=400)))
    )
    births = dict(
        Citizen.objects.filter(pk__in={s.citizen_id for s in inputs}).values_list("pk", "birth_date")
    )
    audit_record_many(
        actor=actor,
        action="list",
        purpose="shelter_residents",
        citizen_ids=sorted({s.citizen_id for s in residents} | {s.citizen_id for s in recent}),
    )
    return ShelterPage(
        shelter=shelter,
        residents=residents,
        recent=recent,
        period=period,
        days=stays.period_days(period, today),
        occupancy=stays.daily_occupancy(inputs, period, today).get(
            shelter.unit_id, [0] * len(stays.period_days(period, today))
        ),
        long_stays=stays.long_stays(inputs, period, today),
        returns=stays.returns(inputs, period, today),
        young=stays.young_people(inputs, births, period, today),
        today=today,
    )


# ------------------------------------------------------------------ notices and alerts


def _notices_for(actor: User) -> QuerySet[EvictionNotice]:
    """Notices the actor follows: their citizens' (as coordinating caseworker) and their unit's."""
    coordinated = Plan.objects.filter(coordinator=actor, status=PlanStatus.ACTIVE).values("citizen_id")
    q = Q(citizen_id__in=coordinated)
    units = OrgUnit.objects.filter(_units_of(actor))
    q |= Q(receiving_unit__in=units)
    return EvictionNotice.objects.filter(q).filter(citizen__in=visible_citizens(actor))


@dataclass
class NoticeRow:
    notice: EvictionNotice
    coordinator: str
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def notice_alerts(*, actor: User, include_closed: bool = False, limit: int = 500) -> list[NoticeRow]:
    """Open notices, the nearest deadline first, with the citizen's coordinating caseworker; audited."""
    today = _today()
    qs = _notices_for(actor).select_related("citizen", "receiving_unit")
    if not include_closed:
        qs = qs.filter(outcome=NoticeOutcome.OPEN)
    notices = list(qs.order_by("deadline", "pk")[:limit])
    coordinators = {
        p.citizen_id: str(p.coordinator)
        for p in Plan.objects.filter(
            citizen_id__in={n.citizen_id for n in notices}, status=PlanStatus.ACTIVE
        ).select_related("coordinator")
    }
    audit_record_many(
        actor=actor,
        action="list",
        citizen_ids=sorted({n.citizen_id for n in notices}),
        purpose="eviction_notices",
    )
    return [NoticeRow(n, coordinators.get(n.citizen_id, ""), (n.deadline - today).days) for n in notices]


NOTICE_EXPORT_COLUMNS = (
    "received_on",
    "deadline",
    "citizen",
    "housing_association",
    "reference",
    "address",
    "kind",
    "amount_owed",
    "outcome",
    "outcome_on",
    "coordinator",
    "note",
)


def notices_csv(*, actor: User) -> str:
    """The actor's notices as a formula-safe CSV (no CPR numbers); audited like the list."""
    rows = notice_alerts(actor=actor, include_closed=True, limit=100_000)
    return write_csv(
        NOTICE_EXPORT_COLUMNS,
        [
            (
                r.notice.received_on.isoformat(),
                r.notice.deadline.isoformat(),
                r.notice.citizen.full_name,
                r.notice.housing_association,
                r.notice.reference,
                r.notice.address,
                r.notice.get_kind_display(),
                "" if r.notice.amount_owed is None else f"{r.notice.amount_owed:.2f}",
                r.notice.get_outcome_display(),
                r.notice.outcome_on.isoformat() if r.notice.outcome_on else "",
                r.coordinator,
                r.notice.note,
            )
            for r in rows
        ],
    )


@dataclass
class Overview:
    notices: list[NoticeRow]
    new_stays: list[ShelterStay]
    follow_ups_due: list[TenancyFollowUp]
    shelters: list[Shelter]
    units: list[OrgUnit]
    homes_vacant: int
    today: dt.date


def housing_overview(*, actor: User) -> Overview:
    """The actor's Housing First desk: notices with deadlines, their citizens' new shelter stays (§ 110:
    the shelter tells the municipality within 3 weekdays), tenancy follow-ups due; audited."""
    today = _today()
    coordinated = Plan.objects.filter(coordinator=actor, status=PlanStatus.ACTIVE).values("citizen_id")
    new_stays = list(
        ShelterStay.objects.filter(citizen_id__in=coordinated, check_in__gte=today - dt.timedelta(days=14))
        .select_related("citizen", "shelter")
        .order_by("-check_in")
    )
    due = list(
        TenancyFollowUp.objects.filter(
            tenancy__citizen_id__in=coordinated,
            tenancy__ended_on__isnull=True,
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=30),
        )
        .select_related("tenancy__citizen", "tenancy__home")
        .order_by("due_on")
    )
    audit_record_many(
        actor=actor,
        action="list",
        purpose="housing_overview",
        citizen_ids=sorted({s.citizen_id for s in new_stays} | {f.tenancy.citizen_id for f in due}),
    )
    units = list(allocating_units(actor))
    return Overview(
        notices=notice_alerts(actor=actor),
        new_stays=new_stays,
        follow_ups_due=due,
        shelters=shelter_list(actor=actor),
        units=units,
        homes_vacant=Home.objects.filter(allocation_unit__in=units, status=HomeStatus.VACANT).count(),
        today=today,
    )


# ------------------------------------------------------------------ figures for the indicators


@dataclass
class HousingFigures:
    """Municipality-wide counts for a period (no personal data): feeds the indicators."""

    period: stays.Period
    allocations: int  # offers accepted (Copenhagen goal 1: more vulnerable citizens get a home)
    evictions: int  # evictions carried out (Copenhagen goal 2: fewer evictions)
    notices_received: int
    long_stays: stays.Share  # Aarhus: at most 10 % of shelter stays over 120 days
    returns: stays.Share  # returns to a shelter within 12 months
    young_at_shelters: stays.Share
    tenancies_holding_12_months: stays.Share = field(default_factory=lambda: stays.Share(0, 0))


def housing_figures(*, actor: User, period: stays.Period, as_of: dt.date | None = None) -> HousingFigures:
    """Allocations, evictions, 120-day stays and returns in a period. Aggregates only; the read is audited."""
    if actor.role not in (Role.ANALYST, Role.TEAM_LEADER, Role.ADMINISTRATOR):
        raise PermissionDenied(_("The housing figures are for analysts and team leaders."))
    return compute_housing_figures(period=period, as_of=as_of or _today(), actor=actor)


def compute_housing_figures(
    *, period: stays.Period, as_of: dt.date, actor: User | None = None
) -> HousingFigures:
    """The figures without an actor check (for the indicator engine's scheduled runs)."""
    to = period.measured_to(as_of)
    all_stays = _stay_inputs(
        ShelterStay.objects.filter(
            Q(check_out__isnull=True) | Q(check_out__gte=period.start - dt.timedelta(days=400))
        ).filter(check_in__lte=to)
    )
    births = dict(
        Citizen.objects.filter(pk__in={s.citizen_id for s in all_stays}).values_list("pk", "birth_date")
    )
    due = TenancyFollowUp.objects.filter(months=12, due_on__range=(period.start, to), done_on__isnull=False)
    if actor is not None:
        audit_record(
            actor=actor,
            action="aggregate",
            citizen_id=None,
            object_type="housing_figures",
            purpose=f"{period.start}..{period.end}",
        )
    return HousingFigures(
        period=period,
        allocations=Offer.objects.filter(
            status=OfferStatus.ACCEPTED, decided_on__range=(period.start, to)
        ).count(),
        evictions=EvictionNotice.objects.filter(
            outcome=NoticeOutcome.EVICTED, outcome_on__range=(period.start, to)
        ).count(),
        notices_received=EvictionNotice.objects.filter(received_on__range=(period.start, to)).count(),
        long_stays=stays.long_stays(all_stays, period, as_of),
        returns=stays.returns(all_stays, period, as_of),
        young_at_shelters=stays.young_people(all_stays, births, period, as_of),
        tenancies_holding_12_months=stays.Share(due.filter(holds=True).count(), due.count()),
    )
