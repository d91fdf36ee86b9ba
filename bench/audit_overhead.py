"""What the audit log costs the plan page: p50/p95 with and without the audit insert, side by side.

    .venv/bin/python bench/audit_overhead.py                         # helhed_bench, 100,000 citizens
    .venv/bin/python bench/audit_overhead.py --requests 500
    .venv/bin/python bench/audit_overhead.py --citizens 20000 --database-url postgres://.../helhed_bench_small

1. Reuses the benchmark database that bench/plan_pages.py builds (100,000 synthetic citizens in PostgreSQL
   `helhed_bench`); it never builds or empties it: without a finished build of that size it stops.
2. A caseworker like plan_pages.py's, but the second coordinating caseworker with exactly 30 active plans
   (not the first), so that the audit records counted here are this run's even while plan_pages.py runs.
3. The plan page `/citizens/<id>/` through Django's full stack in-process (django.test.Client,
   force_login), cycling through the 30 citizens, in pairs: the same page with the audit record written
   (hash chain, advisory lock, INSERT into the partitioned table: what production does) and with the
   insert switched off (`audit_paused_for_benchmark`, refused outside HELHED_BENCHMARK=1). The order within
   a pair alternates, so neither side always runs on a warmer cache or a quieter moment.
4. Beside the pages: `audit_record` alone (one record, as the plan page writes it), timed the same way.
Prints p50, p95, mean and the process's CPU time per side, the difference, and writes JSON to bench/results/.

Goal: logging adds under 10 % to the plan page's p95.
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
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helhed_bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("HELHED_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--citizens", type=int, default=100_000, help="the size of the finished build to use")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=300, help="timed pairs (at least 200)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if args.requests < 200:
        parser.error("--requests must be at least 200")
    return args


ARGS = _arguments()
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["HELHED_BENCHMARK"] = "1"  # lets audit_paused_for_benchmark work in this process only
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
os.environ.setdefault("HELHED_PROJECT_DIR", str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from helhed.access.audit import audit_paused_for_benchmark, audit_record  # noqa: E402
from helhed.access.audit_chain import partitions_list  # noqa: E402
from helhed.access.models import AuditEvent  # noqa: E402
from helhed.people.choices import Role  # noqa: E402
from helhed.people.models import User  # noqa: E402
from helhed.plans.models import Plan  # noqa: E402
from helhed.synth.models import SynthBuild  # noqa: E402

console = Console() if Console().is_terminal else Console(width=150)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def caseworker_and_citizens() -> tuple[User, list[int]]:
    caseworker = (User.objects.filter(role=Role.COORDINATING_CASEWORKER)
                  .annotate(n=Count("coordinated_plans", filter=Q(coordinated_plans__status="active")))
                  .filter(n=30).order_by("id")[1:2].first())
    if caseworker is None:
        sys.exit("No coordinating caseworker with exactly 30 citizens.")
    ids = list(Plan.objects.filter(coordinator=caseworker, status="active").order_by("id")
               .values_list("citizen_id", flat=True))
    return caseworker, ids


def logged_in(user: User) -> Client:
    """Logged in as production requires (as in plan_pages.py): a session verified by a confirmed TOTP device,
    which django-otp keeps in the session; the two-factor middleware lets nothing else through."""
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="bench", confirmed=True))
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class Side:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, fn: Callable[[], Any], keep: bool) -> Any:
        cpu, start = time.process_time(), time.perf_counter()
        result = fn()
        wall_ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        if keep:
            self.wall.append(wall_ms)
            self.cpu.append(cpu_ms)
        return result

    def summary(self) -> dict[str, float]:
        return {"p50": pct(self.wall, 50), "p95": pct(self.wall, 95), "mean": statistics.fmean(self.wall),
                "cpu_p50": pct(self.cpu, 50), "cpu_p95": pct(self.cpu, 95)}


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    build = SynthBuild.objects.filter(path=SynthBuild.Path.BULK, seed=ARGS.seed, citizens=ARGS.citizens,
                                      finished_at__isnull=False).first()
    if build is None:
        sys.exit(f"No finished build of {ARGS.citizens} citizens (seed {ARGS.seed}) in {ARGS.database_url}: "
                 "build it with bench/plan_pages.py first (this benchmark never builds or empties it).")
    caseworker, citizen_ids = caseworker_and_citizens()
    client = logged_in(caseworker)
    urls = [reverse("plan", args=[cid]) for cid in citizen_ids]
    mine = AuditEvent.objects.filter(actor_id=caseworker.pk)
    logged, unlogged, insert = Side(), Side(), Side()
    load_start = os.getloadavg()

    def page(url: str) -> Callable[[], Any]:
        def get() -> Any:
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}")
            return response
        return get

    def without_audit(url: str) -> Callable[[], Any]:
        def get() -> Any:
            with audit_paused_for_benchmark():
                return page(url)()
        return get

    before = mine.count()
    page(urls[0])()
    per_page = mine.count() - before
    without_audit(urls[0])()
    if per_page < 1 or mine.count() != before + per_page:
        sys.exit(f"The switch does not work: the logged page wrote {per_page} records, the unlogged one "
                 f"{mine.count() - before - per_page} (it must write none).")
    records_before = mine.count()
    console.print(f"The plan page writes {per_page} audit record(s) per view.")
    console.print(f"{ARGS.citizens:,} citizens; caseworker {caseworker.username} with {len(urls)} plans; "
                  f"{ARGS.warmup} warm-up + {ARGS.requests} timed pairs of the plan page, order alternating.")
    for n in range(ARGS.warmup + ARGS.requests):
        url, keep = urls[n % len(urls)], n >= ARGS.warmup
        pair = [(logged, page(url)), (unlogged, without_audit(url))]
        for side, fn in (pair if n % 2 == 0 else pair[::-1]):
            side.run(fn, keep)
        insert.run(partial(audit_record, actor=caseworker, action="view", citizen_id=citizen_ids[n % 30],
                           object_type="citizen", purpose="benchmark"), keep)
    written = mine.count() - records_before
    expected = (ARGS.warmup + ARGS.requests) * (per_page + 1)  # the logged pages and the bare inserts
    if written != expected:
        sys.exit(f"{written} audit records written, expected {expected}: the switch leaked.")
    report(logged.summary(), unlogged.summary(), insert.summary(), written, load_start)


def report(on: dict[str, float], off: dict[str, float], insert: dict[str, float], written: int,
           load_start: tuple[float, float, float]) -> None:
    load_end = os.getloadavg()
    title = f"Plan page /citizens/<id>/ at {ARGS.citizens:,} citizens, {ARGS.requests} pairs (ms)"
    table = Table(title=title, title_justify="left")
    for column in ("", "p50", "p95", "mean", "CPU p50", "CPU p95"):
        table.add_column(column, justify="left" if not column else "right", no_wrap=True)
    for name, s in (("with audit logging", on), ("without audit logging", off)):
        table.add_row(name, *(f"{s[k]:.1f}" for k in ("p50", "p95", "mean", "cpu_p50", "cpu_p95")))
    diff = {k: on[k] - off[k] for k in on}
    rel = {k: (on[k] / off[k] - 1) * 100 if off[k] else 0.0 for k in on}
    table.add_row("logging adds", *(f"{diff[k]:+.1f} ({rel[k]:+.1f} %)"
                                    for k in ("p50", "p95", "mean", "cpu_p50", "cpu_p95")))
    table.add_row("audit_record alone", *(f"{insert[k]:.2f}" for k in ("p50", "p95", "mean", "cpu_p50",
                                                                        "cpu_p95")))
    console.print(table)
    goal = rel["p95"] < 10
    console.print(f"Goal: logging adds under 10 % to the p95: {'[green]met' if goal else '[red]NOT met'}[/] "
                  f"({rel['p95']:+.1f} %). {written} audit records written; partitions: "
                  f"{len(partitions_list())}. Load average {load_start[0]:.2f} at start, "
                  f"{load_end[0]:.2f} at end ({os.cpu_count()} cores).")
    with connection.cursor() as cursor:
        cursor.execute("show server_version")
        pg = cursor.fetchone()[0]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"audit_overhead-{stamp}.json"
    path.write_text(json.dumps({
        "label": ARGS.label, "citizens": ARGS.citizens, "requests": ARGS.requests, "with_audit": on,
        "without_audit": off, "audit_record_alone": insert, "adds_ms": diff, "adds_percent": rel,
        "goal_met": goal, "records_written": written, "load_average": [load_start, load_end],
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "postgres": pg},
    }, indent=2))
    console.print(f"Written to {path.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
