"""`helhed analytics export`: a pseudonymised snapshot of the operational data as Parquet, per period.

Each period is its own partition, `<out>/period=<P>/<table>.parquet`, holding the state as of the
period's last day (or today, if that is earlier): exporting a period rewrites that partition only, so
earlier periods stay as they were reported. The schema is in `schema.py` and docs/analytics-export.md.

A citizen is written as a keyed pseudonym, HMAC-SHA256 of the internal id under HELHED_PSEUDONYM_KEY:
stable across exports with the same key (so periods can be joined), not reversible without the key, and
never derived from the CPR number. No name, CPR number, address or birth date leaves the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.analytics import schema
from helhed.analytics.periods import Period, parse_period
from helhed.core.errors import ValidationError
from helhed.housing.models import EvictionNotice, HomelessnessStatus, ShelterStay, Tenancy
from helhed.housing.stays import Stay, episodes
from helhed.outcomes.models import Answer, Instrument
from helhed.outcomes.selectors import outcome_rows
from helhed.outcomes.targetgroups import target_groups
from helhed.people.models import Citizen
from helhed.plans.models import Goal, Intervention, Plan
from helhed.staircase import positions as pos
from helhed.staircase.models import StepPlacement

# Where a citizen fits several target groups, the most specific one is their primary group.
PRIMARY_ORDER = ("homelessness", "substance-use", "mental-health", "disability", "employment",
                 "children-youth", "young-adults", "adults")


def pseudonym(internal_id: int, key: str | None = None) -> str:
    """The citizen's pseudonym: 32 hex digits of HMAC-SHA256(key, "citizen:<id>")."""
    secret = (key or settings.HELHED_PSEUDONYM_KEY).encode()
    return hmac.new(secret, f"citizen:{internal_id}".encode(), hashlib.sha256).hexdigest()[:32]


def default_out() -> Path:
    return Path(settings.VAR_DIR) / "analytics"


def partition_dir(out: Path, period: str) -> Path:
    return out / f"period={period}"


@dataclass(frozen=True)
class ExportResult:
    period: str
    path: Path
    rows: dict[str, int]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class _Snapshot:
    """Reads every table as of `day`, with pseudonyms and unit names resolved once."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.ids: dict[int, str] = {}

    def who(self, citizen_id: int) -> str:
        if citizen_id not in self.ids:
            self.ids[citizen_id] = pseudonym(citizen_id)
        return self.ids[citizen_id]

    # ------------------------------------------------------------------ plans and citizens

    def plans(self) -> list[dict[str, Any]]:
        qs = Plan.objects.filter(created_at__date__lte=self.day).values_list(
            "pk", "citizen_id", "status", "created_at", "closed_on", "coordinator__unit__name",
            "holistic_consent"
        )
        rows = []
        for pk, citizen_id, status, created, closed_on, unit, consent in qs.iterator(chunk_size=5000):
            if closed_on is not None and closed_on > self.day:
                status, closed_on = "active", None  # closed after the period: still open at its end
            rows.append({"plan_id": pk, "citizen": self.who(citizen_id), "status": status,
                         "started_on": timezone.localtime(created).date(), "closed_on": closed_on,
                         "unit": unit or "", "holistic_consent": consent})
        self.latest_unit = {}
        for _pk, citizen_id, *_rest, unit, _consent in sorted(qs, key=lambda r: r[0]):
            self.latest_unit[citizen_id] = unit or ""
        return rows

    def citizens(self) -> list[dict[str, Any]]:
        groups = _primary_groups(self.day)
        ids = set(self.latest_unit)
        rows = []
        for pk, birth, district, synthetic in Citizen.objects.filter(pk__in=ids).values_list(
            "pk", "birth_date", "district", "is_synthetic"
        ).iterator(chunk_size=5000):
            age = _age(birth, self.day)
            rows.append({"citizen": self.who(pk), "age_band": schema.age_band(age),
                         "district": district or "",
                         "target_group": groups.group_of(pk, age), "unit": self.latest_unit.get(pk, ""),
                         "is_synthetic": synthetic})
        return rows

    def goals(self) -> list[dict[str, Any]]:
        qs = Goal.objects.filter(created_at__date__lte=self.day).values_list(
            "pk", "plan_id", "plan__citizen_id", "life_domain", "status")
        return [{"goal_id": pk, "plan_id": plan, "citizen": self.who(c), "life_domain": domain,
                 "status": status}
                for pk, plan, c, domain, status in qs.iterator(chunk_size=5000)]

    def interventions(self) -> list[dict[str, Any]]:
        steps: dict[int, int] = {}
        for type_id, number in StepPlacement.objects.values_list("intervention_type_id", "step__number"):
            steps[type_id] = max(steps.get(type_id, 0), number)
        qs = Intervention.objects.filter(requested_on__lte=self.day).values_list(
            "pk", "plan_id", "plan__citizen_id", "type_id", "type__code", "legal_basis__law",
            "legal_basis__paragraph", "provider_unit__name", "status", "start_date", "end_date", "end_reason")
        rows = []
        for pk, plan, c, type_id, code, law, paragraph, unit, status, start, end, reason in qs.iterator(
                chunk_size=5000):
            if end is not None and end > self.day:
                end, reason = None, ""
                status = "active" if status == "ended" else status
            rows.append({"intervention_id": pk, "plan_id": plan, "citizen": self.who(c), "type_code": code,
                         "legal_basis": f"{law} {paragraph}".strip(), "provider_unit": unit or "",
                         "status": status, "start_date": start if start and start <= self.day else None,
                         "end_date": end, "end_reason": reason or "", "step": steps.get(type_id)})
        return rows

    # ------------------------------------------------------------------ outcomes

    def assessments(self) -> list[dict[str, Any]]:
        qs = Answer.objects.filter(
            assessment__withdrawn_at__isnull=True, assessment__assessed_on__lte=self.day
        ).exclude(value__isnull=True, option="").values_list(
            "assessment_id", "assessment__citizen_id", "assessment__plan_id", "assessment__goal_id",
            "assessment__instrument__code", "assessment__instrument__series", "item",
            "assessment__assessed_on", "value", "option")
        return [{"assessment_id": a, "citizen": self.who(c), "plan_id": p, "goal_id": g, "instrument": code,
                 "series": s, "item": item, "assessed_on": on, "value": float(v) if v is not None else None,
                 "option": o}
                for a, c, p, g, code, s, item, on, v, o in qs.iterator(chunk_size=20000)]

    def outcome_results(self) -> list[dict[str, Any]]:
        code_of = dict(Instrument.objects.values_list("series", "code"))
        return [{"citizen": self.who(r.citizen_id), "plan_id": r.plan_id, "goal_id": r.goal_id,
                 "instrument": code_of.get(r.series, ""), "series": r.series, "item": r.item,
                 "first_on": r.first_on,
                 "latest_on": r.latest_on, "reached": r.outcome.reached, "improved": r.outcome.improved,
                 "reached_or_improved": r.outcome.reached_or_improved}
                for r in outcome_rows(period_to=self.day, period_from=dt.date.min)]

    # ------------------------------------------------------------------ housing

    def shelter_stays(self) -> list[dict[str, Any]]:
        qs = ShelterStay.objects.filter(check_in__lte=self.day).values_list(
            "citizen_id", "shelter_id", "check_in", "check_out", "shelter__name", "citizen__birth_date")
        names: dict[int, str] = {}
        births: dict[int, dt.date] = {}
        stays = []
        for c, shelter, check_in, check_out, name, birth in qs:
            names[shelter] = name or ""
            births[c] = birth
            out = check_out if check_out and check_out <= self.day else None
            stays.append(Stay(c, shelter, check_in, out))
        return [{"citizen": self.who(e.citizen_id), "shelter_unit": names[e.stays[0].shelter_id],
                 "check_in": e.check_in,
                 "last_night": None if e.check_out is None else e.last_night(self.day),
                 "age_at_check_in": _age(births[e.citizen_id], e.check_in)}
                for e in episodes(stays)]

    def homelessness(self) -> list[dict[str, Any]]:
        qs = HomelessnessStatus.objects.filter(valid_from__lte=self.day).values_list(
            "citizen_id", "category", "valid_from", "valid_to")
        return [{"citizen": self.who(c), "category": cat, "valid_from": f,
                 "valid_to": t if t and t <= self.day else None} for c, cat, f, t in qs]

    def allocations(self) -> list[dict[str, Any]]:
        qs = Tenancy.objects.filter(move_in__lte=self.day).values_list(
            "citizen_id", "home__district", "home__allocation_unit__name", "move_in", "ended_on",
            "end_reason")
        return [{"citizen": self.who(c), "home_district": d or "", "allocation_unit": u or "", "move_in": m,
                 "ended_on": e if e and e <= self.day else None,
                 "end_reason": (r or "") if e and e <= self.day else ""} for c, d, u, m, e, r in qs]

    def eviction_notices(self) -> list[dict[str, Any]]:
        qs = EvictionNotice.objects.filter(received_on__lte=self.day).values_list(
            "citizen_id", "kind", "received_on", "outcome", "outcome_on", "receiving_unit__name")
        rows = []
        for c, kind, received, outcome, outcome_on, unit in qs:
            if outcome_on is not None and outcome_on > self.day:
                outcome, outcome_on = "open", None
            rows.append({"citizen": self.who(c), "kind": kind, "received_on": received, "outcome": outcome,
                         "outcome_on": outcome_on, "unit": unit or ""})
        return rows

    # ------------------------------------------------------------------ staircase

    def staircase_positions(self) -> list[dict[str, Any]]:
        placements: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for type_id, group, number in StepPlacement.objects.values_list(
                "intervention_type_id", "target_group__code", "step__number"):
            placements[type_id].append((group, number))
        spells: dict[tuple[int, str], list[pos.Spell]] = defaultdict(list)
        qs = Intervention.objects.filter(
            type_id__in=list(placements), start_date__isnull=False, start_date__lte=self.day
        ).values_list("plan__citizen_id", "type_id", "start_date", "end_date", "status")
        for c, type_id, start, end, status in qs.iterator(chunk_size=5000):
            assert start is not None  # filtered above
            # Ended without an end date: in force on its start day only (as staircase.selectors reads it).
            last = end if end is not None else (None if status == "active" else start)
            for group, number in placements[type_id]:
                spells[(c, group)].append(pos.Spell(number, start, last))
        year_before = _one_year_before(self.day)
        return [{"citizen": self.who(c), "staircase": group,
                 "step_year_before": pos.step_on(s, year_before), "step_at_end": pos.step_on(s, self.day)}
                for (c, group), s in spells.items()]


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class _PrimaryGroups:
    """Each citizen's primary target group by the rules of outcomes/data/target_groups.json."""

    def __init__(self, day: dt.date) -> None:
        self.domains: dict[int, set[str]] = defaultdict(set)
        self.types: dict[int, set[str]] = defaultdict(set)
        self.sectors: dict[int, set[str]] = defaultdict(set)
        for c, domain in Goal.objects.filter(created_at__date__lte=day).values_list(
                "plan__citizen_id", "life_domain"):
            self.domains[c].add(domain)
        for c, code in Intervention.objects.filter(requested_on__lte=day).values_list(
                "plan__citizen_id", "type__code"):
            self.types[c].add(code)
        for c, sector in Plan.objects.values_list("citizen_id", "coordinator__unit__sector"):
            if sector:
                self.sectors[c].add(sector)
        by_code = {g.code: g for g in target_groups()}
        self.groups = [by_code[c] for c in PRIMARY_ORDER if c in by_code]
        self.groups += [g for g in target_groups() if g.code not in PRIMARY_ORDER]

    def group_of(self, citizen_id: int, age: int) -> str:
        for g in self.groups:
            if (g.age_min is not None and age < g.age_min) or (g.age_max is not None and age > g.age_max):
                continue
            if not g.has_conditions or (
                self.domains[citizen_id] & set(g.goal_domains)
                or self.types[citizen_id] & set(g.intervention_types)
                or self.sectors[citizen_id] & set(g.coordinator_sectors)
            ):
                return g.code
        return ""


def _primary_groups(day: dt.date) -> _PrimaryGroups:
    return _PrimaryGroups(day)


def _write(path: Path, rows: list[dict[str, Any]], table_schema: pa.Schema) -> int:
    columns = {name: [r.get(name) for r in rows] for name in table_schema.names}
    table = pa.Table.from_pydict(columns, schema=table_schema)
    pq.write_table(table, path, compression="zstd")
    return table.num_rows


def export_period(
    period: Period | str, *, out: Path | None = None, progress: Callable[[str, int], None] | None = None
) -> ExportResult:
    """Write one period's partition, replacing it whole (written aside, then swapped in)."""
    p = parse_period(period) if isinstance(period, str) else period
    out = out or default_out()
    today = timezone.localdate()
    if p.start > today:
        raise ValidationError(_("%(period)s has not begun yet: there is nothing to export.")
                              % {"period": p.label}, field="period")
    day = min(p.end - dt.timedelta(days=1), today)
    snap = _Snapshot(day)
    readers: Iterable[tuple[str, Callable[[], list[dict[str, Any]]]]] = [
        ("plans", snap.plans), ("citizens", snap.citizens), ("goals", snap.goals),
        ("interventions", snap.interventions), ("assessments", snap.assessments),
        ("outcome_results", snap.outcome_results), ("shelter_stays", snap.shelter_stays),
        ("homelessness", snap.homelessness), ("allocations", snap.allocations),
        ("eviction_notices", snap.eviction_notices), ("staircase_positions", snap.staircase_positions),
    ]
    target = partition_dir(out, p.label)
    staging = out / f".period={p.label}.writing"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    counts: dict[str, int] = {}
    for name, read in readers:
        counts[name] = _write(staging / f"{name}.parquet", read(), schema.TABLES[name])
        if progress is not None:
            progress(name, counts[name])
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return ExportResult(p.label, target, counts)
