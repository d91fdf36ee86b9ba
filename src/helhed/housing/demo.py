"""Housing First for the synthetic demo, written through the housing services.

`housing_demo_write(rng, plans=..., units=...)` gives the demo's homeless citizens a believable history:
where they stayed (the national count's categories), stays at the § 110 shelters (about a third one night,
most a few weeks, some over 120 days, some returns, a few same-day transfers), housing applications with
wishes, homes allocated in the past with support attached and tenancy follow-ups, offers refused, homes
still vacant with ranked candidates for the live demo, and housing associations' notices, some ending in
an eviction. Every row goes through a service (access, audit and every rule apply); afterwards only the
dates the services set to "today" (offered, answered, registered) are moved back to the story's dates.

Synthetic data only: called by the synthetic municipality (helhed.synth) with the plans and units it built.
It creates one unit of its own, "Boliganvisningen" (the allocating unit), with two members of staff.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from helhed.housing import services
from helhed.housing.allocation import rank_candidates
from helhed.housing.choices import ApplicationStatus, NoticeOutcome
from helhed.housing.models import (
    EvictionNotice,
    Home,
    HomelessnessStatus,
    HousingApplication,
    Offer,
    ShelterStay,
    Tenancy,
)
from helhed.housing.selectors import candidates_for_unit, home_as_input
from helhed.people.choices import Role
from helhed.people.models import OrgUnit, User
from helhed.people.services import org_unit_create, staff_create
from helhed.plans.models import Plan

SHELTER_KEYS = {"oestervang": 40, "malmoegade": 12}  # unit key -> places
YOUTH_SHELTER_KEY = "malmoegade"
ALLOCATION_PARENT_KEY = "boomraadet"
NOTICE_UNIT_KEY = "socialvagten"
SUPPORT_UNIT_KEYS = {
    "cti-85": "housing-first",
    "icm-85": "housing-first",
    "act-85": "housing-first",
    "bostotte-85": "bostotte-nord",
}
DISTRICTS = (
    ("8000", "8000 Aarhus C"),
    ("8200", "8200 Aarhus N"),
    ("8210", "8210 Aarhus V"),
    ("8220", "8220 Brabrand"),
    ("8230", "8230 Åbyhøj"),
    ("8240", "8240 Risskov"),
    ("8260", "8260 Viby J"),
    ("8270", "8270 Højbjerg"),
    ("8310", "8310 Tranbjerg J"),
    ("8381", "8381 Tilst"),
    ("8520", "8520 Lystrup"),
)
STREETS = (
    "Sønder Allé",
    "Nørregade",
    "Vestergade",
    "Silkeborgvej",
    "Randersvej",
    "Grenåvej",
    "Viby Torv",
    "Gudrunsvej",
    "Edwin Rahrs Vej",
    "Skovgårdsparken",
    "Gellerupparken",
    "Bispehavevej",
    "Ryhavevej",
)
ASSOCIATIONS = (
    "Brabrand Boligforening",
    "Boligforeningen Ringgården",
    "AAB Aarhus",
    "Alboa",
    "Østjysk Bolig",
)
FIRST_CATEGORIES = (
    ("street", 4),
    ("family_friends", 4),
    ("hotel_hostel", 1),
    ("other", 1),
    ("prison_release", 1),
    ("hospital_discharge", 1),
)
AFTER_SHELTER = (("", 2), ("street", 3), ("family_friends", 3), ("transitional", 1), ("other", 1))
DEVIATION_REASONS = (
    "Boligen ligger tæt på borgerens datter, som hun ser hver weekend.",
    "Borgeren har takket nej til stueetagen af hensyn til sin angst; denne bolig passer bedre.",
)
REFUSAL_REASONS = (
    "For langt fra misbrugscentret og netværket.",
    "Borgeren vil ikke bo i stueetagen.",
    "Borgeren ønsker at vente på en bolig i Aarhus C.",
)


@dataclass
class HousingDemo:
    """What the demo wrote, for the synthetic municipality's summary and log-in table."""

    allocation_unit: OrgUnit | None = None
    allocators: list[User] = field(default_factory=list)
    shelters: list[OrgUnit] = field(default_factory=list)
    statuses: int = 0
    stays: int = 0
    applications: int = 0
    homes: int = 0
    tenancies: int = 0
    refusals: int = 0
    notices: int = 0
    evictions: int = 0


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _age(plan: Plan, on: dt.date) -> int:
    return plan.citizen.age_on(on)


def _stay_nights(rng: random.Random) -> int:
    """About a third one night, most a few weeks, about one in seven over 120 nights (DST 2022)."""
    draw = rng.random()
    if draw < 0.36:
        return 1
    if draw < 0.50:
        return rng.randint(121, 330)
    return min(120, 2 + int(rng.expovariate(1 / 30)))


def _allocation_unit(
    rng: random.Random, units: Mapping[str, OrgUnit], demo: HousingDemo, password_hash: str | None
) -> None:
    parent = units.get(ALLOCATION_PARENT_KEY) or next(iter(units.values()), None)
    unit = OrgUnit.objects.filter(name="Boliganvisningen").first() or org_unit_create(
        name="Boliganvisningen", kind="team", sector="adult_social", parent=parent
    )
    demo.allocation_unit = unit
    for username, first, last in (
        ("anvisning.birgitte", "Birgitte", "Holm"),
        ("anvisning.kasper", "Kasper", "Lund"),
    ):
        user = User.objects.filter(username=username).first() or staff_create(
            username=username,
            first_name=first,
            last_name=last,
            role=Role.CASEWORKER,
            unit=unit,
            is_synthetic=True,
        )
        if password_hash:
            User.objects.filter(pk=user.pk).update(password=password_hash)
        demo.allocators.append(user)


def _shelters(units: Mapping[str, OrgUnit], demo: HousingDemo) -> dict[str, tuple[OrgUnit, User]]:
    admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).first()
    shelters: dict[str, tuple[OrgUnit, User]] = {}
    for key, places in SHELTER_KEYS.items():
        unit = units.get(key)
        worker = User.objects.filter(unit=unit, is_active=True).first() if unit else None
        if unit is None or worker is None:
            continue
        leader = admin or User.objects.filter(role=Role.TEAM_LEADER, is_active=True).first()
        if leader is None:
            continue
        services.shelter_register(actor=leader, unit_id=unit.pk, places=places)
        shelters[key] = (unit, worker)
        demo.shelters.append(unit)
    return shelters


def _history(
    rng: random.Random,
    plan: Plan,
    *,
    until: dt.date,
    shelters: dict[str, tuple[OrgUnit, User]],
    demo: HousingDemo,
) -> None:
    """Where the citizen stayed up to `until`: a first situation, then shelter stays and what came after."""
    actor, cid, cpr = plan.coordinator, plan.citizen_id, plan.citizen.cpr.formatted
    start = until - dt.timedelta(days=rng.randint(60, 800))
    services.status_record(
        actor=actor,
        citizen_id=cid,
        category=_weighted(rng, FIRST_CATEGORIES),
        valid_from=start,
        source=rng.choice(("caseworker", "outreach", "citizen")),
    )
    demo.statuses += 1
    if not shelters or rng.random() > 0.7:
        return
    day = start + dt.timedelta(days=rng.randint(3, 60))
    young = _age(plan, day) < 25
    for k in range(rng.choice((1, 1, 2, 2, 3, 4))):
        if day >= until:
            break
        key = (
            YOUTH_SHELTER_KEY
            if young and YOUTH_SHELTER_KEY in shelters and rng.random() < 0.7
            else rng.choice(sorted(shelters))
        )
        unit, worker = shelters[key]
        services.stay_check_in(actor=worker, shelter_id=unit.pk, cpr=cpr, check_in=day)
        demo.stays += 1
        out = day + dt.timedelta(days=_stay_nights(rng))
        stay = ShelterStay.objects.get(citizen_id=cid, check_out__isnull=True)
        if out >= until:
            if until < timezone.localdate():  # housed later: the shelter checks them out on moving day
                services.stay_check_out(
                    actor=worker, stay_id=stay.pk, check_out=until, next_situation="housed"
                )
            break
        transfer = len(shelters) > 1 and rng.random() < 0.1 and k < 3
        services.stay_check_out(
            actor=worker,
            stay_id=stay.pk,
            check_out=out,
            next_situation="" if transfer else _weighted(rng, AFTER_SHELTER),
        )
        day = out if transfer else out + dt.timedelta(days=rng.randint(2, 200))


def _apply(rng: random.Random, plan: Plan, unit: OrgUnit, demo: HousingDemo) -> HousingApplication:
    districts = [d for _p, d in rng.sample(DISTRICTS, rng.choice((0, 1, 1, 2, 3)))]
    application = services.application_register(
        actor=plan.coordinator,
        citizen_id=plan.citizen_id,
        allocation_unit_id=unit.pk,
        consent_on=timezone.localdate(),
        support_need=rng.choice((1, 2, 2, 3, 3, 4)),
        monthly_income=rng.choice((7400, 8100, 11600, 12300, 12900, 15800)) + rng.randint(0, 9) * 100,
        has_dog=rng.random() < 0.1,
        needs_step_free=rng.random() < 0.06,
        wished_districts=districts,
        wishes_in_own_words=rng.choice(
            (
                "",
                "",
                "Et sted med ro, hvor min hund kan være.",
                "Tæt på min søster og på Kirkens Korshær.",
                "Ikke i Gellerup.",
            )
        ),
    )
    demo.applications += 1
    return application


def _home(
    rng: random.Random,
    allocator: User,
    unit: OrgUnit,
    *,
    available_from: dt.date,
    dogs: bool | None = None,
    step_free: bool | None = None,
    district: str | None = None,
    max_rent: int | None = None,
) -> Home:
    postal, name = next(((p, d) for p, d in DISTRICTS if d == district), None) or rng.choice(DISTRICTS)
    kind = rng.choices(("allocation_right", "skaev_bolig", "shared"), weights=(7, 2, 1))[0]
    rent = {
        "allocation_right": rng.randint(38, 62),
        "skaev_bolig": rng.randint(28, 38),
        "shared": rng.randint(30, 42),
    }[kind] * 100
    if max_rent is not None:
        rent = min(rent, max_rent // 100 * 100)
    return services.home_create(
        actor=allocator,
        allocation_unit_id=unit.pk,
        address=f"{rng.choice(STREETS)} {rng.randint(1, 140)}, "
        f"{rng.choice(('st. tv.', '1. th.', '2. tv.', '3. mf.'))}",
        postal_code=postal,
        district=name,
        kind=kind,
        monthly_rent=rent,
        size_m2=rng.randint(28, 62),
        rooms=rng.choice((1, 1, 2)),
        step_free=rng.random() < 0.25 if step_free is None else step_free,
        dogs_allowed=(kind == "skaev_bolig" or rng.random() < 0.2) if dogs is None else dogs,
        available_from=available_from,
        landlord=rng.choice(ASSOCIATIONS),
    )


def _last_event(citizen_id: int) -> dt.date | None:
    stays = ShelterStay.objects.filter(citizen_id=citizen_id).aggregate(a=Max("check_in"), b=Max("check_out"))
    statuses = HomelessnessStatus.objects.filter(citizen_id=citizen_id).aggregate(a=Max("valid_from"))
    days = [d for d in (stays["a"], stays["b"], statuses["a"]) if d is not None]
    return max(days) if days else None


def _housed_in_the_past(
    rng: random.Random,
    plan: Plan,
    move_in: dt.date,
    allocator: User,
    unit: OrgUnit,
    units: Mapping[str, OrgUnit],
    demo: HousingDemo,
) -> Tenancy:
    application = _apply(rng, plan, unit, demo)
    home = _home(
        rng,
        allocator,
        unit,
        available_from=move_in - dt.timedelta(days=rng.randint(0, 20)),
        dogs=True if application.has_dog else None,
        step_free=True if application.needs_step_free else None,
        district=application.wished_districts[0] if application.wished_districts else None,
        # A home that was actually let to the citizen was one they could afford (at most half the income).
        max_rent=int(application.monthly_income) // 2,
    )
    demo.homes += 1
    offer = services.offer_make(actor=allocator, home_id=home.pk, application_id=application.pk)
    tenancy = services.offer_accept(actor=allocator, offer_id=offer.pk, move_in=move_in)
    offered = move_in - dt.timedelta(days=rng.randint(6, 20))
    Offer.objects.filter(pk=offer.pk).update(offered_on=offered, decided_on=offered + dt.timedelta(days=3))
    registered = offered - dt.timedelta(days=rng.randint(20, 200))
    HousingApplication.objects.filter(pk=application.pk).update(
        registered_on=registered, consent_on=registered, closed_on=offered + dt.timedelta(days=3)
    )
    demo.tenancies += 1
    code = rng.choices(tuple(SUPPORT_UNIT_KEYS), weights=(5, 2, 1, 2))[0]
    provider = units.get(SUPPORT_UNIT_KEYS[code])
    if provider is not None:
        services.tenancy_support_attach(
            actor=plan.coordinator,
            tenancy_id=tenancy.pk,
            type_code=code,
            provider_unit_id=provider.pk,
            start_date=move_in,
        )
    return tenancy


def _notices(
    rng: random.Random,
    tenancies: list[Tenancy],
    others: list[Plan],
    receiving: OrgUnit | None,
    demo: HousingDemo,
) -> None:
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    for t in tenancies:
        if rng.random() < 0.3 and (today - t.move_in).days > 40:
            received = t.move_in + dt.timedelta(days=rng.randint(30, max(31, (today - t.move_in).days - 1)))
            rows.append(
                {
                    "cpr": t.citizen.cpr.formatted,
                    "kind": rng.choice(("rent_arrears", "rent_arrears", "complaint")),
                    "received": received,
                    "address": str(t.home),
                    "association": t.home.landlord or ASSOCIATIONS[0],
                }
            )
    for plan in others:
        if rng.random() < 0.06:
            received = today - dt.timedelta(days=rng.randint(0, 60))
            rows.append(
                {
                    "cpr": plan.citizen.cpr.formatted,
                    "kind": rng.choice(("rent_arrears", "termination")),
                    "received": received,
                    "address": plan.citizen.address,
                    "association": rng.choice(ASSOCIATIONS),
                }
            )
    if not rows:
        return
    header = [
        "cpr",
        "housing_association",
        "kind",
        "received_on",
        "deadline",
        "reference",
        "address",
        "amount_owed",
        "note",
    ]
    lines = [
        {
            "cpr": r["cpr"],
            "housing_association": r["association"],
            "kind": r["kind"],
            "received_on": r["received"].isoformat(),
            "deadline": (r["received"] + dt.timedelta(days=rng.choice((8, 14, 14, 30)))).isoformat(),
            "reference": f"DEMO-{k + 1:05d}",
            "address": r["address"],
            "amount_owed": f"{rng.randint(4, 40) * 1000 + rng.choice((0, 250, 500))},00"
            if r["kind"] == "rent_arrears"
            else "",
            "note": "Påkrav om betaling af husleje" if r["kind"] == "rent_arrears" else "",
        }
        for k, r in enumerate(rows)
    ]
    result = services.notices_import_rows(
        actor=None,
        header=header,
        rows=lines,
        filename="demo-notices.csv",
        receiving_unit=receiving,
        skip_bad=True,
    )
    demo.notices += result.imported
    for notice in EvictionNotice.objects.filter(pk__in=result.notice_ids).select_related("citizen"):
        if notice.deadline >= today or rng.random() < 0.25:
            continue  # still open: on the caseworker's desk with its deadline
        coordinated = (
            Plan.objects.filter(citizen=notice.citizen, status="active").select_related("coordinator").first()
        )
        if coordinated is None:
            continue
        outcome = rng.choices(
            (NoticeOutcome.RESOLVED, NoticeOutcome.EVICTED, NoticeOutcome.MOVED), weights=(8, 1, 1)
        )[0]
        services.notice_resolve(
            actor=coordinated.coordinator,
            notice_id=notice.pk,
            outcome=outcome,
            outcome_on=min(today, notice.deadline + dt.timedelta(days=rng.randint(0, 20))),
            note="Afdragsordning aftalt med boligforeningen." if outcome == "resolved" else "",
        )
        demo.evictions += outcome == NoticeOutcome.EVICTED


def _follow_ups(rng: random.Random, tenancies: list[Tenancy]) -> None:
    today = timezone.localdate()
    for t in tenancies:
        t.refresh_from_db()
        for f in t.follow_ups.filter(done_on__isnull=True, due_on__lte=today).order_by("due_on"):
            plan = (
                Plan.objects.filter(citizen_id=t.citizen_id, status="active")
                .select_related("coordinator")
                .first()
            )
            if plan is None:
                break
            services.tenancy_follow_up_record(
                actor=plan.coordinator,
                follow_up_id=f.pk,
                holds=rng.random() < 0.9,
                done_on=min(today, f.due_on + dt.timedelta(days=rng.randint(0, 10))),
                note=rng.choice(
                    (
                        "Huslejen betales, borgeren har fået møbler.",
                        "Støtten kommer to gange om ugen.",
                        "Naboklager er løst efter møde med afdelingen.",
                        "",
                    )
                ),
            )


def housing_demo_write(
    rng: random.Random,
    *,
    plans: Sequence[Plan],
    units: Mapping[str, OrgUnit],
    password_hash: str | None = None,
) -> HousingDemo:
    """Write the demo's Housing First data through the services. `plans`: the demo's active plans;
    `units`: its units by key (the keys of synth/data/organisation.json; missing ones are skipped);
    `password_hash`: given to the two allocating caseworkers created here (the demo's shared hash).
    Homeless citizens are those registered without an address."""
    demo = HousingDemo()
    today = timezone.localdate()
    active = [p for p in plans if p.status == "active"]
    homeless = [p for p in active if not p.citizen.address]
    housed_elsewhere = [p for p in active if p.citizen.address]
    _allocation_unit(rng, units, demo, password_hash)
    unit, allocator = demo.allocation_unit, demo.allocators[0]
    assert unit is not None
    shelters = _shelters(units, demo)
    rng.shuffle(homeless)
    cut_housed, cut_waiting = int(len(homeless) * 0.3), int(len(homeless) * 0.75)
    destined = homeless[:cut_housed]
    waiting = homeless[cut_housed:cut_waiting]
    moving_days = {p.pk: today - dt.timedelta(days=rng.randint(15, 420)) for p in destined}
    for p in homeless:
        _history(rng, p, until=moving_days.get(p.pk, today), shelters=shelters, demo=demo)
    tenancies = []
    for p in sorted(destined, key=lambda p: moving_days[p.pk]):
        move_in = max(moving_days[p.pk], (_last_event(p.citizen_id) or moving_days[p.pk]))
        if move_in > today:
            continue
        tenancies.append(_housed_in_the_past(rng, p, move_in, allocator, unit, units, demo))
    applications = [_apply(rng, p, unit, demo) for p in waiting]
    # Homes falling vacant now: a few offered and refused, one offer waiting for the answer, the rest vacant
    # with their ranked candidates for the live demo.
    vacant = [
        _home(rng, allocator, unit, available_from=today - dt.timedelta(days=rng.randint(0, 30)))
        for _k in range(max(4, len(applications) // 3))
    ]
    demo.homes += len(vacant)
    for k, home in enumerate(vacant[: max(2, len(vacant) // 3)]):
        candidates, _applications = candidates_for_unit(unit, as_of=today)
        if not candidates:
            break
        ranking = rank_candidates(home_as_input(home), candidates)
        if not ranking.proposals:
            continue
        offer = services.offer_make(
            actor=allocator, home_id=home.pk, application_id=ranking.proposals[0].candidate_id
        )
        if k == 0:
            continue  # waiting for the answer
        services.offer_refuse(
            actor=allocator, offer_id=offer.pk, refused_by="citizen", reason=rng.choice(REFUSAL_REASONS)
        )
        demo.refusals += 1
    _notices(rng, tenancies, housed_elsewhere, units.get(NOTICE_UNIT_KEY), demo)
    _follow_ups(
        rng, [t for t in tenancies if Tenancy.objects.filter(pk=t.pk, ended_on__isnull=True).exists()]
    )
    demo.applications = HousingApplication.objects.filter(allocation_unit=unit).count()
    assert all(a.status in ApplicationStatus.values for a in applications)
    return demo
