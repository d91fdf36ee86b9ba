"""Benchmark: every indicator on a Copenhagen-sized analytics export, on DuckDB through Ibis; three of
them also as hand-written DuckDB SQL and as pandas, side by side, with the results checked equal.

    .venv/bin/python bench/indicators.py [--citizens 60000] [--assessments 2000000] [--seed 5]
                                         [--period 2026Q3] [--repeat 3] [--out var/bench-analytics]

Copenhagen: 650,000 inhabitants, 60,000 of them citizens with plans, 2,000,000 assessment rows over five
years. The generator writes the export's Parquet files directly (numpy and pyarrow, seeded; no database),
in the schema of `helhed.analytics.schema`, so the timing is of the indicators, not of the export. Goals on
a 2-core machine: every indicator together under 30 s; Ibis within 1.5x of the hand-written SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from helhed.analytics import schema  # noqa: E402
from helhed.analytics.engines import connect, load_partition  # noqa: E402
from helhed.analytics.indicators import all_indicators, get_indicator  # noqa: E402
from helhed.analytics.periods import Period, parse_period  # noqa: E402
from helhed.analytics.services import evaluate  # noqa: E402

DISTRICTS = ("Indre By", "Østerbro", "Nørrebro", "Vesterbro/Kgs. Enghave", "Valby", "Vanløse",
             "Brønshøj-Husum", "Bispebjerg", "Amager Øst", "Amager Vest")
GROUPS = ("homelessness", "substance-use", "mental-health", "disability", "employment", "children-youth",
          "young-adults", "adults")
STATUSES = ("drug_free", "reduced", "unchanged", "increased")
UNITS = tuple(f"Enhed {i:02d}" for i in range(40))
SERIES_ITEMS = [("aarhus-mastery", "personal_development"), ("aarhus-mastery", "network_citizenship"),
                ("aarhus-mastery", "learning_self_support"), ("user-satisfaction", "total"),
                ("alcohol-status", "overuse_last_month"), ("alcohol-status", "problem_days_last_month"),
                ("substance-use-status", "status")]


def _dates(rng: np.random.Generator, n: int, start: dt.date, end: dt.date) -> np.ndarray:
    days = rng.integers(0, (end - start).days, n)
    return np.datetime64(start) + days.astype("timedelta64[D]")


def _write(out: Path, name: str, columns: dict[str, Any]) -> int:
    table = pa.Table.from_pydict(columns, schema=schema.TABLES[name])
    pq.write_table(table, out / f"{name}.parquet")
    return table.num_rows


def generate(out: Path, *, citizens: int, assessments: int, seed: int, period: Period) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    end = period.end - dt.timedelta(days=1)
    five_years = dt.date(end.year - 5, end.month, end.day)
    ids = np.array([f"{i:032x}" for i in rng.permutation(citizens * 7)[:citizens]])
    rows: dict[str, int] = {}
    band = rng.choice(schema.AGE_BANDS, citizens, p=[0.22, 0.12, 0.1, 0.3, 0.18, 0.08])
    rows["citizens"] = _write(out, "citizens", {
        "citizen": ids, "age_band": band, "district": rng.choice(DISTRICTS, citizens),
        "target_group": rng.choice(GROUPS, citizens), "unit": rng.choice(UNITS, citizens),
        "is_synthetic": np.ones(citizens, dtype=bool)})
    # Plans: one each, a tenth with an earlier closed one.
    extra = citizens // 10
    owners = np.concatenate([np.arange(citizens), rng.integers(0, citizens, extra)])
    n_plans = len(owners)
    started = _dates(rng, n_plans, five_years, end)
    closed = np.where(np.arange(n_plans) >= citizens, started + rng.integers(30, 400, n_plans).astype(
        "timedelta64[D]"), np.datetime64("NaT"))
    rows["plans"] = _write(out, "plans", {
        "plan_id": np.arange(n_plans), "citizen": ids[owners], "status": np.where(np.isnat(closed), "active",
                                                                                   "closed"),
        "started_on": started, "closed_on": closed, "unit": rng.choice(UNITS, n_plans),
        "holistic_consent": rng.random(n_plans) < 0.7})
    n_goals = n_plans * 2
    goal_plan = rng.integers(0, n_plans, n_goals)
    rows["goals"] = _write(out, "goals", {
        "goal_id": np.arange(n_goals), "plan_id": goal_plan, "citizen": ids[owners[goal_plan]],
        "life_domain": rng.choice(["housing", "employment_education", "substance_use", "mental_health",
                                   "family_network"], n_goals),
        "status": rng.choice(["open", "reached", "not_reached"], n_goals)})
    n_iv = n_plans * 2
    iv_plan = rng.integers(0, n_plans, n_iv)
    iv_start = _dates(rng, n_iv, five_years, end)
    rows["interventions"] = _write(out, "interventions", {
        "intervention_id": np.arange(n_iv), "plan_id": iv_plan, "citizen": ids[owners[iv_plan]],
        "type_code": rng.choice(["bostotte-85", "cti-85", "alkoholbehandling", "mentor"], n_iv),
        "legal_basis": rng.choice(["SEL § 85", "SUL § 141", "LAB § 31b"], n_iv),
        "provider_unit": rng.choice(UNITS, n_iv), "status": rng.choice(["active", "ended"], n_iv),
        "start_date": iv_start, "end_date": np.where(rng.random(n_iv) < 0.5, iv_start + rng.integers(
            30, 700, n_iv).astype("timedelta64[D]"), np.datetime64("NaT")),
        "end_reason": rng.choice(["", "goal_reached", "other"], n_iv),
        "step": rng.integers(1, 6, n_iv).astype(np.int32)})
    # Assessments over five years: a row per measure; an assessment id per (plan, day, series).
    which = rng.choice(len(SERIES_ITEMS), assessments, p=[0.22, 0.22, 0.22, 0.14, 0.07, 0.07, 0.06])
    a_plan = rng.integers(0, n_plans, assessments)
    on = _dates(rng, assessments, five_years, end)
    series = np.array([s for s, _ in SERIES_ITEMS])[which]
    item = np.array([i for _, i in SERIES_ITEMS])[which]
    value = np.where(item == "total", np.round(rng.uniform(1, 5, assessments), 2),
                     np.where(item == "problem_days_last_month", rng.integers(0, 8, assessments),
                              rng.integers(1, 11, assessments))).astype(float)
    value[np.isin(item, ["overuse_last_month", "status"])] = np.nan
    option = np.where(item == "overuse_last_month", rng.choice(["yes", "no"], assessments),
                      np.where(item == "status", rng.choice(STATUSES, assessments), ""))
    rows["assessments"] = _write(out, "assessments", {
        "assessment_id": np.arange(assessments), "citizen": ids[owners[a_plan]], "plan_id": a_plan,
        "goal_id": pa.nulls(assessments, pa.int64()), "instrument": series,
        "series": np.char.add(series, "/v1"), "item": item, "assessed_on": on,
        "value": pa.array(value, from_pandas=True), "option": option})
    # Outcome results: first and latest per (plan, series, item), classified at random (as outcomes would).
    frame = pd.DataFrame({"plan_id": a_plan, "series": series, "item": item, "on": on})
    g = frame.groupby(["plan_id", "series", "item"], sort=False)["on"].agg(["min", "max"]).reset_index()
    reached = rng.random(len(g)) < 0.35
    improved = rng.random(len(g)) < 0.35
    rows["outcome_results"] = _write(out, "outcome_results", {
        "citizen": ids[owners[g.plan_id.to_numpy()]], "plan_id": g.plan_id.to_numpy(),
        "goal_id": pa.nulls(len(g), pa.int64()), "instrument": g.series.to_numpy(),
        "series": g.series.to_numpy() + "/v1", "item": g["item"].to_numpy(),
        "first_on": g["min"].to_numpy(), "latest_on": g["max"].to_numpy(), "reached": reached,
        "improved": improved, "reached_or_improved": reached | improved})
    n_stays = citizens // 4
    check_in = _dates(rng, n_stays, five_years, end)
    nights = rng.gamma(1.2, 60, n_stays).astype(int)
    last = check_in + nights.astype("timedelta64[D]")
    rows["shelter_stays"] = _write(out, "shelter_stays", {
        "citizen": ids[rng.integers(0, citizens, n_stays)], "shelter_unit": rng.choice(UNITS[:6], n_stays),
        "check_in": check_in, "last_night": np.where(last > np.datetime64(end), np.datetime64("NaT"), last),
        "age_at_check_in": rng.integers(18, 80, n_stays).astype(np.int32)})
    n_h = citizens // 6
    h_from = _dates(rng, n_h, five_years, end)
    rows["homelessness"] = _write(out, "homelessness", {
        "citizen": ids[rng.integers(0, citizens, n_h)], "category": rng.choice(["street", "shelter"], n_h),
        "valid_from": h_from, "valid_to": np.where(rng.random(n_h) < 0.6, h_from + rng.integers(
            10, 500, n_h).astype("timedelta64[D]"), np.datetime64("NaT"))})
    n_al = 825 * 5  # Copenhagen's baseline, a year at a time
    rows["allocations"] = _write(out, "allocations", {
        "citizen": ids[rng.integers(0, citizens, n_al)], "home_district": rng.choice(DISTRICTS, n_al),
        "allocation_unit": rng.choice(UNITS[:3], n_al), "move_in": _dates(rng, n_al, five_years, end),
        "ended_on": pa.nulls(n_al, pa.date32()), "end_reason": np.full(n_al, "")})
    n_ev = 533 * 5 * 3
    ev_on = _dates(rng, n_ev, five_years, end)
    outcome = rng.choice(["evicted", "resolved", "moved"], n_ev)
    rows["eviction_notices"] = _write(out, "eviction_notices", {
        "citizen": ids[rng.integers(0, citizens, n_ev)],
        "kind": rng.choice(["rent_arrears", "eviction"], n_ev),
        "received_on": ev_on, "outcome": outcome, "outcome_on": ev_on + np.timedelta64(30, "D"),
        "unit": rng.choice(UNITS, n_ev)})
    n_sp = citizens
    rows["staircase_positions"] = _write(out, "staircase_positions", {
        "citizen": ids[rng.integers(0, citizens, n_sp)],
        "staircase": rng.choice(["children", "adults"], n_sp),
        "step_year_before": rng.integers(0, 6, n_sp).astype(np.int32),
        "step_at_end": rng.integers(0, 6, n_sp).astype(np.int32)})
    return rows


# ---------------------------------------------------------------- three indicators written by hand

def sql_queries(d: Path, period: Period) -> dict[str, str]:
    start, end = period.year_before_end(), period.end
    last = end - dt.timedelta(days=1)
    c = f"read_parquet('{d}/citizens.parquet')"

    def by(frame: str, metrics: str, unit: str = "c.unit") -> str:
        return f"""
        WITH f AS ({frame})
        SELECT '' AS breakdown, '' AS breakdown_value, {metrics} FROM f
        UNION ALL SELECT 'unit', coalesce(CAST(unit AS VARCHAR), ''), {metrics} FROM f GROUP BY 2
        UNION ALL SELECT 'district', coalesce(district, ''), {metrics} FROM f GROUP BY 2
        UNION ALL SELECT 'target_group', coalesce(target_group, ''), {metrics} FROM f GROUP BY 2"""

    share = "CAST(sum(num) AS BIGINT) AS numerator, CAST(count(*) AS BIGINT) AS denominator"
    return {
        "kbh-1": by(f"""SELECT a.allocation_unit AS unit, c.district, c.target_group
            FROM read_parquet('{d}/allocations.parquet') a LEFT JOIN {c} c USING (citizen)
            WHERE a.move_in >= DATE '{start}' AND a.move_in < DATE '{end}'""",
                    "CAST(count(*) AS BIGINT) AS numerator, CAST(NULL AS BIGINT) AS denominator"),
        "aar-shelter-120": by(f"""SELECT s.shelter_unit AS unit, c.district, c.target_group,
                CASE WHEN date_diff('day', s.check_in, least(coalesce(s.last_night, DATE '{last}'),
                     DATE '{last}')) + 1 > 120 THEN 1 ELSE 0 END AS num
            FROM read_parquet('{d}/shelter_stays.parquet') s LEFT JOIN {c} c USING (citizen)
            WHERE s.check_in <= DATE '{last}'
              AND coalesce(s.last_night, DATE '{last}') >= DATE '{period.start}'""",
                              share),
        "aar-alcohol-overuse-7m": by(f"""
            WITH a AS (SELECT * FROM read_parquet('{d}/assessments.parquet')
                       WHERE instrument = 'alcohol-status' AND item = 'overuse_last_month'
                         AND assessed_on < DATE '{end}'),
                 firsts AS (SELECT plan_id, min(assessed_on) AS first_on FROM a GROUP BY plan_id),
                 follow AS (SELECT a.*, row_number() OVER (PARTITION BY a.plan_id
                                ORDER BY a.assessed_on, a.assessment_id) AS rn
                            FROM a JOIN firsts USING (plan_id)
                            WHERE date_diff('day', firsts.first_on, a.assessed_on) >= 210)
            SELECT c.unit, c.district, c.target_group, CASE WHEN f.option = 'no' THEN 1 ELSE 0 END AS num
            FROM follow f LEFT JOIN {c} c USING (citizen)
            WHERE f.rn = 1 AND f.assessed_on >= DATE '{start}' AND f.assessed_on < DATE '{end}'""", share),
    }


def pandas_versions(d: Path, period: Period) -> dict[str, Callable[[], pd.DataFrame]]:
    start, end = pd.Timestamp(period.year_before_end()), pd.Timestamp(period.end)
    last = end - pd.Timedelta(days=1)

    def citizens() -> pd.DataFrame:
        return pd.read_parquet(d / "citizens.parquet",
                               columns=["citizen", "unit", "district", "target_group"])

    def cells(f: pd.DataFrame, share: bool) -> pd.DataFrame:
        parts = []
        for name in ("", "unit", "district", "target_group"):
            g = f.assign(bv="") if not name else f.assign(bv=f[name].fillna("").astype(str))
            agg = g.groupby("bv").agg(numerator=("num", "sum"), denominator=("num", "size")).reset_index()
            if not share:
                agg["numerator"], agg["denominator"] = agg["denominator"], None
            parts.append(agg.assign(breakdown=name).rename(columns={"bv": "breakdown_value"}))
        return pd.concat(parts)

    def kbh1() -> pd.DataFrame:
        a = pd.read_parquet(d / "allocations.parquet")
        a = a[(pd.to_datetime(a.move_in) >= start) & (pd.to_datetime(a.move_in) < end)]
        f = a.merge(citizens(), on="citizen", how="left", suffixes=("_a", ""))
        f = f.assign(unit=f.allocation_unit, num=1)
        return cells(f, share=False)

    def shelter() -> pd.DataFrame:
        s = pd.read_parquet(d / "shelter_stays.parquet")
        lastn = pd.to_datetime(s.last_night).fillna(last)
        ci = pd.to_datetime(s.check_in)
        s = s[(ci <= last) & (lastn >= pd.Timestamp(period.start))]
        nights = (lastn[s.index].clip(upper=last) - ci[s.index]).dt.days + 1
        f = s.assign(num=(nights > 120).astype(int)).merge(citizens(), on="citizen", how="left",
                                                           suffixes=("_s", ""))
        return cells(f.assign(unit=f.shelter_unit), share=True)

    def alcohol() -> pd.DataFrame:
        a = pd.read_parquet(d / "assessments.parquet", filters=[("instrument", "=", "alcohol-status"),
                                                                ("item", "=", "overuse_last_month")])
        a["assessed_on"] = pd.to_datetime(a.assessed_on)
        a = a[a.assessed_on < end]
        first = a.groupby("plan_id").assessed_on.transform("min")
        later = a[(a.assessed_on - first).dt.days >= 210]
        later = later.sort_values(["plan_id", "assessed_on", "assessment_id"])
        follow = later.drop_duplicates("plan_id")
        follow = follow[(follow.assessed_on >= start) & (follow.assessed_on < end)]
        f = follow.assign(num=(follow.option == "no").astype(int)).merge(citizens(), on="citizen", how="left")
        return cells(f, share=True)

    return {"kbh-1": kbh1, "aar-shelter-120": shelter, "aar-alcohol-overuse-7m": alcohol}


def _cells(rows: Any) -> dict[tuple[str, str], tuple[Any, Any]]:
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    out = {}
    for r in rows:
        den = r["denominator"]
        den = None if den is None or (isinstance(den, float) and den != den) else int(den)
        out[(r["breakdown"] or "", r["breakdown_value"] or "")] = (int(r["numerator"]), den)
    return out


def _fetch(con: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    """A query's rows as dicts from the cursor's tuples: the way `engines.rows` reads the SQL Ibis wrote
    on DuckDB, so the hand-written SQL and Ibis pay the same for their few dozen result rows."""
    cursor = con.execute(query)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _time(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, tuple[float, Any]]:
    """Median seconds and last result of each function over `repeat` rounds after a warm-up (file cache,
    plan cache). The functions take turns within each round, so a change of load on the shared machine
    falls on all of them alike instead of on whichever ran during it."""
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
    return {name: (statistics.median(times[name]), results[name]) for name in fns}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--citizens", type=int, default=60_000)
    ap.add_argument("--assessments", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--period", default="2026Q3")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "bench-analytics")
    args = ap.parse_args()
    period = parse_period(args.period)
    d = args.out / f"period={period.label}"
    t0 = time.perf_counter()
    rows = generate(d, citizens=args.citizens, assessments=args.assessments, seed=args.seed, period=period)
    print(f"generated {sum(rows.values()):,} rows in {time.perf_counter() - t0:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))

    con = connect("duckdb")
    tables = load_partition(con, d)
    print(f"\n{'indicator':<26}{'Ibis on DuckDB (s)':>20}")
    total = 0.0
    ibis_results: dict[str, Any] = {}
    wall = time.perf_counter()
    for indicator in all_indicators():
        if not indicator.has_definition:
            print(f"{indicator.code:<26}{'no data yet':>20}")
            continue
        t = time.perf_counter()
        ibis_results[indicator.code] = evaluate(indicator, tables, period)
        spent = time.perf_counter() - t
        total += spent
        print(f"{indicator.code:<26}{spent:>20.3f}")
    wall = time.perf_counter() - wall
    print(f"{'every indicator':<26}{total:>20.2f}   (goal: under 30 s)")

    sql = sql_queries(d, period)
    pandas_fns = pandas_versions(d, period)
    duck = duckdb.connect()
    print(f"\n{'indicator':<24}{'Ibis (s)':>10}{'build':>8}{'compile':>9}{'Ibis SQL':>10}{'hand SQL':>10}"
          f"{'pandas':>9}{'Ibis/SQL':>10}{'exec/SQL':>10}")
    print(f"{'':<24}{'end to end':>10}{'(s)':>8}{'(s)':>9}{'run (s)':>10}{'(s)':>10}{'(s)':>9}{'':>20}"
          f"   median of {args.repeat}, taking turns; goal Ibis/SQL <= 1.5")
    report: dict[str, Any] = {"rows": rows, "every_indicator_s": total, "side_by_side": {}}
    for code in sql:
        indicator = get_indicator(code)
        assert indicator is not None and indicator.compute is not None
        compute = indicator.compute
        # Build the expression, then compile it as execution does (con.compile; ibis.to_sql would also
        # pretty-print, which execution does not), and run the SQL Ibis wrote as it is: the engine's share
        # of the end-to-end time.
        expr = compute(tables, period)
        compiled = con.compile(expr)
        timed = _time({
            "ibis": lambda i=indicator: evaluate(i, tables, period),
            "build": lambda c=compute: c(tables, period),
            "compile": lambda e=expr: con.compile(e),
            "exec": lambda q=compiled: _fetch(con.con, q),
            "sql": lambda q=sql[code]: _fetch(duck, q),
            "pandas": pandas_fns[code],
        }, args.repeat)
        (t_ibis, r_ibis), (t_build, _), (t_compile, _) = timed["ibis"], timed["build"], timed["compile"]
        (t_exec, r_exec), (t_sql, r_sql), (t_pd, r_pd) = timed["exec"], timed["sql"], timed["pandas"]
        assert _cells(r_ibis) == _cells(r_exec) == _cells(r_sql) == _cells(r_pd), code
        print(f"{code:<24}{t_ibis:>10.3f}{t_build:>8.3f}{t_compile:>9.3f}{t_exec:>10.3f}{t_sql:>10.3f}"
              f"{t_pd:>9.3f}{t_ibis / t_sql:>10.2f}{t_exec / t_sql:>10.2f}")
        report["side_by_side"][code] = {"ibis": t_ibis, "build": t_build, "compile": t_compile,
                                        "ibis_sql_run": t_exec, "sql": t_sql, "pandas": t_pd}
    print("\nSame cells (totals and every breakdown) from Ibis, SQL and pandas for all three.")

    # What `helhed indicators run` does over the demo's periods: each period evaluated in turn (build,
    # compile, run, rows), beside the hand-written SQL for the same periods; the same cells, asserted.
    periods = [period]
    while len(periods) < 4:
        periods.insert(0, periods[0].previous())
    labels = ", ".join(p.label for p in periods)
    print(f"\nA run over {len(periods)} periods ({labels}), total seconds, median of {args.repeat}, "
          "taking turns:")
    print(f"{'indicator':<24}{'Ibis (s)':>10}{'hand SQL':>10}{'Ibis/SQL':>10}")
    report["over_periods"] = {"periods": [p.label for p in periods]}
    for code in sql:
        indicator = get_indicator(code)
        assert indicator is not None
        queries = [sql_queries(d, p)[code] for p in periods]
        timed = _time({"ibis": lambda i=indicator: [evaluate(i, tables, p) for p in periods],
                       "sql": lambda qs=queries: [_fetch(duck, q) for q in qs]}, args.repeat)
        (t_ibis, r_ibis), (t_sql, r_sql) = timed["ibis"], timed["sql"]
        assert [_cells(r) for r in r_ibis] == [_cells(r) for r in r_sql], code
        print(f"{code:<24}{t_ibis:>10.3f}{t_sql:>10.3f}{t_ibis / t_sql:>10.2f}")
        report["over_periods"][code] = {"ibis": t_ibis, "sql": t_sql}
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "indicators.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
