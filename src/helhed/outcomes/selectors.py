"""Reads of outcomes, always for an actor; a citizen's data through `access`, audited.

- `progress_page`: one citizen's scales over time, goals with their attainment, stories (audited as a view).
- `what_works`: for a population, the share reached or improved and the mean change, overall and per
  intervention type, with groups under 5 citizens suppressed (audited as an aggregate read).
- `outcome_rows` / `measure_results`: the first-and-latest computation behind both, in one query; not
  audited themselves (callers audit what they show).
The rule for "reached or improved" is scoring.classify (docs/decisions/0301-reached-or-improved.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RowRange
from django.db.models.functions import Coalesce, LastValue, RowNumber
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from helhed.access.audit import audit_record
from helhed.access.policy import POLICY, Action, Relation, Scope
from helhed.access.selectors import citizen_access
from helhed.catalog.models import InterventionType
from helhed.core.errors import NotFound, ValidationError
from helhed.outcomes import charts
from helhed.outcomes.choices import InstrumentStatus, Rater
from helhed.outcomes.definitions import NOT_ASSESSED, InstrumentDef, Measure
from helhed.outcomes.models import Answer, Assessment, GoalScale, Instrument, Story
from helhed.outcomes.scoring import Outcome, Point, ScaledGoal, classify, gas_t_score
from helhed.outcomes.statistics import MIN_GROUP, GroupResult, group_result
from helhed.outcomes.targetgroups import TargetGroup, target_group, target_groups
from helhed.people.models import Citizen, OrgUnit, User
from helhed.plans.choices import PlanStatus
from helhed.plans.models import Goal, Intervention, Plan
from helhed.plans.selectors import intervention_scope

OBSERVATIONAL = gettext_lazy(
    "These figures are observational. Citizens were not assigned to interventions at random: those who got "
    "one intervention may differ from those who got another in ways the figures do not show. A difference "
    "between interventions is a reason to look closer, not proof that one works better. Groups under 5 "
    "citizens are not shown."
)


def _today() -> dt.date:
    return timezone.localdate()


def _lang() -> str:
    return get_language() or "da"


# ---------------------------------------------------------------- instruments


def instrument_list(*, include_retired: bool = False) -> list[Instrument]:
    """Instruments (not personal data): by default only the versions that take new assessments."""
    qs = Instrument.objects.all()
    if not include_retired:
        qs = qs.filter(status=InstrumentStatus.ACTIVE, superseded=False)
    return list(qs.order_by("code", "-version"))


def instrument_get(*, code: str, version: int | None = None) -> Instrument:
    qs = Instrument.objects.filter(code=code)
    instrument = (
        qs.filter(version=version).first()
        if version is not None
        else (
            qs.filter(status=InstrumentStatus.ACTIVE, superseded=False).order_by("-version").first()
            or qs.order_by("-version").first()
        )
    )
    if instrument is None:
        raise NotFound(_("No such instrument."))
    return instrument


# ---------------------------------------------------------------- first and latest, for many


@dataclass(slots=True)
class OutcomeRow:
    """One measure of one plan (and goal) from its first to its latest assessment, classified.

    `latest_on` is known only when the rows were asked for a period start (it costs a window to find).
    """

    citizen_id: int
    plan_id: int
    goal_id: int | None
    series: str
    item: str
    first_on: dt.date
    latest_on: dt.date | None
    count: int
    outcome: Outcome


def _rules() -> dict[tuple[str, str], tuple[Instrument, Measure]]:
    """Every measure's rule, per (series, item): the newest version of a series decides."""
    found: dict[tuple[str, str], tuple[Instrument, Measure]] = {}
    for instrument in Instrument.objects.order_by("series", "version"):
        for measure in instrument.defn.measures():
            found[(instrument.series, measure.code)] = (instrument, measure)
    return found


def _as_date(value: Any) -> dt.date | None:
    return (
        dt.date.fromisoformat(value) if isinstance(value, str) else value
    )  # SQLite hands dates over as text


def outcome_rows(
    *,
    plans: QuerySet[Plan] | None = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    series: str | None = None,
    item: str | None = None,
) -> Iterator[OutcomeRow]:
    """First and latest answer per (plan, goal, series, measure), found by the database, then classified.

    Only assessments on the same plan are compared (a new plan is a new course). The latest assessment
    falls in the period; the first is the first ever on the plan up to it. Withdrawn assessments, text
    answers and items marked "not assessed" do not count. Numeric measures and status measures (options
    with outcome classes, judged from the latest option) are read in one windowed query each.
    """
    rules = _rules()
    instruments = list(
        Instrument.objects.all() if series is None else Instrument.objects.filter(series=series)
    )
    numeric: dict[int, list[str]] = {}
    status: dict[int, list[str]] = {}
    for instrument in instruments:
        for m in instrument.defn.measures():
            if item is None or m.code == item:
                (status if m.rule.option_outcomes else numeric).setdefault(instrument.pk, []).append(m.code)
    # Partition by instrument, with the versions of one series under the id of its first version.
    first_of_series: dict[str, int] = {}
    for instrument in sorted(instruments, key=lambda i: i.version):
        first_of_series.setdefault(instrument.series, instrument.pk)
    series_of = {first_of_series[i.series]: i.series for i in instruments}
    merged = [
        When(assessment__instrument_id=i.pk, then=Value(first_of_series[i.series]))
        for i in instruments
        if first_of_series[i.series] != i.pk
    ]
    series_id: Any = (
        Case(*merged, default=F("assessment__instrument_id")) if merged else F("assessment__instrument_id")
    )
    for measures, last_field in ((numeric, "value"), (status, "option")):
        if not measures:
            continue
        rows = _first_and_latest(
            measures, last_field, series_id, plans=plans, period_from=period_from, period_to=period_to
        )
        for (
            citizen_id,
            plan_id,
            goal_id,
            sid,
            item_code,
            first_on,
            n,
            value,
            option,
            goal_type,
            last,
            last_on,
        ) in rows:
            series_key = series_of[sid]
            rule = rules.get((series_key, item_code))
            if rule is None:
                continue
            latest = Point(last) if last_field == "value" else Point(None, last)
            outcome = classify(rule[1].rule, Point(value, option, goal_type), latest, count=n)
            if outcome.measured:
                yield OutcomeRow(
                    citizen_id,
                    plan_id,
                    goal_id,
                    series_key,
                    item_code,
                    first_on,
                    _as_date(last_on),
                    n,
                    outcome,
                )


def _first_and_latest(
    measures: dict[int, list[str]],
    last_field: str,
    series_id: Any,
    *,
    plans: QuerySet[Plan] | None,
    period_from: dt.date | None,
    period_to: dt.date | None,
) -> Iterator[tuple[Any, ...]]:
    """One row per (plan, goal, series, item): the first answer, how many, and the latest `last_field`."""
    wanted = Q(pk__in=[])
    for instrument_id, codes in measures.items():
        wanted |= Q(assessment__instrument_id=instrument_id, item__in=codes)
    qs = Answer.objects.filter(wanted, assessment__withdrawn_at__isnull=True)
    qs = (
        qs.filter(value__isnull=False) if last_field == "value" else qs.exclude(option__in=("", NOT_ASSESSED))
    )
    if plans is not None:
        qs = qs.filter(assessment__plan__in=plans)
    if period_to is not None:
        qs = qs.filter(assessment__assessed_on__lte=period_to)
    partition: list[Any] = [
        F("assessment__plan_id"),
        Coalesce(F("assessment__goal_id"), Value(0)),
        series_id,
        F("item"),
    ]
    order = [F("assessment__assessed_on").asc(), F("assessment_id").asc()]
    whole = RowRange(start=None, end=None)
    qs = qs.annotate(
        sid=series_id,
        rn=Window(RowNumber(), partition_by=partition, order_by=order),
        n=Window(Count("id"), partition_by=partition),
        last=Window(LastValue(last_field), partition_by=partition, order_by=order, frame=whole),
        last_on=(
            Window(LastValue("assessment__assessed_on"), partition_by=partition, order_by=order, frame=whole)
            if period_from is not None
            else Value(None, output_field=DateField())
        ),
    ).filter(rn=1)
    if period_from is not None:
        qs = qs.filter(last_on__gte=period_from)
    yield from qs.values_list(
        "assessment__citizen_id",
        "assessment__plan_id",
        "assessment__goal_id",
        "sid",
        "item",
        "assessment__assessed_on",
        "n",
        "value",
        "option",
        "goal_type",
        "last",
        "last_on",
    ).iterator(chunk_size=20000)


# ---------------------------------------------------------------- populations


@dataclass(frozen=True)
class Population:
    """Who is compared: a target group, an intervention type received, a unit, the period of the latest
    assessment. Empty fields do not restrict."""

    target_group: str = ""
    intervention_type: str = ""
    unit_id: int | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None

    @property
    def reference_day(self) -> dt.date:
        return self.period_to or _today()


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _target_group_q(group: TargetGroup, day: dt.date) -> Q:
    q = Q()
    if group.age_min is not None:
        q &= Q(citizen__birth_date__lte=_years_before(day, group.age_min))
    if group.age_max is not None:
        q &= Q(citizen__birth_date__gt=_years_before(day, group.age_max + 1))
    if group.has_conditions:
        any_of = Q(pk__in=[])
        if group.goal_domains:
            any_of |= Q(Exists(Goal.objects.filter(plan=OuterRef("pk"), life_domain__in=group.goal_domains)))
        if group.intervention_types:
            any_of |= Q(
                Exists(
                    Intervention.objects.filter(plan=OuterRef("pk"), type__code__in=group.intervention_types)
                )
            )
        if group.coordinator_sectors:
            any_of |= Q(coordinator__unit__sector__in=group.coordinator_sectors)
        q &= any_of
    return q


def population_plans(population: Population) -> QuerySet[Plan]:
    """The plans (active or closed) of the population, as a query to filter by."""
    plans = Plan.objects.all()
    day = population.reference_day
    if population.target_group:
        group = target_group(population.target_group)
        if group is None:
            raise ValidationError(_("Choose one of the target groups."), field="target_group")
        plans = plans.filter(_target_group_q(group, day))
    received = Intervention.objects.filter(plan=OuterRef("pk"), start_date__isnull=False, start_date__lte=day)
    if population.intervention_type:
        plans = plans.filter(Exists(received.filter(type__code=population.intervention_type)))
    if population.unit_id is not None:
        unit = OrgUnit.objects.filter(pk=population.unit_id).only("path").first()
        if unit is None:
            raise ValidationError(_("Choose one of the units."), field="unit")
        plans = plans.filter(
            Q(Exists(received.filter(provider_unit__path__startswith=unit.path)))
            | Q(coordinator__unit__path__startswith=unit.path)
        )
    return plans


# ---------------------------------------------------------------- what works for whom


@dataclass
class MeasureResult:
    key: str
    instrument: Instrument
    measure: Measure
    result: GroupResult

    @property
    def label(self) -> str:
        return self.measure.label.get(_lang())

    @property
    def per_goal(self) -> bool:
        return self.instrument.attaches_to == "goal"

    @property
    def lower_is_better(self) -> bool:
        return not self.measure.rule.higher_is_better


@dataclass
class _Tally:
    citizens: set[int] = field(default_factory=set)
    units: int = 0
    successes: int = 0
    changes: list[float] = field(default_factory=list)

    def add(self, row: OutcomeRow) -> None:
        self.citizens.add(row.citizen_id)
        self.units += 1
        self.successes += row.outcome.reached_or_improved
        if row.outcome.change is not None:
            self.changes.append(float(row.outcome.change))

    def result(self) -> GroupResult:
        return group_result(
            citizens=len(self.citizens), successes=self.successes, units=self.units, changes=self.changes
        )


def measure_key(series: str, item: str) -> str:
    return f"{series}|{item}"


def measure_results(rows: Iterable[OutcomeRow]) -> list[MeasureResult]:
    """Share reached or improved and mean change per measure (not audited: callers audit)."""
    rules = _rules()
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for row in rows:
        tallies[(row.series, row.item)].add(row)
    results = []
    for (series_key, item), tally in tallies.items():
        instrument, measure = rules[(series_key, item)]
        results.append(
            MeasureResult(
                key=measure_key(series_key, item),
                instrument=instrument,
                measure=measure,
                result=tally.result(),
            )
        )
    order = {m.code: i for instrument, _m in rules.values() for i, m in enumerate(instrument.defn.measures())}
    return sorted(results, key=lambda r: (r.instrument.name, order.get(r.measure.code, 0)))


@dataclass
class InterventionResult:
    type: InterventionType
    result: GroupResult


@dataclass
class StoryExcerpt:
    """A story shown in a report: no name, no exact date, only with the citizen's consent."""

    what_works: str
    what_must_change: str
    told_by: str
    month: dt.date
    intervention: str


@dataclass
class WhatWorks:
    population: Population
    citizens: int
    suppressed: bool
    measures: list[MeasureResult]
    chosen: MeasureResult | None
    by_intervention: list[InterventionResult]
    stories: list[StoryExcerpt]
    chart: dict[str, Any] | None
    min_group: int = MIN_GROUP

    @property
    def chart_caption(self) -> str:
        return str(self.chart["description"]) if self.chart else ""


def _stories_for(plans: QuerySet[Plan], population: Population, limit: int = 6) -> list[StoryExcerpt]:
    qs = Story.objects.filter(plan__in=plans, consent_anonymised=True).select_related("intervention__type")
    if population.intervention_type:
        qs = qs.filter(intervention__type__code=population.intervention_type)
    if population.period_from:
        qs = qs.filter(told_on__gte=population.period_from)
    if population.period_to:
        qs = qs.filter(told_on__lte=population.period_to)
    return [
        StoryExcerpt(
            what_works=s.what_works,
            what_must_change=s.what_must_change,
            told_by=str(Rater(s.told_by).label),
            month=s.told_on.replace(day=1),
            intervention=s.intervention.type.name if s.intervention else "",
        )
        for s in qs.order_by("-told_on", "-pk")[:limit]
    ]


def _share_rows(groups: list[InterventionResult]) -> list[dict[str, Any]]:
    rows = []
    for g in groups:
        r = g.result
        if r.suppressed or r.share is None or r.share.interval is None:
            continue
        rows.append(
            {
                "group": g.type.name,
                "share": r.share.share,
                "low": r.share.interval.low,
                "high": r.share.interval.high,
                "n": r.share.n,
            }
        )
    return rows


def what_works(*, actor: User, population: Population, measure: str = "") -> WhatWorks:
    """What works for whom: for the population, every measure's share reached or improved (Wilson 95 %)
    and mean change (t 95 %), and for the chosen measure the intervention types side by side.

    Observational: citizens were not assigned to interventions at random. Groups under 5 citizens are
    suppressed, the population's own size included. Audited as one aggregate read.
    """
    if not actor.is_active:
        raise NotFound(_("Not found."))
    if population.period_from and population.period_to and population.period_from > population.period_to:
        raise ValidationError(_("The period must start before it ends."), field="period_from")
    plans = population_plans(population)
    rows = list(outcome_rows(plans=plans, period_from=population.period_from, period_to=population.period_to))
    audit_record(
        actor=actor, action="aggregate", citizen_id=None, object_type="outcomes", purpose="what_works"
    )
    citizens = len({r.citizen_id for r in rows})
    if citizens < MIN_GROUP:
        return WhatWorks(
            population=population,
            citizens=0,
            suppressed=True,
            measures=[],
            chosen=None,
            by_intervention=[],
            stories=[],
            chart=None,
        )
    measures = measure_results(rows)
    shown = [m for m in measures if not m.result.suppressed]
    chosen = next((m for m in measures if m.key == measure), None) or (shown[0] if shown else None)
    by_intervention: list[InterventionResult] = []
    if chosen is not None:
        chosen_rows = [r for r in rows if measure_key(r.series, r.item) == chosen.key]
        day = population.reference_day
        received: dict[int, set[int]] = defaultdict(set)
        for plan_id, type_id in (
            Intervention.objects.filter(plan__in=plans, start_date__isnull=False, start_date__lte=day)
            .values_list("plan_id", "type_id")
            .distinct()
        ):
            received[type_id].add(plan_id)
        types = InterventionType.objects.in_bulk(list(received))
        for type_id, plan_ids in received.items():
            tally = _Tally()
            for row in chosen_rows:
                if row.plan_id in plan_ids:
                    tally.add(row)
            if tally.units:
                by_intervention.append(InterventionResult(type=types[type_id], result=tally.result()))
        by_intervention.sort(
            key=lambda g: (
                g.result.suppressed,
                -(g.result.share.share or 0) if g.result.share else 0,
                g.type.name,
            )
        )
    chart = None
    share_rows = _share_rows(by_intervention)
    if chosen is not None and share_rows:
        chart = charts.share_chart(
            description=_(
                "Share reached or improved on %(measure)s by intervention type, with 95 %% intervals."
            )
            % {"measure": chosen.label},
            rows=share_rows,
            x_title=_("Share reached or improved"),
            group_title=_("Intervention type"),
            share_title=_("Share"),
            low_title=_("95 % interval, low"),
            high_title=_("95 % interval, high"),
            n_title=_("Number"),
        )
    return WhatWorks(
        population=population,
        citizens=citizens,
        suppressed=False,
        measures=measures,
        chosen=chosen,
        by_intervention=by_intervention,
        stories=_stories_for(plans, population),
        chart=chart,
    )


def what_works_choices() -> dict[str, Any]:
    """What a population can be chosen from (not personal data)."""
    return {
        "target_groups": [(g.code, g.name.get(_lang())) for g in target_groups()],
        "intervention_types": [(t.code, t.name) for t in InterventionType.objects.filter(is_active=True)],
        "units": list(OrgUnit.objects.exclude(kind="external").order_by("path")),
    }


# ---------------------------------------------------------------- one citizen's progress


@dataclass
class MeasureProgress:
    code: str
    label: str
    first_on: dt.date
    latest_on: dt.date
    first: str
    latest: str
    count: int
    outcome: Outcome


@dataclass
class InstrumentProgress:
    instrument: Instrument
    assessments: list[Assessment]
    measures: list[MeasureProgress]
    chart: dict[str, Any]
    columns: list[str]
    table: list[dict[str, Any]]
    lower_is_better: bool
    reference_note: str


@dataclass
class GoalProgress:
    goal: Goal
    scale: GoalScale | None
    levels: list[tuple[Assessment, int, str]]
    outcome: Outcome | None
    latest_level: int | None
    latest_label: str


@dataclass
class ProgressPage:
    citizen: Citizen
    plan: Plan
    relations: frozenset[Relation]
    instruments: list[InstrumentProgress]
    goals: list[GoalProgress]
    gas_scores: list[tuple[dt.date, float]]
    gas_chart: dict[str, Any] | None
    stories: list[Story]
    recordable: list[Instrument]
    gas: Instrument | None
    today: dt.date

    def can(self, action: str) -> bool:
        return bool(POLICY[Action(action)] & self.relations)


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    normal = value.normalize()
    text = f"{normal:f}" if normal == normal.to_integral() else f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if not _lang().startswith("en") else text


def _answer_label(defn: InstrumentDef, answer: Answer) -> str:
    item = defn.item(answer.item)
    if answer.option == NOT_ASSESSED:
        return _("Not assessed")
    if item is not None and item.type == "choice":
        option = item.option(answer.option)
        return option.label.get(_lang()) if option else answer.option
    if item is not None and item.type == "text":
        return answer.text
    label = _fmt(answer.value)
    anchor = item.anchors.get(label.replace(",", ".")) if item is not None else None
    return f"{label} ({anchor.get(_lang())})" if anchor else label


def _rater_label(code: str) -> str:
    return str(Rater(code).label) if code in Rater.values else ""


def _instrument_progress(series_assessments: list[Assessment]) -> InstrumentProgress:
    newest = max((a.instrument for a in series_assessments), key=lambda i: i.version)
    defn = newest.defn
    lang = _lang()
    measures = defn.measures()
    shown_items = [m.code for m in measures]
    points: list[dict[str, Any]] = []
    table: list[dict[str, Any]] = []
    progress: list[MeasureProgress] = []
    by_measure: dict[str, list[tuple[Assessment, Answer]]] = defaultdict(list)
    for a in series_assessments:
        answers = {ans.item: ans for ans in a.answers.all()}
        raters = sorted({_rater_label(ans.rater) for ans in answers.values() if ans.rater})
        cells: list[str] = []
        row: dict[str, Any] = {
            "date": a.assessed_on,
            "raters": ", ".join(raters),
            "cells": cells,
            "note": a.note,
            "assessment": a,
        }
        for m in measures:
            ans = answers.get(m.code)
            cells.append(_answer_label(defn, ans) if ans else "")
            if ans is None or (ans.value is None and ans.option in ("", NOT_ASSESSED)):
                continue
            by_measure[m.code].append((a, ans))
            if ans.value is not None:
                rater = _rater_label(ans.rater) or ", ".join(raters)
                points.append(
                    {
                        "date": a.assessed_on.isoformat(),
                        "measure": m.label.get(lang),
                        "value": float(ans.value),
                        "rater": rater,
                        "label": _answer_label(defn, ans),
                    }
                )
        table.append(row)
    for m in measures:
        series = by_measure.get(m.code)
        if not series:
            continue
        (first_a, first), (last_a, last) = series[0], series[-1]
        outcome = classify(
            m.rule,
            Point(first.value, first.option, first.goal_type),
            Point(last.value, last.option, last.goal_type),
            count=len(series),
        )
        progress.append(
            MeasureProgress(
                code=m.code,
                label=m.label.get(lang),
                first_on=first_a.assessed_on,
                latest_on=last_a.assessed_on,
                first=_answer_label(defn, first),
                latest=_answer_label(defn, last),
                count=len(series),
                outcome=outcome,
            )
        )
    lower = bool(measures) and not measures[0].rule.higher_is_better
    reference = measures[0].rule.target if len(measures) == 1 else None
    cut_off = measures[0].rule.cut_off if len(measures) == 1 else None
    reference_label = (
        (_("Clinical cut-off") if cut_off is not None else _("Target")) if reference is not None else ""
    )
    y_min = float(measures[0].minimum) if measures and measures[0].minimum is not None else None
    y_max = float(measures[0].maximum) if measures and measures[0].maximum is not None else None
    if any(m.rule.option_outcomes for m in measures):
        item = defn.item(measures[0].code)
        scores = [float(o.score) for o in item.options if o.score is not None] if item else []
        y_min, y_max = (min(scores), max(scores)) if scores else (None, None)
    chart = charts.progress_chart(
        description=_("%(name)s over time") % {"name": newest.name},
        points=points,
        y_title=_("Score (lower is better)") if lower else _("Score"),
        y_min=y_min,
        y_max=y_max,
        lower_is_better=lower,
        reference=float(reference) if reference is not None else None,
        reference_label=reference_label,
        date_title=_("Date"),
        measure_title=_("Measure"),
        rater_title=_("Rated by"),
        answer_title=_("Answer"),
    )
    note = ""
    if lower:
        note = _("Lower is better on this scale; the chart is turned so that better is up.")
    return InstrumentProgress(
        instrument=newest,
        assessments=series_assessments,
        measures=progress,
        chart=chart,
        columns=[m.label.get(lang) for m in measures if m.code in shown_items],
        table=table,
        lower_is_better=lower,
        reference_note=note,
    )


def _goal_progress(goal: Goal, assessments: list[Assessment], gas: Instrument | None) -> GoalProgress:
    scale = getattr(goal, "attainment_scale", None)
    levels: list[tuple[Assessment, int, str]] = []
    for a in assessments:
        ans = next((x for x in a.answers.all() if x.item == "level"), None)
        if ans is not None and ans.value is not None:
            levels.append((a, int(ans.value), _rater_label(ans.rater)))
    outcome = None
    latest_level = None
    latest_label = ""
    if levels:
        instrument = levels[-1][0].instrument
        measure = instrument.defn.measure("level")
        first, last = levels[0][1], levels[-1][1]
        if measure is not None:
            outcome = classify(measure.rule, Point(Decimal(first)), Point(Decimal(last)), count=len(levels))
        latest_level = last
        text = instrument.defn.level_labels.get(last)
        latest_label = text.get(_lang()) if text else ""
    return GoalProgress(
        goal=goal,
        scale=scale,
        levels=levels,
        outcome=outcome,
        latest_level=latest_level,
        latest_label=latest_label,
    )


def _gas_scores(goals: list[GoalProgress], rho: Decimal) -> list[tuple[dt.date, float]]:
    """The plan's Kiresuk-Sherman T-score after each day a level was scored (latest level per goal)."""
    events = sorted((a.assessed_on, g.goal.pk, level) for g in goals for a, level, _r in g.levels)
    weights = {g.goal.pk: g.scale.weight if g.scale else Decimal(1) for g in goals}
    current: dict[int, int] = {}
    scores: list[tuple[dt.date, float]] = []
    for day, goal_id, level in events:
        current[goal_id] = level
        t = gas_t_score([ScaledGoal(level=lv, weight=weights[gid]) for gid, lv in current.items()], rho=rho)
        if t is None:
            continue
        if scores and scores[-1][0] == day:
            scores[-1] = (day, t)
        else:
            scores.append((day, t))
    return scores


def progress_page(*, actor: User, citizen_id: int) -> ProgressPage:
    """The citizen's progress: every scale over time, goals with attainment, stories. Audited as one view."""
    citizen, relations = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.VIEW, purpose="progress_page"
    )
    plan = (
        Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).select_related("coordinator").first()
    )
    if plan is None:
        raise NotFound(_("The citizen has no active plan."))
    assessments = list(
        Assessment.objects.filter(plan=plan, withdrawn_at__isnull=True)
        .select_related("instrument", "recorded_by")
        .prefetch_related("answers")
        .order_by("assessed_on", "pk")
    )
    by_series: dict[str, list[Assessment]] = defaultdict(list)
    by_goal: dict[int, list[Assessment]] = defaultdict(list)
    for a in assessments:
        if a.goal_id is not None and a.instrument.attaches_to == "goal":
            by_goal[a.goal_id].append(a)
        else:
            by_series[a.instrument.series].append(a)
    instruments = sorted(
        (_instrument_progress(items) for items in by_series.values()), key=lambda p: p.instrument.name
    )
    recordable = [i for i in instrument_list() if i.attaches_to == "plan"]
    gas = next((i for i in instrument_list() if i.kind == "goal_attainment"), None)
    goals = [
        _goal_progress(g, by_goal.get(g.pk, []), gas)
        for g in Goal.objects.filter(plan=plan)
        .select_related("attainment_scale")
        .prefetch_related(Prefetch("interventions", queryset=Intervention.objects.select_related("type")))
    ]
    rho = gas.defn.gas_rho if gas is not None and gas.defn.gas_rho is not None else Decimal("0.3")
    gas_scores = _gas_scores(goals, rho)
    gas_chart = None
    if gas_scores:
        gas_chart = charts.progress_chart(
            description=_("Goal attainment T-score over time (50 = goals reached as expected)"),
            points=[
                {
                    "date": d.isoformat(),
                    "measure": _("T-score"),
                    "value": round(t, 1),
                    "rater": _("Goal attainment scaling"),
                    "label": f"{t:.1f}",
                }
                for d, t in gas_scores
            ],
            y_title=_("T-score"),
            y_min=20,
            y_max=80,
            reference=50,
            reference_label=_("As expected"),
            date_title=_("Date"),
            measure_title=_("Measure"),
            rater_title=_("Instrument"),
            answer_title=_("T-score"),
        )
    stories = list(
        Story.objects.filter(plan=plan).select_related("goal", "intervention__type", "recorded_by")
    )
    return ProgressPage(
        citizen=citizen,
        plan=plan,
        relations=relations,
        instruments=instruments,
        goals=goals,
        gas_scores=gas_scores,
        gas_chart=gas_chart,
        stories=stories,
        recordable=recordable,
        gas=gas,
        today=_today(),
    )


# ---------------------------------------------------------------- lists for the API


def assessment_list(*, actor: User, citizen_id: int) -> list[Assessment]:
    """The citizen's assessments on their active plan (withdrawn ones included, marked), oldest first."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.VIEW, purpose="assessment_list"
    )
    return list(
        Assessment.objects.filter(citizen=citizen, plan__status=PlanStatus.ACTIVE)
        .select_related("instrument")
        .prefetch_related("answers")
        .order_by("assessed_on", "pk")
    )


def story_list(*, actor: User, citizen_id: int) -> list[Story]:
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.VIEW, purpose="story_list"
    )
    return list(
        Story.objects.filter(citizen=citizen, plan__status=PlanStatus.ACTIVE).order_by("-told_on", "-pk")
    )


def citizen_results(*, actor: User, citizen_id: int) -> list[MeasureProgress]:
    """Reached or improved per measure of the citizen's active plan (goals' scales included)."""
    page = progress_page(actor=actor, citizen_id=citizen_id)
    results = [m for p in page.instruments for m in p.measures]
    for g in page.goals:
        if g.outcome is not None and g.levels:
            first, last = g.levels[0], g.levels[-1]
            results.append(
                MeasureProgress(
                    code=f"goal:{g.goal.pk}",
                    label=g.goal.citizen_wording[:200],
                    first_on=first[0].assessed_on,
                    latest_on=last[0].assessed_on,
                    first=f"{first[1]:+d}",
                    latest=f"{last[1]:+d}",
                    count=len(g.levels),
                    outcome=g.outcome,
                )
            )
    return results


# ---------------------------------------------------------------- for the forms


@dataclass
class RecordingContext:
    """What a form on the citizen's plan needs: the citizen, the active plan, its goals and interventions."""

    citizen: Citizen
    plan: Plan
    goals: list[Goal]
    interventions: list[Intervention]


def recording_context(*, actor: User, citizen_id: int, action: Action, purpose: str) -> RecordingContext:
    """The citizen's active plan for a form, if the policy allows `action` (audited as `purpose`).

    A form may be open to staff outside the citizen's consent (writing is decided by the relation), so it
    lists only the goals and interventions the actor may read (ADR 0005)."""
    citizen, grant = citizen_access(actor=actor, citizen_id=citizen_id, action=action, purpose=purpose)
    plan = Plan.objects.filter(citizen=citizen, status=PlanStatus.ACTIVE).first()
    if plan is None:
        raise NotFound(_("The citizen has no active plan."))
    goals = (list(Goal.objects.filter(plan=plan).select_related("attainment_scale"))
             if grant.reads(Scope.PLAN_GOALS) else [])
    interventions = [
        i for i in Intervention.objects.filter(plan=plan).select_related("type", "provider_unit")
        if grant.reads(intervention_scope(i))
    ]
    return RecordingContext(citizen=citizen, plan=plan, goals=goals, interventions=interventions)
