"""Every write of outcomes. Keyword-only, one transaction each, access checked, audited through `access`.

- instruments come from definition files (`instrument_sync`): no code to add one;
- assessments are recorded (`assessment_record`) and, when wrong, withdrawn with a reason, never edited;
- goal attainment scales are set up per goal (`goal_scale_set`) and frozen once a level is scored;
- stories are added with or without the citizen's consent to anonymised use, which can change later.
Access: reading is `view`; assessments and stories may be added by anyone working with the citizen (the
policy's `add_note`, as a provider records progress); scales are part of the plan (`edit_plan`).
Errors are DomainErrors with a message a caseworker can act on; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhed.access.policy import Action, allowed
from helhed.access.selectors import NOT_FOUND, citizen_access
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.outcomes.choices import InstrumentStatus, Rater
from helhed.outcomes.definitions import TOTAL_CODE, DefinitionError, InstrumentDef, read_definition
from helhed.outcomes.models import Answer, Assessment, GoalScale, Instrument, Story
from helhed.outcomes.scoring import AnswerError, AnswerIn, check_answers, total_of
from helhed.people.models import User
from helhed.plans.choices import ConsentForm, PlanStatus
from helhed.plans.models import Goal, Intervention, Plan

SHIPPED_INSTRUMENTS = Path(__file__).resolve().parent / "instruments"
GAS_CODE = "gas"


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- instruments


def _read_file(path: Path) -> tuple[dict[str, Any], InstrumentDef]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValidationError(
            _("Cannot read the instrument file %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    except UnicodeDecodeError:
        raise ValidationError(_("The instrument file %(path)s is not UTF-8 text.") % {"path": path}) from None
    try:
        return read_definition(text)
    except DefinitionError as error:
        raise ValidationError(
            _("The instrument file %(file)s cannot be used: %(error)s") % {"file": path.name, "error": error},
            field="file",
        ) from None


def _series(defn: InstrumentDef) -> str:
    if not defn.comparable_with:
        return f"{defn.code}/v{defn.version}"
    earliest = min(defn.comparable_with)
    base = Instrument.objects.filter(code=defn.code, version=earliest).first()
    if base is None:
        raise ValidationError(
            _(
                "%(code)s version %(version)s says it is comparable with version %(earlier)s, which is not "
                "loaded. Load that version first."
            )
            % {"code": defn.code, "version": defn.version, "earlier": earliest}
        )
    return base.series


def _mark_superseded(code: str) -> None:
    """Every version below the newest one in use is superseded: new assessments go on the newest."""
    versions = list(Instrument.objects.filter(code=code).order_by("-version"))
    newest_active = next((i.version for i in versions if i.status == InstrumentStatus.ACTIVE), None)
    for instrument in versions:
        superseded = newest_active is not None and instrument.version < newest_active
        if instrument.superseded != superseded:
            instrument.superseded = superseded
            instrument.save(update_fields=["superseded", "updated_at"])


@transaction.atomic
def instrument_sync(*, paths: Sequence[Path] | None = None) -> list[Instrument]:
    """Load instrument definition files (by default the shipped ones). All files are checked first.

    A version is matched on code and version and updated; once it has assessments or goal scales its
    content is frozen (its status may still change, to retire it): a changed definition is a new version.
    """
    files = list(paths) if paths is not None else sorted(SHIPPED_INSTRUMENTS.glob("*.json"))
    parsed = [(path, *_read_file(path)) for path in files]
    seen: dict[tuple[str, int], Path] = {}
    for path, _raw, defn in parsed:
        key = (defn.code, defn.version)
        if key in seen:
            raise ValidationError(
                _("%(code)s version %(version)s is in both %(a)s and %(b)s.")
                % {"code": defn.code, "version": defn.version, "a": seen[key].name, "b": path.name}
            )
        seen[key] = path
    loaded: list[Instrument] = []
    for path, raw, defn in sorted(parsed, key=lambda p: (p[2].code, p[2].version)):
        existing = Instrument.objects.filter(code=defn.code, version=defn.version).first()
        if existing is not None and existing.checksum != defn.checksum:
            used = existing.assessments.exists() or GoalScale.objects.filter(instrument=existing).exists()
            if used:
                raise ValidationError(
                    _(
                        "%(code)s version %(version)s has been used for assessments, so its content cannot "
                        "change. Publish the change as version %(next)s."
                    )
                    % {"code": defn.code, "version": defn.version, "next": defn.version + 1}
                )
        fields = {
            "kind": defn.kind,
            "attaches_to": defn.attaches_to,
            "name_da": defn.name.da,
            "name_en": defn.name.en,
            "status": defn.status,
            "series": _series(defn),
            "is_licensed": defn.licence is not None,
            "definition": raw,
            "checksum": defn.checksum,
            "source_file": path.name,
        }
        instrument, _created = Instrument.objects.update_or_create(
            code=defn.code, version=defn.version, defaults=fields
        )
        loaded.append(instrument)
    for code in sorted({i.code for i in loaded}):
        _mark_superseded(code)
    return [Instrument.objects.get(pk=i.pk) for i in loaded]


def _instrument_for_recording(code: str, version: int | None) -> Instrument:
    current = (
        Instrument.objects.filter(code=code, status=InstrumentStatus.ACTIVE, superseded=False)
        .order_by("-version")
        .first()
    )
    if version is None:
        if current is None:
            raise ValidationError(
                _("There is no instrument %(code)s in use.") % {"code": code}, field="instrument"
            )
        return current
    instrument = Instrument.objects.filter(code=code, version=version).first()
    if instrument is None:
        raise ValidationError(
            _("There is no version %(version)s of the instrument %(code)s.")
            % {"code": code, "version": version},
            field="instrument",
        )
    if not instrument.accepts_assessments:
        if current is not None:
            message = _(
                "%(name)s version %(version)s is retired. Record the assessment on version %(current)s."
            ) % {"name": instrument.name, "version": version, "current": current.version}
        else:
            message = _("%(name)s version %(version)s is retired and no version of it is in use.") % {
                "name": instrument.name,
                "version": version,
            }
        raise ValidationError(message, field="instrument")
    return instrument


# ---------------------------------------------------------------- assessments


def _shown(value: Any) -> Any:
    """A number as a person writes it: 11, not 11.0; 4.5, not 4.50."""
    if isinstance(value, Decimal) and value.is_finite():
        return str(int(value)) if value == value.to_integral() else str(value.normalize())
    return value


def _answer_message(error: AnswerError, defn: InstrumentDef) -> str:
    item = defn.item(error.item) if error.item else None
    label = item.label.get(get_language()) if item else (error.item or "")
    p = {"item": label, **{k: _shown(v) for k, v in error.params.items() if k != "item"}}
    messages = {
        "unknown_item": _("%(item)s is not a question of this instrument."),
        "duplicate_item": _("%(item)s is answered twice; give one answer."),
        "missing_item": _("Answer %(item)s (or mark it as not assessed, where that is allowed)."),
        "not_a_number": _("%(item)s must be a number."),
        "out_of_range": _("%(item)s must be between %(low)s and %(high)s (you gave %(given)s)."),
        "not_whole": _("%(item)s must be a whole number from %(low)s to %(high)s (you gave %(given)s)."),
        "off_step": _("%(item)s goes in steps of %(step)s (you gave %(given)s)."),
        "unknown_option": _("Choose one of the answers offered for %(item)s."),
        "too_long": _("%(item)s is too long (at most %(limit)s characters)."),
        "bad_rater": _("Say who rated: the citizen, the caseworker, or together."),
        "rater_not_allowed": _("%(item)s cannot be rated that way on this instrument."),
        "bad_goal_type": _("Choose a goal type for %(item)s: develop, maintain or limit loss."),
        "goal_type_not_allowed": _("%(item)s takes no goal type."),
        "not_assessed_not_allowed": _("%(item)s cannot be marked as not assessed."),
        "empty": _("Give at least one answer."),
    }
    return str(messages.get(error.code, _("An answer cannot be accepted."))) % p


def _answers_in(answers: Sequence[AnswerIn | Mapping[str, Any]]) -> list[AnswerIn]:
    result: list[AnswerIn] = []
    for a in answers:
        if isinstance(a, AnswerIn):
            result.append(a)
            continue
        result.append(
            AnswerIn(
                item=str(a.get("item", "")),
                value=a.get("value"),
                option=str(a.get("option") or ""),
                text=str(a.get("text") or ""),
                rater=str(a.get("rater") or ""),
                goal_type=str(a.get("goal_type") or ""),
                not_assessed=bool(a.get("not_assessed", False)),
            )
        )
    return result


def _active_plan(citizen_id: int) -> Plan:
    plan = Plan.objects.filter(citizen_id=citizen_id, status=PlanStatus.ACTIVE).first()
    if plan is None:
        raise NotFound(_("The citizen has no active plan."))
    return plan


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    citizen_id: int,
    instrument_code: str,
    assessed_on: dt.date,
    answers: Sequence[AnswerIn | Mapping[str, Any]],
    version: int | None = None,
    goal_id: int | None = None,
    rater: str = "",
    note: str = "",
) -> Assessment:
    """Record an assessment on the citizen's active plan (or one of its goals), on the instrument's version
    in use unless `version` names one. `rater` is the default for answers that do not say who rated."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="assessment_record"
    )
    plan = _active_plan(citizen.pk)
    instrument = _instrument_for_recording(instrument_code, version)
    defn = instrument.defn
    if assessed_on > _today():
        raise ValidationError(_("An assessment cannot be dated in the future."), field="assessed_on")
    if rater and rater not in Rater.values:
        raise ValidationError(_("Say who rated: the citizen, the caseworker, or together."), field="rater")
    goal = None
    if defn.attaches_to == "goal":
        goal = Goal.objects.filter(pk=goal_id, plan=plan).first() if goal_id else None
        if goal is None:
            raise ValidationError(_("Choose one of the goals on the citizen's plan."), field="goal")
        if defn.is_gas and not GoalScale.objects.filter(goal=goal).exists():
            raise ValidationError(
                _("Describe the goal's five levels first (set up goal attainment scaling for the goal)."),
                field="goal",
            )
    elif goal_id:
        raise ValidationError(
            _("%(name)s is recorded on the plan, not on a goal.") % {"name": instrument.name}, field="goal"
        )
    try:
        checked = check_answers(defn, _answers_in(answers), default_rater=rater)
    except AnswerError as error:
        raise ValidationError(_answer_message(error, defn), field=error.item or "answers") from None
    note = (note or "").strip()
    if len(note) > 5000:
        raise ValidationError(_("The note is too long (at most 5000 characters)."), field="note")
    assessment = Assessment.objects.create(
        citizen=citizen,
        plan=plan,
        goal=goal,
        instrument=instrument,
        assessed_on=assessed_on,
        note=note,
        recorded_by=actor,
    )
    rows = [
        Answer(
            assessment=assessment,
            item=a.item,
            value=a.value,
            option=a.option,
            text=a.text,
            rater=a.rater,
            goal_type=a.goal_type,
        )
        for a in checked
    ]
    total = total_of(defn, checked)
    if total is not None:
        rows.append(Answer(assessment=assessment, item=TOTAL_CODE, value=total))
    Answer.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def assessment_withdraw(*, actor: User, assessment_id: int, reason: str) -> Assessment:
    """Withdraw an assessment recorded in error; it stays on file but counts in no result.

    Whoever recorded it may withdraw it, and so may those who may edit the plan.
    """
    assessment = Assessment.objects.select_for_update().filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound(NOT_FOUND)
    _citizen, relations = citizen_access(
        actor=actor, citizen_id=assessment.citizen_id, action=Action.ADD_NOTE, purpose="assessment_withdraw"
    )
    if assessment.recorded_by_id != actor.pk and not allowed(relations, Action.EDIT_PLAN):
        raise PermissionDenied(
            _("Only whoever recorded the assessment, or the coordinating caseworker, can withdraw it.")
        )
    if assessment.withdrawn_at is not None:
        raise ValidationError(_("The assessment has already been withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the assessment is withdrawn."), field="reason")
    assessment.withdrawn_at = timezone.now()
    assessment.withdrawn_by = actor
    assessment.withdrawn_reason = reason[:2000]
    assessment.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    return assessment


# ---------------------------------------------------------------- goal attainment scaling


def _weight(value: Any) -> Decimal:
    try:
        weight = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        weight = Decimal(0)
    if (
        not weight.is_finite()
        or not Decimal("0.01") <= weight <= 100
        or weight != weight.quantize(Decimal("0.01"))
    ):
        raise ValidationError(
            _("The weight must be a number from 0.01 to 100 (1 when all goals count the same)."),
            field="weight",
        )
    return weight


@transaction.atomic
def goal_scale_set(
    *,
    actor: User,
    goal_id: int,
    levels: Mapping[int, str],
    weight: Any = 1,
    instrument_code: str = GAS_CODE,
) -> GoalScale:
    """Describe a goal's five attainment levels (-2..+2, 0 = the expected outcome) and give it a weight.

    The scale can be described again until a level is scored against it; after that it is frozen, because
    earlier scores would then mean something else.
    """
    goal = Goal.objects.filter(pk=goal_id, plan__status=PlanStatus.ACTIVE).select_related("plan").first()
    if goal is None:
        raise NotFound(NOT_FOUND)
    citizen_access(
        actor=actor, citizen_id=goal.plan.citizen_id, action=Action.EDIT_PLAN, purpose="goal_scale_set"
    )
    instrument = _instrument_for_recording(instrument_code, None)
    if not instrument.defn.is_gas:
        raise ValidationError(_("%(name)s is not goal attainment scaling.") % {"name": instrument.name})
    texts: dict[str, str] = {}
    for level, field in GoalScale.LEVEL_FIELDS.items():
        text = (levels.get(level) or "").strip()
        if not text:
            raise ValidationError(
                _("Describe every level from -2 to +2; level %(level)+d is missing.") % {"level": level},
                field=field,
            )
        if len(text) > 1000:
            raise ValidationError(_("A level's description is at most 1000 characters."), field=field)
        texts[field] = text
    weight_value = _weight(weight)
    scale = GoalScale.objects.select_for_update().filter(goal=goal).first()
    if scale is not None:
        scored = Assessment.objects.filter(
            goal=goal, instrument__kind="goal_attainment", withdrawn_at__isnull=True
        )
        if scored.exists():
            raise ValidationError(
                _(
                    "Levels have already been scored on this scale, so it cannot be described again. "
                    "Withdraw those assessments first, or write a new goal."
                ),
                field="goal",
            )
    else:
        scale = GoalScale(goal=goal, created_by=actor)
    scale.instrument = instrument
    scale.weight = weight_value
    for field, text in texts.items():
        setattr(scale, field, text)
    scale._history_user = actor  # type: ignore[attr-defined]
    scale.save()
    return scale


# ---------------------------------------------------------------- stories


def _clean(value: str, *, field: str, limit: int = 10000) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long (at most %(n)s characters).") % {"n": limit}, field=field
        )
    return text


def _consent(
    consent: bool, consent_on: dt.date | None, consent_form: str, told_on: dt.date
) -> dict[str, Any]:
    if not consent:
        return {"consent_anonymised": False, "consent_on": None, "consent_form": ""}
    if consent_form not in ConsentForm.values:
        raise ValidationError(
            _("Say whether the citizen consented in writing or orally."), field="consent_form"
        )
    day = consent_on or told_on
    if day > _today():
        raise ValidationError(_("The consent cannot be dated in the future."), field="consent_on")
    return {"consent_anonymised": True, "consent_on": day, "consent_form": consent_form}


@transaction.atomic
def story_add(
    *,
    actor: User,
    citizen_id: int,
    told_by: str,
    told_on: dt.date,
    what_works: str = "",
    what_must_change: str = "",
    goal_id: int | None = None,
    intervention_id: int | None = None,
    consent_anonymised: bool = False,
    consent_form: str = "",
    consent_on: dt.date | None = None,
) -> Story:
    """Add the citizen's (or the caseworker's) account of what works and what must change."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="story_add"
    )
    plan = _active_plan(citizen.pk)
    if told_by not in Rater.values:
        raise ValidationError(
            _("Say who told the story: the citizen, the caseworker, or together."), field="told_by"
        )
    if told_on > _today():
        raise ValidationError(_("A story cannot be dated in the future."), field="told_on")
    works = _clean(what_works, field="what_works")
    change = _clean(what_must_change, field="what_must_change")
    if not works and not change:
        raise ValidationError(_("Write what works, what must change, or both."), field="what_works")
    goal = Goal.objects.filter(pk=goal_id, plan=plan).first() if goal_id else None
    if goal_id and goal is None:
        raise ValidationError(_("Link only to goals on this plan."), field="goal")
    intervention = (
        Intervention.objects.filter(pk=intervention_id, plan=plan).first() if intervention_id else None
    )
    if intervention_id and intervention is None:
        raise ValidationError(_("Link only to interventions on this plan."), field="intervention")
    story = Story(
        citizen=citizen,
        plan=plan,
        goal=goal,
        intervention=intervention,
        told_by=told_by,
        told_on=told_on,
        what_works=works,
        what_must_change=change,
        recorded_by=actor,
        **_consent(consent_anonymised, consent_on, consent_form, told_on),
    )
    story._history_user = actor  # type: ignore[attr-defined]
    story.save()
    return story


@transaction.atomic
def story_consent_set(
    *,
    actor: User,
    story_id: int,
    consent_anonymised: bool,
    consent_form: str = "",
    consent_on: dt.date | None = None,
) -> Story:
    """Record that the citizen gives, or withdraws, consent to anonymised use of a story in reports.

    Withdrawal takes effect at once: the story leaves every report from then on.
    """
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None:
        raise NotFound(NOT_FOUND)
    citizen_access(
        actor=actor, citizen_id=story.citizen_id, action=Action.ADD_NOTE, purpose="story_consent_set"
    )
    for name, value in _consent(consent_anonymised, consent_on or _today(), consent_form, _today()).items():
        setattr(story, name, value)
    story._history_user = actor  # type: ignore[attr-defined]
    story.save()
    return story
