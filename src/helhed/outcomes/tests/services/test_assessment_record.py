"""assessment_record: answers with who rated, on the plan or a goal; bad input refused with clear messages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.outcomes import services
from helhed.outcomes.models import Answer, Assessment
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written

from ..conftest import LEVELS, MASTERY, days_ago, mastery

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


def test_mastery_assessment_records_every_answer_with_its_rater(cast: SimpleNamespace, plan: Plan) -> None:
    a = services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="aarhus-mastery",
        assessed_on=days_ago(3),
        rater="together",
        note="  Første måling  ",
        answers=[
            {"item": MASTERY[0], "value": 4, "rater": "citizen"},
            {"item": MASTERY[1], "value": "5"},
            {"item": MASTERY[2], "value": 3},
        ],
    )
    stored = {x.item: (x.value, x.rater) for x in Answer.objects.filter(assessment=a)}
    assert stored == {MASTERY[0]: (4, "citizen"), MASTERY[1]: (5, "together"), MASTERY[2]: (3, "together")}
    assert a.plan == plan and a.citizen_id == plan.citizen_id and a.note == "Første måling"
    assert a.instrument.code == "aarhus-mastery" and a.recorded_by == cast.coordinator
    assert AuditEvent.objects.filter(
        actor=cast.coordinator, purpose="assessment_record", citizen_id=plan.citizen_id
    ).exists()


def test_provider_staff_may_record_progress(cast: SimpleNamespace, plan: Plan, org: dict) -> None:
    f.intervention(plan, code="stofbehandling-ambulant", provider=org["treatment"])
    a = services.assessment_record(
        actor=cast.provider,
        citizen_id=plan.citizen_id,
        instrument_code="substance-use-status",
        assessed_on=days_ago(0),
        answers=[{"item": "status", "option": "reduced"}],
    )
    assert a.answers.get().value == 2


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        (
            [
                {"item": MASTERY[0], "value": 11},
                {"item": MASTERY[1], "value": 5},
                {"item": MASTERY[2], "value": 5},
            ],
            MASTERY[0],
            "Personal development must be between 1 and 10 (you gave 11).",
        ),
        (
            [
                {"item": MASTERY[0], "value": "4,5"},
                {"item": MASTERY[1], "value": 5},
                {"item": MASTERY[2], "value": 5},
            ],
            MASTERY[0],
            "Personal development must be a whole number from 1 to 10 (you gave 4.5).",
        ),
        (
            [{"item": MASTERY[0], "value": 4}, {"item": MASTERY[1], "value": 5}],
            MASTERY[2],
            "Answer Learning and self-support",
        ),
        (
            [
                {"item": MASTERY[0], "value": 4, "rater": "neighbour"},
                {"item": MASTERY[1], "value": 5},
                {"item": MASTERY[2], "value": 5},
            ],
            MASTERY[0],
            "Say who rated",
        ),
        ([{"item": "happiness", "value": 4}], "happiness", "happiness is not a question of this instrument."),
    ],
)
def test_out_of_range_and_malformed_answers_are_refused(
    cast: SimpleNamespace, plan: Plan, answers: list, field: str, words: str
) -> None:
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="aarhus-mastery",
            assessed_on=days_ago(1),
            answers=answers,
        )
    assert refused.value.field == field
    assert words in str(refused.value)
    assert not Assessment.objects.exists()


def test_a_future_date_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(ValidationError) as refused:
        mastery(cast.coordinator, plan, (4, 5, 6), on=days_ago(-1))
    assert (
        str(refused.value) == "An assessment cannot be dated in the future."
        and refused.value.field == "assessed_on"
    )
    assert not Assessment.objects.exists()


def test_a_retired_version_is_refused_and_the_current_one_named(
    cast: SimpleNamespace, plan: Plan, tmp_path: Path
) -> None:
    data = json.loads((DATA / "test-lines.v1.json").read_text(encoding="utf-8"))
    (tmp_path / "v1.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "v2.json").write_text(json.dumps({**data, "version": 2}), encoding="utf-8")
    services.instrument_sync(paths=[tmp_path / "v1.json", tmp_path / "v2.json"])
    answers = [{"item": f"line_{c}", "value": 5} for c in "abcd"]
    with pytest.raises(ValidationError) as refused:
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="test-lines",
            version=1,
            assessed_on=days_ago(0),
            answers=answers,
        )
    assert (
        str(refused.value)
        == "Test scale with lines version 1 is retired. Record the assessment on version 2."
    )
    a = services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="test-lines",
        assessed_on=days_ago(0),
        answers=answers,
    )
    assert a.instrument.version == 2
    # Retiring the newest version puts the newest one still active back in use; retiring all leaves none.
    (tmp_path / "v2.json").write_text(
        json.dumps({**data, "version": 2, "status": "retired"}), encoding="utf-8"
    )
    services.instrument_sync(paths=[tmp_path / "v2.json"])
    a = services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="test-lines",
        assessed_on=days_ago(0),
        answers=answers,
    )
    assert a.instrument.version == 1
    (tmp_path / "v1.json").write_text(json.dumps({**data, "status": "retired"}), encoding="utf-8")
    services.instrument_sync(paths=[tmp_path / "v1.json"])
    with pytest.raises(ValidationError, match="There is no instrument test-lines in use"):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="test-lines",
            assessed_on=days_ago(0),
            answers=answers,
        )


def test_unknown_instrument_and_version(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(ValidationError, match="no instrument nonsense in use"):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="nonsense",
            assessed_on=days_ago(0),
            answers=[],
        )
    with pytest.raises(ValidationError, match="no version 7 of the instrument gas"):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="gas",
            version=7,
            assessed_on=days_ago(0),
            answers=[],
        )


def test_the_rater_must_be_allowed_by_the_instrument(cast: SimpleNamespace, plan: Plan) -> None:
    answers = [
        {"item": i, "value": 4}
        for i in ("listened_to", "knows_contact", "help_fits", "work_together", "respect", "overall")
    ]
    with pytest.raises(ValidationError, match="cannot be rated that way"):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="user-satisfaction",
            assessed_on=days_ago(0),
            answers=answers,
            rater="caseworker",
        )
    a = services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="user-satisfaction",
        assessed_on=days_ago(0),
        answers=answers,
    )
    assert a.answers.get(item="total").value == 4 and a.answers.get(item="total").rater == ""


def test_goal_instruments_need_a_goal_of_the_plan_with_a_scale(cast: SimpleNamespace, plan: Plan) -> None:
    goal = f.goal(plan)
    other = f.goal(f.plan(coordinator=cast.coordinator))
    answers = [{"item": "level", "value": -1}]
    record = services.assessment_record
    with pytest.raises(ValidationError, match="Choose one of the goals"):
        record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="gas",
            assessed_on=days_ago(0),
            answers=answers,
        )
    with pytest.raises(ValidationError, match="Choose one of the goals"):
        record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="gas",
            assessed_on=days_ago(0),
            answers=answers,
            goal_id=other.pk,
        )
    with pytest.raises(ValidationError, match="Describe the goal's five levels first"):
        record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="gas",
            assessed_on=days_ago(0),
            answers=answers,
            goal_id=goal.pk,
        )
    services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS, weight=2)
    a = record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="gas",
        assessed_on=days_ago(0),
        answers=answers,
        goal_id=goal.pk,
    )
    assert a.goal == goal
    with pytest.raises(ValidationError, match="recorded on the plan, not on a goal"):
        mastery_answers = [{"item": i, "value": 5} for i in MASTERY]
        record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="aarhus-mastery",
            assessed_on=days_ago(0),
            answers=mastery_answers,
            goal_id=goal.pk,
        )


def test_staff_without_a_relation_get_not_found(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(NotFound):
        mastery(cast.stranger, plan, (4, 5, 6), on=days_ago(0))


def test_withdrawal_by_the_recorder_or_the_coordinator_only(
    cast: SimpleNamespace, plan: Plan, org: dict
) -> None:
    f.intervention(plan, code="stofbehandling-ambulant", provider=org["treatment"])
    a = mastery(cast.provider, plan, (4, 5, 6), on=days_ago(2))
    b = mastery(cast.coordinator, plan, (4, 5, 6), on=days_ago(1))
    with pytest.raises(PermissionDenied):
        services.assessment_withdraw(actor=cast.provider, assessment_id=b.pk, reason="Forkert borger")
    with pytest.raises(ValidationError, match="Say why"):
        services.assessment_withdraw(actor=cast.provider, assessment_id=a.pk, reason="  ")
    services.assessment_withdraw(actor=cast.provider, assessment_id=a.pk, reason="Tastefejl")
    services.assessment_withdraw(actor=cast.coordinator, assessment_id=b.pk, reason="Dobbelt registreret")
    assert Assessment.objects.filter(withdrawn_at__isnull=False).count() == 2
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.assessment_withdraw(actor=cast.coordinator, assessment_id=b.pk, reason="igen")


def test_function_levels_with_goal_types_and_not_assessed(cast: SimpleNamespace, plan: Plan) -> None:
    a = services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="ffb-function-levels",
        assessed_on=dt.date(2024, 1, 15),
        answers=[
            {"item": "self_care", "value": 2, "goal_type": "maintain"},
            {"item": "mobility", "not_assessed": True},
            {"item": "relationships", "value": 3, "goal_type": "develop"},
        ],
    )
    rows = {x.item: (x.value, x.option, x.goal_type) for x in a.answers.all()}
    assert rows == {
        "self_care": (2, "", "maintain"),
        "mobility": (None, "not_assessed", ""),
        "relationships": (3, "", "develop"),
    }
