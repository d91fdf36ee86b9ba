"""Coherence rules (plans.coherence) over plain facts: no database.

Every rule in RULES has at least one test that triggers it and one that does not; `covers` registers
them and `test_every_rule_is_tested_both_ways` fails when a rule is added without both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from helhed.plans.coherence import (
    RULES,
    Finding,
    GoalFact,
    InterventionFact,
    PlanFacts,
    TransitionFact,
    check_plan,
)
from helhed.plans.pension import eighteenth_birthday, pension_date

TODAY = dt.date(2025, 3, 10)
ADULT = dt.date(1980, 6, 15)

_COVERED: dict[str, set[bool]] = defaultdict(set)
F = TypeVar("F", bound=Callable[..., Any])


def covers(rule: str, *, triggers: bool) -> Callable[[F], F]:
    def mark(fn: F) -> F:
        _COVERED[rule].add(triggers)
        return fn
    return mark


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def iv(id_: int = 1, *, category: str = "support", basis: str = "sel-85", unit: int = 1,
       status: str = "active", start: dt.date | None = TODAY - dt.timedelta(days=30),
       end: dt.date | None = None,
       requested: dt.date = TODAY - dt.timedelta(days=60), hours: str | None = None,
       residential: bool = False, deadline: int | None = None, goals: frozenset[int] = frozenset({1}),
       name: str = "") -> InterventionFact:
    return InterventionFact(
        id=id_, name=name or f"Intervention {id_}", category=category, legal_basis=basis,
        legal_basis_label=f"§ {basis}", provider_unit_id=unit, provider_unit=f"Unit {unit}", status=status,
        requested_on=requested, start_date=start, end_date=end,
        hours_per_week=Decimal(hours) if hours is not None else None, full_time_residential=residential,
        start_deadline_days=deadline, goal_ids=goals,
    )


def goal(id_: int = 1, *, is_open: bool = True, pending: bool = False,
         wording: str = "Min egen bolig") -> GoalFact:
    return GoalFact(id=id_, wording=wording, is_open=is_open, has_pending_follow_up=pending)


def facts(*interventions: InterventionFact, goals: tuple[GoalFact, ...] = (), birth: dt.date = ADULT,
          transitions: tuple[TransitionFact, ...] = (), today: dt.date = TODAY) -> PlanFacts:
    return PlanFacts(today=today, birth_date=birth, interventions=interventions,
                     goals=goals or (goal(),), transitions=transitions)


def found(f: PlanFacts, rule: str) -> list[Finding]:
    return [x for x in check_plan(f) if x.rule == rule]


# --- conflicting demands ----------------------------------------------------------------------

def _activation(hours: str, **kw: Any) -> InterventionFact:
    return iv(1, category="activation", basis="lab-kap-11", unit=1, hours=hours, name="Work placement", **kw)


def _residential(**kw: Any) -> InterventionFact:
    return iv(2, category="treatment", basis="sel-101", unit=2, residential=True,
              name="Residential treatment",
              **kw)


@covers("conflicting_demands", triggers=True)
def test_activation_of_exactly_20_hours_during_residential_treatment_conflicts() -> None:
    [finding] = found(facts(_activation("20"), _residential()), "conflicting_demands")
    assert finding.severity == "critical"
    assert finding.interventions == (1, 2)
    assert "Work placement" in str(finding.title) and "Residential treatment" in str(finding.title)
    assert "20" in str(finding.explanation)
    assert "Unit 1" in str(finding.explanation) and "Unit 2" in str(finding.explanation)


@covers("conflicting_demands", triggers=False)
def test_activation_of_19_5_hours_does_not_conflict() -> None:
    assert found(facts(_activation("19.5"), _residential()), "conflicting_demands") == []


@covers("conflicting_demands", triggers=False)
def test_activation_without_hours_does_not_conflict() -> None:
    assert found(facts(_activation(None), _residential()), "conflicting_demands") == []  # type: ignore[arg-type]


@covers("conflicting_demands", triggers=False)
def test_consecutive_periods_do_not_conflict() -> None:
    treatment = _residential(start=TODAY - dt.timedelta(days=40), end=TODAY + dt.timedelta(days=9))
    placement = _activation("30", start=TODAY + dt.timedelta(days=10))
    assert found(facts(treatment, placement), "conflicting_demands") == []


@covers("conflicting_demands", triggers=True)
def test_periods_sharing_one_day_conflict() -> None:
    treatment = _residential(start=TODAY - dt.timedelta(days=40), end=TODAY + dt.timedelta(days=10))
    placement = _activation("30", start=TODAY + dt.timedelta(days=10))
    assert len(found(facts(treatment, placement), "conflicting_demands")) == 1


@covers("conflicting_demands", triggers=True)
def test_planned_activation_overlapping_an_open_ended_placement_conflicts() -> None:
    placement = _activation("37", status="decided", start=TODAY + dt.timedelta(days=100))
    assert len(found(facts(placement, _residential(end=None)), "conflicting_demands")) == 1


@covers("conflicting_demands", triggers=False)
def test_ended_residential_treatment_is_ignored() -> None:
    ended = _residential(status="ended", end=TODAY + dt.timedelta(days=5))  # ended early, date not moved
    assert found(facts(_activation("30"), ended), "conflicting_demands") == []


@covers("conflicting_demands", triggers=False)
def test_a_residential_course_with_activation_hours_does_not_conflict_with_itself() -> None:
    course = iv(1, category="activation", basis="lab-kap-10", hours="37", residential=True)
    assert found(facts(course), "conflicting_demands") == []


def test_two_residential_activations_conflict_once() -> None:
    a = iv(1, category="activation", basis="lab-kap-10", unit=1, hours="37", residential=True)
    b = iv(2, category="activation", basis="lab-kap-11", unit=2, hours="25", residential=True)
    assert [x.interventions for x in found(facts(a, b), "conflicting_demands")] == [(1, 2)]


@covers("conflicting_demands", triggers=False)
def test_non_residential_treatment_does_not_conflict() -> None:
    outpatient = iv(2, category="treatment", basis="sel-101", unit=2, residential=False)
    assert found(facts(_activation("30"), outpatient), "conflicting_demands") == []


# --- duplicate help ---------------------------------------------------------------------------

@covers("duplicate_help", triggers=True)
def test_same_legal_basis_from_two_units_at_once_is_duplicate() -> None:
    [finding] = found(facts(iv(1, unit=1), iv(2, unit=2)), "duplicate_help")
    assert finding.severity == "warning"
    assert set(finding.interventions) == {1, 2}
    assert "§ sel-85" in str(finding.title)


@covers("duplicate_help", triggers=False)
def test_same_legal_basis_from_the_same_unit_is_not_duplicate() -> None:
    assert found(facts(iv(1, unit=1), iv(2, unit=1)), "duplicate_help") == []


@covers("duplicate_help", triggers=False)
def test_different_legal_bases_are_not_duplicate() -> None:
    assert found(facts(iv(1, unit=1), iv(2, unit=2, basis="sel-99")), "duplicate_help") == []


@covers("duplicate_help", triggers=False)
def test_consecutive_help_under_the_same_basis_is_not_duplicate() -> None:
    first = iv(1, unit=1, start=TODAY - dt.timedelta(days=60), end=TODAY)
    second = iv(2, unit=2, status="decided", start=TODAY + dt.timedelta(days=1))
    assert found(facts(first, second), "duplicate_help") == []


@covers("duplicate_help", triggers=False)
def test_help_never_started_and_planned_to_end_in_the_past_overlaps_nothing() -> None:
    stale = iv(1, unit=1, status="requested", start=None, end=TODAY - dt.timedelta(days=10))
    running = iv(2, unit=2, start=TODAY - dt.timedelta(days=30))
    assert found(facts(stale, running), "duplicate_help") == []


@covers("duplicate_help", triggers=False)
def test_ended_help_is_not_duplicate() -> None:
    assert found(facts(iv(1, unit=1, status="ended"), iv(2, unit=2)), "duplicate_help") == []


def test_three_units_give_three_pairs() -> None:
    assert len(found(facts(iv(1, unit=1), iv(2, unit=2), iv(3, unit=3)), "duplicate_help")) == 3


# --- intervention without a goal --------------------------------------------------------------

@covers("intervention_without_goal", triggers=True)
def test_live_intervention_without_goal() -> None:
    unlinked = iv(7, goals=frozenset(), status="requested", start=None)
    [finding] = found(facts(unlinked), "intervention_without_goal")
    assert finding.interventions == (7,)


@covers("intervention_without_goal", triggers=False)
def test_intervention_with_a_goal() -> None:
    assert found(facts(iv(7, goals=frozenset({1}))), "intervention_without_goal") == []


@covers("intervention_without_goal", triggers=False)
def test_ended_intervention_without_goal_is_ignored() -> None:
    assert found(facts(iv(7, goals=frozenset(), status="ended")), "intervention_without_goal") == []


# --- goal without support ---------------------------------------------------------------------

@covers("goal_without_support", triggers=True)
def test_open_goal_without_intervention_or_follow_up() -> None:
    [finding] = found(facts(iv(1, goals=frozenset({1})), goals=(goal(1), goal(2, wording="Se min datter"))),
                      "goal_without_support")
    assert finding.goals == (2,)
    assert "Se min datter" in str(finding.title)


@covers("goal_without_support", triggers=True)
def test_goal_served_only_by_an_ended_intervention_is_unsupported() -> None:
    assert len(found(facts(iv(1, status="ended", goals=frozenset({1}))), "goal_without_support")) == 1


@covers("goal_without_support", triggers=False)
def test_goal_with_a_pending_follow_up_is_supported() -> None:
    assert found(facts(goals=(goal(1, pending=True),)), "goal_without_support") == []


@covers("goal_without_support", triggers=False)
def test_goal_served_by_a_live_intervention_is_supported() -> None:
    requested = iv(1, status="requested", start=None, goals=frozenset({1}))
    assert found(facts(requested), "goal_without_support") == []


@covers("goal_without_support", triggers=False)
def test_reached_goal_needs_no_support() -> None:
    assert found(facts(goals=(goal(1, is_open=False),)), "goal_without_support") == []


# --- transition without a plan ----------------------------------------------------------------

def _release(days_ahead: int, not_needed: frozenset[str] = frozenset()) -> TransitionFact:
    return TransitionFact("prison_release", TODAY + dt.timedelta(days=days_ahead), not_needed)


def _arranged(category: str, id_: int, *, status: str = "decided",
              end: dt.date | None = None) -> InterventionFact:
    return iv(id_, category=category, basis=f"b{id_}", unit=id_, status=status, start=TODAY, end=end)


@covers("transition_without_plan", triggers=True)
def test_release_exactly_30_days_ahead_with_nothing_arranged() -> None:
    [finding] = found(facts(transitions=(_release(30),)), "transition_without_plan")
    assert finding.severity == "critical"
    title = str(finding.title)
    assert "Release from prison" in title
    assert (TODAY + dt.timedelta(days=30)).strftime("%d.%m.%Y") in title
    assert "housing" in title and "income" in title and "treatment" in title


@covers("transition_without_plan", triggers=False)
def test_release_31_days_ahead_is_not_yet_flagged() -> None:
    assert found(facts(transitions=(_release(31),)), "transition_without_plan") == []


@covers("transition_without_plan", triggers=False)
def test_past_release_is_not_flagged() -> None:
    assert found(facts(transitions=(_release(-1),)), "transition_without_plan") == []


@covers("transition_without_plan", triggers=False)
def test_release_with_housing_income_and_treatment_arranged() -> None:
    arranged = (_arranged("housing", 11), _arranged("income", 12, status="active"),
                _arranged("treatment", 13))
    assert found(facts(*arranged, transitions=(_release(10),)), "transition_without_plan") == []


@covers("transition_without_plan", triggers=True)
def test_only_the_missing_need_is_named() -> None:
    arranged = (_arranged("housing", 11), _arranged("treatment", 13))
    [finding] = found(facts(*arranged, transitions=(_release(10),)), "transition_without_plan")
    assert "income" in str(finding.title)
    assert "housing" not in str(finding.title) and "treatment" not in str(finding.title)


@covers("transition_without_plan", triggers=True)
def test_a_requested_intervention_is_not_arranged() -> None:
    arranged = (_arranged("housing", 11, status="requested"), _arranged("income", 12),
                _arranged("treatment", 13))
    [finding] = found(facts(*arranged, transitions=(_release(10),)), "transition_without_plan")
    assert "housing" in str(finding.title)


@covers("transition_without_plan", triggers=True)
def test_housing_that_ends_before_the_release_is_not_arranged() -> None:
    arranged = (_arranged("housing", 11, end=TODAY + dt.timedelta(days=9)), _arranged("income", 12),
                _arranged("treatment", 13))
    [finding] = found(facts(*arranged, transitions=(_release(10),)), "transition_without_plan")
    assert "housing" in str(finding.title)


@covers("transition_without_plan", triggers=False)
def test_needs_marked_not_needed_are_not_required() -> None:
    arranged = (_arranged("housing", 11), _arranged("income", 12))
    assert found(facts(*arranged, transitions=(_release(10, frozenset({"treatment"})),)),
                 "transition_without_plan") == []


@covers("transition_without_plan", triggers=False)
def test_a_residential_placement_is_a_place_to_live() -> None:
    """§ 110 discharge "only with a home or placement ready": a decided placement meets the housing need."""
    arranged = (_arranged("residential", 11), _arranged("income", 12), _arranged("treatment", 13))
    assert found(facts(*arranged, transitions=(_release(10),)), "transition_without_plan") == []


@covers("transition_without_plan", triggers=True)
def test_turning_18_within_30_days_is_derived_from_the_birth_date() -> None:
    birth = dt.date(2007, 4, 9)  # 18 on 9 April 2025: 30 days after TODAY
    [finding] = found(facts(birth=birth), "transition_without_plan")
    assert "Turning 18" in str(finding.title)
    assert "09.04.2025" in str(finding.title)
    assert "continued support" in str(finding.title)


@covers("transition_without_plan", triggers=False)
def test_turning_18_in_31_days_is_not_yet_flagged() -> None:
    assert found(facts(birth=dt.date(2007, 4, 10)), "transition_without_plan") == []


@covers("transition_without_plan", triggers=True)
def test_pension_age_derived_from_the_birth_date_keeps_the_sheltered_workshop() -> None:
    birth = dt.date(1958, 3, 25)  # cohort 1955-07-01 .. 1962-12-31: pension at 67, on 25 March 2025
    assert pension_date(birth) == dt.date(2025, 3, 25)
    workshop = iv(5, category="day_activity", basis="sel-103", end=TODAY + dt.timedelta(days=5))
    [finding] = found(facts(workshop, birth=birth), "transition_without_plan")
    assert "pension" in str(finding.title)
    assert "income" in str(finding.title) and "day activity" in str(finding.title)


@covers("transition_without_plan", triggers=False)
def test_pension_age_with_income_and_workshop_lasting_past_it() -> None:
    birth = dt.date(1958, 3, 25)
    arranged = (_arranged("income", 12), _arranged("day_activity", 14))
    assert found(facts(*arranged, birth=birth), "transition_without_plan") == []


# --- the § 101 deadline: start within 14 days of the request ---------------------------------

def _treatment(requested_days_ago: int, **kw: Any) -> InterventionFact:
    kw.setdefault("status", "decided")
    kw.setdefault("start", None)
    return iv(9, category="treatment", basis="sel-101", deadline=14, name="Outpatient drug treatment",
              requested=TODAY - dt.timedelta(days=requested_days_ago), **kw)


@covers("legal_deadline", triggers=False)
def test_four_days_left_is_no_warning() -> None:
    assert found(facts(_treatment(10)), "legal_deadline") == []


@covers("legal_deadline", triggers=True)
def test_three_days_left_is_a_warning() -> None:
    [finding] = found(facts(_treatment(11)), "legal_deadline")
    assert finding.severity == "warning"
    assert (TODAY + dt.timedelta(days=3)).strftime("%d.%m.%Y") in str(finding.title)
    assert "14 days" in str(finding.explanation)


@covers("legal_deadline", triggers=True)
def test_deadline_today_is_a_warning() -> None:
    [finding] = found(facts(_treatment(14, status="requested")), "legal_deadline")
    assert finding.severity == "warning"


@covers("legal_deadline", triggers=True)
def test_missed_deadline_is_critical() -> None:
    [finding] = found(facts(_treatment(15)), "legal_deadline")
    assert finding.severity == "critical"
    assert "missed" in str(finding.title)
    assert (TODAY - dt.timedelta(days=1)).strftime("%d.%m.%Y") in str(finding.title)


@covers("legal_deadline", triggers=True)
def test_start_planned_after_the_deadline_is_a_warning_at_once() -> None:
    [finding] = found(facts(_treatment(2, start=TODAY + dt.timedelta(days=13))), "legal_deadline")
    assert finding.severity == "warning"


@covers("legal_deadline", triggers=False)
def test_start_planned_on_the_deadline_is_no_warning() -> None:
    assert found(facts(_treatment(12, start=TODAY + dt.timedelta(days=2))), "legal_deadline") == []


@covers("legal_deadline", triggers=False)
def test_started_treatment_has_no_deadline_finding() -> None:
    running = _treatment(40, status="active", start=TODAY - dt.timedelta(days=30))
    assert found(facts(running), "legal_deadline") == []
    assert found(facts(_treatment(40, start=TODAY)), "legal_deadline") == []


@covers("legal_deadline", triggers=False)
def test_ended_request_or_type_without_deadline_has_no_finding() -> None:
    assert found(facts(_treatment(40, status="ended")), "legal_deadline") == []
    no_deadline = iv(9, status="requested", start=None, requested=TODAY - dt.timedelta(days=40))
    assert found(facts(no_deadline), "legal_deadline") == []


# --- the whole check --------------------------------------------------------------------------

def test_a_coherent_plan_has_no_findings() -> None:
    assert check_plan(facts(iv(1, goals=frozenset({1})), goals=(goal(1),))) == []


def test_critical_findings_come_first() -> None:
    findings = check_plan(facts(_activation("30", goals=frozenset()), _residential(), _treatment(11)))
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != "critical")
    assert severities[0] == "critical" and "warning" in severities


def test_every_rule_is_tested_both_ways() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)), "rule codes must be unique"
    assert set(_COVERED) == set(codes), "a rule in RULES has no tests here (or a test names an unknown rule)"
    for code in codes:
        assert _COVERED[code] == {True, False}, f"{code} needs a test that triggers it and one that does not"


def test_every_rule_is_described() -> None:
    with translation.override("en"):
        for rule in RULES:
            assert str(rule.title) and str(rule.description)


# --- the derived dates ------------------------------------------------------------------------

@pytest.mark.parametrize(("born", "years", "months"), [
    (dt.date(1953, 12, 31), 65, 0),
    (dt.date(1954, 1, 1), 65, 6),
    (dt.date(1954, 6, 30), 65, 6),
    (dt.date(1954, 7, 1), 66, 0),
    (dt.date(1955, 1, 1), 66, 6),
    (dt.date(1955, 7, 1), 67, 0),
    (dt.date(1960, 5, 20), 67, 0),
    (dt.date(1962, 12, 31), 67, 0),
    (dt.date(1963, 1, 1), 68, 0),
    (dt.date(1965, 9, 3), 68, 0),
    (dt.date(1966, 12, 31), 68, 0),
    (dt.date(1967, 1, 1), 69, 0),
    (dt.date(1970, 12, 31), 69, 0),
    (dt.date(1971, 1, 1), 70, 0),
    (dt.date(1990, 2, 14), 70, 0),
])
def test_pension_age_by_birth_cohort(born: dt.date, years: int, months: int) -> None:
    month = born.month - 1 + months
    assert pension_date(born) == born.replace(year=born.year + years + month // 12, month=month % 12 + 1)


def test_pension_date_examples() -> None:
    assert pension_date(dt.date(1960, 5, 20)) == dt.date(2027, 5, 20)
    assert pension_date(dt.date(1965, 5, 20)) == dt.date(2033, 5, 20)
    assert pension_date(dt.date(1954, 8, 31)) == dt.date(2020, 8, 31)
    assert pension_date(dt.date(1954, 3, 31)) == dt.date(2019, 9, 30)  # 65½: no 31 September


def test_eighteenth_birthday() -> None:
    assert eighteenth_birthday(dt.date(2007, 4, 9)) == dt.date(2025, 4, 9)
    assert eighteenth_birthday(dt.date(2008, 2, 29)) == dt.date(2026, 2, 28)  # no 29 February in 2026
    assert eighteenth_birthday(dt.date(2004, 2, 29)) == dt.date(2022, 2, 28)


# --- properties over any plan ------------------------------------------------------------------

_dates = st.dates(min_value=TODAY - dt.timedelta(days=400), max_value=TODAY + dt.timedelta(days=400))


@st.composite
def _interventions(draw: st.DrawFn, id_: int) -> InterventionFact:
    start = draw(st.none() | _dates)
    end = draw(st.none() | _dates.filter(lambda d: start is None or d >= start))
    return iv(
        id_, category=draw(st.sampled_from(["activation", "treatment", "housing", "income", "support",
                                             "day_activity", "residential"])),
        basis=draw(st.sampled_from(["sel-85", "sel-101", "lab-kap-11"])), unit=draw(st.integers(1, 3)),
        status=draw(st.sampled_from(["requested", "decided", "active", "ended"])), start=start, end=end,
        requested=draw(_dates), hours=draw(st.none() | st.sampled_from(["0", "10", "19.5", "20", "37"])),
        residential=draw(st.booleans()), deadline=draw(st.none() | st.just(14)),
        goals=frozenset(draw(st.sets(st.integers(1, 3), max_size=2))),
    )


@st.composite
def _plans(draw: st.DrawFn) -> PlanFacts:
    interventions = tuple(draw(_interventions(i)) for i in range(1, draw(st.integers(0, 6)) + 1))
    goals = tuple(goal(i, is_open=draw(st.booleans()), pending=draw(st.booleans())) for i in (1, 2, 3))
    transitions = tuple(
        TransitionFact(
            draw(st.sampled_from(["prison_release", "hospital_discharge", "treatment_discharge"])),
            draw(_dates), frozenset(draw(st.sets(st.sampled_from(["housing", "income", "treatment"])))),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    birth = draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2015, 12, 31)))
    return PlanFacts(today=TODAY, birth_date=birth, interventions=interventions, goals=goals,
                     transitions=transitions)


@settings(max_examples=150, deadline=None)
@given(_plans())
def test_ended_interventions_never_change_the_findings(facts_: PlanFacts) -> None:
    findings = check_plan(facts_)
    live = tuple(i for i in facts_.interventions if i.status != "ended")
    without_ended = PlanFacts(today=facts_.today, birth_date=facts_.birth_date, interventions=live,
                              goals=facts_.goals, transitions=facts_.transitions)
    assert findings == check_plan(without_ended)
    known_rules = {rule.code for rule in RULES}
    live_ids = {i.id for i in live}
    for finding in findings:
        assert finding.rule in known_rules
        assert finding.severity in ("warning", "critical")
        assert set(finding.interventions) <= live_ids
        assert str(finding.title) and str(finding.explanation)


@settings(max_examples=150, deadline=None)
@given(_plans())
def test_each_pair_is_reported_once(facts_: PlanFacts) -> None:
    for rule in ("conflicting_demands", "duplicate_help"):
        pairs = [frozenset(x.interventions) for x in found(facts_, rule)]
        assert len(pairs) == len(set(pairs)), pairs
