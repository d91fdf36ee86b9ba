"""Assessment histories for the synthetic demo, written through the outcomes services.

`outcomes_demo_write(rng, plans)` gives each active plan of the demo a history that looks real: the three
mastery dimensions from the plan's start and about every quarter after, function levels for some, goal
attainment levels for the citizen's goals, substance-use and alcohol status where the plan treats them,
satisfaction answers and stories (some with consent to anonymised use). Many citizens improve, some stay
where they are, some get worse; some interventions help a little more than others, so "what works for
whom" has something to show. Every row goes through the services (access, audit and every rule apply).

Synthetic data only: called by the synthetic municipality (helhed.synth) for plans it built itself.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from helhed.outcomes import services
from helhed.outcomes.definitions import InstrumentDef
from helhed.outcomes.models import Instrument
from helhed.plans.choices import InterventionStatus, PlanStatus
from helhed.plans.models import Goal, Intervention, Plan

PHRASES = Path(__file__).resolve().parent / "data" / "demo_phrases.json"
STEP_DAYS = 91
MAX_ASSESSMENTS = 8
MASTERY = ("personal_development", "network_citizenship", "learning_self_support")
FFB_THEMES = (
    "mental_functions",
    "health_conditions",
    "physical_functions",
    "social_conditions",
    "relationships",
    "communication",
    "mobility",
    "self_care",
    "community_life",
    "practical_tasks",
    "environment",
)
SUBSTANCE_TYPES = ("stofbehandling-ambulant", "stofbehandling-dogn")
# Made-up extra progress per quarter for citizens receiving these types (synthetic: something to compare).
EFFECT = {
    "icm-85": 0.25,
    "act-85": 0.2,
    "cti-85": 0.25,
    "bostotte-85": 0.15,
    "skaev-bolig": 0.2,
    "mentor": 0.2,
    "kontaktperson-99": 0.1,
    "virksomhedspraktik": 0.15,
    "forsorgshjem-110": -0.15,
    "stofbehandling-ambulant": 0.1,
    "alkoholbehandling": 0.1,
}


@dataclass
class DemoCounts:
    plans: int = 0
    assessments: int = 0
    goal_scales: int = 0
    stories: int = 0


@cache
def _phrases() -> dict[str, Any]:
    return json.loads(PHRASES.read_text(encoding="utf-8"))


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _dates(rng: random.Random, start: dt.date, today: dt.date) -> list[dt.date]:
    first = min(today, start + dt.timedelta(days=rng.randint(0, 14)))
    days = [first]
    while len(days) < MAX_ASSESSMENTS:
        nxt = days[-1] + dt.timedelta(days=STEP_DAYS + rng.randint(-20, 20))
        if nxt > today:
            break
        days.append(nxt)
    return days


def _trend(rng: random.Random, interventions: list[Intervention]) -> float:
    """Progress per quarter on a 1-10 scale: most improve, some stay, some get worse."""
    draw = rng.random()
    base = (
        rng.uniform(0.3, 0.9)
        if draw < 0.55
        else (rng.uniform(-0.15, 0.15) if draw < 0.82 else rng.uniform(-0.6, -0.2))
    )
    return base + sum(EFFECT.get(i.type.code, 0.0) for i in interventions)


def _record(
    actor: Any,
    plan: Plan,
    code: str,
    on: dt.date,
    answers: list[dict[str, Any]],
    counts: DemoCounts,
    *,
    rater: str = "",
    goal: Goal | None = None,
) -> None:
    services.assessment_record(
        actor=actor,
        citizen_id=plan.citizen_id,
        instrument_code=code,
        assessed_on=on,
        answers=answers,
        rater=rater,
        goal_id=goal.pk if goal else None,
    )
    counts.assessments += 1


def _plan_history(
    rng: random.Random, plan: Plan, today: dt.date, defs: dict[str, InstrumentDef], counts: DemoCounts
) -> None:
    actor = plan.coordinator
    interventions = list(plan.interventions.select_related("type").all())
    goals = list(plan.goals.all())
    codes = {i.type.code for i in interventions}
    start = max(timezone.localtime(plan.created_at).date(), today - dt.timedelta(days=730))
    dates = _dates(rng, start, today)
    trend = _trend(rng, interventions)
    noise = 0.6

    # The three mastery dimensions, with the citizen (sometimes rated by the citizen alone).
    base = [rng.randint(2, 6) for _ in MASTERY]
    for n, on in enumerate(dates):
        rater = "citizen" if rng.random() < 0.15 else "together"
        answers = [
            {
                "item": item,
                "value": _clamp(b + n * trend * rng.uniform(0.5, 1.3) + rng.gauss(0, noise), 1, 10),
            }
            for item, b in zip(MASTERY, base, strict=True)
        ]
        _record(actor, plan, "aarhus-mastery", on, answers, counts, rater=rater)

    # Function levels (VUM) for about a third, on a few themes, with a goal type per theme.
    if "ffb-function-levels" in defs and rng.random() < 0.35:
        themes = rng.sample(FFB_THEMES, rng.randint(3, 5))
        levels = {t: rng.randint(1, 3) for t in themes}
        aims = {t: rng.choices(("develop", "maintain", "limit_loss"), (6, 3, 1))[0] for t in themes}
        for n, on in enumerate(dates[::2]):
            answers = [
                {
                    "item": t,
                    "goal_type": aims[t],
                    "value": _clamp(levels[t] - n * trend * 0.6 + rng.gauss(0, 0.4), 0, 4),
                }
                for t in themes
            ]
            _record(actor, plan, "ffb-function-levels", on, answers, counts, rater="caseworker")

    # Goal attainment scaling for up to three goals.
    levels_by_domain = _phrases()["gas_levels"]
    for goal in goals[:3]:
        texts = levels_by_domain.get(goal.life_domain)
        if not texts or rng.random() < 0.2:
            continue
        services.goal_scale_set(
            actor=actor,
            goal_id=goal.pk,
            levels=dict(zip((-2, -1, 0, 1, 2), texts, strict=True)),
            weight=rng.choice((1, 1, 1, 2, 3)),
        )
        counts.goal_scales += 1
        level = -1 if rng.random() < 0.7 else -2
        for n, on in enumerate(dates[::2]):
            if n:
                level = _clamp(level + trend * 1.4 + rng.gauss(0, 0.6), -2, 2)
            _record(
                actor,
                plan,
                "gas",
                on,
                [{"item": "level", "value": level}],
                counts,
                rater="together",
                goal=goal,
            )

    # Substance-use status at follow-ups, where the plan treats drug use.
    if codes & set(SUBSTANCE_TYPES) or any(g.life_domain == "substance_use" for g in goals):
        for on in dates[1:]:
            weights = (4, 5, 2, 1) if trend > 0.3 else ((1, 3, 5, 2) if trend > -0.1 else (0, 1, 4, 4))
            status = rng.choices(("drug_free", "reduced", "unchanged", "increased"), weights)[0]
            _record(actor, plan, "substance-use-status", on, [{"item": "status", "option": status}], counts)

    # Alcohol status from the start of alcohol treatment.
    if "alkoholbehandling" in codes:
        days = rng.randint(8, 24)
        for n, on in enumerate(dates):
            days = _clamp(days - n * trend * 6 + rng.gauss(0, 2), 0, 31) if n else days
            overuse = "yes" if days > 4 or (days > 0 and rng.random() < 0.4) else "no"
            _record(
                actor,
                plan,
                "alcohol-status",
                on,
                [
                    {"item": "overuse_last_month", "option": overuse},
                    {"item": "problem_days_last_month", "value": days},
                ],
                counts,
            )

    # Satisfaction, answered by the citizen, once or twice.
    if rng.random() < 0.6 and len(dates) > 1:
        items = [i.code for i in defs["user-satisfaction"].items if i.type == "scale"]
        for on in rng.sample(dates[1:], min(len(dates) - 1, rng.choice((1, 1, 2)))):
            mood = 3.4 + trend + rng.gauss(0, 0.5)
            survey: list[dict[str, Any]] = [
                {"item": i, "value": _clamp(mood + rng.gauss(0, 0.7), 1, 5)} for i in items
            ]
            if rng.random() < 0.3:
                survey.append({"item": "comment", "text": rng.choice(_phrases()["survey_comments"])})
            _record(actor, plan, "user-satisfaction", on, survey, counts, rater="citizen")

    # Stories: what works and what must change, some with consent to anonymised use.
    live = [i for i in interventions if i.status != InterventionStatus.REQUESTED]
    for _n in range(rng.choice((0, 0, 1, 1, 2))):
        intervention = rng.choice(live) if live else None
        about = rng.choice(goals) if goals else None
        consent = rng.random() < 0.6
        services.story_add(
            actor=actor,
            citizen_id=plan.citizen_id,
            told_by=rng.choice(("citizen", "citizen", "together")),
            told_on=rng.choice(dates),
            what_works=rng.choice(_phrases()["what_works"]),
            what_must_change=rng.choice(_phrases()["what_must_change"]) if rng.random() < 0.6 else "",
            goal_id=about.pk if about else None,
            intervention_id=intervention.pk if intervention else None,
            consent_anonymised=consent,
            consent_form=rng.choice(("oral", "written")) if consent else "",
        )
        counts.stories += 1


def outcomes_demo_write(
    rng: random.Random, plans: Sequence[Plan], *, today: dt.date | None = None
) -> DemoCounts:
    """Record assessment histories, goal scales and stories on the demo's active plans (closed ones are
    skipped). Dates run from each plan's start (at most two years back) to `today` (default: today).

    The plans are read again from the database: the demo moves their start back after creating them.
    """
    today = min(today or timezone.localdate(), timezone.localdate())
    defs = {i.code: i.defn for i in Instrument.objects.filter(status="active", superseded=False)}
    stored = Plan.objects.select_related("coordinator").in_bulk([p.pk for p in plans])
    counts = DemoCounts()
    for given in plans:
        plan = stored.get(given.pk)
        if plan is None or plan.status != PlanStatus.ACTIVE:
            continue
        _plan_history(rng, plan, today, defs, counts)
        counts.plans += 1
    return counts
