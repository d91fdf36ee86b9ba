"""Life situations of the synthetic citizens and the help each typically gets.

A profile says which case-holding pool coordinates the plan, the ages, and a menu of interventions
(catalogue code, the units that provide it, the life domain of the goal it serves, how likely it is).
The weights give a big-city mix of the adult social area: homelessness and substance use, mental
illness, dual diagnosis, disability, unemployment with complex problems, release from prison, young
people leaving care, 17-year-olds approaching 18 and disabled young people under 18.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    code: str
    units: tuple[str, ...]
    domain: str


@dataclass(frozen=True)
class Offer:
    p: float
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Profile:
    key: str
    pool: str
    weight: float
    ages: tuple[int, int]
    male_share: float
    homeless: float
    offers: tuple[Offer, ...]
    extra_domains: tuple[str, ...]
    guardian: float = 0.0


def _a(code: str, units: str, domain: str) -> Alternative:
    return Alternative(code=code, units=tuple(units.split()), domain=domain)


def _o(p: float, *alternatives: Alternative) -> Offer:
    return Offer(p=p, alternatives=alternatives)


BOSTOTTE = "bostotte-nord bostotte-syd"
INCOME = _a("kontanthjaelp", "visitation", "economy")

PROFILES: tuple[Profile, ...] = (
    Profile(
        "homeless_substance", "udsatte", 14, (22, 62), 0.75, 0.7,
        (
            _o(0.8, _a("kontaktperson-99", "gadeteam opsoegende", "housing")),
            _o(0.6, _a("forsorgshjem-110", "oestervang oestervang kirkens-korshaer", "housing")),
            _o(0.8, _a("stofbehandling-ambulant", "misbrug", "substance_use"),
               _a("alkoholbehandling", "alkohol", "substance_use")),
            _o(0.9, INCOME),
            _o(0.5, _a("boliganvisning", "brabrand-bolig ringgaarden", "housing"),
               _a("skaev-bolig", "skaeve-huse", "housing")),
            _o(0.25, _a("cti-85", "housing-first", "housing")),
            _o(0.15, _a("enkeltydelse", "visitation", "economy")),
        ),
        ("physical_health", "family_network", "leisure_citizenship", "economy"),
    ),
    Profile(
        "dual_diagnosis", "udsatte", 12, (20, 60), 0.65, 0.15,
        (
            _o(0.85, _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
            _o(0.85, _a("stofbehandling-ambulant", "misbrug", "substance_use"),
               _a("alkoholbehandling", "alkohol", "substance_use")),
            _o(0.8, _a("bostotte-85", BOSTOTTE, "housing"), _a("act-85", "housing-first", "housing"),
               _a("icm-85", "housing-first", "housing")),
            _o(0.8, INCOME, _a("ressourceforloeb", "aktivitetsparate", "employment_education")),
            _o(0.4, _a("aktivitetstilbud-104", "dagomraadet", "leisure_citizenship")),
            _o(0.2, _a("mentor", "mentorkorpset", "employment_education")),
        ),
        ("physical_health", "family_network", "economy"),
    ),
    Profile(
        "mental_illness", "udsatte", 14, (20, 64), 0.5, 0.0,
        (
            _o(0.85, _a("bostotte-85", BOSTOTTE, "mental_health"),
               _a("bostotte-85", BOSTOTTE, "mental_health"),
               _a("botilbud-107", "bosted-lindevang bosted-skovvang", "housing")),
            _o(0.7, _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
            _o(0.5, _a("aktivitetstilbud-104", "dagomraadet", "leisure_citizenship")),
            _o(0.5, _a("ressourceforloeb", "aktivitetsparate", "employment_education"),
               _a("jobafklaringsforloeb", "aktivitetsparate", "employment_education")),
            _o(0.25, _a("mentor", "mentorkorpset", "employment_education")),
            _o(0.2, _a("virksomhedspraktik", "virksomhedskonsulenter", "employment_education")),
        ),
        ("family_network", "physical_health", "economy", "leisure_citizenship"),
    ),
    Profile(
        "alcohol_employment", "job", 12, (25, 62), 0.65, 0.05,
        (
            _o(0.8, _a("alkoholbehandling", "alkohol", "substance_use")),
            _o(0.9, INCOME),
            _o(0.7, _a("virksomhedspraktik", "virksomhedskonsulenter", "employment_education"),
               _a("loentilskud", "virksomhedskonsulenter", "employment_education"),
               _a("vejledning-opkvalificering", "uu", "employment_education")),
            _o(0.3, _a("jobafklaringsforloeb", "aktivitetsparate", "employment_education")),
            _o(0.4, _a("mentor", "mentorkorpset", "employment_education")),
            _o(0.2, _a("enkeltydelse", "visitation", "economy")),
        ),
        ("physical_health", "family_network", "economy"),
    ),
    Profile(
        "prison_release", "udsatte", 5, (20, 50), 0.9, 0.2,
        (
            _o(1.0, _a("kriminalforsorg-tilsyn", "kf-aarhus", "crime")),
            _o(0.9, INCOME),
            _o(0.7, _a("boliganvisning", "brabrand-bolig ringgaarden", "housing")),
            _o(0.5, _a("stofbehandling-ambulant", "misbrug", "substance_use")),
            _o(0.5, _a("mentor", "mentorkorpset", "employment_education")),
        ),
        ("family_network", "employment_education", "leisure_citizenship"),
    ),
    Profile(
        "disability_residential", "handicap", 10, (22, 66), 0.55, 0.0,
        (
            _o(0.95, _a("botilbud-108", "bocenter-nord bocenter-syd bosted-skovvang", "housing")),
            _o(0.8, _a("beskyttet-beskaeftigelse-103", "kuc dagomraadet", "employment_education"),
               _a("aktivitetstilbud-104", "kuc dagomraadet", "leisure_citizenship")),
            _o(0.2, _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
        ),
        ("leisure_citizenship", "physical_health", "family_network"),
        guardian=0.4,
    ),
    Profile(
        "disability_own_home", "handicap", 8, (18, 50), 0.6, 0.0,
        (
            _o(0.9, _a("bostotte-85", "autisme-adhd", "housing"),
               _a("bostotte-85a", "autisme-adhd", "housing")),
            _o(0.6, _a("fleksjob", "virksomhedskonsulenter", "employment_education"),
               _a("ressourceforloeb", "aktivitetsparate", "employment_education")),
            _o(0.3, _a("mentor", "mentorkorpset", "employment_education")),
            _o(0.3, _a("aktivitetstilbud-104", "kuc", "leisure_citizenship")),
        ),
        ("family_network", "economy", "mental_health"),
        guardian=0.1,
    ),
    Profile(
        "young_adult", "unge", 8, (18, 23), 0.6, 0.3,
        (
            _o(0.7, _a("eftervaern-114", "eftervaern malmoegade", "housing")),
            _o(0.7, _a("vejledning-opkvalificering", "uu", "employment_education")),
            _o(0.6, INCOME),
            _o(0.3, _a("bostotte-85a", BOSTOTTE, "economy")),
            _o(0.15, _a("forsorgshjem-110", "malmoegade", "housing")),
            _o(0.2, _a("stofbehandling-ambulant", "misbrug", "substance_use")),
            _o(0.15, _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
        ),
        ("leisure_citizenship", "family_network"),
    ),
    Profile(
        "youth_17", "unge", 3, (17, 17), 0.55, 0.0,
        (
            _o(1.0, _a("anbringelse-institution", "ungehuset", "family_network"),
               _a("anbringelse-plejefamilie", "plejefamilier", "family_network"),
               _a("familiebehandling-32", "familiebehandling", "family_network")),
            _o(0.7, _a("vejledning-opkvalificering", "uu", "employment_education")),
            _o(0.15, _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
        ),
        ("leisure_citizenship", "mental_health"),
    ),
    Profile(
        "family_parent", "udsatte", 8, (22, 50), 0.35, 0.0,
        (
            _o(0.9, _a("familiebehandling-32", "familiebehandling", "family_network"),
               _a("tidlig-forebyggende-30", "familiebehandling", "family_network")),
            _o(0.7, INCOME),
            _o(0.4, _a("bostotte-85", BOSTOTTE, "housing")),
            _o(0.3, _a("alkoholbehandling", "alkohol", "substance_use"),
               _a("psykiatri-ambulant", "auh-psykiatri", "mental_health")),
            _o(0.4, _a("vejledning-opkvalificering", "uu", "employment_education"),
               _a("virksomhedspraktik", "virksomhedskonsulenter", "employment_education")),
        ),
        ("economy", "physical_health", "leisure_citizenship"),
    ),
    Profile(
        "residential_treatment", "udsatte", 4, (22, 55), 0.7, 0.2,
        (
            _o(0.9, INCOME),
            _o(0.3, _a("bostotte-85", BOSTOTTE, "housing")),
            _o(0.2, _a("vejledning-opkvalificering", "uu", "employment_education")),
        ),
        ("family_network", "physical_health"),
    ),
    Profile(
        "psychiatric_admission", "udsatte", 3, (20, 60), 0.55, 0.1,
        (
            _o(0.6, _a("bostotte-85", BOSTOTTE, "housing")),
            _o(0.7, INCOME, _a("ressourceforloeb", "aktivitetsparate", "employment_education")),
        ),
        ("family_network", "physical_health"),
    ),
    Profile(
        "older_vulnerable", "udsatte", 3, (60, 66), 0.6, 0.05,
        (
            _o(0.7, _a("bostotte-85", BOSTOTTE, "housing")),
            _o(0.6, _a("beskyttet-beskaeftigelse-103", "dagomraadet kuc", "employment_education")),
            _o(0.3, _a("alkoholbehandling", "alkohol", "substance_use")),
            _o(0.4, INCOME),
        ),
        ("physical_health", "family_network", "leisure_citizenship"),
    ),
    # Weight 0: not drawn with the others (their draws stay as they were) but by generator.profile_of from
    # its own stream. Disabled young people whose plan the disability service coordinates, so Aarhus'
    # goals for disabled children have someone to count.
    Profile(
        "disabled_child", "handicap", 0, (15, 17), 0.6, 0.0,
        (
            _o(0.8, _a("familiebehandling-32", "familiebehandling", "family_network")),
            _o(0.7, _a("vejledning-opkvalificering", "uu", "employment_education")),
            _o(0.5, _a("aktivitetstilbud-104", "kuc", "leisure_citizenship")),
        ),
        ("leisure_citizenship", "physical_health"),
        guardian=0.3,
    ),
)

BY_KEY: dict[str, Profile] = {p.key: p for p in PROFILES}
