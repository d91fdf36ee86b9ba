"""Plan-page benchmark: the caseworker's pages through Django's full stack, beside bare SQL.

    .venv/bin/python bench/plan_pages.py                       # 100,000 citizens in PostgreSQL helhed_bench
    .venv/bin/python bench/plan_pages.py --citizens 20000 --requests 300
    .venv/bin/python bench/plan_pages.py --rebuild             # build the data again

1. Builds 100,000 synthetic citizens with plans (the bulk path, `helhed synth`) in the PostgreSQL
   database `helhed_bench` (created if missing; reused when it already holds a finished build with the
   same seed and size, so re-runs are quick).
2. Picks a coordinating caseworker with exactly 30 citizens and the team leader of their team.
3. Measures, after a warm-up, p50 and p95 over `--requests` requests each (at least 200) of
   - the caseload page `/` (URL name `caseload`),
   - the plan page `/citizens/<id>/` (URL name `plan`), cycling through the caseworker's 30 citizens,
   - the team leader's overview with the overdue list `/team/` (URL name `team`),
   through Django's full request stack in-process: `django.test.Client` with `force_login` (session and
   authentication middleware, URL routing, the view, the selector with its access check and audit insert,
   template rendering). No HTTP server, so no socket or WSGI-server time is included.
   The sessions are logged in as production requires: with a confirmed TOTP device and the session
   verified by it (django-otp), so the two-factor middleware lets the pages through as it would in use.
   Beside each page: the page's selector called directly, and hand-written SQL (psycopg, one connection,
   no ORM) doing the same database work as the request: the session and the user (with the unit), the
   second factor's device, the access check (every relation in one statement), the rows the page shows
   (and those its coherence checks read), and the audit records, appended to the hash chain in one
   round trip as the application does (helhed_audit_append, committed). Only rendering, Python and the ORM are
   left out of the SQL side; that is the price the ratio shows. Page, selector and SQL runs are
   interleaved request by request, so a busy machine slows all three alike.
   And, for reference, the floor under every page: the same client asking for an unknown address (the 404
   page: the middleware, the log-in's reads and the base layout, no work of its own) beside the log-in's
   reads as SQL.
4. Prints the table (p50, p95, ratio page/SQL) and writes it as JSON to bench/results/.

Goals: p95 under 100 ms per page and page/SQL under 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helhed_bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("HELHED_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page (at least 200)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="empty the benchmark database and build again")
    parser.add_argument("--profile", choices=["caseload", "plan", "team"],
                        help="profile one page with pyinstrument instead of measuring")
    parser.add_argument("--label", default="", help="a note stored with the results (e.g. 'before')")
    args = parser.parse_args()
    if args.requests < 200 and not args.profile:
        parser.error("--requests must be at least 200")
    return args


ARGS = _arguments()
# Django reads the database from the environment when it starts: set it before importing anything of it.
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
os.environ.setdefault("HELHED_PROJECT_DIR", str(ROOT))

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from helhed.access.audit_chain import CONTENT_FIELDS, content_digest  # noqa: E402
from helhed.people.choices import CASE_HOLDING_ROLES, Role  # noqa: E402
from helhed.people.models import Citizen, User  # noqa: E402
from helhed.plans import selectors  # noqa: E402
from helhed.plans.models import Plan  # noqa: E402
from helhed.synth.bulk import Timings, build_bulk, today_of_build  # noqa: E402
from helhed.synth.console import progress_bar, timings_table  # noqa: E402
from helhed.synth.generator import municipality  # noqa: E402
from helhed.synth.models import SynthBuild  # noqa: E402

CURSOR: CountingCursor
console = Console() if Console().is_terminal else Console(width=170)


# -- the data --------------------------------------------------------------------------------------------
def ensure_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')
            console.print(f"Created database {name}.")


def ensure_data() -> dict[str, Any]:
    call_command("migrate", interactive=False, verbosity=0)
    built_on = None if ARGS.rebuild else today_of_build(SynthBuild.Path.BULK, ARGS.seed, ARGS.citizens)
    if built_on is not None:
        build = SynthBuild.objects.filter(path=SynthBuild.Path.BULK, seed=ARGS.seed, citizens=ARGS.citizens,
                                          finished_at__isnull=False).first()
        console.print(f"Reusing the benchmark data: {ARGS.citizens} citizens, seed {ARGS.seed}, dates "
                      f"relative to {built_on} (built in {build.seconds if build else 0:.0f} s).")
        return {"reused": True, "built_on": str(built_on), "seconds": build.seconds if build else None}
    if Citizen.objects.exists() or User.objects.exists():
        console.print("Emptying the benchmark database ...")
        call_command("flush", interactive=False, verbosity=0)
    timings = Timings()
    m = municipality(seed=ARGS.seed, citizens=ARGS.citizens, today=timezone.localdate())
    with progress_bar(console, "bulk build", ARGS.citizens) as advance:
        build = build_bulk(m, progress=advance, timings=timings)
    console.print(timings_table(timings.seconds, ARGS.citizens))
    return {"reused": False, "built_on": str(m.today), "seconds": build.seconds, "steps": timings.seconds}


def personas() -> tuple[User, User, list[int]]:
    """A coordinating caseworker with exactly 30 active plans, and the team leader of their team."""
    caseworker = (
        User.objects.filter(role=Role.COORDINATING_CASEWORKER)
        .annotate(n=Count("coordinated_plans", filter=Q(coordinated_plans__status="active")))
        .filter(n=30).order_by("id").first()
    )
    if caseworker is None:
        sys.exit("No coordinating caseworker with exactly 30 citizens: build more citizens.")
    leader = User.objects.filter(role=Role.TEAM_LEADER, unit=caseworker.unit).first()
    if leader is None:
        sys.exit("The caseworker's team has no team leader.")
    citizen_ids = list(Plan.objects.filter(coordinator=caseworker, status="active")
                       .order_by("id").values_list("citizen_id", flat=True))
    return caseworker, leader, citizen_ids


def logged_in(user: User) -> tuple[Client, Login]:
    """A client logged in as production requires: a session verified by a confirmed TOTP device (django-otp
    keeps the device's id in the session; the two-factor middleware lets nothing else through)."""
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="bench", confirmed=True))
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert session.session_key is not None
    return client, Login(session.session_key, user.pk, device.pk)


# -- bare SQL: the same database work as each request -----------------------------------------------------
@dataclass
class Login:
    """One logged-in client as the SQL side sees it: the session key its cookie carries, and the ids that
    session resolves to (decoding the session is Python, not SQL, so it is taken as given)."""

    session_key: str
    user_id: int
    device_id: int


def sql_login(cur: CountingCursor, login: Login) -> tuple[Any, ...]:
    """What every request reads before the view: the session, the user with the unit, the TOTP device."""
    session = cur.execute("select session_data from django_session "
                          "where session_key = %s and expire_date > %s",
                          (login.session_key, timezone.now())).fetchone()
    assert session is not None
    user = cur.execute("""
        select u.id, u.username, u.first_name, u.last_name, u.role, u.is_active, u.unit_id,
               ou.name, ou.path, ou.sector
        from people_user u left join people_orgunit ou on ou.id = u.unit_id where u.id = %s""",
                       (login.user_id,)).fetchone()
    device = cur.execute("select id, confirmed from otp_totp_totpdevice where id = %s and user_id = %s",
                         (login.device_id, login.user_id)).fetchone()
    assert user is not None and device is not None
    return tuple(user)


def sql_access(cur: CountingCursor, user: tuple[Any, ...], citizen_id: int) -> tuple[Any, ...]:
    """Every relation of the actor to the citizen, and what the plan's consent opens, in one statement."""
    actor_id, unit_id, path = user[0], user[6], user[8] or ""
    since = timezone.localdate() - dt.timedelta(days=30)
    row = cur.execute("""
        with p as (select id, coordinator_id, holistic_consent from plans_plan
                   where citizen_id = %(c)s and status = 'active'),
             live as (select i.responsible_id, i.provider_unit_id, u.path from plans_intervention i
                      join p on p.id = i.plan_id join people_orgunit u on u.id = i.provider_unit_id
                      where i.status in ('requested', 'decided', 'active'))
        select exists(select 1 from p where coordinator_id = %(a)s),
               exists(select 1 from live where responsible_id = %(a)s),
               exists(select 1 from live where provider_unit_id = %(u)s),
               exists(select 1 from p join people_user cu on cu.id = p.coordinator_id
                      join people_orgunit cou on cou.id = cu.unit_id where cou.path like %(path)s || '%%')
               or exists(select 1 from live where path like %(path)s || '%%'),
               (select cou.sector from p join people_user cu on cu.id = p.coordinator_id
                join people_orgunit cou on cou.id = cu.unit_id),
               (select holistic_consent from p),
               exists(select 1 from housing_shelterstay s join people_orgunit su on su.id = s.shelter_id
                      where s.citizen_id = %(c)s and (s.check_out is null or s.check_out >= %(since)s)
                        and (%(path)s like su.path || '%%' or su.path like %(path)s || '%%')),
               exists(select 1 from housing_housingapplication h
                      join people_orgunit hu on hu.id = h.allocation_unit_id
                      where h.citizen_id = %(c)s and h.status = 'active'
                        and (%(path)s like hu.path || '%%' or hu.path like %(path)s || '%%')),
               exists(select 1 from housing_evictionnotice e
                      join people_orgunit eu on eu.id = e.receiving_unit_id
                      where e.citizen_id = %(c)s and e.outcome = 'open'
                        and (%(path)s like eu.path || '%%' or eu.path like %(path)s || '%%'))""",
                      {"c": citizen_id, "a": actor_id, "u": unit_id, "path": path, "since": since}).fetchone()
    assert row is not None and any(row[:4])
    return tuple(row)


def sql_audit(cur: CountingCursor, user: tuple[Any, ...], citizen_ids: list[int], *, action: str,
              purpose: str, route: str) -> None:
    """The audit records, appended to the hash chain in one round trip as the application does on
    PostgreSQL (audit_chain._pg_append): helhed_audit_append takes the advisory lock, reads the last record,
    links and inserts; the content digests are computed here, as there. Autocommit: committed."""
    name = f"{user[2]} {user[3]}".strip() or user[1]
    at = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # audit_chain's canonical form
    records = []
    for cid in citizen_ids:
        fields = {"at": at, "actor_id": user[0], "actor_role": user[4], "actor_unit": (user[7] or "")[:200],
                  "actor_name": name[:300], "citizen_id": cid, "action": action, "object_type": "citizen",
                  "object_id": cid, "purpose": purpose, "route": route, "basis": "", "grant_id": None}
        records.append({**{f: fields[f] for f in CONTENT_FIELDS}, "digest": content_digest(fields)})
    cur.execute("select helhed_audit_append(%s::jsonb)", (json.dumps(records, ensure_ascii=False),))


INTERVENTIONS = """
    select i.id, i.plan_id, i.status, i.requested_on, i.decided_on, i.start_date, i.end_date,
           i.hours_per_week, i.annual_cost, t.code, t.name_da, t.category, t.full_time_residential,
           t.start_deadline_days, b.code, b.law, b.paragraph, u.id, u.name, r.first_name, r.last_name,
           array(select g.goal_id from plans_intervention_goals g where g.intervention_id = i.id)
    from plans_intervention i
    join catalog_interventiontype t on t.id = i.type_id
    join catalog_legalbasis b on b.id = i.legal_basis_id
    join people_orgunit u on u.id = i.provider_unit_id
    left join people_user r on r.id = i.responsible_id
    where i.plan_id = any(%s)
    order by u.name, i.start_date, i.id
"""


def sql_caseload(cur: CountingCursor, login: Login) -> int:
    user = sql_login(cur, login)
    user_id = user[0]
    plans = cur.execute("""
        select p.id, p.citizen_id, c.first_name, c.last_name, c.birth_date,
               (select min(f.due_on) from plans_followup f where f.plan_id = p.id and f.done_on is null)
        from plans_plan p join people_citizen c on c.id = p.citizen_id
        where p.coordinator_id = %s and p.status = 'active'""", (user_id,)).fetchall()
    ids = [p[0] for p in plans]
    rows = len(plans)
    rows += len(cur.execute(INTERVENTIONS, (ids,)).fetchall())
    rows += len(cur.execute("select id, plan_id, citizen_wording, status from plans_goal "
                            "where plan_id = any(%s)", (ids,)).fetchall())
    rows += len(cur.execute("select id, plan_id, goal_id, due_on from plans_followup "
                            "where plan_id = any(%s) and done_on is null", (ids,)).fetchall())
    rows += len(cur.execute("select plan_id, kind, expected_on, not_needed from plans_transition "
                            "where plan_id = any(%s)", (ids,)).fetchall())
    sql_audit(cur, user, [p[1] for p in plans], action="list", purpose="caseload", route="caseload")
    return rows


def sql_plan(cur: CountingCursor, login: Login, citizen_id: int) -> int:
    user = sql_login(cur, login)
    sql_access(cur, user, citizen_id)
    sql_audit(cur, user, [citizen_id], action="view", purpose="plan_page", route="plan")
    head = cur.execute("""
        select c.id, c.first_name, c.last_name, c.birth_date, c.district, p.id, p.vision,
               p.follow_up_interval_days, p.holistic_consent, p.holistic_consent_on, p.holistic_consent_form,
               u.first_name, u.last_name, ou.name,
               (select v.number from plans_planversion v where v.plan_id = p.id and v.is_current),
               (select v.adopted_at from plans_planversion v where v.plan_id = p.id and v.is_current)
        from people_citizen c
        join plans_plan p on p.citizen_id = c.id and p.status = 'active'
        join people_user u on u.id = p.coordinator_id
        left join people_orgunit ou on ou.id = u.unit_id
        where c.id = %s""", (citizen_id,)).fetchone()
    assert head is not None
    plan_id = head[5]
    rows = 1
    rows += len(cur.execute(INTERVENTIONS, ([plan_id],)).fetchall())
    rows += len(cur.execute("select id, life_domain, citizen_wording, staff_note, target_date, status "
                            "from plans_goal where plan_id = %s order by life_domain, created_at",
                            (plan_id,)).fetchall())
    rows += len(cur.execute("""
        select f.id, f.due_on, f.done_on, f.note, d.first_name, d.last_name, g.citizen_wording
        from plans_followup f left join people_user d on d.id = f.done_by_id
        left join plans_goal g on g.id = f.goal_id
        where f.plan_id = %s""", (plan_id,)).fetchall())
    rows += len(cur.execute("select id, kind, expected_on, not_needed, note from plans_transition "
                            "where plan_id = %s order by expected_on", (plan_id,)).fetchall())
    rows += len(cur.execute("""
        select m.id, m.held_on, m.title, m.citizen_present, m.other_participants, m.summary,
               array(select u.first_name || ' ' || u.last_name from plans_meeting_staff s
                     join people_user u on u.id = s.user_id where s.meeting_id = m.id),
               array(select n.name from plans_meeting_network s
                     join people_networkperson n on n.id = s.networkperson_id where s.meeting_id = m.id)
        from plans_meeting m where m.plan_id = %s order by m.held_on desc limit 20""", (plan_id,)).fetchall())
    rows += len(cur.execute("""
        select n.id, n.created_at, n.text, a.first_name, a.last_name, t.name_da
        from plans_journalnote n join people_user a on a.id = n.author_id
        left join plans_intervention i on i.id = n.intervention_id
        left join catalog_interventiontype t on t.id = i.type_id
        where n.plan_id = %s order by n.created_at desc limit 50""", (plan_id,)).fetchall())
    rows += len(cur.execute("select id, name, role, phone, may_take_part from people_networkperson "
                            "where citizen_id = %s order by name", (citizen_id,)).fetchall())
    return rows


def sql_team(cur: CountingCursor, login: Login, today: dt.date) -> int:
    user = sql_login(cur, login)
    path = (user[8],)  # the leader's unit, read with the user
    members = cur.execute("""
        select u.id, u.first_name, u.last_name, ou.name,
               (select count(*) from plans_plan p where p.coordinator_id = u.id and p.status = 'active')
        from people_user u join people_orgunit ou on ou.id = u.unit_id
        where ou.path like %s and u.role = any(%s) and u.is_active""",
                          (path[0] + "%", list(CASE_HOLDING_ROLES))).fetchall()
    ids = [m[0] for m in members]
    rows = len(members)
    rows += len(cur.execute("""
        select p.coordinator_id, count(distinct p.id)
        from plans_followup f join plans_plan p on p.id = f.plan_id
        where p.coordinator_id = any(%s) and p.status = 'active' and f.done_on is null and f.due_on < %s
        group by 1""", (ids, today)).fetchall())
    overdue = cur.execute("""
        select c.id, c.first_name, c.last_name, u.first_name, u.last_name, f.due_on
        from plans_followup f join plans_plan p on p.id = f.plan_id
        join people_citizen c on c.id = p.citizen_id join people_user u on u.id = p.coordinator_id
        where p.coordinator_id = any(%s) and p.status = 'active' and f.done_on is null and f.due_on < %s
        order by f.due_on limit 500""", (ids, today)).fetchall()
    sql_audit(cur, user, [r[0] for r in overdue], action="list", purpose="team_overdue", route="team")
    return rows + len(overdue)


# -- measuring ----------------------------------------------------------------------------------------------
@dataclass
class Series:
    page: list[float] = field(default_factory=list)
    selector: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    page_cpu: list[float] = field(default_factory=list)  # CPU time of this process for the page
    page_queries: int = 0
    sql_queries: int = 0


class CountingCursor:
    """Counts the statements the hand-written SQL sends (to compare with the page's)."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.cursor, self.count = cursor, 0

    def execute(self, query: str, params: Any = None) -> psycopg.Cursor[Any]:
        self.count += 1
        return self.cursor.execute(query, params)



def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


Step = tuple[Callable[[], Any], Callable[[], Any], Callable[[], Any]]


def measure(name: str, steps: list[Step], *, status: int = 200) -> Series:
    series = Series()
    page, _selector, sql = steps[0]
    with CaptureQueriesContext(connection) as queries:
        page()
    series.page_queries = len(queries.captured_queries)
    before = CURSOR.count
    sql()
    series.sql_queries = CURSOR.count - before
    for n in range(ARGS.warmup + ARGS.requests):
        page, selector, sql = steps[n % len(steps)]
        cpu = time.process_time()
        page_ms, response = timed(page)
        cpu_ms = (time.process_time() - cpu) * 1000
        if response.status_code != status:
            sys.exit(f"{name}: HTTP {response.status_code}")
        selector_ms, _result = timed(selector)
        sql_ms, rows = timed(sql)
        if not rows:
            sys.exit(f"{name}: the SQL found no rows")
        if n >= ARGS.warmup:
            series.page.append(page_ms)
            series.page_cpu.append(cpu_ms)
            series.selector.append(selector_ms)
            series.sql.append(sql_ms)
    return series


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("show server_version")
        pg = cursor.fetchone()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "postgres": pg,
            "load_average_at_start": os.getloadavg()}


def main() -> None:
    ensure_database(ARGS.database_url)
    data = ensure_data()
    caseworker, leader, citizen_ids = personas()
    today = timezone.localdate()
    try:
        caseload_url, team_url = reverse("caseload"), reverse("team")
        plan_urls = [reverse("plan", args=[cid]) for cid in citizen_ids]
    except NoReverseMatch:
        sys.exit("The pages are not there (URL names caseload, plan, team): nothing to measure.")
    worker, worker_login = logged_in(caseworker)
    boss, boss_login = logged_in(leader)
    conn = psycopg.connect(ARGS.database_url, autocommit=True)
    global CURSOR
    CURSOR = cur = CountingCursor(conn.cursor())

    if ARGS.profile:
        profile_page(ARGS.profile, worker, boss, caseload_url, team_url, plan_urls)
        return

    console.print(f"Caseworker: {caseworker.username} ({len(citizen_ids)} citizens, {caseworker.unit}); "
                  f"team leader: {leader.username}. {ARGS.warmup} warm-up + {ARGS.requests} timed requests "
                  "per page, in-process through django.test.Client.")
    info = machine()
    caseload_steps: list[Step] = [(partial(worker.get, caseload_url),
                                   partial(selectors.caseload, actor=caseworker),
                                   partial(sql_caseload, cur, worker_login))]
    plan_steps: list[Step] = [
        (partial(worker.get, url), partial(selectors.plan_page, actor=caseworker, citizen_id=cid),
         partial(sql_plan, cur, worker_login, cid))
        for url, cid in zip(plan_urls, citizen_ids, strict=True)
    ]

    def team_selectors() -> tuple[Any, Any]:
        return selectors.team_caseload(actor=leader), selectors.team_overdue(actor=leader)

    team_steps: list[Step] = [(partial(boss.get, team_url), team_selectors,
                               partial(sql_team, cur, boss_login, today))]
    # The floor under every page: an unknown address for the same logged-in client (the 404 page: every
    # middleware, the log-in's reads, the base layout and nothing else), beside the log-in's reads as SQL.
    floor_steps: list[Step] = [(partial(worker.get, "/bench-floor-no-such-page/"), lambda: None,
                                partial(sql_login, cur, worker_login))]
    logging.getLogger("django.request").setLevel(logging.ERROR)  # not a warning per 404
    results: dict[str, Series] = {
        "caseload /": measure("caseload", caseload_steps),
        "plan /citizens/<id>/": measure("plan", plan_steps),
        "team /team/": measure("team", team_steps),
        "floor (404 page)": measure("floor", floor_steps, status=404),
    }
    info["load_average_at_end"] = os.getloadavg()
    report(results, info, data, caseworker, leader)


def report(results: dict[str, Series], info: dict[str, Any], data: dict[str, Any], caseworker: User,
           leader: User) -> None:
    table = Table(title=f"Plan pages, {ARGS.citizens:,} citizens, {ARGS.requests} requests each (ms). "
                  "p50/p95: the page through Django; CPU: this process's CPU time for the page; "
                  "selector: the page's selector alone; SQL: hand-written SQL for the same rows",
                  title_justify="left")
    for column in ("page", "p50", "p95", "CPU p50", "selector p50", "selector p95", "SQL p50",
                   "SQL p95", "page/SQL p50", "page/SQL p95", "queries page/SQL", "goal"):
        table.add_column(column, justify="left" if column in ("page", "goal") else "right", no_wrap=True)
    rows = {}
    for name, s in results.items():
        p50, p95 = pct(s.page, 50), pct(s.page, 95)
        q50, q95 = pct(s.sql, 50), pct(s.sql, 95)
        fast, lean = p95 < 100, p50 / q50 < 3
        rows[name.split()[0]] = {
            "page_p50": p50, "page_p95": p95, "selector_p50": pct(s.selector, 50),
            "selector_p95": pct(s.selector, 95), "sql_p50": q50, "sql_p95": q95,
            "ratio_p50": p50 / q50, "ratio_p95": p95 / q95, "page_mean": statistics.fmean(s.page),
            "page_queries": s.page_queries, "sql_queries": s.sql_queries, "page_cpu_p50": pct(s.page_cpu, 50),
        }
        table.add_row(name, f"{p50:.1f}", f"{p95:.1f}", f"{pct(s.page_cpu, 50):.1f}",
                      f"{pct(s.selector, 50):.1f}",
                      f"{pct(s.selector, 95):.1f}",
                      f"{q50:.2f}", f"{q95:.2f}", f"{p50 / q50:.1f}", f"{p95 / q95:.1f}",
                      f"{s.page_queries}/{s.sql_queries}",
                      "reference, no goal" if name.startswith("floor") else
                      ("[green]p95 met[/green]" if fast else "[red]p95 missed[/red]") + ", "
                      + ("[green]ratio met[/green]" if lean else "[red]ratio missed[/red]"))
    console.print(table)
    console.print(f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, PostgreSQL "
                  f"{info['postgres']}; load average {info['load_average_at_start'][0]:.1f} at start, "
                  f"{info['load_average_at_end'][0]:.1f} at end.")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out / f"plan_pages-{stamp}{'-' + ARGS.label if ARGS.label else ''}.json"
    path.write_text(json.dumps({
        "date": stamp, "label": ARGS.label, "citizens": ARGS.citizens, "seed": ARGS.seed,
        "requests": ARGS.requests, "warmup": ARGS.warmup, "caseworker": caseworker.username,
        "team_leader": leader.username, "machine": info, "data": data, "results": rows,
    }, indent=2, default=str))
    console.print(f"Written to {path.relative_to(ROOT)}.")


def profile_page(which: str, worker: Client, boss: Client, caseload_url: str, team_url: str,
                 plan_urls: list[str]) -> None:
    """One page, many requests, under pyinstrument (a dev dependency)."""
    from pyinstrument import Profiler

    def get() -> None:
        if which == "caseload":
            worker.get(caseload_url)
        elif which == "team":
            boss.get(team_url)
        else:
            for url in plan_urls:
                worker.get(url)

    for _ in range(3):
        get()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(max(1, ARGS.requests // (len(plan_urls) if which == "plan" else 1))):
        get()
    profiler.stop()
    console.print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
