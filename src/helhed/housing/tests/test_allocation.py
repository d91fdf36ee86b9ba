"""Scoring and assignment without a database: reasons add up, hard constraints hold, optimal beats greedy."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from helhed.housing.allocation import (
    EXCLUDED_ACCESS,
    EXCLUDED_DOG,
    EXCLUDED_RENT,
    WEIGHTS,
    Assignment,
    Candidate,
    Exclusion,
    Home,
    Proposal,
    _optimal_pairs,
    _score_matrix,
    _tables,
    assign_greedy_best_pair,
    assign_greedy_by_home,
    assign_optimal,
    certify_optimal,
    evaluate,
    rank_candidates,
)


def home(i: int, **kw: object) -> Home:
    base: dict[str, object] = {"district": "8000 Aarhus C", "monthly_rent": 4000.0}
    return Home(id=i, **{**base, **kw})  # type: ignore[arg-type]


def cand(i: int, **kw: object) -> Candidate:
    base: dict[str, object] = {"homeless_days": 100, "support_need": 2, "monthly_income": 12000.0}
    return Candidate(id=i, **{**base, **kw})  # type: ignore[arg-type]


def test_every_component_is_a_named_reason_and_they_add_up_to_the_score() -> None:
    p = evaluate(home(1, dogs_allowed=True, monthly_rent=3600.0),
                 cand(1, homeless_days=365, support_need=3, has_dog=True,
                      wished_districts=frozenset({"8000 Aarhus C"})))
    assert isinstance(p, Proposal)
    assert [r.component for r in p.reasons] == list(WEIGHTS)
    points = {r.component: r.points for r in p.reasons}
    assert points == {"time_homeless": 20.0, "support_need": 18.75, "affordability": 20.0,
                      "district_wish": 10.0, "special_fit": 5.0}
    assert p.score == pytest.approx(sum(points.values()))
    assert all(r.points == pytest.approx(r.weight * r.value, abs=0.01) for r in p.reasons)
    assert sum(WEIGHTS.values()) == 100


def test_affordability_falls_from_30_to_60_percent_of_income() -> None:
    def afford(rent: float) -> float:
        p = evaluate(home(1, monthly_rent=rent), cand(1, monthly_income=10000.0))
        assert isinstance(p, Proposal)
        return next(r.points for r in p.reasons if r.component == "affordability")

    assert afford(3000) == 20.0
    assert afford(4500) == 10.0
    assert afford(6000) == 0.0
    too_dear = evaluate(home(1, monthly_rent=6001), cand(1, monthly_income=10000.0))
    assert too_dear == Exclusion(1, 1, (EXCLUDED_RENT,))


def test_no_wish_counts_as_a_fulfilled_wish_and_a_wrong_district_scores_nothing() -> None:
    def district(wishes: frozenset[str]) -> float:
        p = evaluate(home(1), cand(1, wished_districts=wishes))
        assert isinstance(p, Proposal)
        return next(r.points for r in p.reasons if r.component == "district_wish")

    assert district(frozenset()) == 10.0
    assert district(frozenset({"8000 Aarhus C", "8200 Aarhus N"})) == 10.0
    assert district(frozenset({"8200 Aarhus N"})) == 0.0


def test_hard_constraints_exclude_with_their_reasons() -> None:
    assert evaluate(home(1), cand(1, has_dog=True)) == Exclusion(1, 1, (EXCLUDED_DOG,))
    assert evaluate(home(1), cand(1, needs_step_free=True)) == Exclusion(1, 1, (EXCLUDED_ACCESS,))
    both = evaluate(home(1, monthly_rent=9000), cand(1, has_dog=True, needs_step_free=True))
    assert both == Exclusion(1, 1, (EXCLUDED_DOG, EXCLUDED_ACCESS, EXCLUDED_RENT))
    assert isinstance(evaluate(home(1, dogs_allowed=True, step_free=True),
                               cand(1, has_dog=True, needs_step_free=True)), Proposal)


def test_ranking_for_one_home_best_first_with_a_fixed_tie_break() -> None:
    h = home(1)
    candidates = [cand(1, homeless_days=10), cand(2, homeless_days=400), cand(3, has_dog=True),
                  cand(4, homeless_days=400), cand(5, homeless_days=400, support_need=4)]
    ranking = rank_candidates(h, candidates)
    assert [p.candidate_id for p in ranking.proposals] == [5, 2, 4, 1]
    assert [p.rank for p in ranking.proposals] == [1, 2, 3, 4]
    assert ranking.excluded == (Exclusion(1, 3, (EXCLUDED_DOG,)),)
    assert [p.candidate_id for p in rank_candidates(h, candidates, limit=2).proposals] == [5, 2]


def test_optimal_assignment_differs_from_greedy_and_scores_more() -> None:
    """Two homes, two citizens. Anna scores highest everywhere, and most in the dog-friendly home
    (she wished its district). Bo has a dog. Greedy gives Anna the dog-friendly home and leaves Bo
    without one; the optimal gives Bo the dog-friendly home and Anna the other."""
    dog_home = home(1, district="8200 Aarhus N", dogs_allowed=True)
    plain = home(2, district="8000 Aarhus C")
    anna = cand(10, homeless_days=700, support_need=4, wished_districts=frozenset({"8200 Aarhus N"}))
    bo = cand(20, homeless_days=200, support_need=2, has_dog=True)
    homes, candidates = [dog_home, plain], [anna, bo]

    by_home = assign_greedy_by_home(homes, candidates)
    best_pair = assign_greedy_best_pair(homes, candidates)
    optimal = assign_optimal(homes, candidates)

    assert by_home.as_pairs() == best_pair.as_pairs() == {1: 10}
    assert by_home.unassigned_home_ids == (2,)
    assert optimal.as_pairs() == {1: 20, 2: 10}
    assert optimal.unassigned_home_ids == ()
    assert optimal.total_score > by_home.total_score
    assert optimal.total_score > best_pair.total_score
    for p in optimal.proposals:
        assert {r.component for r in p.reasons} == set(WEIGHTS)
        assert p.score == pytest.approx(sum(r.points for r in p.reasons))


def test_optimal_beats_greedy_on_score_alone() -> None:
    """Without any hard constraint: greedy takes the single best pair and loses more elsewhere."""
    h1, h2 = home(1, district="A"), home(2, district="B")
    c1 = cand(1, homeless_days=730, wished_districts=frozenset({"A", "B"}))   # happy anywhere
    c2 = cand(2, homeless_days=700, wished_districts=frozenset({"A"}))        # only A
    optimal, greedy = assign_optimal([h1, h2], [c1, c2]), assign_greedy_best_pair([h1, h2], [c1, c2])
    assert greedy.as_pairs() == {1: 1, 2: 2}
    assert optimal.as_pairs() == {1: 2, 2: 1}
    assert optimal.total_score - greedy.total_score == pytest.approx(10.0)


def _brute_force_best(homes: list[Home], candidates: list[Candidate]) -> float:
    """The best total over every way to give each home one distinct candidate or nobody."""
    pairs = {}
    for h, c in itertools.product(homes, candidates):
        p = evaluate(h, c)
        if isinstance(p, Proposal):
            pairs[h.id, c.id] = p.score
    best = 0.0
    options = [None, *candidates]
    for choice in itertools.product(options, repeat=len(homes)):
        used = [c.id for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        if any(c is not None and (h.id, c.id) not in pairs for h, c in zip(homes, choice, strict=True)):
            continue
        best = max(best, sum(pairs[h.id, c.id] for h, c in zip(homes, choice, strict=True) if c is not None))
    return round(best, 2)


districts = st.sampled_from(["A", "B", "C"])
homes_st = st.lists(st.builds(Home, id=st.just(0), district=districts,
                              monthly_rent=st.integers(2000, 8000).map(float),
                              dogs_allowed=st.booleans(), step_free=st.booleans()), min_size=1, max_size=4)
cands_st = st.lists(st.builds(Candidate, id=st.just(0), homeless_days=st.integers(0, 1000),
                              support_need=st.integers(0, 4),
                              monthly_income=st.integers(6000, 16000).map(float),
                              has_dog=st.booleans(), needs_step_free=st.booleans(),
                              wished_districts=st.frozensets(districts, max_size=2)), min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(homes_st, cands_st)
def test_optimal_is_the_best_possible_and_never_breaks_a_hard_constraint(
    hs: list[Home], cs: list[Candidate],
) -> None:
    homes = [Home(i + 1, h.district, h.monthly_rent, h.dogs_allowed, h.step_free) for i, h in enumerate(hs)]
    candidates = [Candidate(i + 1, c.homeless_days, c.support_need, c.monthly_income, c.has_dog,
                            c.needs_step_free, c.wished_districts) for i, c in enumerate(cs)]
    optimal = assign_optimal(homes, candidates)
    assert optimal.total_score == pytest.approx(_brute_force_best(homes, candidates), abs=0.011)
    assert certify_optimal(homes, candidates, optimal)
    for greedy in (assign_greedy_by_home(homes, candidates), assign_greedy_best_pair(homes, candidates)):
        assert optimal.total_score >= greedy.total_score - 1e-9
        # The certificate proves exactly the best (total, homes let): no more, no less.
        same = (greedy.total_score, len(greedy.proposals)) == (optimal.total_score, len(optimal.proposals))
        assert certify_optimal(homes, candidates, greedy) == same
    by_id_h, by_id_c = {h.id: h for h in homes}, {c.id: c for c in candidates}
    for result in (optimal, assign_greedy_by_home(homes, candidates)):
        assert len(set(result.as_pairs().values())) == len(result.proposals)
        for p in result.proposals:
            h, c = by_id_h[p.home_id], by_id_c[p.candidate_id]
            assert not (c.has_dog and not h.dogs_allowed)
            assert not (c.needs_step_free and not h.step_free)


def test_a_batch_bigger_than_the_column_cut_keeps_the_dog_rule_and_beats_greedy() -> None:
    rng = random.Random(3)
    homes = [Home(i, rng.choice("ABCD"), float(rng.randrange(3000, 7000)), rng.random() < 0.3,
                  rng.random() < 0.3) for i in range(1, 41)]
    candidates = [
        Candidate(i, rng.randrange(0, 900), rng.randrange(0, 5), float(rng.randrange(7000, 16000)),
                  rng.random() < 0.2, rng.random() < 0.1, frozenset(rng.sample("ABCD", rng.randrange(3))))
        for i in range(1, 301)
    ]
    optimal = assign_optimal(homes, candidates)
    by_home, best_pair = assign_greedy_by_home(homes, candidates), assign_greedy_best_pair(homes, candidates)
    assert optimal.total_score >= max(by_home.total_score, best_pair.total_score)
    dog_owners = {c.id for c in candidates if c.has_dog}
    no_dogs = {h.id for h in homes if not h.dogs_allowed}
    assert not any(p.candidate_id in dog_owners and p.home_id in no_dogs for p in optimal.proposals)
    assert all(len(p.reasons) == len(WEIGHTS) for p in optimal.proposals)


def _instance(seed: int, n_homes: int, n_candidates: int) -> tuple[list[Home], list[Candidate]]:
    """Many ties, as in real data: few districts, rents and incomes on a coarse grid, needs 0-4."""
    rng = random.Random(seed)
    homes = [Home(i, rng.choice("ABC"), float(rng.randrange(3000, 7000, 500)), rng.random() < 0.3,
                  rng.random() < 0.3) for i in range(1, n_homes + 1)]
    candidates = [
        Candidate(i, rng.choice((0, 100, 400, 730, 900)), rng.randrange(0, 5),
                  float(rng.randrange(7000, 16000, 1000)), rng.random() < 0.2, rng.random() < 0.1,
                  frozenset(rng.sample("ABC", rng.randrange(3))))
        for i in range(1, n_candidates + 1)
    ]
    return homes, candidates


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 5), st.integers(1, 25))
def test_the_score_matrix_scores_every_pair_as_its_reasons_do(seed: int, n_homes: int, n_cands: int) -> None:
    homes, candidates = _instance(seed, n_homes, n_cands)
    cents, feasible = _score_matrix(_tables(homes, candidates), len(homes), len(candidates))
    for i, h in enumerate(homes):
        for j, c in enumerate(candidates):
            p = evaluate(h, c)
            assert feasible[i, j] == isinstance(p, Proposal)
            if isinstance(p, Proposal):
                assert cents[i, j] == round(p.score * 100)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 12), st.integers(1, 60), st.booleans())
def test_optimal_equals_scipys_dense_assignment_over_all_pairs(
    seed: int, n_homes: int, n_cands: int, priced: bool,
) -> None:
    """Both ways of solving (the exact cut at once; priced pairs proved by LP prices, as a big batch is
    solved) against linear_sum_assignment on the full matrix: score first, then homes let."""
    homes, candidates = _instance(seed, n_homes, n_cands)
    cents, feasible = _score_matrix(_tables(homes, candidates), len(homes), len(candidates))
    n = len(homes)
    weights = np.where(feasible, cents * (n + 1) + 1.0, 0.0)  # 0: vacant, never better than a feasible pair
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = feasible[rows, cols]
    pairs = _optimal_pairs(cents, feasible, {}, priced=priced)
    assert all(feasible[h, c] for h, c in pairs)
    assert len({c for _h, c in pairs}) == len(pairs)
    assert sum(int(cents[h, c]) for h, c in pairs) == int(cents[rows, cols][chosen].sum())
    assert len(pairs) == int(chosen.sum())
    optimal = assign_optimal(homes, candidates)
    assert round(optimal.total_score * 100) == int(cents[rows, cols][chosen].sum())
    assert certify_optimal(homes, candidates, optimal)


def test_a_batch_big_enough_for_prices_is_solved_on_them_proved_optimal_and_keeps_the_dog_rule() -> None:
    homes, candidates = _instance(5, 400, 2000)
    steps: dict[str, float] = {}
    optimal = assign_optimal(homes, candidates, timings=steps)
    assert steps["method_priced"] == 1.0
    assert steps["solver_pairs"] < 400 * 400 / 2  # fewer pairs than the exact cut, by far
    cents, feasible = _score_matrix(_tables(homes, candidates), len(homes), len(candidates))
    exact = _optimal_pairs(cents, feasible, {}, priced=False)
    assert round(optimal.total_score * 100) == sum(int(cents[h, c]) for h, c in exact)
    assert len(optimal.proposals) == len(exact)
    assert certify_optimal(homes, candidates, optimal)
    dog_owners = {c.id for c in candidates if c.has_dog}
    no_dogs = {h.id for h in homes if not h.dogs_allowed}
    assert not any(p.candidate_id in dog_owners and p.home_id in no_dogs for p in optimal.proposals)
    assert optimal.total_score >= assign_greedy_by_home(homes, candidates).total_score


def test_the_certificate_refuses_a_worse_assignment_an_excluded_pair_and_a_candidate_used_twice() -> None:
    homes = [home(1, dogs_allowed=False), home(2, dogs_allowed=True)]
    bo, eva = cand(20, has_dog=True), cand(9)
    assert certify_optimal(homes, [bo, eva], assign_optimal(homes, [bo, eva]))
    eva_in_2 = evaluate(homes[1], eva)
    assert isinstance(eva_in_2, Proposal)
    one_home_let = Assignment("manual", (eva_in_2,), (1,))  # Bo without a home, home 1 vacant
    assert not certify_optimal(homes, [bo, eva], one_home_let)
    dog_where_no_dogs = Assignment("manual", (Proposal(1, 20, 0.0, ()), Proposal(2, 9, 0.0, ())), ())
    assert not certify_optimal(homes, [bo, eva], dog_where_no_dogs)
    twice = Assignment("manual", (Proposal(1, 9, 0.0, ()), Proposal(2, 9, 0.0, ())), ())
    assert not certify_optimal(homes, [bo, eva], twice)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        assign_optimal([home(1), home(1)], [cand(1)])
    with pytest.raises(ValueError):
        evaluate(home(1), cand(1, support_need=5))
    assert assign_optimal([], [cand(1)]).proposals == ()
    assert assign_optimal([home(1)], []).unassigned_home_ids == (1,)
