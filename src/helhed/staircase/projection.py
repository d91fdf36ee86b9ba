"""The social-investment business case for the intervention staircase: pure numpy, no Django inside.

A business case (businesscase) follows a cohort of cases over the years on the staircase (indsatstrappen)
twice: as things go today (the baseline) and with the new effort, e.g. a team with a lower caseload that
moves children and families down the staircase (the scenario). The difference in measure costs (konto 5)
is the gross saving; the team's cost (konto 6) is the investment.

States: index 0 is "off the staircase" (the case closed, no measure, cost 0); 1..k are the steps, least
to most intrusive, so a state's index is its step number.

Conventions (docs/decisions/0100-business-case-model.md):
- ``cases[0]`` is the cohort; ``cases[t + 1] = cases[t] @ P_t``. The measure cost of year t is
  ``cases[t] @ unit_costs``: the stock at the start of the year, carried through the year. Movements
  take a year to show in the budget, so the first year has no saving (seed 003: "none in 2016").
- The scenario's transitions are the baseline's with the team's effect mixed in for the share of the
  year the effect works (``effect_share``): ``P1_t = P0 + s_t (E - P0)`` on the rows the effect touches.
  ``StepDown(theta)``: E moves a case one step down, i.e. each year a further share theta of the cases on
  the chosen steps moves one step down instead of following the baseline. ``Transitions``: E is a matrix.
- Team cost (konto 6) of year t = (added advisors x advisor cost + managers x manager cost) x team_share[t].
- Gross saving = baseline measure cost - scenario measure cost; net saving = gross saving - team cost.
- NPV = sum over t of net_t / (1 + r)^t with t = 0 for the first year (the first year's prices).
- Break-even year: the first year from which the cumulative net saving stays at or above 0 to the horizon.

Simulation (`simulate`) draws the uncertain parts (transition rows from Dirichlet distributions, the
effect from a Beta distribution) and, for the scenario, the chance in which of a finite number of cases
move (multinomial), all draws at once as arrays. This module must never import Django's ORM or settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from helhed.core.errors import ValidationError
from helhed.staircase.text import _, kr

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ROW_SUM_TOLERANCE = 1e-6
MAX_HORIZON = 50
MAX_DISCOUNT_RATE = 0.25
MAX_DRAWS = 100_000
_EPS = 1e-6


def _floats(value: Any) -> FloatArray:
    return np.asarray(value, dtype=np.float64)


@dataclass(frozen=True)
class Team:
    """The added team (the investment): advisors with a lower caseload, perhaps a manager.

    ``existing_advisors`` are already paid for today; only the added positions are a new cost.
    Costs are annual, all-in (salary, pension, overhead), in kroner.
    """

    advisors: float
    existing_advisors: float = 0.0
    advisor_cost: float = 0.0
    managers: float = 0.0
    manager_cost: float = 0.0
    caseload: float = 24.0

    @property
    def added_advisors(self) -> float:
        return self.advisors - self.existing_advisors

    @property
    def added_annual_cost(self) -> float:
        """Konto 6 for a full year with the team staffed."""
        return self.added_advisors * self.advisor_cost + self.managers * self.manager_cost

    @property
    def capacity(self) -> float:
        """How many cases the team's advisors hold at the caseload."""
        return self.advisors * self.caseload


@dataclass(frozen=True)
class Transitions:
    """Yearly transition probabilities: row i says where a case on state i is one year later.

    For simulation, ``alpha`` holds Dirichlet parameters per row (e.g. the posterior from observed
    movements plus a prior); without it, ``concentration`` > 0 draws each row from
    Dirichlet(concentration x row), i.e. as if the row had been estimated from that many cases.
    Both absent: the matrix is taken as known.
    """

    matrix: FloatArray
    alpha: FloatArray | None = None
    concentration: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", _floats(self.matrix))
        if self.alpha is not None:
            object.__setattr__(self, "alpha", _floats(self.alpha))

    @classmethod
    def identity(cls, n_states: int) -> Transitions:
        """Every case stays where it is: a flat baseline."""
        return cls(matrix=np.eye(n_states))


@dataclass(frozen=True)
class StepDown:
    """The team's effect as one number: each year a further share ``theta`` of the cases on ``from_steps``
    moves one step down (instead of following the baseline).

    ``concentration`` > 0 makes theta uncertain in simulation: Beta(theta x c, (1 - theta) x c).
    """

    theta: float
    from_steps: tuple[int, ...]
    concentration: float = 0.0


Effect = StepDown | Transitions


@dataclass(frozen=True)
class BusinessCase:
    """Everything a projection needs. Build it, call `validate` (or `project`, which validates)."""

    states: tuple[str, ...]
    cohort: FloatArray
    unit_costs: FloatArray
    baseline: Transitions
    effect: Effect
    team: Team
    horizon: int
    discount_rate: float = 0.035
    start_year: int = 1
    team_share: FloatArray | None = None
    effect_share: FloatArray | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "states", tuple(self.states))
        object.__setattr__(self, "cohort", _floats(self.cohort))
        object.__setattr__(self, "unit_costs", _floats(self.unit_costs))
        if self.team_share is not None:
            object.__setattr__(self, "team_share", _floats(self.team_share))
        if self.effect_share is not None:
            object.__setattr__(self, "effect_share", _floats(self.effect_share))

    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def years(self) -> list[int]:
        return [self.start_year + t for t in range(self.horizon)]

    def team_shares(self) -> FloatArray:
        """Share of each year the team is staffed (1 unless given)."""
        return self.team_share if self.team_share is not None else np.ones(self.horizon)

    def effect_shares(self) -> FloatArray:
        """Share of each year's movements the effect works on: by default the years the team works."""
        if self.effect_share is not None:
            return self.effect_share
        return (self.team_shares() > 0).astype(np.float64)

    def with_theta(self, theta: float) -> BusinessCase:
        if not isinstance(self.effect, StepDown):
            raise ValidationError(_("Only a step-down effect has a share to calibrate."), field="effect")
        return replace(self, effect=replace(self.effect, theta=theta))


# --- validation -------------------------------------------------------------------------------------


def _check_matrix(matrix: FloatArray, states: tuple[str, ...], *, field: str, what: Any) -> None:
    k = len(states)
    if matrix.shape != (k, k):
        raise ValidationError(
            _("The %(what)s must have one row and one column per state (%(k)s x %(k)s); it is %(shape)s.")
            % {"what": what, "k": k, "shape": " x ".join(str(n) for n in matrix.shape) or "empty"},
            field=field,
        )
    if not np.all(np.isfinite(matrix)):
        raise ValidationError(
            _("The %(what)s contains a value that is not a number.") % {"what": what}, field=field
        )
    negative = np.argwhere(matrix < 0)
    if negative.size:
        i, j = (int(x) for x in negative[0])
        raise ValidationError(
            _("A probability cannot be negative: the %(what)s has %(value)s from '%(row)s' to '%(col)s'.")
            % {"what": what, "value": f"{matrix[i, j]:g}", "row": states[i], "col": states[j]},
            field=field,
        )
    sums = matrix.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > ROW_SUM_TOLERANCE)
    if bad.size:
        i = int(bad[0])
        raise ValidationError(
            _("The probabilities in the row for '%(row)s' of the %(what)s add up to %(sum)s. Each row must "
              "add up to 1 (100 %%): every case is somewhere one year later.")
            % {"row": states[i], "what": what, "sum": f"{sums[i]:.4g}"},
            field=field,
        )


def _check_share(values: FloatArray, horizon: int, *, field: str, what: Any) -> None:
    if values.shape != (horizon,):
        raise ValidationError(
            _("Give the %(what)s for each of the %(n)s years (%(got)s given).")
            % {"what": what, "n": horizon, "got": values.size},
            field=field,
        )
    if not np.all(np.isfinite(values)) or np.any(values < 0) or np.any(values > 1):
        raise ValidationError(
            _("The %(what)s must be between 0 and 1 in every year.") % {"what": what}, field=field
        )


def _check_transitions(tr: Transitions, states: tuple[str, ...], *, field: str, what: Any) -> None:
    _check_matrix(tr.matrix, states, field=field, what=what)
    if tr.alpha is not None:
        if tr.alpha.shape != tr.matrix.shape or not np.all(np.isfinite(tr.alpha)) or np.any(tr.alpha < 0):
            raise ValidationError(
                _("The uncertainty of the %(what)s (Dirichlet parameters) must be a table of numbers of 0 or "
                  "more with one row and one column per state.") % {"what": what},
                field=field,
            )
        if np.any(tr.alpha.sum(axis=1) <= 0):
            raise ValidationError(
                _("Every row of the uncertainty of the %(what)s needs at least one positive value.")
                % {"what": what}, field=field,
            )
    if not math.isfinite(tr.concentration) or tr.concentration < 0:
        raise ValidationError(
            _("The certainty of the %(what)s (as a number of cases) must be 0 or more.") % {"what": what},
            field=field,
        )


def validate(case: BusinessCase) -> None:
    """Refuse a model that cannot be right, with a message that says what to change."""
    states = case.states
    k = len(states)
    if k < 2:
        raise ValidationError(
            _("A staircase needs at least one step besides 'off the staircase'."), field="states"
        )
    if not 1 <= int(case.horizon) <= MAX_HORIZON or int(case.horizon) != case.horizon:
        raise ValidationError(
            _("The horizon must be a whole number of years from 1 to %(max)s (it is %(value)s).")
            % {"max": MAX_HORIZON, "value": case.horizon},
            field="horizon",
        )
    if not math.isfinite(case.discount_rate) or not 0 <= case.discount_rate <= MAX_DISCOUNT_RATE:
        raise ValidationError(
            _("The discount rate must be between 0 %% and %(max)s %% a year (it is %(value)s %%).")
            % {"max": int(MAX_DISCOUNT_RATE * 100), "value": f"{case.discount_rate * 100:g}"},
            field="discount_rate",
        )
    if case.cohort.shape != (k,):
        raise ValidationError(
            _("Give the number of cases for each of the %(k)s states (%(got)s given).")
            % {"k": k, "got": case.cohort.size},
            field="cohort",
        )
    if not np.all(np.isfinite(case.cohort)) or np.any(case.cohort < 0):
        raise ValidationError(_("The number of cases on a step cannot be negative."), field="cohort")
    if np.any(np.abs(case.cohort - np.round(case.cohort)) > _EPS):
        raise ValidationError(_("The number of cases on each step must be a whole number."), field="cohort")
    if case.cohort.sum() <= 0:
        raise ValidationError(
            _("The cohort is empty: enter the number of cases on each step."), field="cohort"
        )
    if case.unit_costs.shape != (k,):
        raise ValidationError(
            _("Give an annual cost for each of the %(k)s states (%(got)s given).")
            % {"k": k, "got": case.unit_costs.size},
            field="unit_costs",
        )
    if not np.all(np.isfinite(case.unit_costs)):
        raise ValidationError(_("Every annual cost must be a number."), field="unit_costs")
    negative = np.flatnonzero(case.unit_costs < 0)
    if negative.size:
        i = int(negative[0])
        raise ValidationError(
            _("The annual cost of '%(state)s' is negative (%(cost)s). Enter 0 or more.")
            % {"state": states[i], "cost": kr(float(case.unit_costs[i]))},
            field="unit_costs",
        )
    if case.unit_costs[0] != 0:
        raise ValidationError(
            _("A case off the staircase costs nothing on the measures budget: its cost must be 0."),
            field="unit_costs",
        )
    _check_transitions(case.baseline, states, field="baseline", what=_("baseline transition table"))
    effect = case.effect
    if isinstance(effect, StepDown):
        if not math.isfinite(effect.theta) or not 0 <= effect.theta <= 1:
            raise ValidationError(
                _("The share moved one step down must be between 0 and 1 (it is %(value)s).")
                % {"value": f"{effect.theta:g}"},
                field="effect",
            )
        if not effect.from_steps or any(not 1 <= s < k for s in effect.from_steps):
            raise ValidationError(
                _("Choose the steps the team moves cases down from among steps 1 to %(top)s.")
                % {"top": k - 1},
                field="effect",
            )
        if not math.isfinite(effect.concentration) or effect.concentration < 0:
            raise ValidationError(
                _("The certainty of the effect (as a number of cases) must be 0 or more."), field="effect"
            )
    else:
        _check_transitions(effect, states, field="effect", what=_("scenario transition table"))
    team = case.team
    if not math.isfinite(team.caseload) or team.caseload <= 0:
        raise ValidationError(
            _("The caseload per advisor must be more than 0 (it is %(value)s): each advisor holds "
              "some cases.")
            % {"value": f"{team.caseload:g}"},
            field="caseload",
        )
    for value, name, label in (
        (team.advisors, "advisors", _("number of advisors")),
        (team.existing_advisors, "existing_advisors", _("number of existing advisors")),
        (team.managers, "managers", _("number of managers")),
        (team.advisor_cost, "advisor_cost", _("annual cost of an advisor")),
        (team.manager_cost, "manager_cost", _("annual cost of a manager")),
    ):
        if not math.isfinite(value) or value < 0:
            raise ValidationError(
                _("The %(label)s cannot be negative (it is %(value)s).")
                % {"label": label, "value": f"{value:g}"},
                field=name,
            )
    if team.existing_advisors > team.advisors:
        raise ValidationError(
            _("The team cannot have more existing advisors (%(existing)s) than advisors in all (%(all)s).")
            % {"existing": f"{team.existing_advisors:g}", "all": f"{team.advisors:g}"},
            field="existing_advisors",
        )
    on_staircase = float(case.cohort[1:].sum())
    if team.advisors > 0 and on_staircase > team.capacity + _EPS:
        raise ValidationError(
            _("A team of %(advisors)s advisors at %(caseload)s cases each can hold %(capacity)s cases; the "
              "cohort has %(cases)s. Add advisors, raise the caseload or make the cohort smaller.")
            % {"advisors": f"{team.advisors:g}", "caseload": f"{team.caseload:g}",
               "capacity": f"{team.capacity:g}", "cases": f"{on_staircase:g}"},
            field="cohort",
        )
    _check_share(case.team_shares(), case.horizon, field="team_share",
                 what=_("share of the year the team works"))
    _check_share(case.effect_shares(), case.horizon, field="effect_share",
                 what=_("share of the year the effect works"))


# --- the expected projection ------------------------------------------------------------------------


def _step_down_target(n_states: int) -> FloatArray:
    """E[i, i-1] = 1: the matrix that moves every case one step down (state 0 stays)."""
    target = np.zeros((n_states, n_states))
    target[0, 0] = 1.0
    target[np.arange(1, n_states), np.arange(0, n_states - 1)] = 1.0
    return target


def _effect_rows(case: BusinessCase) -> FloatArray:
    """1.0 on the rows the effect changes, as a column (k, 1)."""
    rows = np.zeros((case.n_states, 1))
    if isinstance(case.effect, StepDown):
        rows[list(case.effect.from_steps), 0] = 1.0
    else:
        rows[:, 0] = 1.0
    return rows


def scenario_matrix(case: BusinessCase, year_index: int) -> FloatArray:
    """The scenario's expected transition matrix for the movements out of year `year_index`."""
    p0 = case.baseline.matrix
    target = _step_down_target(case.n_states) if isinstance(case.effect, StepDown) else case.effect.matrix
    theta = case.effect.theta if isinstance(case.effect, StepDown) else 1.0
    strength = case.effect_shares()[year_index] * theta
    return p0 + strength * _effect_rows(case) * (target - p0)


def discount_factors(rate: float, horizon: int) -> FloatArray:
    return np.asarray((1.0 + rate) ** -np.arange(horizon, dtype=np.float64))


def break_even_index(cumulative: FloatArray) -> IntArray:
    """Per row (or for one vector): the first year from which the cumulative net stays >= 0; -1 if none."""
    cum = np.atleast_2d(cumulative)
    tail_min = np.minimum.accumulate(cum[:, ::-1], axis=1)[:, ::-1]
    ok = tail_min >= -_EPS
    index = np.where(ok.any(axis=1), ok.argmax(axis=1), -1)
    return np.asarray(index, dtype=np.int64)


@dataclass(frozen=True)
class Projection:
    """Expected values per year. Money in kroner; cases as expected numbers (may be fractional)."""

    years: list[int]
    states: tuple[str, ...]
    cases_baseline: FloatArray  # (years, states)
    cases_scenario: FloatArray
    measure_baseline: FloatArray  # konto 5 without the team
    measure_scenario: FloatArray  # konto 5 with the team
    team_cost: FloatArray  # konto 6: the added team
    gross_saving: FloatArray
    net_saving: FloatArray
    cumulative_net: FloatArray
    discounted_net: FloatArray
    npv: float
    break_even_year: int | None

    def rows(self) -> list[dict[str, Any]]:
        """One dict per year, for tables, JSON and the CLI."""
        return [
            {
                "year": year,
                "cases_baseline": [float(x) for x in self.cases_baseline[t]],
                "cases_scenario": [float(x) for x in self.cases_scenario[t]],
                "measure_baseline": float(self.measure_baseline[t]),
                "measure_scenario": float(self.measure_scenario[t]),
                "team_cost": float(self.team_cost[t]),
                "gross_saving": float(self.gross_saving[t]),
                "net_saving": float(self.net_saving[t]),
                "cumulative_net": float(self.cumulative_net[t]),
                "discounted_net": float(self.discounted_net[t]),
            }
            for t, year in enumerate(self.years)
        ]

    @property
    def totals(self) -> dict[str, float]:
        return {
            "team_cost": float(self.team_cost.sum()),
            "gross_saving": float(self.gross_saving.sum()),
            "net_saving": float(self.net_saving.sum()),
            "npv": self.npv,
        }


def project(case: BusinessCase) -> Projection:
    """The expected course of the cohort with and without the team, year by year."""
    validate(case)
    h, k = case.horizon, case.n_states
    p0 = case.baseline.matrix
    cases_b = np.zeros((h, k))
    cases_s = np.zeros((h, k))
    nb = case.cohort.copy()
    ns = case.cohort.copy()
    for t in range(h):
        cases_b[t], cases_s[t] = nb, ns
        if t < h - 1:
            nb = nb @ p0
            ns = ns @ scenario_matrix(case, t)
    measure_b = cases_b @ case.unit_costs
    measure_s = cases_s @ case.unit_costs
    team = case.team.added_annual_cost * case.team_shares()
    gross = measure_b - measure_s
    net = gross - team
    cumulative = np.cumsum(net)
    discounted = net * discount_factors(case.discount_rate, h)
    be = int(break_even_index(cumulative)[0])
    return Projection(
        years=case.years, states=case.states, cases_baseline=cases_b, cases_scenario=cases_s,
        measure_baseline=measure_b, measure_scenario=measure_s, team_cost=team, gross_saving=gross,
        net_saving=net, cumulative_net=cumulative, discounted_net=discounted, npv=float(discounted.sum()),
        break_even_year=case.years[be] if be >= 0 else None,
    )


# --- uncertainty by simulation ------------------------------------------------------------------------


def _draw_rows(tr: Transitions, draws: int, rng: np.random.Generator) -> FloatArray:
    """(draws, k, k) transition matrices; each row from its Dirichlet distribution (vectorised via gammas)."""
    if tr.alpha is not None:
        alpha = tr.alpha
    elif tr.concentration > 0:
        alpha = tr.matrix * tr.concentration
    else:
        return np.broadcast_to(tr.matrix, (draws, *tr.matrix.shape)).copy()
    gammas = rng.standard_gamma(np.broadcast_to(alpha, (draws, *alpha.shape)))
    sums = gammas.sum(axis=2, keepdims=True)
    # A row whose draw is all zeros (tiny alphas) falls back to its mean.
    mean = alpha / alpha.sum(axis=1, keepdims=True)
    return np.where(sums > 0, gammas / np.where(sums > 0, sums, 1.0), mean)


def _draw_theta(effect: StepDown, draws: int, rng: np.random.Generator) -> FloatArray:
    if effect.concentration <= 0 or effect.theta in (0.0, 1.0):
        return np.full(draws, effect.theta)
    c = effect.concentration
    return rng.beta(effect.theta * c, (1.0 - effect.theta) * c, size=draws)


@dataclass(frozen=True)
class Interval:
    low: float
    median: float
    high: float
    mean: float


def _intervals(values: FloatArray, level: float) -> list[Interval]:
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    q = np.quantile(values, [lo, 0.5, hi], axis=0)
    mean = values.mean(axis=0)
    return [
        Interval(float(q[0, t]), float(q[1, t]), float(q[2, t]), float(mean[t]))
        for t in range(values.shape[1])
    ]


@dataclass(frozen=True)
class Simulation:
    """Draws of the business case; every array has the draws on its first axis."""

    years: list[int]
    states: tuple[str, ...]
    measure_baseline: FloatArray  # (draws, years)
    measure_scenario: FloatArray
    team_cost: FloatArray  # (years,): known
    gross_saving: FloatArray
    net_saving: FloatArray
    cumulative_net: FloatArray
    npv: FloatArray  # (draws,)
    break_even_index: IntArray  # (draws,), -1: not within the horizon
    cases_scenario: FloatArray  # (draws, years, states)
    level: float = 0.9
    seed: int | None = None
    process_noise: bool = True
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def draws(self) -> int:
        return int(self.npv.shape[0])

    def intervals(self, name: str) -> list[Interval]:
        """Per year: the central `level` interval, median and mean of a (draws, years) array."""
        if name not in self._cache:
            self._cache[name] = _intervals(getattr(self, name), self.level)
        result: list[Interval] = self._cache[name]
        return result

    @property
    def npv_interval(self) -> Interval:
        return _intervals(self.npv[:, None], self.level)[0]

    @property
    def probability_npv_positive(self) -> float:
        return float((self.npv > 0).mean())

    def probability_break_even_by(self) -> list[float]:
        """Per year: the share of draws that have broken even by then (and stay so)."""
        idx = self.break_even_index
        return [float(((idx >= 0) & (idx <= t)).mean()) for t in range(len(self.years))]

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly summary: intervals per year, NPV, break-even probabilities."""
        def as_dicts(name: str) -> list[dict[str, float]]:
            return [iv.__dict__ for iv in self.intervals(name)]

        return {
            "draws": self.draws, "level": self.level, "seed": self.seed, "process_noise": self.process_noise,
            "years": self.years,
            "gross_saving": as_dicts("gross_saving"),
            "net_saving": as_dicts("net_saving"),
            "cumulative_net": as_dicts("cumulative_net"),
            "npv": self.npv_interval.__dict__,
            "probability_npv_positive": self.probability_npv_positive,
            "probability_break_even_by": self.probability_break_even_by(),
        }


def simulate(
    case: BusinessCase, *, draws: int = 1000, seed: int | None = None, process_noise: bool = True,
    level: float = 0.9,
) -> Simulation:
    """`draws` simulated courses of the business case, vectorised over the draws.

    Per draw: the baseline's rows are drawn from their Dirichlet distributions and the effect from its
    Beta (or Dirichlet) distribution. The baseline is the expected course under the drawn matrix (the
    budget one would have had); the scenario's cases move at random between steps (multinomial), so a
    small team shows the chance that a few placements more or less make. `process_noise=False` leaves
    only the uncertainty of the parameters.
    """
    validate(case)
    if not 1 <= draws <= MAX_DRAWS:
        raise ValidationError(
            _("The number of simulation draws must be between 1 and %(max)s.") % {"max": f"{MAX_DRAWS:,}"},
            field="draws",
        )
    if not 0 < level < 1:
        raise ValidationError(_("The interval level must be between 0 and 1."), field="level")
    rng = np.random.default_rng(seed)
    h, k = case.horizon, case.n_states
    p0 = _draw_rows(case.baseline, draws, rng)
    rows = _effect_rows(case)[None, :, :]
    if isinstance(case.effect, StepDown):
        target: FloatArray = np.broadcast_to(_step_down_target(k), (draws, k, k))
        strength = _draw_theta(case.effect, draws, rng)
    else:
        target = _draw_rows(case.effect, draws, rng)
        strength = np.ones(draws)
    effect_shares = case.effect_shares()
    costs = case.unit_costs
    nb = np.broadcast_to(case.cohort, (draws, k)).astype(np.float64)
    ns: npt.NDArray[Any] = np.broadcast_to(np.round(case.cohort), (draws, k)).astype(
        np.int64 if process_noise else np.float64
    )
    measure_b = np.empty((draws, h))
    measure_s = np.empty((draws, h))
    cases_s = np.empty((draws, h, k))
    for t in range(h):
        measure_b[:, t] = nb @ costs
        measure_s[:, t] = ns @ costs
        cases_s[:, t] = ns
        if t == h - 1:
            break
        p1 = p0 + (strength * effect_shares[t])[:, None, None] * rows * (target - p0)
        nb = np.einsum("dk,dkj->dj", nb, p0)
        if process_noise:
            p1 = np.clip(p1, 0.0, None)
            p1 /= p1.sum(axis=2, keepdims=True)
            ns = rng.multinomial(ns, p1).sum(axis=1)
        else:
            ns = np.einsum("dk,dkj->dj", ns, p1)
    team = case.team.added_annual_cost * case.team_shares()
    gross = measure_b - measure_s
    net = gross - team[None, :]
    cumulative = np.cumsum(net, axis=1)
    npv = net @ discount_factors(case.discount_rate, h)
    return Simulation(
        years=case.years, states=case.states, measure_baseline=measure_b, measure_scenario=measure_s,
        team_cost=team, gross_saving=gross, net_saving=net, cumulative_net=cumulative, npv=npv,
        break_even_index=break_even_index(cumulative), cases_scenario=cases_s, level=level, seed=seed,
        process_noise=process_noise,
    )


# --- calibration: which effect makes stated savings come true ----------------------------------------


@dataclass(frozen=True)
class Fit:
    case_index: int
    year: int
    target: float
    model: float

    @property
    def relative_error(self) -> float | None:
        return None if self.target == 0 else self.model / self.target - 1.0


@dataclass(frozen=True)
class Calibration:
    theta: float
    fits: list[Fit]

    @property
    def worst_relative_error(self) -> float:
        errors = [abs(f.relative_error) for f in self.fits if f.relative_error is not None]
        return max(errors) if errors else 0.0


def gross_savings_by_year(case: BusinessCase) -> dict[int, float]:
    p = project(case)
    return {year: float(p.gross_saving[t]) for t, year in enumerate(p.years)}


def calibrate_step_down(
    cases: Sequence[BusinessCase], targets: Sequence[Mapping[int, float]], *,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> Calibration:
    """The one step-down share theta that brings the gross savings closest to the targets (in relative terms).

    `targets[i]` maps a year to the gross saving expected in that year for `cases[i]`. All cases share
    theta: one assumption about the team's effect, applied to teams of different size. Years with a target
    of 0 are reported but do not steer the fit (a relative error of 0 is undefined).
    """
    from scipy.optimize import minimize_scalar

    if len(cases) != len(targets) or not cases:
        raise ValidationError(_("Give one set of expected savings per scenario."), field="targets")
    for case, target in zip(cases, targets, strict=True):
        if not isinstance(case.effect, StepDown):
            raise ValidationError(_("Only a step-down effect has a share to calibrate."), field="effect")
        unknown = sorted(set(target) - set(case.years))
        if unknown:
            raise ValidationError(
                _("Expected savings are given for %(years)s, outside the scenario's years.")
                % {"years": ", ".join(map(str, unknown))},
                field="targets",
            )
        validate(case)

    def loss(theta: float) -> float:
        total = 0.0
        for case, target in zip(cases, targets, strict=True):
            savings = gross_savings_by_year(case.with_theta(theta))
            total += sum((savings[y] / v - 1.0) ** 2 for y, v in target.items() if v != 0)
        return total

    result = minimize_scalar(loss, bounds=bounds, method="bounded", options={"xatol": 1e-9})
    theta = float(result.x)
    fits: list[Fit] = []
    for i, (case, target) in enumerate(zip(cases, targets, strict=True)):
        savings = gross_savings_by_year(case.with_theta(theta))
        fits.extend(Fit(i, y, float(v), savings[y]) for y, v in sorted(target.items()))
    return Calibration(theta=theta, fits=fits)
