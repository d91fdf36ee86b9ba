"""what_works: shares with Wilson intervals, mean change with t intervals, interventions side by side,
groups under 5 suppressed, stories only with consent, audited as an aggregate."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import ValidationError
from helhed.outcomes import services
from helhed.outcomes.selectors import Population, what_works
from helhed.outcomes.statistics import wilson
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import days_ago, mastery

pytestmark = pytest.mark.django_db

# (personal development first, latest) per citizen; the first six get outreach, the last two housing support.
CHANGES = [(3, 5), (4, 6), (2, 3), (5, 5), (6, 4), (3, 4), (2, 6), (4, 4)]


@pytest.fixture
def plans(cast: SimpleNamespace, org: dict) -> list[Plan]:
    made = []
    for n, (first, latest) in enumerate(CHANGES):
        p = f.plan(coordinator=cast.coordinator)
        code = "kontaktperson-99" if n < 6 else "bostotte-85"
        f.intervention(p, code=code, provider=org["team_a"], start=days_ago(200))
        mastery(cast.coordinator, p, (first, 5, 5), on=days_ago(180))
        mastery(cast.coordinator, p, (latest, 5, 5), on=days_ago(20))
        made.append(p)
    return made


def test_shares_means_and_interventions_side_by_side(cast: SimpleNamespace, plans: list[Plan]) -> None:
    result = what_works(
        actor=cast.leader, population=Population(), measure="aarhus-mastery/v1|personal_development"
    )
    assert not result.suppressed and result.citizens == 8
    chosen = result.chosen
    assert chosen is not None and chosen.label == "Personal development"
    share = chosen.result.share
    assert share is not None and (share.successes, share.n) == (5, 8)
    assert share.interval == wilson(5, 8)
    change = chosen.result.change
    # changes +2 +2 +1 0 -2 +1 +4 0: mean 1, sd 1.772811, t(0.975, 7) = 2.364624 -> 1 ± 1.482107
    assert change is not None and change.mean == pytest.approx(1.0)
    assert change.interval is not None and change.interval.low == pytest.approx(1 - 1.482107, abs=1e-5)
    flat = next(m for m in result.measures if m.measure.code == "network_citizenship")
    assert flat.result.share is not None and flat.result.share.successes == 0
    groups = {g.type.code: g.result for g in result.by_intervention}
    assert groups["kontaktperson-99"].share is not None and groups["kontaktperson-99"].share.successes == 4
    assert groups["bostotte-85"].suppressed and groups["bostotte-85"].share is None
    assert groups["bostotte-85"].citizens == 0
    outreach = next(g.type.name for g in result.by_intervention if g.type.code == "kontaktperson-99")
    assert result.chart is not None and [r["group"] for r in result.chart["data"]["values"]] == [outreach]
    assert AuditEvent.objects.filter(actor=cast.leader, action="aggregate", purpose="what_works").count() == 1


def test_a_population_under_five_is_suppressed_whole(cast: SimpleNamespace, plans: list[Plan]) -> None:
    result = what_works(actor=cast.coordinator, population=Population(intervention_type="bostotte-85"))
    assert result.suppressed and result.citizens == 0 and result.measures == [] and result.stories == []


def test_population_by_intervention_type_unit_and_target_group(
    cast: SimpleNamespace, plans: list[Plan], org: dict
) -> None:
    outreach = what_works(actor=cast.leader, population=Population(intervention_type="kontaktperson-99"))
    assert outreach.citizens == 6
    by_unit = what_works(actor=cast.leader, population=Population(unit_id=org["team_a"].pk))
    assert by_unit.citizens == 8
    elsewhere = what_works(actor=cast.leader, population=Population(unit_id=org["job"].pk))
    assert elsewhere.suppressed
    adults = what_works(actor=cast.leader, population=Population(target_group="adults"))
    assert adults.citizens == 8  # born 1985
    youth = what_works(actor=cast.leader, population=Population(target_group="young-adults"))
    assert youth.suppressed
    with pytest.raises(ValidationError, match="target groups"):
        what_works(actor=cast.leader, population=Population(target_group="everyone"))


def test_period_and_bad_period(cast: SimpleNamespace, plans: list[Plan]) -> None:
    assert what_works(actor=cast.leader, population=Population(period_from=days_ago(10))).suppressed
    assert (
        what_works(
            actor=cast.leader, population=Population(period_from=days_ago(30), period_to=days_ago(0))
        ).citizens
        == 8
    )
    with pytest.raises(ValidationError, match="start before it ends"):
        what_works(actor=cast.leader, population=Population(period_from=days_ago(0), period_to=days_ago(9)))


def test_only_consented_stories_without_names_or_days(cast: SimpleNamespace, plans: list[Plan]) -> None:
    for n, p in enumerate(plans[:3]):
        services.story_add(
            actor=cast.coordinator,
            citizen_id=p.citizen_id,
            told_by="citizen",
            told_on=days_ago(15),
            what_works=f"Historie {n}",
            consent_anonymised=n != 1,
            consent_form="written",
        )
    result = what_works(actor=cast.leader, population=Population())
    assert sorted(s.what_works for s in result.stories) == ["Historie 0", "Historie 2"]
    assert all(s.month.day == 1 for s in result.stories)
    assert not hasattr(result.stories[0], "citizen")
