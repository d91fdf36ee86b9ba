"""One citizen's plan, generated: goals in their own words, interventions, follow-ups, meetings, notes.

Dates are drawn relative to `today`, so a seed gives the same plans relative to the day it is run.
Ordinary plans are coherent (every intervention serves a goal, no help is given twice, deadlines are
kept, transitions are arranged); the coherence problems a caseworker should find are put in on purpose
(`PROBLEMS`), each by a small function, so their share is known and tests can count on them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from helhed.people.choices import NetworkRole
from helhed.synth import vocab
from helhed.synth.persons import Name, network_person
from helhed.synth.profiles import Profile
from helhed.synth.specs import (
    FollowUpSpec,
    GoalSpec,
    InterventionSpec,
    MeetingSpec,
    NetworkSpec,
    NoteSpec,
    OrganisationSpec,
    PlanSpec,
    TransitionSpec,
    VersionSpec,
)

TZ = ZoneInfo("Europe/Copenhagen")

# The coherence problems put in on purpose (plans.coherence rule in brackets).
CONFLICTING_DEMANDS = "conflicting_demands"        # activation >= 20 h/week in residential treatment
DUPLICATE_HELP = "duplicate_help"                  # the same help from two units
INTERVENTION_WITHOUT_GOAL = "intervention_without_goal"
GOAL_WITHOUT_SUPPORT = "goal_without_support"
PRISON_RELEASE_NO_HOUSING = "prison_release_no_housing"  # [transition_without_plan]
DRUG_TREATMENT_LATE = "drug_treatment_late"        # [legal_deadline] § 101 requested 12+ days ago
TURNING_18_SOON = "turning_18_soon"                # [transition_without_plan]
PROBLEMS = (CONFLICTING_DEMANDS, DUPLICATE_HELP, INTERVENTION_WITHOUT_GOAL, GOAL_WITHOUT_SUPPORT,
            PRISON_RELEASE_NO_HOUSING, DRUG_TREATMENT_LATE, TURNING_18_SOON)

STATUSES, STATUS_WEIGHTS = ("active", "ended", "decided", "requested"), (62, 18, 10, 10)
END_REASONS = ("goal_reached", "not_effective", "citizen_declined", "replaced", "moved", "other")
END_REASON_WEIGHTS = (35, 15, 15, 15, 5, 15)
NOTE_CATEGORIES = {"support", "treatment", "activation", "residential", "housing", "income", "family",
                   "other"}


@dataclass
class _Goal:
    domain: str
    wording: str
    staff_note: str
    target_date: dt.date | None
    status: str = "open"
    follow_up: bool = False
    unsupported: bool = False  # put in on purpose: no intervention and no follow-up


@dataclass
class _Intervention:
    code: str
    unit: str
    responsible: str | None
    status: str
    requested_on: dt.date
    decided_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    hours: Decimal | None
    cost: Decimal | None
    goals: list[int] = field(default_factory=list)
    end_reason: str = ""

    @property
    def live(self) -> bool:
        return self.status != "ended"


@dataclass(frozen=True)
class Situation:
    """What the plan needs to know about the citizen."""

    index: int
    first_name: str
    name: Name
    birth_date: dt.date
    homeless: bool
    area: str
    profile: Profile
    coordinator: str
    problems: tuple[str, ...]
    overdue: bool
    # For 17-year-olds: days to the 18th birthday; for prison releases: days to release (negative: released).
    days_to_event: int | None = None


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    hour, minute = rng.randint(8, 15), rng.choice((0, 15, 30, 45))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class PlanBuilder:
    def __init__(self, *, rng: random.Random, today: dt.date, org: OrganisationSpec, situation: Situation,
                 network: list[NetworkSpec]) -> None:
        self.rng, self.today, self.org, self.s = rng, today, org, situation
        self.network = network
        self.goals: list[_Goal] = []
        self.interventions: list[_Intervention] = []
        self.transitions: list[TransitionSpec] = []
        self.catalogue = vocab.catalogue()
        self.norms = vocab.type_norms()
        self.phrases = vocab.phrases()
        self.used_wordings: set[str] = set()
        self.blocked: set[str] = set()  # codes the situation rules out (e.g. treatment while in prison)
        youth = situation.profile.key == "youth_17"
        age_days = self.rng.randint(40, 700) if youth else int(21 + 1080 * self.rng.random() ** 1.4)
        if situation.overdue:
            age_days = max(age_days, 200)
        self.started_on = today - dt.timedelta(days=age_days)
        choices = (30, 60, 90, 90, 90, 120, 180) if age_days < 240 else (60, 90, 90, 90, 120, 180)
        self.interval = self.rng.choice(choices)
        if situation.overdue:
            self.interval = min(self.interval, 120)

    # -- small helpers -------------------------------------------------------------------------------
    def days(self, n: int) -> dt.timedelta:
        return dt.timedelta(days=n)

    def _responsible(self, unit: str) -> str | None:
        staff = self.org.responsible.get(unit)
        return self.rng.choice(staff) if staff else None

    def _fill(self, text: str) -> str:
        child = next((p.name.split()[0] for p in self.network if p.role == NetworkRole.CHILD), "")
        return text.format(first=self.s.first_name, child=child, when=self.rng.choice(self.phrases["when"]),
                           area=self.s.area)

    def _hours_cost(self, code: str) -> tuple[Decimal | None, Decimal | None]:
        norms = self.norms[code]
        hours = None
        if norms.hours:
            low, high = norms.hours
            hours = Decimal(str(round(self.rng.uniform(low, high) * 2) / 2))
        cost = None
        if norms.cost_range:
            rate = self.rng.randint(*norms.cost_range)
            if norms.cost_per == "hour":
                yearly = rate * float(hours or 1) * 52
            elif norms.cost_per == "month":
                yearly = rate * 12
            else:
                yearly = rate
            cost = Decimal(int(round(yearly, -2))).quantize(Decimal("0.01"))
        return hours, cost

    def _dates(self, code: str, status: str) -> tuple[str, dt.date, dt.date | None, dt.date | None,
                                                      dt.date | None]:
        """Request, decision, start and end dates for a status, keeping statutory start deadlines."""
        rng, today = self.rng, self.today
        deadline = self.catalogue[code].start_deadline_days
        low, high = self.norms[code].days
        duration = rng.randint(low, high)
        lead = (lambda: rng.randint(1, deadline - 1)) if deadline else (lambda: rng.randint(2, 30))
        if status == "ended":
            history = (today - self.started_on).days + 120
            if history < 20:
                status = "active"
            else:
                duration = min(duration, history - 10)
                end = today - self.days(rng.randint(1, max(1, history - duration - 5)))
                start = end - self.days(duration)
                requested = start - self.days(lead())
                decided = requested + self.days(rng.randint(0, (start - requested).days))
                return status, requested, decided, start, end
        if status == "active":
            start = today - self.days(rng.randint(1, (today - self.started_on).days + 90))
            requested = start - self.days(lead())
            decided = requested + self.days(rng.randint(0, (start - requested).days))
            planned_end = start + self.days(duration)
            end_on = planned_end if planned_end > today + self.days(7) and rng.random() < 0.6 else None
            return status, requested, decided, start, end_on
        if status == "decided":
            if deadline:
                requested = today - self.days(rng.randint(1, 9))
                start = today + self.days(rng.randint(1, (requested + self.days(deadline) - today).days))
            else:
                requested = today - self.days(rng.randint(3, 45))
                start = today + self.days(rng.randint(1, 30))
            decided = requested + self.days(rng.randint(0, (today - requested).days))
            end_on = start + self.days(duration) if rng.random() < 0.5 else None
            return status, requested, decided, start, end_on
        requested = today - self.days(rng.randint(0, 9 if deadline else 30))
        return "requested", requested, None, None, None

    def _same_help_elsewhere(self, code: str, unit: str) -> bool:
        basis = self.catalogue[code].legal_basis
        return any(i.live and self.catalogue[i.code].legal_basis == basis and i.unit != unit
                   for i in self.interventions)

    def goal(self, domain: str, *, youth: bool = False) -> int:
        """The index of the plan's goal in `domain`, adding one in the citizen's words if there is none."""
        for n, g in enumerate(self.goals):
            if g.domain == domain:
                return n
        return self.add_goal(domain, youth=youth)

    def _fits(self, phrase: str | dict[str, Any]) -> str | None:
        """The phrase's text if it fits this citizen (some goals only fit some situations)."""
        if isinstance(phrase, str):
            return phrase
        if "profiles" in phrase and self.s.profile.key not in phrase["profiles"]:
            return None
        if phrase.get("homeless") and not self.s.homeless:
            return None
        if phrase.get("other_origin") and not self.s.name.other_origin:
            return None
        return str(phrase["text"])

    def add_goal(self, domain: str, *, youth: bool = False) -> int:
        bank = self.phrases["youth_goals"].get(domain) if youth else None
        fitting = [t for t in (self._fits(p) for p in bank or self.phrases["goals"][domain]) if t]
        options = [w for w in fitting if w not in self.used_wordings]
        wording = self.rng.choice(options or fitting)
        self.used_wordings.add(wording)
        if "{child}" in wording and not any(p.role == NetworkRole.CHILD for p in self.network):
            self.network.append(network_person(self.rng, citizen=self.s.name, role=NetworkRole.CHILD))
        target = self.today + self.days(self.rng.randint(30, 365)) if self.rng.random() < 0.6 else None
        note = self.rng.choice(self.phrases["staff_notes"][domain])
        self.goals.append(_Goal(domain=domain, wording=self._fill(wording), staff_note=note,
                                target_date=target))
        return len(self.goals) - 1

    def add(self, code: str, unit: str, *, status: str | None = None, goals: list[int] | None = None,
            requested: dt.date | None = None, decided: dt.date | None = None, start: dt.date | None = None,
            end: dt.date | None = None, hours: Decimal | None = None,
            allow_duplicate: bool = False) -> int | None:
        """Add an intervention; ordinary plans never get the same help from two units (returns None)."""
        if not allow_duplicate and self._same_help_elsewhere(code, unit):
            return None
        chosen = status or self.rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        if code == "enkeltydelse":
            chosen = status or "ended"
        real_status, r, d, s, e = self._dates(code, chosen)
        if requested is not None:
            real_status, r, d, s, e = chosen, requested, decided, start, end
        h, cost = self._hours_cost(code)
        item = _Intervention(code=code, unit=unit, responsible=self._responsible(unit), status=real_status,
                             requested_on=r, decided_on=d, start_date=s, end_date=e,
                             hours=hours if hours is not None else h, cost=cost, goals=list(goals or []))
        if real_status == "ended":
            item.end_reason = self.rng.choices(END_REASONS, END_REASON_WEIGHTS)[0]
        self.interventions.append(item)
        return len(self.interventions) - 1

    def arranged(self, code: str, unit: str, on: dt.date, goal_domain: str) -> None:
        """A decided intervention starting on a transition date (what "arranged" means to the checks)."""
        deadline = self.catalogue[code].start_deadline_days
        requested = self.today - self.days(self.rng.randint(0, 1 if deadline else 20))
        self.add(code, unit, status="decided", goals=[self.goal(goal_domain)], requested=requested,
                 decided=self.today - self.days(self.rng.randint(0, (self.today - requested).days)),
                 start=on, end=None, allow_duplicate=True)

    # -- the plan ------------------------------------------------------------------------------------
    def build(self) -> PlanSpec:
        profile = self.s.profile
        hook = getattr(self, f"_situation_{profile.key}", None)
        if hook is not None:
            hook()
        youth = profile.key == "youth_17"
        for offer in profile.offers:
            if self.rng.random() >= offer.p:
                continue
            alt = self.rng.choice(offer.alternatives)
            if alt.code in self.blocked or any(i.code == alt.code for i in self.interventions):
                continue
            self.add(alt.code, self.rng.choice(alt.units), goals=[self.goal(alt.domain, youth=youth)])
        if len(self.interventions) < 2:
            alt = profile.offers[0].alternatives[0]
            if not any(i.code == alt.code for i in self.interventions):
                self.add(alt.code, alt.units[0], status="active", goals=[self.goal(alt.domain, youth=youth)])
        for domain in self.rng.sample(profile.extra_domains, k=min(len(profile.extra_domains), 2)):
            if self.rng.random() < 0.45 and all(g.domain != domain for g in self.goals):
                self.add_goal(domain, youth=youth and domain in self.phrases["youth_goals"])
        for n, i in enumerate(self.interventions):  # some interventions serve two goals
            if len(self.goals) > 1 and self.rng.random() < 0.2:
                other = self.rng.randrange(len(self.goals))
                if other not in i.goals:
                    self.interventions[n].goals.append(other)
        for problem in self.s.problems:
            getattr(self, f"_problem_{problem}")()
        self._goal_statuses()
        return self._finish()

    def _goal_statuses(self) -> None:
        supported = {g for i in self.interventions if i.live for g in i.goals}
        for n, g in enumerate(self.goals):
            if n in supported or g.status != "open":
                continue
            linked = [i for i in self.interventions if n in i.goals]
            if linked and any(i.end_reason == "goal_reached" for i in linked) and self.rng.random() < 0.8:
                g.status = self.rng.choice(("reached", "reached", "partly_reached"))
                g.target_date = max(i.end_date or self.today for i in linked)
            elif not g.unsupported:
                g.follow_up = True  # the citizen pursues it; we follow up on it

    def _follow_ups(self) -> list[FollowUpSpec]:
        rng, today = self.rng, self.today
        done: list[tuple[dt.date, dt.date]] = []
        due = self.started_on + self.days(self.interval)
        while due <= today:
            earliest = (done[-1][1] if done else self.started_on) + self.days(1)
            done_on = min(today, max(due + self.days(rng.randint(-7, 7)), earliest))
            done.append((due, done_on))
            due = done_on + self.days(self.interval)
        if self.s.overdue and done:
            drop = min(len(done), rng.choice((1, 1, 1, 2)))
            due = done[-drop][0]
            done = done[:-drop]
        result = [
            FollowUpSpec(due_on=d, done_on=o, note=self._fill(rng.choice(self.phrases["follow_up_notes"])))
            for d, o in done
        ]
        result.append(FollowUpSpec(due_on=due, done_on=None))
        for n, g in enumerate(self.goals):
            if g.follow_up:
                due_on = today + self.days(rng.randint(7, 90))
                result.append(FollowUpSpec(due_on=due_on, done_on=None, goal=n))
        return result

    def _meetings(self) -> list[MeetingSpec]:
        rng, today = self.rng, self.today
        age = (today - self.started_on).days
        days: list[dt.date] = []
        first = self.started_on + self.days(rng.randint(3, 21))
        if first < today:
            days.append(first)
        for _ in range(rng.randint(0, min(3, age // 150))):
            days.append(self.started_on + self.days(rng.randint(30, max(31, age - 1))))
        if rng.random() < 0.15:
            days.append(today + self.days(rng.randint(3, 30)))
        key = self.s.profile.key
        bank = [m for m in self.phrases["meetings"] if key in m.get("profiles", [key])]
        live_staff = sorted({i.responsible for i in self.interventions if i.live and i.responsible})
        meetings = []
        for n, day in enumerate(sorted(set(days))):
            kind = bank[0] if n == 0 and day == first else rng.choice(bank[1:])
            staff = [self.s.coordinator, *rng.sample(live_staff, k=min(len(live_staff), rng.randint(0, 3)))]
            network = tuple(k for k, p in enumerate(self.network) if p.may_take_part and rng.random() < 0.6)
            others = ", ".join(rng.sample(self.phrases["other_participants"], k=rng.choice((0, 0, 1, 2))))
            meetings.append(MeetingSpec(
                held_on=_aware(day, rng), title=kind["title"],
                summary=self._fill(kind["summary"]) if day <= today else "",
                citizen_present=rng.random() < 0.9, staff=tuple(dict.fromkeys(staff)), network=network,
                other_participants=others,
            ))
        return meetings

    def _notes(self) -> list[NoteSpec]:
        rng, today = self.rng, self.today
        age = (today - self.started_on).days
        notes = []
        for _ in range(rng.randint(1, min(12, 2 + age // 75))):
            day = self.started_on + self.days(rng.randint(0, age))
            author, link, category = self.s.coordinator, None, "general"
            if self.interventions and rng.random() < 0.7:
                k = rng.randrange(len(self.interventions))
                i = self.interventions[k]
                category = self.catalogue[i.code].category
                if i.live and i.responsible and rng.random() < 0.5:
                    author, link = i.responsible, k
                elif rng.random() < 0.5:
                    link = k
            bank = self.phrases["notes"][category if category in NOTE_CATEGORIES else "general"]
            notes.append(NoteSpec(written_at=_aware(day, rng), author=author,
                                  text=self._fill(rng.choice(bank)), intervention=link))
        return sorted(notes, key=lambda n: n.written_at)

    def _finish(self) -> PlanSpec:
        rng = self.rng
        follow_ups = self._follow_ups()
        meetings = self._meetings()
        versions = [
            VersionSpec(adopted_on=m.held_on.date(), note=rng.choice(self.phrases["version_notes"]))
            for m in meetings[1:] if m.held_on.date() <= self.today and rng.random() < 0.5
        ][:3]
        youth = self.s.profile.key == "youth_17"
        consent = rng.random() < 0.85
        end_notes = self.phrases["end_notes"]
        return PlanSpec(
            started_on=self.started_on, coordinator=self.s.coordinator,
            vision=rng.choice(self.phrases["youth_visions" if youth else "visions"]),
            follow_up_interval_days=self.interval,
            consent_on=min(self.today, self.started_on + self.days(rng.randint(0, 14))) if consent else None,
            consent_form=rng.choice(("written", "written", "oral")) if consent else "",
            goals=tuple(GoalSpec(life_domain=g.domain, wording=g.wording, staff_note=g.staff_note,
                                 target_date=g.target_date, status=g.status) for g in self.goals),
            interventions=tuple(
                InterventionSpec(
                    code=i.code, unit=i.unit, responsible=i.responsible, status=i.status,
                    requested_on=i.requested_on, decided_on=i.decided_on, start_date=i.start_date,
                    end_date=i.end_date, hours_per_week=i.hours, annual_cost=i.cost, goals=tuple(i.goals),
                    end_reason=i.end_reason, end_note=end_notes.get(i.end_reason, "") if i.end_reason else "",
                )
                for i in self.interventions
            ),
            follow_ups=tuple(follow_ups), meetings=tuple(meetings), notes=tuple(self._notes()),
            transitions=tuple(self.transitions), versions=tuple(versions),
        )

    # -- situations that need their dates arranged together ------------------------------------------
    def _situation_prison_release(self) -> None:
        days = self.s.days_to_event
        if days is None or days <= 0:
            return  # released earlier: the ordinary menu applies
        release = self.today + self.days(days)
        self.blocked |= {"stofbehandling-ambulant", "enkeltydelse"}
        self.transitions.append(TransitionSpec(kind="prison_release", expected_on=release))
        self.add("kriminalforsorg-tilsyn", "kf-aarhus", status="decided", goals=[self.goal("crime")],
                 requested=self.today - self.days(self.rng.randint(5, 40)), decided=self.today, start=release)
        if days > 30:
            self.add("kontanthjaelp", "visitation", status="requested", goals=[self.goal("economy")],
                     requested=self.today - self.days(self.rng.randint(0, 10)))
            return
        self.arranged("kontanthjaelp", "visitation", release, "economy")
        housing = self.rng.choice(("brabrand-bolig", "ringgaarden"))
        if PRISON_RELEASE_NO_HOUSING in self.s.problems:  # applied for, nothing decided yet
            self.add("boliganvisning", housing, status="requested", goals=[self.goal("housing")],
                     requested=self.today - self.days(self.rng.randint(0, 20)))
        else:
            self.arranged("boliganvisning", housing, release, "housing")
        if days <= 12 and self.rng.random() < 0.6:
            self.arranged("stofbehandling-ambulant", "misbrug", release, "substance_use")
        else:
            self.transitions[-1] = replace(self.transitions[-1], not_needed=("treatment",),
                                           note=self.phrases["transition_notes"]["treatment"])

    def _situation_youth_17(self) -> None:
        days = self.s.days_to_event or 200
        birthday = self.today + self.days(days)
        if days <= 30 and TURNING_18_SOON not in self.s.problems:
            self.arranged("eftervaern-114", self.rng.choice(("eftervaern", "malmoegade")), birthday,
                          "housing")
            self.arranged("boliganvisning", self.rng.choice(("brabrand-bolig", "ringgaarden")), birthday,
                          "housing")
            self.arranged("kontanthjaelp", "visitation", birthday, "economy")
        elif days <= 120:
            self.add("eftervaern-114", "eftervaern", status="requested",
                     goals=[self.goal("housing", youth=True)],
                     requested=self.today - self.days(self.rng.randint(0, 20)))

    def _situation_residential_treatment(self) -> None:
        rng, today = self.rng, self.today
        start = today - self.days(rng.randint(10, 90))
        discharge = today + self.days(rng.choice((rng.randint(4, 12), rng.randint(31, 120))))
        goal = self.goal("substance_use")
        self.add("stofbehandling-dogn", "misbrug", status="active", goals=[goal],
                 requested=start - self.days(rng.randint(3, 12)), decided=start - self.days(2), start=start,
                 end=discharge)
        if (discharge - today).days <= 30:
            self.transitions.append(TransitionSpec(
                kind="treatment_discharge", expected_on=discharge,
                not_needed=() if self.s.homeless else ("housing",),
                note="" if self.s.homeless else self.phrases["transition_notes"]["housing"]))
            if self.s.homeless:
                self.arranged("boliganvisning", "brabrand-bolig", discharge, "housing")
            self.arranged("stofbehandling-ambulant", "misbrug", discharge, "substance_use")
            self.arranged("kontanthjaelp", "visitation", discharge, "economy")

    def _situation_psychiatric_admission(self) -> None:
        rng, today = self.rng, self.today
        start = today - self.days(rng.randint(3, 40))
        discharge = today + self.days(rng.choice((rng.randint(3, 28), rng.randint(31, 90))))
        goal = self.goal("mental_health")
        self.add("psykiatri-indlaeggelse", "auh-psykiatri", status="active", goals=[goal],
                 requested=start, decided=start, start=start, end=discharge)
        if (discharge - today).days <= 30:
            self.transitions.append(TransitionSpec(
                kind="hospital_discharge", expected_on=discharge,
                not_needed=() if self.s.homeless else ("housing",),
                note="" if self.s.homeless else self.phrases["transition_notes"]["housing"]))
            if self.s.homeless:
                self.arranged("boliganvisning", "ringgaarden", discharge, "housing")
            self.arranged("psykiatri-ambulant", "auh-psykiatri", discharge, "mental_health")
            self.arranged("kontanthjaelp", "visitation", discharge, "economy")

    # -- problems put in on purpose -----------------------------------------------------------------
    def _problem_conflicting_demands(self) -> None:
        rng, today = self.rng, self.today
        if not any(i.live and self.catalogue[i.code].full_time_residential for i in self.interventions):
            start = today - self.days(rng.randint(5, 40))
            self.add("stofbehandling-dogn", "misbrug", status="active", goals=[self.goal("substance_use")],
                     requested=start - self.days(5), decided=start - self.days(2), start=start,
                     end=today + self.days(rng.randint(45, 120)), allow_duplicate=True)
        start = today - self.days(rng.randint(3, 20))
        self.add("virksomhedspraktik", "virksomhedskonsulenter", status="active",
                 goals=[self.goal("employment_education")], requested=start - self.days(10),
                 decided=start - self.days(5), start=start, end=start + self.days(91),
                 hours=Decimal(rng.choice((20, 25, 30, 37))), allow_duplicate=True)

    def _problem_duplicate_help(self) -> None:
        rng, today = self.rng, self.today
        existing = next((i for i in self.interventions
                         if i.live and self.catalogue[i.code].legal_basis == "sel-85"), None)
        if existing is not None:
            code, unit = ("icm-85", "housing-first") if existing.unit != "housing-first" else ("bostotte-85",
                                                                                            "bostotte-syd")
            goals = list(existing.goals)
        else:
            goal = self.goal("housing")
            start = today - self.days(rng.randint(30, 200))
            self.add("kontaktperson-99", "gadeteam", status="active", goals=[goal],
                     requested=start - self.days(7), decided=start - self.days(3), start=start, end=None,
                     allow_duplicate=True)
            code, unit, goals = "kontaktperson-99", "socialvagten", [goal]
        start = today - self.days(rng.randint(5, 60))
        self.add(code, unit, status="active", goals=goals, requested=start - self.days(7),
                 decided=start - self.days(2), start=start, end=None, allow_duplicate=True)

    def _problem_intervention_without_goal(self) -> None:
        start = self.today - self.days(self.rng.randint(5, 120))
        options = (("mentor", "mentorkorpset"), ("aktivitetstilbud-104", "dagomraadet"),
                   ("kontaktperson-99", "opsoegende"))
        candidates = [(c, u) for c, u in options
                      if not any(self.catalogue[i.code].legal_basis == self.catalogue[c].legal_basis
                                 for i in self.interventions)]
        code, unit = self.rng.choice(candidates) if candidates else ("enkeltydelse", "visitation")
        self.add(code, unit, status="active", goals=[], requested=start - self.days(10),
                 decided=start - self.days(3), start=start, end=None, allow_duplicate=True)

    def _problem_goal_without_support(self) -> None:
        free = [d for d in ("leisure_citizenship", "physical_health", "family_network", "economy")
                if all(g.domain != d for g in self.goals)] or ["leisure_citizenship"]
        n = self.add_goal(self.rng.choice(free))
        self.goals[n].unsupported = True

    def _problem_drug_treatment_late(self) -> None:
        requested = self.today - self.days(self.rng.randint(12, 30))
        goal = self.goal("substance_use")
        for i in self.interventions:
            if i.code == "stofbehandling-ambulant" and i.live:
                i.status, i.requested_on = "requested", requested
                i.decided_on = i.start_date = i.end_date = None
                return
        self.add("stofbehandling-ambulant", "misbrug", status="requested", goals=[goal], requested=requested,
                 allow_duplicate=True)

    def _problem_prison_release_no_housing(self) -> None:
        """Made in `_situation_prison_release` (the release is within 30 days and no home is arranged)."""

    def _problem_turning_18_soon(self) -> None:
        """Made in `_situation_youth_17` (18 within 30 days and nothing arranged for after)."""
