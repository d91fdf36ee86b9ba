"""Test data for the publishing tests: three indicators registered for the test only, results and targets
written directly as rows (no export, no engine), and staff. Synthetic only."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from django.utils import timezone

from helhed.analytics.choices import RunStatus
from helhed.analytics.indicators import IndicatorDef
from helhed.analytics.indicators.base import _REGISTRY
from helhed.analytics.models import IndicatorResult, IndicatorRun, Target
from helhed.testing import factories as f

SHARE = "test-housed-share"
COUNT = "test-evictions"
NO_DATA = "test-jobs"


def _compute(tables: object, period: object) -> object:  # never called: results are written directly
    raise AssertionError("not computed in these tests")


TEST_INDICATORS = (
    IndicatorDef(code=SHARE, name="Share housed within three months", description="Homeless citizens housed.",
                 source="test seed, goal 1", kind="share", direction="up",
                 population="Citizens homeless at the start of the period",
                 numerator="Housed within three months", denominator="Homeless at the start",
                 breakdowns=("unit", "district", "target_group"), compute=_compute, unit="%"),
    IndicatorDef(code=COUNT, name="Evictions carried out", description="Evictions of citizens with a plan.",
                 source="test seed, goal 2", kind="count", direction="down",
                 population="Citizens with a plan", numerator="Evictions carried out",
                 breakdowns=("unit",), compute=_compute),
    IndicatorDef(code=NO_DATA, name="Citizens in ordinary jobs", description="Needs the jobs module.",
                 source="test seed, goal 3", kind="share", direction="up", population="Citizens 18-64",
                 numerator="In ordinary jobs", denominator="Citizens 18-64", needs=("employment",)),
)


def registered() -> Iterator[None]:
    """Adds the test indicators to the registry for one test, and takes them out again."""
    for ind in TEST_INDICATORS:
        _REGISTRY[ind.code] = ind
    try:
        yield
    finally:
        for ind in TEST_INDICATORS:
            _REGISTRY.pop(ind.code, None)


def result(run: IndicatorRun, code: str, period: str, breakdown: str, value_label: str, num: int,
           den: int | None) -> IndicatorResult:
    value = (100 * num / den if den else None) if den is not None else float(num)
    return IndicatorResult.objects.create(run=run, indicator_code=code, period=period, breakdown=breakdown,
                                          breakdown_value=value_label, numerator=num, denominator=den,
                                          value=value, computed_at=timezone.now())


def figures() -> SimpleNamespace:
    """Three quarters of the share (40 % -> 45 % -> 48 %) and of the count, and a target for each.

    In 2026Q3 the unit "Team Lille" has 3 of 10 housed (primary) and "Team Mellem" is the next smallest
    (secondary); the district breakdown has nothing small. The count has a unit with 2 evictions."""
    for period, (num, den) in {"2026Q1": (40, 100), "2026Q2": (45, 100), "2026Q3": (48, 100)}.items():
        run = IndicatorRun.objects.create(period=period, status=RunStatus.DONE, done=3, total=3,
                                          finished_at=timezone.now())
        result(run, SHARE, period, "", "", num, den)
        result(run, COUNT, period, "", "", 30 - int(period[-1]) * 2, None)
        if period == "2026Q3":
            result(run, SHARE, period, "unit", "Team Lille", 3, 10)
            result(run, SHARE, period, "unit", "Team Mellem", 12, 30)
            result(run, SHARE, period, "unit", "Team Stor", 33, 60)
            result(run, SHARE, period, "district", "Nord", 20, 45)
            result(run, SHARE, period, "district", "Syd", 28, 55)
            result(run, SHARE, period, "target_group", "young-adults", 25, 50)
            result(run, SHARE, period, "target_group", "", 23, 50)
            result(run, COUNT, period, "unit", "Team Lille", 2, None)
            result(run, COUNT, period, "unit", "Team Mellem", 7, None)
            result(run, COUNT, period, "unit", "Team Stor", 15, None)
    Target.objects.update_or_create(indicator_code=SHARE, defaults=dict(
        baseline_value=40.0, baseline_period="2025Q4", target_kind="change_abs", target_value=10.0,
        target_period="2026Q4", owner="Socialudvalget"))
    Target.objects.update_or_create(indicator_code=COUNT, defaults=dict(
        baseline_value=30.0, baseline_period="2025Q4", target_kind="absolute", target_value=20.0,
        target_period="2027Q4", owner="Socialudvalget"))
    return SimpleNamespace(period="2026Q3")


def staff() -> SimpleNamespace:
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=root)
    return SimpleNamespace(
        analyst=f.staff("analyst", unit_=root, password=""),
        leader=f.staff("team_leader", unit_=team, password=""),
        admin=f.staff("administrator", unit_=root, password=""),
        caseworker=f.staff("coordinating_caseworker", unit_=team, password=""),
        provider=f.staff("provider", unit_=team, password=""),
    )
