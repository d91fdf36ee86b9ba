"""The generator without a database: determinism, synthetic CPR numbers, the shape of the municipality."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from helhed.core.cpr import CPR
from helhed.people.choices import Role
from helhed.plans.pension import eighteenth_birthday, pension_date
from helhed.synth import vocab
from helhed.synth.generator import FORCED, citizen_specs, municipality
from helhed.synth.organisation import CASELOAD, PERSONAS
from helhed.synth.profiles import PROFILES
from helhed.synth.scenario import PROBLEMS

TODAY = dt.date(2026, 3, 10)


def specs(seed: int = 11, citizens: int = 60, today: dt.date = TODAY) -> list:
    return list(citizen_specs(municipality(seed=seed, citizens=citizens, today=today)))


def test_the_same_seed_gives_the_same_municipality() -> None:
    a, b = municipality(seed=11, citizens=60, today=TODAY), municipality(seed=11, citizens=60, today=TODAY)
    assert a.organisation == b.organisation
    assert list(citizen_specs(a)) == list(citizen_specs(b))


def test_another_seed_gives_other_people_and_plans() -> None:
    a, b = specs(seed=11), specs(seed=12)
    assert [s.cpr for s in a] != [s.cpr for s in b]
    assert [(s.first_name, s.last_name) for s in a] != [(s.first_name, s.last_name) for s in b]
    assert [s.plan.vision for s in a] != [s.plan.vision for s in b]


def test_the_same_seed_on_another_day_gives_the_same_plans_moved_in_time() -> None:
    later = TODAY + dt.timedelta(days=45)
    a, b = specs(), specs(today=later)
    def who(specs: list) -> list[tuple[str, str, str]]:
        return [(s.first_name, s.last_name, s.profile) for s in specs]

    assert who(a) == who(b)
    for x, y in zip(a, b, strict=True):
        assert (y.plan.started_on - x.plan.started_on).days == 45
        assert [g.wording for g in x.plan.goals] == [g.wording for g in y.plan.goals]
        help_given = [(i.code, i.status) for i in x.plan.interventions]
        assert help_given == [(i.code, i.status) for i in y.plan.interventions]


def test_every_cpr_number_is_a_unique_replacement_number_matching_the_birth_date() -> None:
    all_specs = specs(citizens=400)
    assert len({s.cpr for s in all_specs}) == len(all_specs)
    for s in all_specs:
        cpr = CPR.parse(s.cpr)
        assert cpr.is_replacement
        assert 61 <= int(s.cpr[:2]) <= 91
        assert cpr.birth_date == s.birth_date


def test_ages_are_adults_plus_17_year_olds_about_to_turn_18_and_some_near_pension() -> None:
    all_specs = specs(citizens=400)
    for s in all_specs:
        born = s.birth_date
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        if s.profile == "youth_17":
            assert age == 17
            assert TODAY < eighteenth_birthday(s.birth_date) <= TODAY + dt.timedelta(days=365)
        elif s.profile == "disabled_child":
            assert 15 <= age <= 17
        else:
            assert 18 <= age <= 70
            assert pension_date(s.birth_date) > TODAY + dt.timedelta(days=30)
    near_pension = [s for s in all_specs if pension_date(s.birth_date) <= TODAY + dt.timedelta(days=730)]
    assert near_pension
    assert any(s.profile == "disabled_child" for s in all_specs)


def test_the_first_citizens_carry_every_kind_of_coherence_problem() -> None:
    first = specs()[: len(FORCED)]
    assert {p for s in first for p in s.problems} == set(PROBLEMS)
    # The first six share a coordinating caseworker (the demo log-in "koordinator").
    assert {s.plan.coordinator for s in first[:6]} == {PERSONAS["koordinator"]}
    assert first[6].plan.coordinator == PERSONAS["koordinator-unge"]


def test_addresses_are_in_aarhus_postal_districts_or_none_for_the_homeless() -> None:
    codes = {d.postal_code for d in vocab.districts()}
    for s in specs(citizens=200):
        if s.address:
            assert s.postal_code in codes
            assert s.district.endswith(s.postal_code + " " + next(d.postal_name for d in vocab.districts()
                                                                  if d.postal_code == s.postal_code))
        else:
            assert s.district == vocab.homeless_district() and s.household is None


def test_caseloads_are_20_to_30_and_every_role_has_staff() -> None:
    m = municipality(seed=11, citizens=1000, today=TODAY)
    for pool, loads in m.organisation.caseloads.items():
        assert all(CASELOAD[0] <= n <= CASELOAD[1] for n in loads[:-1]), pool
    assert Counter(m.coordinator_of) == {
        key: load for pool in m.organisation.coordinators
        for key, load in zip(m.organisation.coordinators[pool], m.organisation.caseloads[pool], strict=True)
    }
    assert {s.role for s in m.organisation.staff} == set(Role.values)
    keys = {s.key for s in m.organisation.staff}
    assert set(PERSONAS.values()) <= keys
    assert len({s.username for s in m.organisation.staff}) == len(m.organisation.staff)


def test_plans_have_goals_in_the_first_person_and_consistent_interventions() -> None:
    for s in specs(citizens=200):
        p = s.plan
        assert p.goals and all(g.wording.startswith("Jeg ") for g in p.goals)
        assert all("{" not in g.wording for g in p.goals)
        assert p.vision.startswith("Jeg ")
        for i in p.interventions:
            assert i.requested_on <= TODAY
            assert i.decided_on is None or i.decided_on >= i.requested_on
            assert i.end_date is None or i.start_date is None or i.end_date >= i.start_date
            assert (i.status == "ended") == bool(i.end_reason)
            assert i.status != "active" or (i.start_date is not None and i.start_date <= TODAY)
            assert all(0 <= n < len(p.goals) for n in i.goals)
        open_general = [f for f in p.follow_ups if f.goal is None and f.done_on is None]
        assert len(open_general) == 1
        assert 7 <= p.follow_up_interval_days <= 366


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.key)
def test_profiles_offer_catalogue_codes_from_units_that_provide_them(profile) -> None:
    provides = {u["key"]: set(u.get("provides", ())) for u in vocab.organisation()["units"]}
    catalogue = vocab.catalogue()
    for offer in profile.offers:
        for alt in offer.alternatives:
            assert alt.code in catalogue
            for unit in alt.units:
                assert alt.code in provides[unit], (alt.code, unit)


def test_data_files_cover_the_catalogue_and_need_nothing_from_outside_the_project() -> None:
    assert set(vocab.type_norms()) == set(vocab.catalogue())
    for name in ("names.json", "places.json", "phrases.json", "organisation.json", "interventions.json"):
        json.loads((vocab.DATA_DIR / name).read_text(encoding="utf-8"))
    goals = vocab.phrases()["goals"]
    assert set(goals) == {"housing", "employment_education", "economy", "physical_health", "mental_health",
                          "substance_use", "family_network", "leisure_citizenship", "crime"}
