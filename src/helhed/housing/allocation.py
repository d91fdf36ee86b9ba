"""Fair allocation of homes (boliganvisning): transparent scores, hard constraints, the optimal assignment.

Pure arithmetic over plain data: no Django, no database, no translations. Services build `Home` and
`Candidate` values from rows, call these functions and keep what they return with the decision.

How a candidate is scored for a home (docs/decisions/0202-allocation-scoring-and-assignment.md):
every score is the sum of named components, each `weight × value` with the value in [0, 1], so every
proposal carries its reasons and adds up to at most 100 points.

| component     | weight | value                                                                   |
| ------------- | ------ | ----------------------------------------------------------------------- |
| time_homeless | 40     | days homeless / 730, at most 1 (two years or more: full points)         |
| support_need  | 25     | support need on KL's scale 0-4 (intet ... fuldstændigt) / 4             |
| affordability | 20     | 1 while rent <= 30 % of income, falling linearly to 0 at 60 %           |
| district_wish | 10     | 1 if the home is in a wished district (or the citizen wished none)      |
| special_fit   | 5      | 1 if the home has a scarce feature the citizen needs (dogs, step-free)  |

Hard constraints (the pair is excluded, never proposed): a citizen with a dog is never proposed a home
where dogs are not allowed; a citizen who needs step-free access is never proposed a home without it;
a rent above 60 % of the citizen's income is not affordable.

This module must never read the database or know who is looking: access and audit belong to selectors.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

WEIGHTS: dict[str, int] = {
    "time_homeless": 40,
    "support_need": 25,
    "affordability": 20,
    "district_wish": 10,
    "special_fit": 5,
}
HOMELESS_DAYS_FOR_FULL_POINTS = 730
SUPPORT_NEED_MAX = 4
AFFORDABLE_RENT_SHARE = 0.30   # rent at or below this share of income: full affordability points
MAX_RENT_SHARE = 0.60          # above this share the home is not affordable: the pair is excluded

EXCLUDED_DOG = "dog_not_allowed"
EXCLUDED_ACCESS = "not_step_free"
EXCLUDED_RENT = "rent_not_affordable"
EXCLUSION_CODES = (EXCLUDED_DOG, EXCLUDED_ACCESS, EXCLUDED_RENT)

_ROWS_PER_CHUNK = 256  # homes scored at a time when building a matrix, to bound memory


@dataclass(frozen=True, slots=True)
class Home:
    """A vacant home as the scoring sees it."""

    id: int
    district: str
    monthly_rent: float
    dogs_allowed: bool = False
    step_free: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A citizen seeking a home (boligsøgende) as the scoring sees it."""

    id: int
    homeless_days: int
    support_need: int
    monthly_income: float
    has_dog: bool = False
    needs_step_free: bool = False
    wished_districts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Reason:
    """One named component of a score: `points = weight × value` (rounded to 0.01)."""

    component: str
    weight: int
    value: float
    points: float
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A candidate proposed for a home, with the reasons that add up to the score."""

    home_id: int
    candidate_id: int
    score: float
    reasons: tuple[Reason, ...]
    rank: int = 0  # 1 = the highest-ranked candidate for this home (0: not ranked)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Why a candidate cannot be proposed for a home."""

    home_id: int
    candidate_id: int
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """Candidates for one home: proposals best first, and the excluded with their reasons."""

    home_id: int
    proposals: tuple[Proposal, ...]
    excluded: tuple[Exclusion, ...]


@dataclass(frozen=True, slots=True)
class Assignment:
    """Homes matched to candidates. `total_score` is the sum of the proposals' scores."""

    method: str
    proposals: tuple[Proposal, ...]
    unassigned_home_ids: tuple[int, ...]

    @property
    def total_score(self) -> float:
        return round(sum(p.score for p in self.proposals), 2)

    def as_pairs(self) -> dict[int, int]:
        return {p.home_id: p.candidate_id for p in self.proposals}


# --- The vectorised core: one definition of every component, used for one pair and for a matrix -----


@dataclass(frozen=True)
class _Tables:
    rent: NDArray[np.float64]
    district: NDArray[np.int64]
    dogs_allowed: NDArray[np.bool_]
    step_free: NDArray[np.bool_]
    days: NDArray[np.float64]
    need: NDArray[np.float64]
    income: NDArray[np.float64]
    has_dog: NDArray[np.bool_]
    needs_step_free: NDArray[np.bool_]
    wishes: NDArray[np.bool_]          # candidates × districts of the homes
    wished_none: NDArray[np.bool_]


def _tables(homes: Sequence[Home], candidates: Sequence[Candidate]) -> _Tables:
    districts = {d: i for i, d in enumerate(sorted({h.district for h in homes}))}
    wishes = np.zeros((len(candidates), max(len(districts), 1)), dtype=bool)
    for row, c in enumerate(candidates):
        for d in c.wished_districts:
            if d in districts:
                wishes[row, districts[d]] = True
    for c in candidates:
        if not 0 <= c.support_need <= SUPPORT_NEED_MAX:
            raise ValueError(f"support need must be 0-{SUPPORT_NEED_MAX} (candidate {c.id})")
        if c.homeless_days < 0:
            raise ValueError(f"homeless days cannot be negative (candidate {c.id})")
    return _Tables(
        rent=np.array([h.monthly_rent for h in homes], dtype=float),
        district=np.array([districts[h.district] for h in homes], dtype=np.int64),
        dogs_allowed=np.array([h.dogs_allowed for h in homes], dtype=bool),
        step_free=np.array([h.step_free for h in homes], dtype=bool),
        days=np.array([c.homeless_days for c in candidates], dtype=float),
        need=np.array([c.support_need for c in candidates], dtype=float),
        income=np.array([c.monthly_income for c in candidates], dtype=float),
        has_dog=np.array([c.has_dog for c in candidates], dtype=bool),
        needs_step_free=np.array([c.needs_step_free for c in candidates], dtype=bool),
        wishes=wishes,
        wished_none=np.array([not c.wished_districts for c in candidates], dtype=bool),
    )


def _rent_share(t: _Tables, h: Any, c: Any) -> NDArray[np.float64]:
    income = t.income[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(income > 0, t.rent[h] / np.where(income > 0, income, 1.0), np.inf)
    return np.asarray(share, dtype=float)


def _values(t: _Tables, h: Any, c: Any) -> dict[str, NDArray[np.float64]]:
    """Each component's value in [0, 1] for homes `h` × candidates `c` (index arrays that broadcast)."""
    share = _rent_share(t, h, c)
    span = MAX_RENT_SHARE - AFFORDABLE_RENT_SHARE
    return {
        "time_homeless": np.minimum(t.days[c], HOMELESS_DAYS_FOR_FULL_POINTS) / HOMELESS_DAYS_FOR_FULL_POINTS,
        "support_need": t.need[c] / SUPPORT_NEED_MAX,
        "affordability": np.clip((MAX_RENT_SHARE - share) / span, 0.0, 1.0),
        "district_wish": (t.wished_none[c] | t.wishes[c, t.district[h]]).astype(float),
        "special_fit": ((t.dogs_allowed[h] & t.has_dog[c])
                        | (t.step_free[h] & t.needs_step_free[c])).astype(float),
    }


def _score_cents(values: dict[str, NDArray[np.float64]]) -> NDArray[np.int64]:
    """The score in hundredths of a point: the sum of each component's points rounded to 0.01.

    Rounding each component first makes the shown reasons add up exactly to the shown score.
    """
    total: NDArray[np.int64] | None = None
    for name, weight in WEIGHTS.items():
        cents = np.rint(values[name] * weight * 100).astype(np.int64)
        total = cents if total is None else total + cents
    assert total is not None
    return total


def _feasible(t: _Tables, h: Any, c: Any) -> NDArray[np.bool_]:
    dog_ok = ~(t.has_dog[c] & ~t.dogs_allowed[h])
    access_ok = ~(t.needs_step_free[c] & ~t.step_free[h])
    return np.asarray(dog_ok & access_ok & (_rent_share(t, h, c) <= MAX_RENT_SHARE + 1e-12))


def _exclusion_codes(t: _Tables, h: int, c: int) -> tuple[str, ...]:
    codes: list[str] = []
    if t.has_dog[c] and not t.dogs_allowed[h]:
        codes.append(EXCLUDED_DOG)
    if t.needs_step_free[c] and not t.step_free[h]:
        codes.append(EXCLUDED_ACCESS)
    if float(_rent_share(t, np.array(h), np.array(c))) > MAX_RENT_SHARE + 1e-12:
        codes.append(EXCLUDED_RENT)
    return tuple(codes)


def _proposal(t: _Tables, homes: Sequence[Home], candidates: Sequence[Candidate], h: int, c: int,
              rank: int = 0) -> Proposal:
    home, cand = homes[h], candidates[c]
    values = {k: float(v) for k, v in _values(t, np.array(h), np.array(c)).items()}
    share = float(_rent_share(t, np.array(h), np.array(c)))
    facts: dict[str, dict[str, Any]] = {
        "time_homeless": {"days": cand.homeless_days, "days_for_full_points": HOMELESS_DAYS_FOR_FULL_POINTS},
        "support_need": {"level": cand.support_need, "max": SUPPORT_NEED_MAX},
        "affordability": {"rent": home.monthly_rent, "income": cand.monthly_income,
                          "rent_share_percent": round(share * 100, 1)},
        "district_wish": {"district": home.district, "wished": sorted(cand.wished_districts)},
        "special_fit": {"dog": cand.has_dog and home.dogs_allowed,
                        "step_free": cand.needs_step_free and home.step_free},
    }
    reasons = tuple(
        Reason(component=name, weight=weight, value=round(values[name], 4),
               points=round(round(values[name] * weight * 100) / 100, 2), facts=facts[name])
        for name, weight in WEIGHTS.items()
    )
    return Proposal(home_id=home.id, candidate_id=cand.id, score=round(sum(r.points for r in reasons), 2),
                    reasons=reasons, rank=rank)


def _score_matrix(t: _Tables, n_homes: int, n_candidates: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Scores in cents and feasibility for every home × candidate, built a chunk of homes at a time."""
    cents = np.zeros((n_homes, n_candidates), dtype=np.int64)
    feasible = np.zeros((n_homes, n_candidates), dtype=bool)
    cols = np.arange(n_candidates)[None, :]
    for start in range(0, n_homes, _ROWS_PER_CHUNK):
        rows = np.arange(start, min(start + _ROWS_PER_CHUNK, n_homes))[:, None]
        cents[rows[:, 0]] = _score_cents(_values(t, rows, cols))
        feasible[rows[:, 0]] = _feasible(t, rows, cols)
    return cents, feasible


def _check_ids(homes: Sequence[Home], candidates: Sequence[Candidate]) -> None:
    if len({h.id for h in homes}) != len(homes):
        raise ValueError("home ids must be unique")
    if len({c.id for c in candidates}) != len(candidates):
        raise ValueError("candidate ids must be unique")


# --- One pair, one home -----------------------------------------------------------------------------


def evaluate(home: Home, candidate: Candidate) -> Proposal | Exclusion:
    """The proposal for one pair with its reasons, or why the pair is excluded."""
    t = _tables([home], [candidate])
    codes = _exclusion_codes(t, 0, 0)
    if codes:
        return Exclusion(home_id=home.id, candidate_id=candidate.id, codes=codes)
    return _proposal(t, [home], [candidate], 0, 0)


def _order_key(score_cents: int, cand: Candidate) -> tuple[int, int, int]:
    """Best first: higher score, then longer homeless, then the lower id (a fixed, documented tie-break)."""
    return (-score_cents, -cand.homeless_days, cand.id)


def rank_candidates(home: Home, candidates: Sequence[Candidate], *, limit: int | None = None) -> Ranking:
    """Every candidate for one home: the eligible ranked best first, the excluded with their reasons."""
    _check_ids([home], candidates)
    if not candidates:
        return Ranking(home_id=home.id, proposals=(), excluded=())
    t = _tables([home], candidates)
    cents, feasible = _score_matrix(t, 1, len(candidates))
    eligible = [int(c) for c in np.flatnonzero(feasible[0])]
    eligible.sort(key=lambda c: _order_key(int(cents[0, c]), candidates[c]))
    if limit is not None:
        eligible = eligible[:limit]
    proposals = tuple(_proposal(t, [home], candidates, 0, c, rank=i + 1) for i, c in enumerate(eligible))
    excluded = tuple(
        Exclusion(home_id=home.id, candidate_id=candidates[int(c)].id, codes=_exclusion_codes(t, 0, int(c)))
        for c in np.flatnonzero(~feasible[0])
    )
    return Ranking(home_id=home.id, proposals=proposals, excluded=excluded)


# --- A batch: optimal assignment and greedy baselines ---------------------------------------------


def _assignment(method: str, t: _Tables, homes: Sequence[Home], candidates: Sequence[Candidate],
                pairs: Iterable[tuple[int, int]]) -> Assignment:
    chosen = sorted(pairs)
    assigned = {h for h, _c in chosen}
    return Assignment(
        method=method,
        proposals=tuple(_proposal(t, homes, candidates, h, c) for h, c in chosen),
        unassigned_home_ids=tuple(homes[h].id for h in range(len(homes)) if h not in assigned),
    )


def _lsa_weights(cents: NDArray[np.int64], feasible: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Weights for the solver: a feasible pair weighs its score in cents, an excluded pair a little below 0.

    Every home must be matched by the solver (there are at least as many candidates as homes), so a home
    without a feasible candidate left gets an excluded one, dropped afterwards: the home stays vacant.
    The penalty of an excluded pair, 1 / (2(n + 1)) cent, adds up to less than one cent over all homes,
    so the solver maximises the total score first and only then assigns as many homes as possible. Ties
    between feasible pairs stay exact ties, which the solver resolves quickly (an integer-scaled
    tie-break made it half again as slow).
    """
    n = cents.shape[0]
    return np.where(feasible, cents.astype(np.float64), -1.0 / (2 * (n + 1)))


def _candidate_columns(weights: NDArray[Any]) -> NDArray[np.intp]:
    """Candidates that can appear in some optimal assignment: the union of each home's best n.

    Exact: if home i is matched to a candidate outside its n best, one of those n is free (only n-1
    other homes), and moving i there scores at least as much. So some optimal assignment uses only
    these columns, and the solver need not look at the others.
    """
    n, m = weights.shape
    if m <= 2 * n:
        return np.arange(m)
    best = np.argpartition(-weights, n - 1, axis=1)[:, :n]
    return np.unique(best)


def assign_optimal(homes: Sequence[Home], candidates: Sequence[Candidate], *,
                   timings: dict[str, float] | None = None) -> Assignment:
    """The assignment with the highest total score (scipy's linear_sum_assignment); excluded pairs unused.

    `timings`, if given, receives the seconds of each step and the size the solver saw (for the benchmark).
    """
    _check_ids(homes, candidates)
    if not homes or not candidates:
        return Assignment(method="optimal", proposals=(), unassigned_home_ids=tuple(h.id for h in homes))
    clock = time.perf_counter()
    t = _tables(homes, candidates)
    cents, feasible = _score_matrix(t, len(homes), len(candidates))
    scored = time.perf_counter()
    cols = _candidate_columns(np.where(feasible, cents, -1).astype(np.int32))
    sub = _lsa_weights(cents[:, cols], feasible[:, cols])
    cut = time.perf_counter()
    rows, picked = linear_sum_assignment(sub, maximize=True)
    solved = time.perf_counter()
    pairs = [(int(r), int(cols[c])) for r, c in zip(rows, picked, strict=True) if feasible[r, cols[c]]]
    result = _assignment("optimal", t, homes, candidates, pairs)
    if timings is not None:
        timings.update({"score_matrix": scored - clock, "column_cut": cut - scored, "solver": solved - cut,
                        "reasons": time.perf_counter() - solved, "solver_columns": float(len(cols))})
    return result


def assign_greedy_by_home(homes: Sequence[Home], candidates: Sequence[Candidate]) -> Assignment:
    """Baseline: one home at a time, in the given order, each to its best remaining candidate.

    This is what allocating each home on its own as it falls vacant produces.
    """
    _check_ids(homes, candidates)
    t = _tables(homes, candidates)
    cents, feasible = _score_matrix(t, len(homes), len(candidates))
    # Among equal scores the longer homeless and then the lower id wins, as in rank_candidates.
    order = np.lexsort((np.array([c.id for c in candidates]), -t.days))
    tie_rank = np.empty(len(candidates), dtype=np.int64)
    tie_rank[order] = np.arange(len(candidates))
    key = cents.astype(np.float64) * len(candidates) + (len(candidates) - 1 - tie_rank)
    key[~feasible] = -math.inf
    free = np.ones(len(candidates), dtype=bool)
    pairs: list[tuple[int, int]] = []
    for h in range(len(homes)):
        row = np.where(free, key[h], -math.inf)
        c = int(np.argmax(row))
        if row[c] > -math.inf:
            pairs.append((h, c))
            free[c] = False
    return _assignment("greedy_by_home", t, homes, candidates, pairs)


def assign_greedy_best_pair(homes: Sequence[Home], candidates: Sequence[Candidate]) -> Assignment:
    """Baseline: repeatedly take the best remaining home–candidate pair (the textbook greedy matching)."""
    _check_ids(homes, candidates)
    t = _tables(homes, candidates)
    cents, feasible = _score_matrix(t, len(homes), len(candidates))
    h_idx, c_idx = np.nonzero(feasible)  # in (home, candidate) order, which breaks the remaining ties
    # Best first: the higher score, then the longer homeless (one int64 key, sorted stably).
    days = np.minimum(t.days[c_idx], 2**20 - 1).astype(np.int64)
    order = np.argsort(-(cents[h_idx, c_idx] * 2**20 + days), kind="stable")
    home_free = [True] * len(homes)
    cand_free = [True] * len(candidates)
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(order), 1 << 20):  # a chunk at a time: few chunks are ever needed
        chunk = order[start:start + (1 << 20)]
        for h, c in zip(h_idx[chunk].tolist(), c_idx[chunk].tolist(), strict=True):
            if home_free[h] and cand_free[c]:
                pairs.append((h, c))
                home_free[h] = cand_free[c] = False
        if len(pairs) == len(homes):
            break
    return _assignment("greedy_best_pair", t, homes, candidates, pairs)
