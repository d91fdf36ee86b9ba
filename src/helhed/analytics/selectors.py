"""Reads of the policy goals (pejlemærker) as they may be published: the dashboard, one indicator in
depth, and the rows of the CSV/Excel files and the committee report.

Every figure returned here has been through `suppression.suppress_table` for its indicator and period;
nothing in this module hands out a raw stored result. Access: staff who steer (team leaders, analysts,
administrators; ADR 0401); everyone else gets PermissionDenied. Each call is audited as one aggregate read
(no citizen is named in a result).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.access.audit import audit_record
from helhed.analytics import progress as target_progress
from helhed.analytics.choices import Breakdown, Light, RunStatus, TargetKind
from helhed.analytics.indicators import IndicatorDef, all_indicators, get_indicator
from helhed.analytics.models import IndicatorResult, IndicatorRun, Target
from helhed.analytics.periods import parse_period
from helhed.analytics.suppression import THRESHOLD, Cell, PublishedCell, suppress_table
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.people.choices import Role
from helhed.people.models import User

# Staff who steer by the goals. The figures are suppressed aggregates, but they are management
# information: caseworkers see their own citizens' progress on the plan pages instead.
GOAL_ROLES = frozenset({Role.TEAM_LEADER, Role.ANALYST, Role.ADMINISTRATOR})
BREAKDOWN_ORDER = (Breakdown.UNIT, Breakdown.DISTRICT, Breakdown.TARGET_GROUP)
_ROW_ORDER = {"": 0, **{str(b): n for n, b in enumerate(BREAKDOWN_ORDER, start=1)}}


def may_see_goals(actor: User) -> bool:
    return bool(actor.is_active and actor.role in GOAL_ROLES)


def _require(actor: User, purpose: str) -> None:
    if not may_see_goals(actor):
        raise PermissionDenied(
            _("The policy goals are for team leaders, analysts and administrators. Ask an analyst for the "
              "committee report.")
        )
    audit_record(actor=actor, action="aggregate", citizen_id=None, object_type="analytics", purpose=purpose)


@dataclass(frozen=True)
class PeriodFigure:
    period: str
    total: PublishedCell


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator as of a period: its latest published total, target, light and history."""

    indicator: IndicatorDef
    target: Target | None
    target_level: float | None
    period: str | None  # the period of the latest figure (None: no data yet)
    latest: PublishedCell | None
    progress: float | None
    light: Light
    history: list[PeriodFigure] = field(default_factory=list)
    baseline_change: float | None = None  # latest minus the published baseline, if both are known
    baseline: float | None = None  # the target's baseline as it may be published
    baseline_hidden: bool = False  # the baseline is a figure about fewer than 5 citizens

    @property
    def has_data(self) -> bool:
        return self.latest is not None

    @property
    def latest_value(self) -> float | None:
        return self.latest.value if self.latest is not None else None


@dataclass(frozen=True)
class IndicatorPage:
    status: IndicatorStatus
    period: str | None
    breakdowns: list[tuple[str, list[PublishedCell]]]  # (breakdown name, its published cells)


@dataclass(frozen=True)
class Overview:
    period: str | None  # the period asked for, or the default (`default_period`)
    periods: list[str]  # every period with results, newest first
    statuses: list[IndicatorStatus]
    running: IndicatorRun | None  # a run in progress, shown with how far it has got
    open_periods: frozenset[str] = frozenset()  # periods still running today: their figures may change
    chosen: bool = False  # the period was asked for (not the default)

    @property
    def period_is_open(self) -> bool:
        return self.period in self.open_periods


def _period_key(label: str) -> tuple[object, ...]:
    p = parse_period(label)
    return (p.end, p.start)


def result_periods() -> list[str]:
    """Every period with stored results, newest first."""
    labels = IndicatorResult.objects.values_list("period", flat=True).distinct()
    return sorted(set(labels), key=_period_key, reverse=True)


def open_periods(periods: Iterable[str], today: dt.date | None = None) -> frozenset[str]:
    """The periods not over yet: a quarter still running has only part of its rolling year's events."""
    today = today or timezone.localdate()
    return frozenset(p for p in periods if parse_period(p).end > today)


def default_period(periods: list[str], today: dt.date | None = None) -> str | None:
    """The latest completed period with results (newest first in `periods`); the newest one if none has
    completed yet. Not the quarter still running: its figures grow until it ends and would read as a fall
    against the last complete one."""
    still_open = open_periods(periods, today)
    return next((p for p in periods if p not in still_open), periods[0] if periods else None)


def _check_period(period: str | None) -> str | None:
    if not period:
        return None
    return parse_period(period).label  # a ValidationError names the bad input


def _tables(codes: Iterable[str]) -> dict[tuple[str, str], list[Cell]]:
    """The stored cells of each (indicator, period)."""
    tables: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    rows = IndicatorResult.objects.filter(indicator_code__in=list(codes)).values_list(
        "indicator_code", "period", "breakdown", "breakdown_value", "numerator", "denominator", "value"
    )
    for code, period, breakdown, value_label, num, den, value in rows:
        tables[(code, period)].append(Cell(breakdown, value_label, num, den, value))
    return tables


def _published(indicator: IndicatorDef, cells: list[Cell]) -> list[PublishedCell]:
    return suppress_table(indicator.kind, cells)


def _spec(target: Target | None) -> target_progress.TargetSpec | None:
    if target is None:
        return None
    return target_progress.TargetSpec(
        baseline_value=target.baseline_value, baseline_period=target.baseline_period,
        target_kind=target.target_kind, target_value=target.target_value, target_period=target.target_period,
    )


def _baseline_hidden(indicator: IndicatorDef, target: Target | None,
                     tables: dict[tuple[str, str], list[Cell]]) -> bool:
    """A baseline is a figure too: hidden where it is this municipality's own result for a period whose
    total is not published, or (set by hand) a count of 1-4."""
    if target is None or target.baseline_value is None:
        return False
    cells = tables.get((indicator.code, target.baseline_period))
    total = next((c for c in _published(indicator, cells) if c.is_total), None) if cells else None
    if total is not None:
        raw = next(c for c in cells or [] if c.is_total)
        same = raw.value is not None and abs(raw.value - target.baseline_value) < 1e-9
        return total.is_suppressed and same
    return indicator.kind == "count" and 0 < target.baseline_value < THRESHOLD


def _status(indicator: IndicatorDef, target: Target | None, tables: dict[tuple[str, str], list[Cell]],
            upto: str | None) -> tuple[IndicatorStatus, list[PublishedCell]]:
    """The indicator's status up to period `upto` and the published cells of its latest period."""
    limit = _period_key(upto) if upto else None
    periods = sorted((p for c, p in tables if c == indicator.code
                      and (limit is None or _period_key(p) <= limit)), key=_period_key)
    if periods:
        # A trend of quarters, or of years: not both on one line (a year's figure and its Q4 would sit side
        # by side). The kind of the latest period decides.
        latest_is_year = parse_period(periods[-1]).is_year
        periods = [p for p in periods if parse_period(p).is_year == latest_is_year]
    history: list[PeriodFigure] = []
    published_latest: list[PublishedCell] = []
    for period in periods:
        published = _published(indicator, tables[(indicator.code, period)])
        total = next((c for c in published if c.is_total), None)
        if total is not None:
            history.append(PeriodFigure(period, total))
        published_latest = published
    spec = _spec(target)
    level = target_progress.target_level(spec) if spec is not None else None
    hidden = _baseline_hidden(indicator, target, tables)
    baseline = target.baseline_value if target is not None and not hidden else None
    if hidden and target is not None and target.target_kind != TargetKind.ABSOLUTE:
        level = None  # baseline + change would give the hidden baseline away
    if not history:
        return IndicatorStatus(indicator, target, level, None, None, None, Light.NONE, [],
                               baseline=baseline, baseline_hidden=hidden), []
    last = history[-1]
    value = last.total.value  # None when suppressed: then no light either, it would hint at the value
    moved = value - baseline if baseline is not None and value is not None else None
    status = IndicatorStatus(
        indicator=indicator,
        target=target,
        target_level=level,
        period=last.period,
        latest=last.total,
        progress=(target_progress.progress(spec, value, indicator.direction)
                  if spec is not None and not hidden else None),
        light=target_progress.light(spec, value, indicator.direction, last.period),
        history=history,
        baseline_change=moved,
        baseline=baseline,
        baseline_hidden=hidden,
    )
    return status, published_latest


def _targets() -> dict[str, Target]:
    return {t.indicator_code: t for t in Target.objects.all()}


def goal_overview(*, actor: User, period: str | None = None) -> Overview:
    """Every indicator with its latest figure up to `period` (default: the newest period with results)."""
    _require(actor, "goal_overview")
    chosen = _check_period(period)
    periods = result_periods()
    upto = chosen or default_period(periods)
    indicators = all_indicators()
    tables = _tables([i.code for i in indicators])
    targets = _targets()
    statuses = [_status(i, targets.get(i.code), tables, upto)[0] for i in indicators]
    running = IndicatorRun.objects.filter(status=RunStatus.RUNNING).order_by("-started_at").first()
    return Overview(period=upto, periods=periods, statuses=statuses, running=running,
                    open_periods=open_periods(periods), chosen=chosen is not None)


def goal_detail(*, actor: User, code: str, period: str | None = None) -> IndicatorPage:
    """One indicator: its definition, target, history and the breakdowns of its latest period."""
    _require(actor, "goal_detail")
    indicator = get_indicator(code)
    if indicator is None:
        raise NotFound(_("There is no indicator %(code)s.") % {"code": code})
    chosen = _check_period(period) or default_period(result_periods())
    status, published = _status(indicator, Target.objects.filter(indicator_code=code).first(),
                                _tables([code]), chosen)
    groups: dict[str, list[PublishedCell]] = defaultdict(list)
    for cell in published:
        if not cell.is_total:
            groups[cell.breakdown].append(cell)
    breakdowns = [(str(b), sorted(groups[b], key=lambda c: c.breakdown_value))
                  for b in BREAKDOWN_ORDER if groups.get(b)]
    return IndicatorPage(status=status, period=status.period, breakdowns=breakdowns)


@dataclass(frozen=True)
class ResultRow:
    indicator: IndicatorDef
    period: str
    cell: PublishedCell


def published_results(*, actor: User | None, period: str) -> list[ResultRow]:
    """Every published cell of every indicator for one period (for the files and the report).

    `actor=None` is the system (the `helhed report committee` command run by an operator)."""
    if actor is not None:
        _require(actor, "goal_results_export")
    label = _check_period(period)
    if label is None:
        raise ValidationError(_("Choose a period, e.g. 2026Q3."), field="period")
    rows: list[ResultRow] = []
    indicators = all_indicators()
    tables = _tables([i.code for i in indicators])
    for indicator in indicators:
        cells = tables.get((indicator.code, label))
        if not cells:
            continue
        published = sorted(_published(indicator, cells),
                           key=lambda c: (_ROW_ORDER.get(c.breakdown, 9), c.breakdown_value))
        rows.extend(ResultRow(indicator, label, c) for c in published)
    return rows


def committee_statuses(*, actor: User | None, period: str) -> list[IndicatorStatus]:
    """Every indicator as of `period`, for the committee report (`actor=None`: the command line)."""
    if actor is not None:
        _require(actor, "goal_committee_report")
    label = _check_period(period)
    if label is None:
        raise ValidationError(_("Choose a period, e.g. 2026Q3."), field="period")
    indicators = all_indicators()
    tables = _tables([i.code for i in indicators])
    targets = _targets()
    return [_status(i, targets.get(i.code), tables, label)[0] for i in indicators]
