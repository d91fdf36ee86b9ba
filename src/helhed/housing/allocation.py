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
from ortools.graph.python import min_cost_flow

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
# A batch of this many homes or more is solved on priced pairs first (see _priced_pairs); smaller ones,
# at most a few hundred thousand pairs after the exact cut, are solved on those at once.
_PRICED_FROM_HOMES = 400
_PRICED_PAIRS_PER_HOME = 150   # each home's best candidates after prices
_PRICING_SAMPLE = 4            # one home and one candidate in four, solved first, price the rest
_PRICED_ROUNDS = 8             # rounds of adding the pairs that break the proof, before the exact cut


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


def _rent_share(rent: Any, income: Any) -> NDArray[np.float64]:
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(income > 0, rent / np.where(income > 0, income, 1.0), np.inf)
    return np.asarray(share, dtype=float)


# One definition of each component's value in [0, 1], for one pair (the reasons) and for a matrix alike.


def _time_homeless_value(days: Any) -> NDArray[np.float64]:
    return np.asarray(np.minimum(days, HOMELESS_DAYS_FOR_FULL_POINTS) / HOMELESS_DAYS_FOR_FULL_POINTS)


def _support_need_value(need: Any) -> NDArray[np.float64]:
    return np.asarray(need / SUPPORT_NEED_MAX)


def _affordability_value(share: Any) -> NDArray[np.float64]:
    return np.asarray(np.clip((MAX_RENT_SHARE - share) / (MAX_RENT_SHARE - AFFORDABLE_RENT_SHARE), 0.0, 1.0))


def _affordable(share: Any) -> NDArray[np.bool_]:
    return np.asarray(share <= MAX_RENT_SHARE + 1e-12)


def _points_cents(value: Any, component: str) -> NDArray[np.int64]:
    """A component's points in hundredths, rounded as the reasons round them (so they add up exactly)."""
    return np.rint(value * WEIGHTS[component] * 100).astype(np.int64)


def _values(t: _Tables, h: Any, c: Any) -> dict[str, NDArray[np.float64]]:
    """Each component's value in [0, 1] for homes `h` × candidates `c` (index arrays that broadcast)."""
    return {
        "time_homeless": _time_homeless_value(t.days[c]),
        "support_need": _support_need_value(t.need[c]),
        "affordability": _affordability_value(_rent_share(t.rent[h], t.income[c])),
        "district_wish": (t.wished_none[c] | t.wishes[c, t.district[h]]).astype(float),
        "special_fit": ((t.dogs_allowed[h] & t.has_dog[c])
                        | (t.step_free[h] & t.needs_step_free[c])).astype(float),
    }


def _exclusion_codes(t: _Tables, h: int, c: int) -> tuple[str, ...]:
    codes: list[str] = []
    if t.has_dog[c] and not t.dogs_allowed[h]:
        codes.append(EXCLUDED_DOG)
    if t.needs_step_free[c] and not t.step_free[h]:
        codes.append(EXCLUDED_ACCESS)
    if not bool(_affordable(_rent_share(t.rent[h], t.income[c]))):
        codes.append(EXCLUDED_RENT)
    return tuple(codes)


def _proposal(t: _Tables, homes: Sequence[Home], candidates: Sequence[Candidate], h: int, c: int,
              rank: int = 0) -> Proposal:
    home, cand = homes[h], candidates[c]
    values = {k: float(v) for k, v in _values(t, np.array(h), np.array(c)).items()}
    share = float(_rent_share(t.rent[h], t.income[c]))
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
               points=round(int(_points_cents(values[name], name)) / 100, 2), facts=facts[name])
        for name, weight in WEIGHTS.items()
    )
    return Proposal(home_id=home.id, candidate_id=cand.id, score=round(sum(r.points for r in reasons), 2),
                    reasons=reasons, rank=rank)


def _score_matrix(t: _Tables, n_homes: int, n_candidates: int) -> tuple[NDArray[np.int32], NDArray[np.bool_]]:
    """Scores in cents and feasibility for every home × candidate, with the definitions above.

    Built from parts, not pair by pair: the candidate-only points (time homeless, need) once per
    candidate; affordability and the rent rule once per distinct rent × distinct income (few: rents and
    incomes repeat), then gathered; wishes and fit as boolean gathers. A chunk of homes at a time bounds
    the memory. The same rounding as the reasons, so a score in the matrix is the score shown (a test
    compares every pair with `evaluate`).
    """
    cents = np.empty((n_homes, n_candidates), dtype=np.int32)
    feasible = np.empty((n_homes, n_candidates), dtype=bool)
    own = (_points_cents(_time_homeless_value(t.days), "time_homeless")
           + _points_cents(_support_need_value(t.need), "support_need")).astype(np.int32)
    rents, rent_of_home = np.unique(t.rent, return_inverse=True)
    incomes, income_of_cand = np.unique(t.income, return_inverse=True)
    afford = np.empty((len(rents), len(incomes)), dtype=np.int32)
    affordable = np.empty((len(rents), len(incomes)), dtype=bool)
    for start in range(0, len(rents), _ROWS_PER_CHUNK):
        share = _rent_share(rents[start:start + _ROWS_PER_CHUNK, None], incomes[None, :])
        afford[start:start + _ROWS_PER_CHUNK] = _points_cents(_affordability_value(share), "affordability")
        affordable[start:start + _ROWS_PER_CHUNK] = _affordable(share)
    # Everything but affordability depends on the home only through its district, dogs and step-free
    # access: one row per such kind of home, added to the gathered affordability row by row.
    wish = (np.ascontiguousarray(t.wishes.T) | t.wished_none[None, :]).astype(np.int32)
    dog_ok = np.stack([~t.has_dog, np.ones_like(t.has_dog)])                     # by dogs_allowed
    step_ok = np.stack([~t.needs_step_free, np.ones_like(t.needs_step_free)])    # by step_free
    fit = ((np.array([False, True])[:, None, None] & t.has_dog[None, None, :])
           | (np.array([False, True])[None, :, None] & t.needs_step_free[None, None, :]))
    base = (own[None, None, None, :]
            + wish[:, None, None, :] * np.int32(_points_cents(1.0, "district_wish"))
            + fit[None, :, :, :].astype(np.int32) * np.int32(_points_cents(1.0, "special_fit")))
    allowed = dog_ok[:, None, :] & step_ok[None, :, :]
    kind_dogs, kind_step = t.dogs_allowed.astype(np.intp), t.step_free.astype(np.intp)
    for start in range(0, n_homes, _ROWS_PER_CHUNK):
        rows = slice(start, min(start + _ROWS_PER_CHUNK, n_homes))
        rent_rows = rent_of_home[rows]
        np.add(np.take(afford[rent_rows], income_of_cand, axis=1),
               base[t.district[rows], kind_dogs[rows], kind_step[rows]], out=cents[rows])
        np.logical_and(np.take(affordable[rent_rows], income_of_cand, axis=1),
                       allowed[kind_dogs[rows], kind_step[rows]], out=feasible[rows])
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


def _solver_weights(cents: NDArray[np.integer[Any]], n_homes: int) -> NDArray[np.int64]:
    """What the solver maximises for a feasible pair: the score in cents × (n + 1), plus 1.

    The +1 per home let is worth less than one cent over all n homes, so the total score comes first and,
    among equal totals, the most homes let (a feasible pair scoring 0 still beats leaving a home vacant).
    Integers, so ties are exact.
    """
    return cents.astype(np.int64) * (n_homes + 1) + 1


_Pairs = tuple[NDArray[np.int32], NDArray[np.int32]]  # home rows and candidate columns, one pair each


def _solver_edges(cents: NDArray[np.int32], feasible: NDArray[np.bool_]) -> _Pairs:
    """The feasible pairs the solver needs to see: each home with its n best candidates (n = homes).

    Exact. Take an optimal assignment in which home h has a candidate c outside its n best. The other
    n - 1 homes hold at most n - 1 of those n, so one of them, t, is free, and it scores at least as much
    for h as c does (so t is feasible too: every feasible score is >= 0, an excluded pair counts -1 here).
    Moving h from c to t loses no score and lets as many homes; it leaves the other homes alone, so doing
    it home by home ends in an optimal assignment that uses only these pairs. With 2,000 homes and 10,000
    candidates that is 4 million pairs of the 20 million; a home-independent bound from the split
    score = candidate part + home-dependent part (at most 35 points) cuts far less (ADR 0202).
    """
    n, m = cents.shape
    if m <= n:
        homes, cands = np.nonzero(feasible)
        return homes.astype(np.int32), cands.astype(np.int32)
    best = np.empty((n, n), dtype=np.int32)
    for start in range(0, n, _ROWS_PER_CHUNK):
        chunk = slice(start, min(start + _ROWS_PER_CHUNK, n))
        best[chunk] = np.argpartition(-np.where(feasible[chunk], cents[chunk], -1), n - 1, axis=1)[:, :n]
    rows = np.repeat(np.arange(n, dtype=np.int32), n)
    cols = best.ravel()
    keep = feasible[rows, cols]
    return rows[keep], cols[keep]


def _max_weight_matching(n_homes: int, homes: NDArray[np.int32], cands: NDArray[np.int32],
                         weights: NDArray[np.int64]) -> list[tuple[int, int]]:
    """A maximum-weight matching of homes to candidates over the given pairs, as a min-cost flow.

    One unit from every home, to the sink either through a candidate (cost -weight, each candidate at
    most once) or straight (cost 0: the home stays vacant). OR-Tools' cost-scaling push-relabel solver
    proves its flow optimal; unlike shortest augmenting paths it is not slowed down by the many exact ties
    of this score (ADR 0202).
    """
    if len(homes) == 0:
        return []
    used = np.zeros(int(cands.max()) + 1, dtype=bool)
    used[cands] = True
    cand_node = (np.cumsum(used) - 1)[cands]  # candidates numbered densely, without sorting the pairs
    k = int(used.sum())
    sink = n_homes + k
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        homes, (n_homes + cand_node).astype(np.int32), np.ones(len(homes), dtype=np.int64), -weights)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n_homes, sink, dtype=np.int32), np.full(k, sink, dtype=np.int32),
        np.ones(k, dtype=np.int64), np.zeros(k, dtype=np.int64))
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n_homes, dtype=np.int32), np.full(n_homes, sink, dtype=np.int32),
        np.ones(n_homes, dtype=np.int64), np.zeros(n_homes, dtype=np.int64))
    flow.set_nodes_supplies(np.arange(n_homes, dtype=np.int32), np.ones(n_homes, dtype=np.int64))
    flow.set_node_supply(sink, -n_homes)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the assignment solver did not finish: {status}")
    chosen = np.asarray(flow.flows(np.asarray(arcs, dtype=np.int32))) > 0
    return list(zip(homes[chosen].tolist(), cands[chosen].tolist(), strict=True))


def _exact_pairs(cents: NDArray[np.int32],
                 feasible: NDArray[np.bool_]) -> tuple[list[tuple[int, int]], _Pairs]:
    """The optimal pairs, solved on the exact cut; also returns the pairs the solver saw."""
    n = cents.shape[0]
    edge_homes, edge_cands = _solver_edges(cents, feasible)
    edge_cents = cents[edge_homes, edge_cands].astype(np.int64)
    # First the score alone: its costs span fewer bits, which makes cost scaling a quarter faster. If that
    # lets every home, it is also the most homes possible; only otherwise solve again with the tie-break.
    pairs = _max_weight_matching(n, edge_homes, edge_cands, edge_cents)
    if len(pairs) < n:
        pairs = _max_weight_matching(n, edge_homes, edge_cands, _solver_weights(edge_cents, n))
    return pairs, (edge_homes, edge_cands)


def _least_prices(n_homes: int, n_cands: int, pairs: list[tuple[int, int]], seen: _Pairs,
                  weights: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The least LP prices (u per home, v per candidate) that prove `pairs` optimal among the pairs `seen`.

    Prices prove optimality when u, v >= 0, u_h + v_c >= weight(h, c) for every pair seen, with equality
    on the assigned pairs and 0 for a vacant home or an unassigned candidate: any assignment then weighs at
    most sum(u) + sum(v), which is what this one weighs. Setting u_h = weight(h, its c) - v_c leaves
    v_c >= weight(h, c) - u_h, a system of difference constraints; v is raised to its bounds until nothing
    moves (Bellman-Ford over the candidates, at most one round per assigned candidate when prices exist).
    None when they do not: `pairs` is not optimal among `seen`.
    """
    seen_homes, seen_cands = seen
    if len(seen_homes) == 0:
        return (np.zeros(n_homes, dtype=np.int64), np.zeros(n_cands, dtype=np.int64)) if not pairs else None
    match = np.full(n_homes, -1, dtype=np.int64)
    own = np.zeros(n_homes, dtype=np.int64)
    for h, c in pairs:
        match[h] = c
    assigned = match >= 0
    on_pair = assigned[seen_homes] & (match[seen_homes] == seen_cands)
    own[seen_homes[on_pair]] = weights[on_pair]
    order = np.argsort(seen_cands, kind="stable")
    by_cand_homes, by_cand_cands, by_cand_weights = seen_homes[order], seen_cands[order], weights[order]
    starts = np.flatnonzero(np.r_[True, by_cand_cands[1:] != by_cand_cands[:-1]])
    cands_seen = by_cand_cands[starts]
    unassigned = np.ones(n_cands, dtype=bool)
    unassigned[match[assigned]] = False
    v = np.zeros(n_cands, dtype=np.int64)
    for _round in range(int(assigned.sum()) + 2):
        u = np.where(assigned, own - v[np.maximum(match, 0)], 0)
        bound = np.zeros(n_cands, dtype=np.int64)
        bound[cands_seen] = np.maximum(np.maximum.reduceat(by_cand_weights - u[by_cand_homes], starts), 0)
        if (u < 0).any() or (bound[unassigned] > 0).any():
            return None  # v only grows and u only falls from here: no prices
        if np.array_equal(bound, v):
            return u, v
        v = bound
    return None


def _pairs_priced_wrong(cents: NDArray[np.int32], feasible: NDArray[np.bool_], u: NDArray[np.int64],
                        v: NDArray[np.int64], k: int) -> _Pairs:
    """The feasible pairs whose score exceeds u_h + v_c (they break the proof), at most k per home.

    At most k, the worst first: a home left vacant on the pairs seen has u_h = 0 and then breaks the
    prices with every candidate, and the next round needs only its best few.
    """
    homes, cands = [], []
    u32, v32 = u.astype(np.int32), v.astype(np.int32)  # prices of scores in cents: at most 10,000
    for start in range(0, cents.shape[0], _ROWS_PER_CHUNK):
        rows = slice(start, min(start + _ROWS_PER_CHUNK, cents.shape[0]))
        excess = np.where(feasible[rows], cents[rows] - v32[None, :] - u32[rows, None], 0)
        crowded = np.count_nonzero(excess > 0, axis=1) > k
        if crowded.any():
            keep = np.zeros(excess.shape, dtype=bool)
            worst = np.argpartition(-excess[crowded], k - 1, axis=1)[:, :k]
            keep[np.flatnonzero(crowded)[:, None], worst] = True
            excess[crowded] *= keep[crowded]
        h, c = np.nonzero(excess > 0)
        homes.append((h + start).astype(np.int32))
        cands.append(c.astype(np.int32))
    return np.concatenate(homes), np.concatenate(cands)


def _best_after_prices(cents: NDArray[np.int32], feasible: NDArray[np.bool_], price: NDArray[np.int64],
                       k: int) -> _Pairs:
    n = cents.shape[0]
    best = np.empty((n, k), dtype=np.int32)
    price32 = price.astype(np.int32)
    for start in range(0, n, _ROWS_PER_CHUNK):
        rows = slice(start, min(start + _ROWS_PER_CHUNK, n))
        reduced = np.where(feasible[rows], cents[rows] - price32[None, :], np.int32(-(2**30)))
        best[rows] = np.argpartition(-reduced, k - 1, axis=1)[:, :k]
    homes = np.repeat(np.arange(n, dtype=np.int32), k)
    cands = best.ravel()
    keep = feasible[homes, cands]
    return homes[keep], cands[keep]


def _priced_pairs(cents: NDArray[np.int32], feasible: NDArray[np.bool_],
                  info: dict[str, float]) -> list[tuple[int, int]] | None:
    """The optimal pairs, found on a few priced pairs per home and proved optimal over all pairs.

    Every home wants the same candidates (the score is mostly time homeless and need), so each home's
    best n is nearly the same 2,000 and the exact cut leaves 4 million pairs. With prices on the
    candidates, a home's best pairs after prices are the ones it could really get. The prices come from
    a sample (one home and one candidate in four, the same proportions) solved exactly: its home prices u
    give each candidate v_c = max(0, max over the sample's homes of score - u_h). Then: solve on each
    home's best 150 after prices; find the least prices that prove this optimal on those pairs; check
    them against every feasible pair; add the pairs that break them (a home's worst 150) and solve again.
    When none does, the assignment is optimal over all pairs by LP duality (`_least_prices`). The prices
    are for the score alone, so only an assignment that lets every home with a feasible candidate is
    taken (it then also lets the most homes).
    None if that has not happened within a few rounds: the caller solves the exact cut instead.
    """
    n, m = cents.shape
    rng = np.random.default_rng(0)  # a fixed sample: the same batch always gives the same assignment
    sample_homes = np.sort(rng.permutation(n)[:max(1, n // _PRICING_SAMPLE)])
    sample_cands = np.sort(rng.permutation(m)[:max(1, m // _PRICING_SAMPLE)])
    sample_cents = cents[np.ix_(sample_homes, sample_cands)]
    sample_pairs, sample_seen = _exact_pairs(sample_cents, feasible[np.ix_(sample_homes, sample_cands)])
    sample_prices = _least_prices(len(sample_homes), len(sample_cands), sample_pairs, sample_seen,
                                  sample_cents[sample_seen].astype(np.int64))
    if sample_prices is None:
        return None
    sample_u = sample_prices[0]
    price = np.zeros(m, dtype=np.int64)
    for start in range(0, len(sample_homes), _ROWS_PER_CHUNK):
        rows = sample_homes[start:start + _ROWS_PER_CHUNK]
        profit = np.where(feasible[rows], cents[rows] - sample_u[start:start + _ROWS_PER_CHUNK, None], 0)
        np.maximum(price, profit.max(axis=0), out=price)
    k = min(_PRICED_PAIRS_PER_HOME, m)
    seen = _best_after_prices(cents, feasible, price, k)
    lettable = feasible.any(axis=1)
    opened = np.zeros(n, dtype=bool)  # homes that have seen every feasible candidate
    for round_ in range(1, _PRICED_ROUNDS + 1):
        info.update({"rounds": float(round_), "solver_pairs": float(len(seen[0]))})
        weights = cents[seen].astype(np.int64)
        pairs = _max_weight_matching(n, seen[0], seen[1], weights)
        vacant = np.array(lettable, dtype=bool)
        vacant[[h for h, _c in pairs]] = False
        if (vacant & ~opened).any():
            # A home left vacant would price itself at 0 and every pair would break the proof: show it all
            # its candidates first (a few homes at most, so a few rows of pairs).
            more = np.flatnonzero(vacant & ~opened)
            opened[more] = True
            more_homes, more_cands = np.nonzero(feasible[more])
            added: _Pairs = (more[more_homes].astype(np.int32), more_cands.astype(np.int32))
            rest = ~opened[seen[0]]  # their pairs seen so far come back with all the others
            seen = (seen[0][rest], seen[1][rest])
        else:
            prices = _least_prices(n, m, pairs, seen, weights)
            if prices is None:
                return None
            added = _pairs_priced_wrong(cents, feasible, *prices, k)
            if len(added[0]) == 0:
                # Optimal over all pairs; it lets the most homes if it lets every home that can be let.
                return pairs if not vacant.any() else None
        if len(seen[0]) + len(added[0]) > n * min(n, m):
            return None  # no smaller than the exact cut any more
        # No pair twice: a pair that breaks the prices was not seen (the prices hold on every pair seen).
        seen = (np.concatenate([seen[0], added[0]]), np.concatenate([seen[1], added[1]]))
    return None


def _optimal_pairs(cents: NDArray[np.int32], feasible: NDArray[np.bool_], info: dict[str, float], *,
                   priced: bool | None = None) -> list[tuple[int, int]]:
    """The optimal (home row, candidate column) pairs: priced pairs for a big batch, else the exact cut."""
    n, m = cents.shape
    if priced is None:
        priced = n >= _PRICED_FROM_HOMES
    if priced and m > 1:
        pairs = _priced_pairs(cents, feasible, info)
        if pairs is not None:
            info["method_priced"] = 1.0
            return pairs
    pairs, seen = _exact_pairs(cents, feasible)
    info.update({"method_priced": 0.0, "rounds": 1.0, "solver_pairs": float(len(seen[0]))})
    return pairs


def assign_optimal(homes: Sequence[Home], candidates: Sequence[Candidate], *,
                   timings: dict[str, float] | None = None) -> Assignment:
    """The assignment with the highest total score (then the most homes let); excluded pairs never used.

    `timings`, if given, receives the seconds of each step and the size the solver saw (for the benchmark).
    """
    _check_ids(homes, candidates)
    if not homes or not candidates:
        return Assignment(method="optimal", proposals=(), unassigned_home_ids=tuple(h.id for h in homes))
    clock = time.perf_counter()
    t = _tables(homes, candidates)
    cents, feasible = _score_matrix(t, len(homes), len(candidates))
    scored = time.perf_counter()
    info: dict[str, float] = {}
    pairs = _optimal_pairs(cents, feasible, info)
    solved = time.perf_counter()
    result = _assignment("optimal", t, homes, candidates, pairs)
    if timings is not None:
        timings.update({"score_matrix": scored - clock, "solver": solved - scored,
                        "reasons": time.perf_counter() - solved, **info})
    return result


def certify_optimal(homes: Sequence[Home], candidates: Sequence[Candidate], assignment: Assignment) -> bool:
    """Whether linear-programming duality proves `assignment` optimal over every pair (none left out).

    Independent of the solver and of the pair cut: it looks for prices u (per home) and v (per candidate),
    all >= 0, with u_h + v_c >= weight(h, c) for every feasible pair, equality on the assigned pairs, and 0
    for every vacant home and unassigned candidate. Their sum then equals the assignment's weight and
    bounds every assignment's weight from above. With u_h = weight(h, assigned c) - v_c, the constraints
    are v_c >= weight(h, c) - u_h, so the least v is found by raising v to that bound until nothing moves
    (Bellman-Ford on the candidates; at most one round per assigned candidate when the prices exist, since
    v only grows and any longer chain would be a cycle that improves the assignment). The assignment is
    optimal exactly when that ends with u >= 0 and v = 0 on the unassigned; weights as `_solver_weights`,
    so it certifies the most homes let among the best totals too.
    """
    if not homes or not candidates:
        return not assignment.proposals
    _check_ids(homes, candidates)
    t = _tables(homes, candidates)
    cents, feasible = _score_matrix(t, len(homes), len(candidates))
    n, m = cents.shape
    home_row = {h.id: i for i, h in enumerate(homes)}
    cand_col = {c.id: i for i, c in enumerate(candidates)}
    match = np.full(n, -1, dtype=np.int64)
    for home_id, cand_id in assignment.as_pairs().items():
        h, c = home_row[home_id], cand_col[cand_id]
        if not feasible[h, c]:
            return False
        match[h] = c
    assigned = match >= 0
    if len(set(match[assigned].tolist())) != int(assigned.sum()):
        return False
    weights = np.where(feasible, _solver_weights(cents, n), np.iinfo(np.int64).min // 4)
    own = np.where(assigned, weights[np.arange(n), np.maximum(match, 0)], 0)
    unassigned = np.ones(m, dtype=bool)
    unassigned[match[assigned]] = False
    v = np.zeros(m, dtype=np.int64)
    for _round in range(int(assigned.sum()) + 2):
        u = np.where(assigned, own - v[np.maximum(match, 0)], 0)
        if (u < 0).any():
            return False
        bound = np.zeros(m, dtype=np.int64)
        for start in range(0, n, _ROWS_PER_CHUNK):
            rows = slice(start, min(start + _ROWS_PER_CHUNK, n))
            np.maximum(bound, (weights[rows] - u[rows, None]).max(axis=0), out=bound)
        if (bound[unassigned] > 0).any():
            return False
        if np.array_equal(bound, v):
            return True
        v = bound
    return False


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
    order = np.argsort(-(cents[h_idx, c_idx].astype(np.int64) * 2**20 + days), kind="stable")
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
