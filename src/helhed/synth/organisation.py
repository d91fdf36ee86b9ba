"""The synthetic organisation: the Aarhus tree from `data/organisation.json`, its staff and their caseloads.

Case-holding teams are created as many as the caseloads need (20-30 citizens per coordinating
caseworker, about eight caseworkers and a team leader per team), so the same code gives a demo of a few
hundred citizens and a benchmark of 100,000. Provider staff grow with the number of citizens too.
"""

from __future__ import annotations

import math

from helhed.people.choices import Role
from helhed.synth import vocab
from helhed.synth.persons import person_name, rng_for, username_base
from helhed.synth.specs import OrganisationSpec, StaffSpec, UnitSpec

CASELOAD = (20, 30)
CITIZENS_PER_EXTRA_PROVIDER_SET = 2000

# Demo log-ins: username -> (role, how to find the staff member). The same for every seed.
PERSONAS: dict[str, str] = {
    "koordinator": "udsatte/coordinator/0",
    "sagsbehandler": "job/coordinator/0",
    "udforer": "misbrug/provider/0",
    "teamleder": "udsatte-team-0/team_leader/0",
    "analytiker": "resultater/analyst/0",
    "admin": "digital/administrator/0",
    "koordinator-unge": "unge/coordinator/0",
    "dpo": "databeskyttelse/analyst/0",
}

# The data-protection officer (databeskyttelsesrådgiver): an analyst by role (no relation to any citizen,
# no break-the-glass of their own) in their own unit, who reviews every break-the-glass access through the
# permission of the group `DPO_GROUP` (writer.py), not through a role. Added after every other member of
# staff, so the names drawn for the others stay what they were.
DPO_KEY = "databeskyttelse/analyst/0"
DPO_GROUP = "Databeskyttelsesrådgiver"


def caseloads(seed: int, pool: str, citizens: int) -> tuple[int, ...]:
    """How many citizens each coordinator of the pool holds (the last one takes the rest)."""
    rng = rng_for(seed, "caseloads", pool)
    loads: list[int] = []
    total = 0
    while total < citizens:
        load = min(rng.randint(*CASELOAD), citizens - total)
        loads.append(load)
        total += load
    return tuple(loads) or (0,)


def organisation_spec(*, seed: int, pool_sizes: dict[str, int], citizens: int) -> OrganisationSpec:
    data = vocab.organisation()
    rng = rng_for(seed, "staff")
    scale = max(1, math.ceil(citizens / CITIZENS_PER_EXTRA_PROVIDER_SET))
    units = [
        UnitSpec(key=u["key"], name=u["name"], kind=u["kind"], sector=u["sector"], parent=u["parent"],
                 provides=tuple(u.get("provides", ())))
        for u in data["units"]
    ]
    members: list[tuple[str, str, str]] = []  # (key, role, unit)
    for u in data["units"]:
        for role, count in u.get("staff", {}).items():
            n = count * scale if role in (Role.PROVIDER, Role.CASEWORKER) else count
            members += [(f"{u['key']}/{role}/{k}", role, u["key"]) for k in range(n)]

    coordinators: dict[str, tuple[str, ...]] = {}
    loads: dict[str, tuple[int, ...]] = {}
    for pool, conf in data["pools"].items():
        loads[pool] = caseloads(seed, pool, pool_sizes.get(pool, 0))
        n_coord = len(loads[pool])
        n_teams = max(int(conf["min_teams"]), math.ceil(n_coord / int(conf["team_size"])))
        per_team = math.ceil(n_coord / n_teams)
        names = conf["teams"]
        for t in range(n_teams):
            base = names[t % len(names)]
            name = base if t < len(names) else f"{base} {t // len(names) + 1}"
            key = f"{pool}-team-{t}"
            units.append(UnitSpec(key=key, name=name, kind="team", sector=conf["sector"],
                                  parent=conf["parent"]))
            members.append((f"{key}/team_leader/0", Role.TEAM_LEADER, key))
        keys = []
        for k in range(n_coord):
            key = f"{pool}/coordinator/{k}"
            keys.append(key)
            members.append((key, conf["role"], f"{pool}-team-{k // per_team}"))
        coordinators[pool] = tuple(keys)
    members.append((DPO_KEY, Role.ANALYST, DPO_KEY.split("/")[0]))

    persona_of = {key: username for username, key in PERSONAS.items()}
    taken = set(PERSONAS)
    staff: list[StaffSpec] = []
    for key, role, unit in members:
        name = person_name(rng, male=rng.random() < 0.35)
        username = persona_of.get(key)
        if username is None:
            base = username_base(name.first, name.last)
            username, n = base, 1
            while username in taken:
                n += 1
                username = f"{base}{n}"
        taken.add(username)
        staff.append(StaffSpec(key=key, username=username, first_name=name.first, last_name=name.last,
                               role=str(role), unit=unit))
    responsible: dict[str, list[str]] = {}
    for s in staff:
        if s.role in (Role.PROVIDER, Role.CASEWORKER) and "/coordinator/" not in s.key:
            responsible.setdefault(s.unit, []).append(s.key)
    return OrganisationSpec(
        units=tuple(units), staff=tuple(staff), coordinators=coordinators,
        responsible={k: tuple(v) for k, v in responsible.items()},
        personas=dict(PERSONAS), caseloads=loads,
    )
