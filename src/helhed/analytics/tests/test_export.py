"""The analytics export: its schema, no CPR number or name in any column, incremental by period; and the
indicator run stored from it (idempotent) and the targets file."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.utils import timezone

from helhed.analytics import schema
from helhed.analytics.export import export_period, pseudonym
from helhed.analytics.models import IndicatorResult, IndicatorRun, Target
from helhed.analytics.periods import period_of
from helhed.analytics.progress import target_level
from helhed.analytics.services import indicators_run, targets_sync
from helhed.people.models import Citizen
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db
MASTERY = ("personal_development", "network_citizenship", "learning_self_support")


@pytest.fixture
def municipality():
    team = f.unit("Team Nord")
    worker = f.staff(unit_=team)
    plans = [f.plan(coordinator=worker, first_name=name, birth=dt.date(1990 + i, 3, 4 + i))
             for i, name in enumerate(("Ulrikke", "Bendt", "Jytte"))]
    for p in plans:
        g = f.goal(p, domain="employment_education")
        f.intervention(p, provider=team, goals=[g])
    return plans


def _columns(path):
    for file in path.glob("*.parquet"):
        table = pq.read_table(file)
        yield file.stem, table


def test_export_writes_every_table_with_its_schema(municipality, tmp_path):
    result = export_period(period_of(timezone.localdate()), out=tmp_path)
    names = {name for name, _ in _columns(result.path)}
    assert names == set(schema.TABLES)
    for name, table in _columns(result.path):
        assert table.schema.equals(schema.TABLES[name], check_metadata=False), name
    assert result.rows["citizens"] == 3 and result.rows["plans"] == 3 and result.rows["interventions"] == 3


def test_no_cpr_number_or_name_in_any_column(municipality, tmp_path):
    result = export_period(period_of(timezone.localdate()), out=tmp_path)
    secrets = set()
    for c in Citizen.objects.all():
        cpr = str(c.cpr)
        secrets |= {c.first_name, c.last_name, cpr.replace("-", ""), cpr, cpr[:6]}
        secrets.add(c.birth_date.isoformat())
    seen = 0
    for _name, table in _columns(result.path):
        for column in table.columns:
            for value in column.to_pylist():
                seen += 1
                text = str(value)
                assert not any(s and s in text for s in secrets if len(s) > 2), (column, value)
    assert seen > 0
    people = pq.read_table(result.path / "citizens.parquet").column("citizen").to_pylist()
    assert sorted(people) == sorted(pseudonym(c.pk) for c in Citizen.objects.all())


def test_a_period_not_begun_is_refused(tmp_path):
    from helhed.core.errors import ValidationError

    next_year = str(timezone.localdate().year + 1)
    with pytest.raises(ValidationError, match=next_year):
        export_period(next_year, out=tmp_path)
    assert not list(tmp_path.iterdir())


def test_pseudonym_is_keyed(settings):
    settings.HELHED_PSEUDONYM_KEY = "one key"
    first = pseudonym(7)
    settings.HELHED_PSEUDONYM_KEY = "another key"
    assert pseudonym(7) != first and len(first) == 32


def test_export_is_incremental_by_period(municipality, tmp_path):
    export_period("2025Q4", out=tmp_path)
    older = (tmp_path / "period=2025Q4" / "plans.parquet").read_bytes()
    current = period_of(timezone.localdate())
    export_period(current, out=tmp_path)
    f.plan(coordinator=municipality[0].coordinator, first_name="Ny")
    export_period(current, out=tmp_path)
    assert (tmp_path / "period=2025Q4" / "plans.parquet").read_bytes() == older
    assert pq.read_table(tmp_path / f"period={current}" / "plans.parquet").num_rows == 4
    assert not list(tmp_path.glob(".period=*"))  # nothing half-written left behind


def test_indicator_run_is_idempotent(municipality, tmp_path):
    period = period_of(timezone.localdate())
    export_period(period, out=tmp_path)
    first = indicators_run(period, source=tmp_path)
    rows = sorted(IndicatorResult.objects.values_list(
        "indicator_code", "breakdown", "breakdown_value", "numerator", "denominator", "value"))
    second = indicators_run(period, source=tmp_path)
    again = sorted(IndicatorResult.objects.values_list(
        "indicator_code", "breakdown", "breakdown_value", "numerator", "denominator", "value"))
    assert rows == again and rows
    assert set(IndicatorResult.objects.values_list("run_id", flat=True)) == {second.pk}
    assert (first.status, first.done, first.total) == ("done", first.total, first.total)
    # ode-2: every citizen's plan is open; none has consented to the coordinated plan.
    total = IndicatorResult.objects.get(indicator_code="ode-2", breakdown="")
    assert (total.numerator, total.denominator) == (0, 3)


def test_indicators_command_prints_progress(municipality, tmp_path, capsys):
    period = period_of(timezone.localdate())
    call_command("analytics", "export", "--period", period, "--out", str(tmp_path))
    call_command("indicators", "run", "--period", period, "--source", str(tmp_path))
    out = capsys.readouterr().out
    assert "[ 1/31] kbh-1" in out and "[31/31]" in out
    assert IndicatorRun.objects.get().status == "done"


def test_targets_from_the_seeds():
    assert targets_sync() == Target.objects.count() == 29
    kbh1 = Target.objects.get(indicator_code="kbh-1")
    # Seed 002: +165 homes = +20 %: the implied baseline is 825, the level to reach 990.
    assert kbh1.baseline_value == 825
    assert kbh1.target_value / kbh1.baseline_value == pytest.approx(0.20)
    assert target_level(kbh1) == 990
    assert Target.objects.get(indicator_code="aar-shelter-120").target_value == 10


def test_demo_keeps_the_seeds_arithmetic_at_its_own_size():
    from helhed.analytics.demo import demo_periods, scale_targets_to_baseline

    targets_sync()
    run = IndicatorRun.objects.create(period="2025", total=1)
    IndicatorResult.objects.create(run=run, indicator_code="kbh-1", period="2025", breakdown="",
                                   breakdown_value="", numerator=15, value=15.0, computed_at=timezone.now())
    scale_targets_to_baseline("2025")
    kbh1 = Target.objects.get(indicator_code="kbh-1")
    # +165 of 825 is +20 %: from the demo's own 15 homes, +3.
    assert (kbh1.baseline_value, kbh1.target_value, target_level(kbh1)) == (15.0, 3.0, 18.0)
    targets_sync()  # the data file no longer overwrites a target set here
    assert Target.objects.get(indicator_code="kbh-1").baseline_value == 15.0
    assert demo_periods(dt.date(2026, 8, 2)) == ["2025", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1",
                                                 "2026Q2", "2026Q3"]


def test_assessments_recorded_through_outcomes_reach_the_indicators(municipality, tmp_path):
    from helhed.outcomes import services as outcomes

    plan = municipality[0]
    today = timezone.localdate()
    for days, scores in ((200, (3, 5, 4)), (10, (6, 5, 4))):
        outcomes.assessment_record(
            actor=plan.coordinator, citizen_id=plan.citizen_id, instrument_code="aarhus-mastery",
            assessed_on=today - dt.timedelta(days=days), rater="together",
            answers=[{"item": item, "value": v} for item, v in zip(MASTERY, scores, strict=True)],
        )
    period = period_of(today)
    export_period(period, out=tmp_path)
    indicators_run(period, source=tmp_path)
    totals = IndicatorResult.objects.filter(breakdown="", indicator_code__in=["ode-1", "ode-4", "kbh-8"])
    cell = {r.indicator_code: (r.numerator, r.denominator) for r in totals}
    # Personal development 3 -> 6 improved; the other two unchanged: 1 of 3 dimensions is under half.
    assert cell == {"ode-1": (1, 1), "ode-4": (0, 1), "kbh-8": (0, 1)}
