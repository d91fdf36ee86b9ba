"""Yearly transition probabilities estimated from observed movements, with their uncertainty. Pure numpy.

Input: for each case, its step at anchor dates one year apart (0 = off the staircase). Every pair
(step at an anchor, step a year later) of a case that was on the staircase at the first anchor is one
observed movement. Counts per row are multinomial; with a Dirichlet prior the posterior of each row is
Dirichlet(counts + prior), so the estimate carries its uncertainty straight into the simulation.

The prior is weak on purpose: one pseudo-case per row, half of it on staying where one is (by far the most
common outcome), half spread evenly over the neighbouring states (one step down, one step up, off the
staircase): movements on a staircase are mostly local, so a row with little history is not sent to the
top. A row observed fewer than `FEW` times is flagged: its estimate leans on the prior. Movements from
"off the staircase" (new cases) are counted apart as inflow: the business case follows a closed cohort, so
row 0 is kept absorbing. See docs/decisions/0101.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from helhed.core.errors import ValidationError
from helhed.staircase.projection import FloatArray, IntArray, Transitions
from helhed.staircase.text import _

FEW = 10
PRIOR_STAY = 0.5
PRIOR_SPREAD = 0.5


def count_yearly_transitions(steps: npt.ArrayLike, n_states: int) -> tuple[IntArray, IntArray]:
    """Counts of observed yearly movements and of new cases.

    `steps` is (cases, anchors): each case's step at anchor dates one year apart. Returns
    `counts[i, j]` = movements from step i (>= 1) to state j a year later, and `inflow[j]` = cases off
    the staircase at an anchor and on step j a year later.
    """
    grid = np.asarray(steps, dtype=np.int64)
    if grid.ndim != 2:
        raise ValidationError(_("Give each case's step at two or more dates a year apart."), field="steps")
    if grid.size and (grid.min() < 0 or grid.max() >= n_states):
        raise ValidationError(
            _("A step in the history is outside the staircase (0 to %(top)s).") % {"top": n_states - 1},
            field="steps",
        )
    counts = np.zeros((n_states, n_states), dtype=np.int64)
    inflow = np.zeros(n_states, dtype=np.int64)
    if grid.shape[1] < 2:
        return counts, inflow
    before = grid[:, :-1].ravel()
    after = grid[:, 1:].ravel()
    on = before > 0
    np.add.at(counts, (before[on], after[on]), 1)
    entered = (~on) & (after > 0)
    np.add.at(inflow, after[entered], 1)
    return counts, inflow


@dataclass(frozen=True)
class TransitionEstimate:
    """The posterior of a yearly transition matrix from counted movements."""

    counts: IntArray  # (k, k) observed movements; row 0 is not observed (closed cohort)
    alpha: FloatArray  # Dirichlet parameters per row
    mean: FloatArray  # posterior mean
    low: FloatArray  # lower end of the central credible interval of each cell
    high: FloatArray
    level: float
    inflow: IntArray

    @property
    def observed(self) -> IntArray:
        """Observed movements per row (cases followed for a year from that step)."""
        return np.asarray(self.counts.sum(axis=1), dtype=np.int64)

    @property
    def few(self) -> list[int]:
        """Steps (rows >= 1) with fewer than FEW observed movements: the estimate leans on the prior."""
        return [i for i in range(1, self.counts.shape[0]) if self.observed[i] < FEW]

    def as_transitions(self) -> Transitions:
        return Transitions(matrix=self.mean, alpha=self.alpha)

    def share_down(self, steps: list[int] | tuple[int, ...]) -> tuple[float, float, float]:
        """Posterior mean and interval of the share of cases on `steps` that are lower a year later.

        Pooled over the rows, weighted by their counts: (mean, low, high).
        """
        from scipy.special import betaincinv

        down = sum(float(self.alpha[i, :i].sum()) for i in steps)
        total = sum(float(self.alpha[i].sum()) for i in steps)
        rest = max(total - down, 1e-12)
        lo, hi = (1 - self.level) / 2, 1 - (1 - self.level) / 2
        return down / total, float(betaincinv(down, rest, lo)), float(betaincinv(down, rest, hi))


def dirichlet_posterior(
    counts: npt.ArrayLike, *, inflow: npt.ArrayLike | None = None, prior_stay: float = PRIOR_STAY,
    prior_spread: float = PRIOR_SPREAD, level: float = 0.9,
) -> TransitionEstimate:
    """Posterior mean and credible intervals of each row, Dirichlet(counts + prior).

    Row 0 ("off the staircase") is absorbing: a closed cohort does not come back.
    """
    from scipy.special import betaincinv  # the Beta quantile; lighter to import than scipy.stats

    c = np.asarray(counts, dtype=np.int64)
    k = c.shape[0]
    if c.shape != (k, k) or k < 2:
        raise ValidationError(_("The counted movements must form a square table."), field="counts")
    if np.any(c < 0):
        raise ValidationError(_("A count of movements cannot be negative."), field="counts")
    if prior_stay < 0 or prior_spread < 0 or prior_stay + prior_spread <= 0:
        raise ValidationError(_("The prior must be positive."), field="prior")
    if not 0 < level < 1:
        raise ValidationError(_("The interval level must be between 0 and 1."), field="level")
    alpha = c.astype(np.float64) + prior_stay * np.eye(k)
    for i in range(1, k):
        neighbours = sorted({j for j in (i - 1, i + 1, 0) if 0 <= j < k and j != i})
        alpha[i, neighbours] += prior_spread / len(neighbours)
    alpha[0] = 0.0
    alpha[0, 0] = 1.0
    total = alpha.sum(axis=1, keepdims=True)
    mean = alpha / total
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    rest = np.maximum(total - alpha, 1e-12)
    safe = np.maximum(alpha, 1e-12)
    low = np.where(alpha > 0, betaincinv(safe, rest, lo), 0.0)
    high = np.where(alpha > 0, betaincinv(safe, rest, hi), 0.0)
    low[0], high[0] = mean[0], mean[0]
    flows = np.zeros(k, dtype=np.int64) if inflow is None else np.asarray(inflow, dtype=np.int64)
    return TransitionEstimate(counts=c, alpha=alpha, mean=mean, low=low, high=high, level=level, inflow=flows)
