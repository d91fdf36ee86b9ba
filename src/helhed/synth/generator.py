"""The synthetic municipality as a whole: which citizens, with which coordinator, in which order.

`municipality(seed=..., citizens=..., today=...)` is cheap (the organisation and each citizen's profile);
`citizen_specs(m)` then yields the citizens one at a time, so 100,000 never sit in memory together.
Every random draw comes from `random.Random` streams derived from the seed (`persons.rng_for`), never
from the global generator: the same seed and size give the same people and plans relative to `today`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from helhed.people.choices import NetworkRole
from helhed.synth import persons
from helhed.synth.organisation import organisation_spec
from helhed.synth.persons import rng_for
from helhed.synth.profiles import BY_KEY, PROFILES, Profile
from helhed.synth.scenario import (
    CONFLICTING_DEMANDS,
    DRUG_TREATMENT_LATE,
    DUPLICATE_HELP,
    GOAL_WITHOUT_SUPPORT,
    INTERVENTION_WITHOUT_GOAL,
    PRISON_RELEASE_NO_HOUSING,
    TURNING_18_SOON,
    PlanBuilder,
    Situation,
)
from helhed.synth.specs import CitizenSpec, NetworkSpec, OrganisationSpec

GENERATOR_VERSION = 2  # 2: disabled children
DEFAULT_SEED = 2026

# The first citizens carry one problem each, so even a small demo shows every coherence rule; the first
# six go to the same coordinating caseworker (the demo log-in "koordinator"). (profile, problems, overdue)
FORCED: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("residential_treatment", (CONFLICTING_DEMANDS,), False),
    ("homeless_substance", (DRUG_TREATMENT_LATE,), True),
    ("dual_diagnosis", (DUPLICATE_HELP,), False),
    ("prison_release", (PRISON_RELEASE_NO_HOUSING,), False),
    ("mental_illness", (INTERVENTION_WITHOUT_GOAL,), True),
    ("homeless_substance", (GOAL_WITHOUT_SUPPORT,), False),
    ("youth_17", (TURNING_18_SOON,), False),
    ("disabled_child", (), False),  # so even a small demo has one for Aarhus' goals for disabled children
)

# After those, each plan gets a problem with these chances (a realistic share for a caseworker to find).
RATES: dict[str, float] = {
    CONFLICTING_DEMANDS: 0.02,
    DUPLICATE_HELP: 0.04,
    INTERVENTION_WITHOUT_GOAL: 0.05,
    GOAL_WITHOUT_SUPPORT: 0.06,
    DRUG_TREATMENT_LATE: 0.015,
}
NOT_FOR_YOUTH = {CONFLICTING_DEMANDS, DRUG_TREATMENT_LATE}
OVERDUE_RATE = 0.15
# Disabled children (under 18, plan coordinated by the disability service): about 9 in the default 300, so
# Aarhus' three goals for them have a population above the publication threshold of 5.
DISABLED_CHILD_RATE = 0.03
SHARED_HOUSEHOLD_RATE = 0.06


def profile_of(seed: int, index: int) -> Profile:
    if index < len(FORCED):
        return BY_KEY[FORCED[index][0]]
    if rng_for(seed, "disabled-child", index).random() < DISABLED_CHILD_RATE:
        return BY_KEY["disabled_child"]
    rng = rng_for(seed, "profile", index)
    return rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]


@dataclass(frozen=True)
class Municipality:
    seed: int
    citizens: int
    today: dt.date
    organisation: OrganisationSpec
    profiles: tuple[Profile, ...]
    coordinator_of: tuple[str, ...]


def municipality(*, seed: int, citizens: int, today: dt.date) -> Municipality:
    profiles = tuple(profile_of(seed, i) for i in range(citizens))
    pool_sizes = Counter(p.pool for p in profiles)
    org = organisation_spec(seed=seed, pool_sizes=dict(pool_sizes), citizens=citizens)
    slots: dict[str, Iterator[str]] = {
        pool: iter([key for key, load in zip(org.coordinators[pool], org.caseloads[pool], strict=True)
                    for _ in range(load)])
        for pool in org.coordinators
    }
    coordinator_of = tuple(next(slots[p.pool]) for p in profiles)
    return Municipality(seed=seed, citizens=citizens, today=today, organisation=org, profiles=profiles,
                        coordinator_of=coordinator_of)


def _event_and_problems(m: Municipality, index: int, profile: Profile) -> tuple[int | None, list[str], bool]:
    """Days to the 18th birthday or the release, the problems to put in, and whether follow-up is overdue."""
    rng = rng_for(m.seed, "problems", index)
    days: int | None = None
    if index < len(FORCED):
        _key, problems, overdue = FORCED[index]
        if profile.key in ("youth_17", "prison_release"):
            days = rng.randint(5, 25)
        return days, list(problems), overdue
    chosen = [p for p, rate in RATES.items()
              if rng.random() < rate and not (p in NOT_FOR_YOUTH and profile.key == "youth_17")]
    overdue = rng.random() < OVERDUE_RATE
    if profile.key == "youth_17":
        days = rng.randint(1, 364)
        if days <= 30 and rng.random() < 0.5:
            chosen.append(TURNING_18_SOON)
    elif profile.key == "prison_release":
        days = -rng.randint(30, 365) if rng.random() < 0.4 else rng.randint(3, 150)
        if 0 < days <= 30 and rng.random() < 0.4:
            chosen.append(PRISON_RELEASE_NO_HOUSING)
    return days, chosen, overdue


def citizen_spec(m: Municipality, index: int, *, used_cpr: set[str],
                 previous: CitizenSpec | None) -> CitizenSpec:
    today = m.today
    profile = m.profiles[index]
    rng = rng_for(m.seed, "citizen", index)
    days, problems, overdue = _event_and_problems(m, index, profile)
    youth = profile.key == "youth_17"
    name = persons.person_name(rng, male=rng.random() < profile.male_share)
    if youth:
        birth = persons.birth_date_turning_18_in(today, days or 200)
    elif profile.key == "disabled_child":
        birth = persons.birth_date_turning_18_in(today, rng.randint(120, 3 * 365))
    elif profile.key == "older_vulnerable" or (profile.key == "disability_residential"
                                               and rng.random() < 0.1):
        birth = persons.birth_date_near_pension(rng, today=today, low_days=35, high_days=730)
    else:
        birth = persons.birth_date_for_age(rng, today=today, low=profile.ages[0], high=profile.ages[1])
    homeless = not youth and rng.random() < profile.homeless
    network: list[NetworkSpec] = persons.network(rng, citizen=name, youth=youth,
                                                 guardian=rng.random() < profile.guardian)
    household: str | None = None
    if homeless:
        where = persons.homeless_address()
    elif (previous is not None and previous.household is not None and not youth
          and previous.profile != "youth_17" and rng.random() < SHARED_HOUSEHOLD_RATE):
        household = previous.household
        where = persons.Address(previous.address, previous.postal_code, previous.district)
        network.append(NetworkSpec(name=f"{previous.first_name} {previous.last_name}",
                                   role=NetworkRole.PARTNER, may_take_part=rng.random() < 0.7))
    else:
        household = f"h{index}"
        where = persons.address(rng)
    cpr = persons.replacement_cpr(rng, birth=birth, male=name.male, used=used_cpr)
    situation = Situation(
        index=index, first_name=name.first, name=name, birth_date=birth, homeless=homeless,
        area=where.district.split(",")[0] if where.address else "Aarhus", profile=profile,
        coordinator=m.coordinator_of[index], problems=tuple(problems), overdue=overdue, days_to_event=days,
    )
    builder = PlanBuilder(rng=rng, today=today, org=m.organisation, situation=situation, network=network)
    plan = builder.build()
    is_overdue = any(f.goal is None and f.done_on is None and f.due_on < today for f in plan.follow_ups)
    return CitizenSpec(
        index=index, profile=profile.key, pool=profile.pool, cpr=cpr, first_name=name.first,
        last_name=name.last,
        birth_date=birth, address=where.address, postal_code=where.postal_code, district=where.district,
        household=household, network=tuple(builder.network), plan=plan, problems=tuple(problems),
        overdue=is_overdue,
    )


def citizen_specs(m: Municipality) -> Iterator[CitizenSpec]:
    used: set[str] = set()
    previous: CitizenSpec | None = None
    for index in range(m.citizens):
        spec = citizen_spec(m, index, used_cpr=used, previous=previous)
        yield spec
        previous = spec
