"""Benchmark: assign 2,000 homes among 10,000 candidates, optimal beside greedy baselines, in one run.

    .venv/bin/python bench/allocation.py [--homes 2000] [--candidates 10000] [--seed 7]

Prints the time and the total score of the optimal assignment (a maximum-weight matching over the
transparent scores of helhed.housing.allocation: each home's best n candidates, OR-Tools' min-cost flow)
and of two greedy baselines (home by home; best pair first), then the optimal's steps and, after the
timing, an independent certificate: LP dual prices over all homes x candidates that prove the optimal
total cannot be beaten. The optimal total must be at least each greedy total; the goal is under 10 s
for the optimal. CPU seconds are printed beside wall seconds, since the machine may be shared. The
figures go to bench/results/allocation.json too.
The data are synthetic, drawn with the rates in docs/decisions/0202-allocation-scoring-and-assignment.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from helhed.housing.allocation import (
    Assignment,
    Candidate,
    Home,
    assign_greedy_best_pair,
    assign_greedy_by_home,
    assign_optimal,
    certify_optimal,
)

DISTRICTS = (
    "8000 Aarhus C", "8200 Aarhus N", "8210 Aarhus V", "8220 Brabrand", "8230 Åbyhøj", "8240 Risskov",
    "8250 Egå", "8260 Viby J", "8270 Højbjerg", "8310 Tranbjerg J", "8320 Mårslet", "8330 Beder",
    "8340 Malling", "8355 Solbjerg", "8361 Hasselager", "8380 Trige", "8381 Tilst", "8462 Harlev J",
    "8471 Sabro", "8520 Lystrup", "8530 Hjortshøj", "8541 Skødstrup",
)


def synthetic(n_homes: int, n_candidates: int, seed: int) -> tuple[list[Home], list[Candidate]]:
    rng = random.Random(seed)
    homes = [
        Home(id=i + 1, district=rng.choice(DISTRICTS), monthly_rent=float(rng.randrange(2800, 7600, 50)),
             dogs_allowed=rng.random() < 0.20, step_free=rng.random() < 0.25)
        for i in range(n_homes)
    ]
    candidates = [
        Candidate(
            id=i + 1, homeless_days=int(rng.expovariate(1 / 240)),
            support_need=rng.choice((1, 2, 2, 3, 3, 4)),
            monthly_income=float(rng.randrange(9000, 20000, 100)), has_dog=rng.random() < 0.10,
            needs_step_free=rng.random() < 0.06,
            wished_districts=frozenset(rng.sample(DISTRICTS, rng.choice((0, 1, 2, 3)))),
        )
        for i in range(n_candidates)
    ]
    return homes, candidates


def timed(fn: Callable[[Sequence[Home], Sequence[Candidate]], Assignment], homes: list[Home],
          candidates: list[Candidate]) -> tuple[Assignment, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    result = fn(homes, candidates)
    return result, time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--homes", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    homes, candidates = synthetic(args.homes, args.candidates, args.seed)
    print(f"{len(homes):,} homes, {len(candidates):,} candidates (seed {args.seed})")
    load = os.getloadavg()[0]
    steps: dict[str, float] = {}
    optimal, t_opt, cpu_opt = timed(lambda h, c: assign_optimal(h, c, timings=steps), homes, candidates)
    by_home, t_home, cpu_home = timed(assign_greedy_by_home, homes, candidates)
    best_pair, t_pair, cpu_pair = timed(assign_greedy_best_pair, homes, candidates)
    print(f"{'method':<18} {'seconds':>8} {'cpu s':>6} {'homes assigned':>15} {'total score':>12} "
          f"{'vs optimal':>11}")
    for result, secs, cpu in ((optimal, t_opt, cpu_opt), (by_home, t_home, cpu_home),
                              (best_pair, t_pair, cpu_pair)):
        ratio = result.total_score / optimal.total_score if optimal.total_score else 1.0
        print(f"{result.method:<18} {secs:>8.2f} {cpu:>6.2f} {len(result.proposals):>15,} "
              f"{result.total_score:>12,.2f} {ratio:>10.2%}")
    how = (f"priced pairs, {int(steps['rounds'])} round(s), proved optimal over all pairs by LP prices"
           if steps["method_priced"] else "the exact cut (each home's best n candidates)")
    print(f"optimal, step by step: scores {steps['score_matrix']:.2f} s, solver {steps['solver']:.2f} s "
          f"({how}; at most {int(steps['solver_pairs']):,} pairs in one min-cost flow), "
          f"reasons {steps['reasons']:.2f} s")
    start = time.perf_counter()
    certified = certify_optimal(homes, candidates, optimal)
    print(f"certificate over all {len(homes) * len(candidates):,} pairs (untimed above): "
          f"{'optimal' if certified else 'NOT PROVED'} ({time.perf_counter() - start:.2f} s)")
    print(f"load average: {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end (2 cores)")
    ok = certified and optimal.total_score >= max(by_home.total_score, best_pair.total_score)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "allocation.json").write_text(json.dumps({
        "homes": len(homes), "candidates": len(candidates), "seed": args.seed, "certified": certified,
        "load_average_start": load, "optimal_steps": steps,
        "methods": {r.method: {"seconds": secs, "cpu_seconds": cpu, "homes_assigned": len(r.proposals),
                               "total_score": r.total_score}
                    for r, secs, cpu in ((optimal, t_opt, cpu_opt), (by_home, t_home, cpu_home),
                                         (best_pair, t_pair, cpu_pair))},
    }, indent=1))
    print(f"optimal >= greedy and certified: {'yes' if ok else 'NO'}; "
          f"optimal under 10 s: {'yes' if t_opt < 10 else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
