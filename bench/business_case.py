"""Benchmark: 1,000 simulation draws of a business case for a 60,000-case cohort over 10 years.

    .venv/bin/python bench/business_case.py [--cases 60000] [--years 10] [--draws 1000] [--baseline-draws 20]

Times `helhed.staircase.projection.simulate` (numpy, all draws at once: Dirichlet rows by gamma draws,
a Beta effect, multinomial movements of whole cases) beside a plain Python loop doing the same work one
draw, one year and one case at a time, in the same process on the same model. The plain loop is slow, so
by default it runs `--baseline-draws` draws and its time is scaled to the full number of draws (it grows
linearly with the draws; pass `--baseline-draws 1000` to run it all). Both print the mean NPV, which must
agree within the simulation's own noise. Goal: under 5 s for the vectorised run. No database is needed.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import sys
import time

import numpy as np

from helhed.staircase.projection import BusinessCase, StepDown, Team, Transitions, simulate

# Socialstyrelsen's six steps for vulnerable children (index 0: off the staircase); unit costs as shipped.
COSTS = [0.0, 10_000.0, 40_000.0, 150_000.0, 250_000.0, 470_000.0, 1_160_000.0]
SHARES = [0.0, 0.10, 0.30, 0.25, 0.10, 0.15, 0.10]
# Yearly movements without the effort, as counts "observed" in a large history: mostly staying put.
BASELINE_ROWS = [
    [1.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00],
    [0.20, 0.70, 0.08, 0.02, 0.00, 0.00, 0.00],
    [0.12, 0.10, 0.68, 0.08, 0.01, 0.01, 0.00],
    [0.08, 0.02, 0.10, 0.70, 0.04, 0.04, 0.02],
    [0.05, 0.00, 0.03, 0.07, 0.80, 0.03, 0.02],
    [0.04, 0.00, 0.01, 0.04, 0.03, 0.85, 0.03],
    [0.04, 0.00, 0.00, 0.02, 0.02, 0.07, 0.85],
]
HISTORY_CASES_PER_ROW = 400


def model(cases: int, years: int) -> BusinessCase:
    cohort = np.floor(np.asarray(SHARES) * cases)
    cohort[1] += cases - cohort.sum()
    baseline = np.asarray(BASELINE_ROWS)
    return BusinessCase(
        states=("off", "1", "2", "3", "4", "5", "6"), cohort=cohort, unit_costs=np.asarray(COSTS),
        baseline=Transitions(matrix=baseline, alpha=baseline * HISTORY_CASES_PER_ROW + 0.1 / 7),
        effect=StepDown(theta=0.05, from_steps=(4, 5, 6), concentration=50),
        team=Team(advisors=cases / 24, existing_advisors=cases / 48, advisor_cost=466_667.0, caseload=24),
        horizon=years, discount_rate=0.035, start_year=2025,
    )


def plain_python(case: BusinessCase, draws: int, seed: int) -> list[float]:
    """The same simulation as `simulate`, written as plain Python loops. Returns the NPV of each draw."""
    rng = random.Random(seed)
    k = case.n_states
    costs = [float(c) for c in case.unit_costs]
    alpha = case.baseline.alpha if case.baseline.alpha is not None else case.baseline.matrix
    assert isinstance(case.effect, StepDown)
    effect = case.effect
    team = case.team.added_annual_cost
    npvs: list[float] = []
    for _draw in range(draws):
        p0 = []
        for i in range(k):
            gammas = [rng.gammavariate(float(a), 1.0) if a > 0 else 0.0 for a in alpha[i]]
            total = sum(gammas)
            p0.append([g / total for g in gammas])
        c = effect.concentration
        theta = rng.betavariate(effect.theta * c, (1 - effect.theta) * c) if c > 0 else effect.theta
        p1 = [row[:] for row in p0]
        for i in effect.from_steps:
            p1[i] = [(1 - theta) * x for x in p0[i]]
            p1[i][i - 1] += theta
        cumulative = [[sum(row[: j + 1]) for j in range(k)] for row in p1]
        baseline = [float(x) for x in case.cohort]
        scenario = [round(float(x)) for x in case.cohort]
        npv = 0.0
        for t in range(case.horizon):
            measure_b = sum(n * cost for n, cost in zip(baseline, costs, strict=True))
            measure_s = sum(n * cost for n, cost in zip(scenario, costs, strict=True))
            npv += (measure_b - measure_s - team) / (1 + case.discount_rate) ** t
            if t == case.horizon - 1:
                break
            baseline = [sum(baseline[i] * p0[i][j] for i in range(k)) for j in range(k)]
            moved = [0] * k
            for i in range(k):
                row = cumulative[i]
                for _case in range(scenario[i]):
                    moved[min(bisect.bisect_right(row, rng.random()), k - 1)] += 1
            scenario = moved
        npvs.append(npv)
    return npvs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=60_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--draws", type=int, default=1_000)
    parser.add_argument("--baseline-draws", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    case = model(args.cases, args.years)

    simulate(case, draws=10, seed=args.seed)  # warm up (imports, allocator)
    times = []
    for r in range(args.repeat):
        start = time.perf_counter()
        sim = simulate(case, draws=args.draws, seed=args.seed + r)
        times.append(time.perf_counter() - start)
    fast = min(times)

    start = time.perf_counter()
    npvs = plain_python(case, args.baseline_draws, args.seed)
    measured = time.perf_counter() - start
    slow = measured * args.draws / args.baseline_draws

    mean_fast = float(sim.npv.mean())
    se_fast = float(sim.npv.std()) / math.sqrt(sim.draws)
    mean_slow = sum(npvs) / len(npvs)
    scaled = ""
    if args.baseline_draws != args.draws:
        scaled = f" (measured {measured:.2f} s on {args.baseline_draws} draws)"
    print(f"Business case: {args.cases:,} cases, {case.n_states - 1} steps, {args.years} years, "
          f"{args.draws:,} draws")
    goal = "met" if fast < 5 else "MISSED"
    print(f"  numpy (simulate), best of {args.repeat}: {fast:8.3f} s   goal < 5 s: {goal}")
    print(f"  plain Python loop, {args.draws:,} draws: {slow:8.1f} s{scaled}")
    print(f"  ratio (plain / numpy):            {slow / fast:8.0f} x")
    print(f"  mean NPV numpy {mean_fast / 1e6:,.1f} mio. kr. (standard error {se_fast / 1e6:,.1f}); "
          f"plain loop {mean_slow / 1e6:,.1f} mio. kr. over {len(npvs)} draws")
    return 0 if fast < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
