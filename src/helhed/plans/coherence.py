"""Coherence checks on one plan: do the interventions work together and leave no gaps?

Pure functions over plain data (no database): `check_plan(facts)` returns findings, each from a named
rule with a plain explanation the caseworker can act on. Services build `PlanFacts` from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhed.plans.pension import eighteenth_birthday, pension_date

TRANSITION_WINDOW_DAYS = 30
DEADLINE_WARNING_DAYS = 3
ACTIVATION_HOURS_CONFLICT = Decimal(20)


@dataclass(frozen=True)
class InterventionFact:
    id: int
    name: str
    category: str
    legal_basis: str
    legal_basis_label: str
    provider_unit_id: int
    provider_unit: str
    status: str  # requested | decided | active | ended
    requested_on: dt.date
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    hours_per_week: Decimal | None = None
    full_time_residential: bool = False
    start_deadline_days: int | None = None
    goal_ids: frozenset[int] = frozenset()

    @property
    def live(self) -> bool:
        return self.status != "ended"

    @property
    def arranged(self) -> bool:
        return self.status in ("decided", "active")

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        return (self.start_date or today, self.end_date or dt.date.max)


@dataclass(frozen=True)
class GoalFact:
    id: int
    wording: str
    is_open: bool
    has_pending_follow_up: bool = False


@dataclass(frozen=True)
class TransitionFact:
    kind: str
    on: dt.date
    not_needed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlanFacts:
    today: dt.date
    birth_date: dt.date
    interventions: tuple[InterventionFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    transitions: tuple[TransitionFact, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "warning" or "critical"
    title: str | Promise
    explanation: str | Promise
    interventions: tuple[int, ...] = ()
    goals: tuple[int, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    title: str | Promise
    description: str | Promise
    check: Callable[[PlanFacts], Iterable[Finding]] = field(repr=False)


def _overlap(a: InterventionFact, b: InterventionFact, today: dt.date) -> bool:
    (a0, a1), (b0, b1) = a.period(today), b.period(today)
    # Not started and planned to end before today: an empty period overlaps nothing.
    return a0 <= a1 and b0 <= b1 and a0 <= b1 and b0 <= a1


def _live(facts: PlanFacts) -> list[InterventionFact]:
    return [i for i in facts.interventions if i.live]


def conflicting_demands(facts: PlanFacts) -> Iterable[Finding]:
    live = _live(facts)
    activation = [
        i for i in live if i.category == "activation" and (i.hours_per_week or 0) >= ACTIVATION_HOURS_CONFLICT
    ]
    residential = [i for i in live if i.full_time_residential]
    reported: set[frozenset[int]] = set()
    for a in activation:
        for r in residential:
            pair = frozenset((a.id, r.id))
            # One intervention does not conflict with itself (a residential course with activation hours),
            # and a pair that is both ways round is reported once.
            if a.id == r.id or pair in reported:
                continue
            if _overlap(a, r, facts.today):
                reported.add(pair)
                yield Finding(
                    "conflicting_demands", "critical",
                    _("Conflicting demands: %(a)s and %(r)s") % {"a": a.name, "r": r.name},
                    _("%(a)s asks for %(h)s hours a week while the citizen is in full-time %(r)s. "
                      "The citizen cannot meet both: agree with %(ua)s and %(ur)s which comes first, "
                      "or lower the hours.")
                    % {"a": a.name, "h": a.hours_per_week, "r": r.name, "ua": a.provider_unit,
                       "ur": r.provider_unit},
                    interventions=(a.id, r.id),
                )


def duplicate_help(facts: PlanFacts) -> Iterable[Finding]:
    for a, b in combinations(_live(facts), 2):
        same_basis_other_unit = a.legal_basis == b.legal_basis and a.provider_unit_id != b.provider_unit_id
        if same_basis_other_unit and _overlap(a, b, facts.today):
            yield Finding(
                "duplicate_help", "warning",
                _("The same kind of help from two units (%(basis)s)") % {"basis": a.legal_basis_label},
                _("%(ua)s gives %(a)s and %(ub)s gives %(b)s at the same time, under the same legal basis. "
                  "Agree who does what, or end one of them.")
                % {"ua": a.provider_unit, "a": a.name, "ub": b.provider_unit, "b": b.name},
                interventions=(a.id, b.id),
            )


def intervention_without_goal(facts: PlanFacts) -> Iterable[Finding]:
    for i in _live(facts):
        if not i.goal_ids:
            yield Finding(
                "intervention_without_goal", "warning",
                _("%(a)s serves no goal") % {"a": i.name},
                _("Every intervention should support one of the citizen's goals. Link it to a goal, "
                  "or ask whether it is still needed."),
                interventions=(i.id,),
            )


def goal_without_support(facts: PlanFacts) -> Iterable[Finding]:
    supported = {g for i in _live(facts) for g in i.goal_ids}
    for g in facts.goals:
        if g.is_open and g.id not in supported and not g.has_pending_follow_up:
            yield Finding(
                "goal_without_support", "warning",
                _("A goal with no support: “%(goal)s”") % {"goal": g.wording[:80]},
                _("No intervention serves this goal and no follow-up is planned for it. Add an intervention, "
                  "plan a follow-up, or agree with the citizen that the goal is theirs to pursue alone."),
                goals=(g.id,),
            )


def _transitions(facts: PlanFacts) -> list[TransitionFact]:
    derived = [
        TransitionFact("turning_18", eighteenth_birthday(facts.birth_date)),
        TransitionFact("pension_age", pension_date(facts.birth_date)),
    ]
    return [*facts.transitions, *derived]


# What must be arranged before each transition.
TRANSITION_NEEDS: dict[str, frozenset[str]] = {
    "prison_release": frozenset({"housing", "income", "treatment"}),
    "hospital_discharge": frozenset({"housing", "income", "treatment"}),
    "treatment_discharge": frozenset({"housing", "income", "treatment"}),
    "turning_18": frozenset({"housing", "income", "support"}),
    "pension_age": frozenset({"income"}),
}

# Categories that meet a need besides their own: a residential placement is a place to live
# ("discharge only with ... a home or placement ready").
MEETS_NEED: dict[str, tuple[str, ...]] = {
    "residential": ("residential", "housing"),
}

NEED_LABELS: dict[str, Promise] = {
    "housing": _("housing"), "income": _("income"), "treatment": _("treatment"),
    "support": _("continued support"), "day_activity": _("day activity"),
}

TRANSITION_LABELS: dict[str, Promise] = {
    "prison_release": _("Release from prison"), "hospital_discharge": _("Discharge from hospital"),
    "treatment_discharge": _("Discharge from treatment"), "turning_18": _("Turning 18"),
    "pension_age": _("Reaching state pension age"),
}


def transition_without_plan(facts: PlanFacts) -> Iterable[Finding]:
    horizon = facts.today + dt.timedelta(days=TRANSITION_WINDOW_DAYS)
    for t in _transitions(facts):
        if not facts.today <= t.on <= horizon:
            continue
        arranged = {
            need for i in facts.interventions
            if i.arranged and (i.end_date is None or i.end_date >= t.on)
            for need in MEETS_NEED.get(i.category, (i.category,))
        }
        needs = set(TRANSITION_NEEDS[t.kind])
        if t.kind == "pension_age" and any(i.category == "day_activity" for i in _live(facts)):
            # "ved overgang til folkepension ikke miste plads på beskyttet værksted"
            needs.add("day_activity")
        missing = sorted(needs - arranged - t.not_needed)
        if missing:
            yield Finding(
                "transition_without_plan", "critical",
                _("%(kind)s on %(on)s: %(missing)s not arranged")
                % {"kind": TRANSITION_LABELS[t.kind], "on": t.on.strftime("%d.%m.%Y"),
                   "missing": ", ".join(str(NEED_LABELS[m]) for m in missing)},
                _("A transition within %(days)s days needs a decided intervention for each need, "
                  "lasting past the date. Arrange it now, or mark the need as not relevant with a reason.")
                % {"days": TRANSITION_WINDOW_DAYS},
            )


def legal_deadline(facts: PlanFacts) -> Iterable[Finding]:
    for i in _live(facts):
        if i.start_deadline_days is None or i.status == "active":
            continue
        deadline = i.requested_on + dt.timedelta(days=i.start_deadline_days)
        dates = {"a": i.name, "d": deadline.strftime("%d.%m.%Y"), "basis": i.legal_basis_label,
                 "n": i.start_deadline_days, "r": i.requested_on.strftime("%d.%m.%Y")}
        started = i.start_date is not None and i.start_date <= facts.today
        if started:
            continue
        if facts.today > deadline:
            yield Finding(
                "legal_deadline", "critical",
                _("Deadline missed: %(a)s should have started by %(d)s") % dates,
                _("%(basis)s requires the intervention to start within %(n)s days of the request "
                  "(requested %(r)s). Start it now and note why it was late.")
                % dates,
                interventions=(i.id,),
            )
        # A start planned on or before the deadline meets it: only an unplanned start close to the
        # deadline, or a start planned after it, needs a warning.
        elif (i.start_date is not None and i.start_date > deadline) or (
            i.start_date is None and (deadline - facts.today).days <= DEADLINE_WARNING_DAYS
        ):
            yield Finding(
                "legal_deadline", "warning",
                _("Deadline close: %(a)s must start by %(d)s") % dates,
                _("%(basis)s requires the start within %(n)s days of the request (requested %(r)s). "
                  "Make sure the start date is on or before the deadline.")
                % dates,
                interventions=(i.id,),
            )


RULES: tuple[Rule, ...] = (
    Rule("conflicting_demands", _("Conflicting demands"),
         _("Activation of 20 hours a week or more while in full-time residential treatment or placement."),
         conflicting_demands),
    Rule("duplicate_help", _("The same help twice"),
         _("Two units give help under the same legal basis at the same time."), duplicate_help),
    Rule("intervention_without_goal", _("Intervention without a goal"),
         _("An intervention that serves none of the citizen's goals."), intervention_without_goal),
    Rule("goal_without_support", _("Goal without support"),
         _("An open goal with no intervention and no follow-up."), goal_without_support),
    Rule("transition_without_plan", _("Transition without a plan"),
         _("Release, discharge, turning 18 or reaching pension age within 30 days without housing, income "
           "and treatment arranged."), transition_without_plan),
    Rule("legal_deadline", _("Legal deadline"),
         _("An intervention with a statutory start deadline (e.g. Serviceloven § 101: 14 days) that is about "
           "to be or has been missed."), legal_deadline),
)


def check_plan(facts: PlanFacts) -> list[Finding]:
    findings = [f for rule in RULES for f in rule.check(facts)]
    return sorted(findings, key=lambda f: (f.severity != "critical", f.rule))
