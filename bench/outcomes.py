"""Benchmark: "reached or improved" over 1,000,000 assessments of 100,000 citizens, Helhed beside bare SQL.

    .venv/bin/python bench/outcomes.py [--citizens 100000] [--per-citizen 10] [--seed 3] [--repeat 3]
                                       [--work-mem 256MB] [--reuse]

Creates the PostgreSQL database `helhed_bench_outcomes` (on the server of DATABASE_URL, default
postgres://postgres@127.0.0.1:5432), migrates it, and bulk-inserts synthetic rows with COPY: one unit, one
caseworker, the citizens (replacement-form CPR numbers only, all marked synthetic), one active plan each, and
`per-citizen` assessments on the three Aarhus mastery dimensions (three answers each). `--reuse` keeps a
database of the same size from an earlier run.

Then, in the same run and on the same warm database, it computes the share reached or improved and the
mean change per measure twice:
- Helhed: `outcomes.selectors.outcome_rows` (one windowed ORM query for the first and the latest answer per
  plan and measure) and `measure_results` (the rule of scoring.classify in Python, Wilson and t intervals);
- bare SQL: one hand-written PostgreSQL query that finds the first and latest answers and applies the same
  rule in SQL (the intervals from its counts, means and standard deviations).
It checks that both give the same figures and prints the times and their ratio (the figure that matters).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DB_NAME = "helhed_bench_outcomes"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MASTERY = ("personal_development", "network_citizenship", "learning_self_support")


def _url(db: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def create_database(*, reuse: bool) -> bool:
    """Create the benchmark database; True if it already existed and is kept."""
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if exists and reuse:
            return True
        if exists:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return False


def setup_django() -> None:
    os.environ["DATABASE_URL"] = _url(DB_NAME)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _columns(model: Any, names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(n).column for n in names]


def copy_rows(model: Any, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into the model's table (ids given), then move the id sequence past them."""
    from django.db import connection

    table = model._meta.db_table
    cols = ", ".join(f'"{c}"' for c in _columns(model, names))
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
        )
    return n


def replacement_cpr(index: int) -> tuple[str, dt.date]:
    """A unique replacement-form CPR number (day of month + 60) and the birth date it encodes."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=index % 18000)
    serial = index // 18000  # 0..99 for up to 1.8 million citizens
    century = 4 if birth.year >= 2000 else 1
    return f"{birth.day + 60:02d}{birth.month:02d}{birth.year % 100:02d}{century}{serial:03d}", birth


def fill(citizens: int, per_citizen: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from helhed.core.cpr import CPR
    from helhed.core.cpr_vault import cpr_encrypt, cpr_lookup_hash
    from helhed.outcomes.models import Answer, Assessment, Instrument
    from helhed.people.models import Citizen
    from helhed.people.services import org_unit_create, staff_create
    from helhed.plans.models import Plan

    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        unit = org_unit_create(name="Benchmark team", kind="team", sector="adult_social", parent=None)
        staff = staff_create(
            username="bench",
            first_name="Bench",
            last_name="Synthetic",
            role="coordinating_caseworker",
            unit=unit,
            password="",
            is_synthetic=True,
        )
        instrument = Instrument.objects.get(code="aarhus-mastery", version=1)

        def citizen_rows() -> Iterable[Sequence[Any]]:
            for i in range(citizens):
                digits, birth = replacement_cpr(i)
                cpr = CPR.parse(digits)
                assert cpr.is_replacement
                first, last = f"Borger{i}", "Syntetisk"
                yield (
                    i + 1,
                    cpr_lookup_hash(cpr),
                    cpr_encrypt(cpr),
                    birth,
                    True,
                    first,
                    last,
                    "",
                    "",
                    "",
                    None,
                    True,
                    f"{first} {last}".lower(),
                    now,
                    now,
                )

        copy_rows(
            Citizen,
            [
                "id",
                "cpr_hash",
                "cpr_encrypted",
                "birth_date",
                "has_replacement_cpr",
                "first_name",
                "last_name",
                "address",
                "postal_code",
                "district",
                "household",
                "is_synthetic",
                "search_name",
                "created_at",
                "updated_at",
            ],
            citizen_rows(),
        )
        print(f"  citizens: {citizens:,} ({time.perf_counter() - started:.0f} s)")
        copy_rows(
            Plan,
            [
                "id",
                "citizen",
                "status",
                "coordinator",
                "vision",
                "follow_up_interval_days",
                "holistic_consent",
                "holistic_consent_on",
                "holistic_consent_form",
                "created_by",
                "closed_on",
                "closed_reason",
                "created_at",
                "updated_at",
                "version",
            ],
            (
                (i + 1, i + 1, "active", staff.pk, "", 90, False, None, "", staff.pk, None, "", now, now, 1)
                for i in range(citizens)
            ),
        )
        print(f"  plans: {citizens:,} ({time.perf_counter() - started:.0f} s)")

        def history(c: int) -> Iterable[tuple[int, dt.date, list[int]]]:
            """Citizen c's assessments: (number, date, the three scores); the same on every call."""
            r = random.Random(seed * 1_000_003 + c)
            day = today - dt.timedelta(days=r.randint(per_citizen * 60, per_citizen * 120))
            trend = r.choice((0.5, 0.4, 0.3, 0.1, 0.0, -0.1, -0.3))
            base = [r.randint(2, 6) for _ in MASTERY]
            for n in range(per_citizen):
                yield n, day, [max(1, min(10, round(b + n * trend + r.gauss(0, 0.7)))) for b in base]
                day += dt.timedelta(days=r.randint(30, 60))

        def assessment_rows() -> Iterable[Sequence[Any]]:
            for c in range(1, citizens + 1):
                for n, day, _scores in history(c):
                    aid = (c - 1) * per_citizen + n + 1
                    yield (aid, c, c, None, instrument.pk, day, "", staff.pk, None, None, "", now, now)

        def answer_rows() -> Iterable[Sequence[Any]]:
            for c in range(1, citizens + 1):
                for n, _day, scores in history(c):
                    aid = (c - 1) * per_citizen + n + 1
                    for item, value in zip(MASTERY, scores, strict=True):
                        yield (aid, item, value, "", "", "together", "")

        n_assessments = copy_rows(
            Assessment,
            [
                "id",
                "citizen",
                "plan",
                "goal",
                "instrument",
                "assessed_on",
                "note",
                "recorded_by",
                "withdrawn_at",
                "withdrawn_by",
                "withdrawn_reason",
                "created_at",
                "updated_at",
            ],
            assessment_rows(),
        )
        print(f"  assessments: {n_assessments:,} ({time.perf_counter() - started:.0f} s)")
        n_answers = copy_rows(
            Answer, ["assessment", "item", "value", "option", "text", "rater", "goal_type"], answer_rows()
        )
        print(f"  answers: {n_answers:,} ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts() -> tuple[int, int]:
    from helhed.outcomes.models import Assessment
    from helhed.people.models import Citizen

    return Citizen.objects.filter(is_synthetic=True).count(), Assessment.objects.count()


# ---------------------------------------------------------------- the two computations

Figures = dict[tuple[str, str], tuple[int, int, int, float | None, float | None]]


def helhed_way() -> Figures:
    """Helhed's own code path, as the what-works page runs it for everyone (no population filter)."""
    from helhed.outcomes.selectors import measure_results, outcome_rows

    out: Figures = {}
    for m in measure_results(outcome_rows()):
        r = m.result
        assert not r.suppressed and r.share is not None
        series, item = m.key.split("|")
        out[(series, item)] = (
            r.citizens,
            r.units,
            r.share.successes,
            r.change.mean if r.change else None,
            r.change.sd if r.change else None,
        )
    return out


def _rules_sql() -> tuple[str, list[Any], dict[int, str]]:
    """The rule of every measure the bare SQL can judge (numbers only: no status classes, no goal types),
    each instrument under the id of its series' first version, and the series' names by that id."""
    from helhed.outcomes.models import Instrument

    rows, params = [], []
    first: dict[str, int] = {}
    for i in Instrument.objects.order_by("series", "version"):
        first.setdefault(i.series, i.pk)
        for m in i.defn.measures():
            rule = m.rule
            if rule.option_outcomes or rule.goal_types:
                continue
            rows.append("(%s::bigint, %s::bigint, %s, %s::int, %s::numeric, %s::numeric, %s::boolean)")
            params += [
                i.pk,
                first[i.series],
                m.code,
                rule.direction,
                rule.threshold,
                rule.target,
                rule.judged_from == "latest",
            ]
    return ", ".join(rows), params, {pk: series for series, pk in first.items()}


BARE_SQL = """
WITH rules (instrument_id, series_id, item, dir, thr, target, latest_only) AS (VALUES {rules}),
points AS (
    SELECT a.plan_id, a.citizen_id, COALESCE(a.goal_id, 0) AS goal, r.series_id, ans.item, ans.value,
           a.assessed_on, a.id AS assessment_id
    FROM outcomes_answer ans
    JOIN outcomes_assessment a ON a.id = ans.assessment_id
    JOIN rules r ON r.instrument_id = a.instrument_id AND r.item = ans.item
    WHERE a.withdrawn_at IS NULL AND ans.value IS NOT NULL
),
ends AS (
    SELECT plan_id, citizen_id, goal, series_id, item, value AS first_value,
           last_value(value) OVER w AS last_value,
           count(*) OVER (PARTITION BY plan_id, goal, series_id, item) AS n,
           row_number() OVER w AS rn
    FROM points
    WINDOW w AS (PARTITION BY plan_id, goal, series_id, item ORDER BY assessed_on, assessment_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
judged AS (
    SELECT e.citizen_id, e.series_id, e.item,
           CASE WHEN e.n >= 2 THEN (e.last_value - e.first_value) * r.dir END AS change,
           (r.target IS NOT NULL AND (e.last_value - r.target) * r.dir >= 0) AS reached, r.thr, r.latest_only
    FROM ends e JOIN rules r ON r.instrument_id = e.series_id AND r.item = e.item
    WHERE e.rn = 1
)
SELECT series_id, item, count(DISTINCT citizen_id), count(*),
       count(*) FILTER (WHERE reached OR change >= thr), avg(change), stddev_samp(change)
FROM judged
WHERE change IS NOT NULL OR latest_only
GROUP BY series_id, item
"""


def bare_sql() -> Figures:
    from django.db import connection

    rules, params, series = _rules_sql()
    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL.format(rules=rules), params)
        return {
            (series[s], i): (
                c,
                u,
                k,
                float(mean) if mean is not None else None,
                float(sd) if sd is not None else None,
            )
            for s, i, c, u, k, mean, sd in cursor.fetchall()
        }


def timed(fns: Sequence[Callable[[], Figures]], repeat: int) -> list[tuple[Figures, list[float]]]:
    """Run the computations in turn, `repeat` rounds, so that a busy machine slows both alike."""
    results: list[Figures] = [{} for _ in fns]
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            started = time.perf_counter()
            results[k] = fn()
            times[k].append(time.perf_counter() - started)
    return list(zip(results, times, strict=True))


def same(a: Figures, b: Figures) -> bool:
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key], b[key]
        if x[:3] != y[:3]:
            return False
        for u, v in zip(x[3:], y[3:], strict=True):
            if (u is None) != (v is None) or (
                u is not None and v is not None and not math.isclose(u, v, abs_tol=1e-9)
            ):
                return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--per-citizen", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work-mem", default="256MB", help="PostgreSQL work_mem for both (default 256MB)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run of the same size"
    )
    args = parser.parse_args()
    kept = create_database(reuse=args.reuse)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if not kept:
        print(f"Database {DB_NAME}: migrating ...")
        call_command("migrate", interactive=False, verbosity=0)
    have = counts()
    want = (args.citizens, args.citizens * args.per_citizen)
    if have != want:
        if have != (0, 0):
            print(
                f"Database {DB_NAME} holds {have[0]:,} citizens and {have[1]:,} assessments; "
                "run without --reuse."
            )
            return 2
        print(f"Inserting {want[0]:,} citizens and {want[1]:,} assessments (COPY) ...")
        fill(args.citizens, args.per_citizen, args.seed)
    print(
        f"{want[0]:,} citizens, {want[1]:,} assessments, {3 * want[1]:,} answers; PostgreSQL "
        f"{getattr(connection, 'pg_version', 0) // 10000}, work_mem {args.work_mem}; best and median of "
        f"{args.repeat} alternating runs, warm."
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
    bare_sql()  # warm the cache for both
    (ours, t_ours), (base, t_base) = timed([helhed_way, bare_sql], args.repeat)
    ok = same(ours, base)
    print(f"{'measure':<42} {'citizens':>9} {'reached or improved':>20} {'mean change':>12}")
    for (series, item), (c, u, k, mean, _sd) in sorted(ours.items()):
        share = f"{k:,} ({k / u:.1%})" if u else "-"
        print(
            f"{series + ' ' + item:<42} {c:>9,} {share:>20} "
            f"{mean if mean is not None else float('nan'):>12.3f}"
        )
    print(f"{'way':<12} {'best s':>8} {'median s':>9}")
    for name, times in (("Helhed", t_ours), ("bare SQL", t_base)):
        print(f"{name:<12} {min(times):>8.2f} {statistics.median(times):>9.2f}")
    print(
        f"ratio Helhed / bare SQL: {min(t_ours) / min(t_base):.2f} (best), "
        f"{statistics.median(t_ours) / statistics.median(t_base):.2f} (median)"
    )
    print(f"same figures: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
