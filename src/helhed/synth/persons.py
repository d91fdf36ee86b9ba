"""Synthetic persons: names, replacement CPR numbers, birth dates, addresses and networks.

Every CPR number made here is a replacement number (erstatningspersonnummer: day of month + 60), which
is never an ordinary person's number. Pure functions over a `random.Random`; no database.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from helhed.people.choices import NetworkRole
from helhed.plans.pension import eighteenth_birthday, pension_date
from helhed.synth import vocab
from helhed.synth.specs import NetworkSpec

REPLACEMENT_OFFSET = 60


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent, reproducible stream for one part of the municipality (seeding by string is stable)."""
    return random.Random(":".join([str(seed), *map(str, parts)]))


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    male: bool
    other_origin: bool = False


def person_name(rng: random.Random, *, male: bool, last: str | None = None) -> Name:
    names = vocab.names()
    other = rng.random() < names.other_share
    group = names.other if other else names.danish
    first = rng.choice(group.male if male else group.female)
    return Name(first=first, last=last or rng.choice(group.last), male=male, other_origin=other)


def replacement_cpr(rng: random.Random, *, birth: dt.date, male: bool, used: set[str]) -> str:
    """A replacement CPR number for the birth date, unique within `used` (which it extends)."""
    seventh_digits = (0, 1, 2, 3) if birth.year < 2000 else (4, 9)
    seventh = rng.choice(seventh_digits)
    middle = rng.randrange(100)
    last = rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    head = f"{birth.day + REPLACEMENT_OFFSET:02d}{birth.month:02d}{birth.year % 100:02d}"
    for attempt in range(100 * len(seventh_digits)):
        turn = (seventh_digits.index(seventh) + (middle + attempt) // 100) % len(seventh_digits)
        digit = seventh_digits[turn]
        cpr = f"{head}-{digit}{(middle + attempt) % 100:02d}{last}"
        if cpr not in used:
            used.add(cpr)
            return cpr
    raise RuntimeError(f"No free replacement CPR number on {birth}")  # pragma: no cover


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date_for_age(rng: random.Random, *, today: dt.date, low: int, high: int) -> dt.date:
    """A birth date for someone aged low..high (inclusive) today, who is an adult and not at pension age
    within the next 30 days (those transitions are made on purpose, elsewhere)."""
    for _ in range(200):
        age = rng.randint(low, high)
        latest = years_before(today, age)  # turned `age` today
        birth = latest - dt.timedelta(days=rng.randrange(365))
        if eighteenth_birthday(birth) <= today and pension_date(birth) > today + dt.timedelta(days=35):
            return birth
    raise RuntimeError("No birth date fits")  # pragma: no cover


def birth_date_turning_18_in(today: dt.date, days: int) -> dt.date:
    """Born so that the 18th birthday is `days` from today."""
    return years_before(today + dt.timedelta(days=days), 18)


def birth_date_near_pension(rng: random.Random, *, today: dt.date, low_days: int, high_days: int) -> dt.date:
    """Born so that state pension age comes in low_days..high_days."""
    for _ in range(500):
        birth = today - dt.timedelta(days=rng.randint(int(64 * 365.25), int(70 * 365.25)))
        if low_days <= (pension_date(birth) - today).days <= high_days:
            return birth
    raise RuntimeError("No birth date near pension age fits")  # pragma: no cover


@dataclass(frozen=True)
class Address:
    address: str
    postal_code: str
    district: str


def address(rng: random.Random) -> Address:
    districts = vocab.districts()
    d = rng.choices(districts, weights=[x.weight for x in districts])[0]
    street = rng.choice(d.streets)
    number = rng.randint(1, 120)
    floor = rng.choice(("", "", "", ", st. tv.", ", 1. th.", ", 2. tv.", ", 3. mf.", ", 4. th.", ", 7. tv."))
    return Address(address=f"{street} {number}{floor}", postal_code=d.postal_code,
                   district=f"{rng.choice(d.areas)}, {d.postal_code} {d.postal_name}")


def homeless_address() -> Address:
    return Address(address="", postal_code="", district=vocab.homeless_district())


# How often each kind of person is in a citizen's network, by the citizen's situation.
_NETWORK_ROLES: tuple[tuple[str, float], ...] = (
    (NetworkRole.PARENT, 0.20), (NetworkRole.SIBLING, 0.18), (NetworkRole.CHILD, 0.16),
    (NetworkRole.PARTNER, 0.08), (NetworkRole.FRIEND, 0.16), (NetworkRole.VOLUNTEER, 0.08),
    (NetworkRole.RELATIVE, 0.06), (NetworkRole.NEIGHBOUR, 0.04), (NetworkRole.OTHER, 0.04),
)


def network_person(rng: random.Random, *, citizen: Name, role: str,
                   may_take_part: bool | None = None) -> NetworkSpec:
    family = role in (NetworkRole.PARENT, NetworkRole.SIBLING, NetworkRole.CHILD, NetworkRole.RELATIVE)
    male = rng.random() < 0.5
    name = person_name(rng, male=male, last=citizen.last if family and rng.random() < 0.7 else None)
    take_part = may_take_part if may_take_part is not None else rng.random() < 0.6
    return NetworkSpec(name=f"{name.first} {name.last}", role=str(role), may_take_part=take_part)


def network(rng: random.Random, *, citizen: Name, youth: bool, guardian: bool) -> list[NetworkSpec]:
    people: list[NetworkSpec] = []
    count = rng.choices((0, 1, 2, 3, 4), weights=(15, 30, 30, 17, 8))[0]
    roles = [r for r, _w in _NETWORK_ROLES]
    weights = [w for _r, w in _NETWORK_ROLES]
    for _ in range(count):
        role = rng.choices(roles, weights=weights)[0]
        if youth and role in (NetworkRole.CHILD, NetworkRole.PARTNER):
            role = NetworkRole.PARENT
        people.append(network_person(rng, citizen=citizen, role=role))
    if youth and not any(p.role == NetworkRole.PARENT for p in people):
        people.append(network_person(rng, citizen=citizen, role=NetworkRole.PARENT))
    if guardian:
        people.append(network_person(rng, citizen=citizen, role=NetworkRole.GUARDIAN, may_take_part=True))
    return people


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa",
                        "ö": "oe", "ü": "ue"})


def username_base(first: str, last: str) -> str:
    text = f"{first}.{last}".translate(_ASCII).lower().replace(" ", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")
