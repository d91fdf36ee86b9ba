"""What an access decision costs: the one-query facts (ADR 0005) beside the provider-by-provider relations
the check used before, at 100,000 citizens.

    .venv/bin/python bench/access_check.py                      # helhed_bench, 100,000 citizens
    .venv/bin/python bench/access_check.py --requests 500

1. Reuses the benchmark database that bench/plan_pages.py builds (PostgreSQL `helhed_bench`); it never
   builds or empties it (it applies migrations, so the sharing tables exist).
2. Who: the second coordinating caseworker with exactly 30 active plans (as audit_overhead.py), cycling
   through their 30 citizens.
3. Timed, each `--requests` times after a warm-up, on one connection, without the audit insert (that is
   bench/audit_overhead.py's subject):
   - `facts_of`: relations, holding sector, consented scopes and break-the-glass in one SELECT, plus the
     policy applied (what `citizen_access` does before it audits);
   - baseline `relations()` per provider: each registered provider's own queries, as `relations_of` did
     before ADR 0005 (relations only: no consent, no break-the-glass).
   Beside the times, the number of queries each makes.
Prints p50, p95 and mean per side and writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helhed_bench"

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--database-url", default=os.environ.get("HELHED_BENCH_URL", DEFAULT_URL))
parser.add_argument("--requests", type=int, default=300)
parser.add_argument("--warmup", type=int, default=30)
ARGS = parser.parse_args()
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
os.environ.setdefault("HELHED_PROJECT_DIR", str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from helhed.access import relations as registry  # noqa: E402
from helhed.access.policy import readable_scopes  # noqa: E402
from helhed.people.choices import Role  # noqa: E402
from helhed.people.models import User  # noqa: E402
from helhed.plans.models import Plan  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    caseworker = (User.objects.filter(role=Role.COORDINATING_CASEWORKER)
                  .annotate(n=Count("coordinated_plans", filter=Q(coordinated_plans__status="active")))
                  .filter(n=30).order_by("id")[1:2].first())
    if caseworker is None:
        sys.exit("No caseworker with exactly 30 citizens: build helhed_bench with bench/plan_pages.py.")
    ids = list(Plan.objects.filter(coordinator=caseworker, status="active")
               .values_list("citizen_id", flat=True))

    def new_facts(cid: int) -> Any:
        facts = registry.facts_of(caseworker, cid)
        return readable_scopes(facts.relations, same_sector=facts.same_sector, by_basis=facts.by_basis)

    def old_relations(cid: int) -> Any:
        found: set[Any] = set()
        for provider in registry._providers:
            if type(provider).__module__ != "helhed.sharing.relations":  # there was no sharing before
                found |= provider.relations(caseworker, cid)
        return found

    sides: dict[str, Callable[[int], Any]] = {"facts_of (ADR 0005)": new_facts,
                                              "baseline: relations() per provider": old_relations}
    results: dict[str, dict[str, float]] = {}
    for name, fn in sides.items():
        with CaptureQueriesContext(connection) as queries:
            fn(ids[0])
        times: list[float] = []
        for n in range(ARGS.warmup + ARGS.requests):
            start = time.perf_counter()
            fn(ids[n % len(ids)])
            if n >= ARGS.warmup:
                times.append((time.perf_counter() - start) * 1000)
        results[name] = {"queries": len(queries), "p50": pct(times, 50), "p95": pct(times, 95),
                         "mean": statistics.fmean(times)}
    load = os.getloadavg()[0]
    print(f"Access decision for one citizen, {ARGS.requests} timed calls each, load {load:.1f} (ms)")
    print(f"{'':40} {'queries':>8} {'p50':>8} {'p95':>8} {'mean':>8}")
    for name, r in results.items():
        print(f"{name:40} {r['queries']:>8} {r['p50']:>8.2f} {r['p95']:>8.2f} {r['mean']:>8.2f}")
    out = ROOT / "bench" / "results" / f"access_check-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": platform.node(), "requests": ARGS.requests, "results": results},
                              indent=2))
    print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
