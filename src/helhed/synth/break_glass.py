"""The demo's break-the-glass accesses (nødadgange), so the review lists of the data-protection officer and
the team leaders do not start empty.

Staff with no relation to a citizen open them through `sharing.services.break_glass_open` (audited, shown in
the citizen's access log), look at the plan through the grant (a read marked break-the-glass in the log),
and some are reviewed through `break_glass_review` by the data-protection officer or a team leader above
the actor's unit. The services stamp "now"; right after, in the same transaction, the grant's times are
moved back to the drawn ones (opened some days ago, expired an hour later, reviewed a few days after), as
demo.py does for notes and versions. The audit records keep the time they were written, the build's: the
log is append-only and hash-chained, so it is never rewritten (`helhed audit verify` passes).

About one access per 60 citizens (4-6 in the default 300, at least 2 so one waits and one is reviewed),
drawn from the seed's own stream, after everything else is written, so nothing else of a seed changes.
The first is a colleague in the demo team leader's team ("teamleder"), waiting for review.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from helhed.access.relations import facts_of
from helhed.people.choices import Role
from helhed.people.models import User
from helhed.plans import selectors as plan_selectors
from helhed.plans.choices import PlanStatus
from helhed.plans.models import Plan
from helhed.sharing import services as sharing
from helhed.sharing.models import BreakGlass
from helhed.sharing.selectors import may_review
from helhed.synth.organisation import DPO_KEY, PERSONAS
from helhed.synth.scenario import TZ
from helhed.synth.writer import Registry

CITIZENS_PER_ACCESS = 60
MIN_ACCESSES = 2
MAX_ACCESSES = 400  # below the review list's 500 rows
DAYS_BACK = (2, 42)  # opened 2 days to 6 weeks ago: every grant has expired before the build
PENDING_WITHIN_DAYS = 7  # younger accesses wait for review; older ones mostly have been
REVIEWED_SHARE = 0.75
NIGHT_HOURS = (22, 23, 0, 1, 2, 3, 4)
DAY_HOURS = (8, 9, 10, 11, 12, 13, 14, 15)


@dataclass(frozen=True)
class Situation:
    """Who breaks the glass (staff of `unit` in `role`), at what time of day, and the reasons they give."""

    unit: str
    role: str
    night: bool
    reasons: tuple[str, ...]


COVERING = Situation("udsatte-team-0", Role.COORDINATING_CASEWORKER, False, (
    "Dækker for borgerens koordinator under sygdom; borgeren ringede om et aflyst møde og en udbetaling.",
    "Borgeren mødte op i teamets åbne rådgivning i akut krise, og koordinator var på kursus.",
))
SITUATIONS: tuple[Situation, ...] = (
    Situation("socialvagten", Role.PROVIDER, True, (
        "Borgeren henvendte sig til Socialvagten om natten i akut krise; koordinator kunne ikke kontaktes.",
        "Politiet bad Socialvagten om hjælp til borgeren sent aften; skulle kende aftaler og netværk.",
        "Akut henvendelse sent om aftenen om manglende husly; skulle se igangværende indsatser og aftaler.",
        "Vagtlægen ringede om natten om borgerens medicin og behandling; koordinator kunne ikke træffes.",
    )),
    Situation("oestervang", Role.PROVIDER, True, (
        "Borgeren ankom til Østervang om natten uden medicin; skulle se aftaler om behandling.",
        "Borgeren blev bragt til Østervang af politiet; skulle vide, om der er en plan og en koordinator.",
    )),
    Situation("gadeteam", Role.PROVIDER, True, (
        "Borgeren blev fundet forkommen ved Banegårdspladsen; skulle kende kontaktpersoner i netværket.",
        "Borgeren bad Gadeteamet om hjælp til en akut lægeaftale; skulle se igangværende behandling.",
    )),
    Situation("misbrug", Role.PROVIDER, False, (
        "Borgeren mødte op akut i misbrugsbehandlingen uden henvisning; skulle se igangværende indsatser.",
        "Akut abstinenstilstand i ambulatoriet; skulle kende borgerens aftaler med psykiatrien.",
    )),
    COVERING,
)
REVIEW_NOTES: tuple[str, ...] = (
    "Berettiget: akut krise uden for åbningstid. Koordinator er orienteret.",
    "Berettiget: borgeren mødte op uanmeldt; kun de nødvendige oplysninger er set.",
    "Berettiget, men koordinator burde have været forsøgt kontaktet først. Talt med medarbejderen.",
    "Berettiget: politiets henvendelse krævede hurtig afklaring af borgerens aftaler.",
    "Gennemgået: adgangen svarer til begrundelsen. Ingen bemærkninger.",
)


def access_count(rng: random.Random, citizens: int) -> int:
    """About one access per 60 citizens, give or take a fifth; at least 2, at most 400."""
    base = citizens / CITIZENS_PER_ACCESS
    drawn = rng.randint(math.floor(base * 0.8), math.ceil(base * 1.2))
    return min(MAX_ACCESSES, max(MIN_ACCESSES, drawn))


def _at(rng: random.Random, day: dt.date, hours: Sequence[int]) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.choice(hours), rng.randrange(60), tzinfo=TZ)


def _actors(reg: Registry, situation: Situation) -> list[User]:
    """The staff of the situation's unit and role; a demo log-in only if there is nobody else (a small
    demo's first team has only "koordinator")."""
    unit = reg.units.get(situation.unit)
    personas = set(PERSONAS.values())
    staff = [(key, user) for key, user in reg.staff.items()
             if unit is not None and user.unit_id == unit.pk and user.role == situation.role]
    return [user for key, user in staff if key not in personas] or [user for _key, user in staff]


def _stranger_citizen(actor: User, candidates: list[int], taken: set[int]) -> int | None:
    """The first candidate the actor has no relation with at all (not one they could partly read)."""
    for citizen_id in candidates:
        if citizen_id in taken:
            continue
        facts = facts_of(actor, citizen_id)
        if facts.citizen is not None and not facts.relations:
            return citizen_id
    return None


def _reviewers(reg: Registry, grant: BreakGlass) -> list[User]:
    """The data-protection officer and every team leader above the actor's unit."""
    leaders = [u for u in reg.staff.values() if u.role == Role.TEAM_LEADER and may_review(u, grant)]
    dpo = reg.staff.get(DPO_KEY)
    return ([dpo] if dpo is not None else []) + leaders


def break_glass_write(rng: random.Random, plans: Sequence[Plan], reg: Registry, *, today: dt.date) -> int:
    """Open (and review some of) the demo's break-the-glass accesses; returns how many were opened."""
    wanted = access_count(rng, len(plans))
    candidates = sorted(Plan.objects.filter(pk__in=[p.pk for p in plans], status=PlanStatus.ACTIVE)
                        .values_list("citizen_id", flat=True))
    rng.shuffle(candidates)
    taken: set[int] = set()
    opened = 0
    for n in range(wanted * 3):  # a draw finds no actor or no stranger now and then, in a small demo
        if opened == wanted:
            break
        situation = COVERING if n == 0 else rng.choice(SITUATIONS)
        actors = _actors(reg, situation)
        if not actors:
            continue
        actor = rng.choice(actors)
        citizen_id = _stranger_citizen(actor, candidates, taken)
        if citizen_id is None:
            continue
        taken.add(citizen_id)
        first = opened == 0
        days_back = rng.randint(DAYS_BACK[0], PENDING_WITHIN_DAYS - 1) if first else rng.randint(*DAYS_BACK)
        opened_at = _at(rng, today - dt.timedelta(days=days_back),
                        NIGHT_HOURS if situation.night else DAY_HOURS)
        grant = sharing.break_glass_open(actor=actor, citizen_id=citizen_id,
                                         reason=rng.choice(situation.reasons))
        plan_selectors.plan_page(actor=actor, citizen_id=citizen_id)  # what they opened it for
        BreakGlass.objects.filter(pk=grant.pk).update(opened_at=opened_at,
                                                      expires_at=opened_at + sharing.break_glass_duration())
        opened += 1
        # The first waits (on the team leader's list), the second is reviewed: both kinds are always there.
        reviewed = opened == 2 or (opened > 2 and days_back >= PENDING_WITHIN_DAYS
                                   and rng.random() < REVIEWED_SHARE)
        if not reviewed:
            continue
        reviewer = rng.choice(_reviewers(reg, grant))
        sharing.break_glass_review(actor=reviewer, grant_id=grant.pk, note=rng.choice(REVIEW_NOTES))
        reviewed_on = opened_at.date() + dt.timedelta(days=rng.randint(1, max(1, min(5, days_back - 1))))
        BreakGlass.objects.filter(pk=grant.pk).update(reviewed_at=_at(rng, reviewed_on, DAY_HOURS))
    return opened
