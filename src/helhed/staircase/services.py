"""Writes for the staircase: loading staircases and scenarios from their data files, unit costs, scenarios.

Every function is keyword-only and one transaction; bad input raises a ValidationError saying what to
change, and nothing is half-written. Staircases and scenarios are not personal data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from helhed.catalog.models import InterventionType
from helhed.core.concurrency import save_versioned
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.people.choices import Role, Sector
from helhed.people.models import OrgUnit, User
from helhed.staircase.models import Scenario, Step, StepPlacement, TargetGroup
from helhed.staircase.projection import Transitions, validate
from helhed.staircase.selectors import staircase_states, target_group_get
from helhed.staircase.specs import build_case

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_STAIRCASES = DATA_DIR / "staircases.json"
DEFAULT_SCENARIOS = DATA_DIR / "scenarios"

EDITOR_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
SCENARIO_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR, Role.TEAM_LEADER})
_TEXT_FIELDS = (
    "name_da", "name_en", "description_da", "description_en", "assumptions_da", "assumptions_en", "source"
)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("Could not read %(path)s: %(error)s") % {"path": path.name, "error": error}, field="file"
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("%(path)s must hold a JSON object.") % {"path": path.name}, field="file")
    return data


def _cost(value: Any, *, where: str) -> Decimal:
    try:
        cost = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("%(where)s: the annual cost must be a number.") % {"where": where},
                              field="annual_cost") from None
    if not cost.is_finite() or cost < 0:
        raise ValidationError(
            _("%(where)s: the annual cost cannot be negative. Enter 0 or more.") % {"where": where},
            field="annual_cost",
        )
    if cost >= Decimal("1e10"):
        raise ValidationError(
            _("%(where)s: the annual cost is too large.") % {"where": where}, field="annual_cost"
        )
    return cost.quantize(Decimal("0.01"))


def _require(row: Mapping[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in fields if row.get(f) in (None, "")]
    if missing:
        raise ValidationError(
            _("%(where)s lacks %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
        )


# --- staircases -------------------------------------------------------------------------------------------


@transaction.atomic
def staircase_sync(*, path: Path = DEFAULT_STAIRCASES) -> tuple[int, int, int]:
    """Create or update every target group, step and placement in the file. All or nothing.

    A unit cost the municipality has changed in Helhed (`cost_is_local`) is kept. Steps and placements no
    longer in the file are removed. The catalogue must be loaded first: placements name its codes.
    """
    data = _read_json(path)
    groups = data.get("target_groups")
    if not isinstance(groups, list) or not groups:
        raise ValidationError(_("The file has no target_groups."), field="file")
    types = {t.code: t for t in InterventionType.objects.all()}
    n_steps = n_placements = 0
    for gi, row in enumerate(groups, start=1):
        where = f"target_groups[{gi}] ({row.get('code', '?')})"
        _require(row, ("code", "name_da", "name_en", "steps"), where)
        sectors = row.get("sectors") or []
        unknown_sectors = [s for s in sectors if s not in Sector.values]
        if unknown_sectors:
            raise ValidationError(_("%(where)s has unknown sectors: %(s)s.")
                                  % {"where": where, "s": ", ".join(unknown_sectors)})
        group, _created = TargetGroup.objects.update_or_create(
            code=row["code"],
            defaults={"name_da": row["name_da"], "name_en": row["name_en"], "source": row.get("source", ""),
                      "source_da": row.get("source_da", ""),
                      "sectors": sectors, "min_age": row.get("min_age"), "max_age": row.get("max_age")},
        )
        steps = row["steps"]
        numbers = [s.get("number") for s in steps]
        if numbers != list(range(1, len(steps) + 1)):
            raise ValidationError(
                _("%(where)s: number the steps 1, 2, 3 ... from the least to the most intrusive.")
                % {"where": where}
            )
        by_number: dict[int, Step] = {}
        for srow in steps:
            swhere = f"{where} step {srow.get('number')}"
            _require(srow, ("code", "name_da", "name_en", "annual_cost", "cost_source"), swhere)
            step = Step.objects.filter(target_group=group, number=srow["number"]).first()
            fields: dict[str, Any] = {
                "code": srow["code"], "name_da": srow["name_da"], "name_en": srow["name_en"]
            }
            if step is None or not step.cost_is_local:
                fields |= {
                    "annual_cost": _cost(srow["annual_cost"], where=swhere),
                    "cost_source": srow["cost_source"], "cost_source_da": srow.get("cost_source_da", ""),
                    "cost_is_estimate": bool(srow.get("cost_is_estimate", True)),
                }
            if step is None:
                step = Step.objects.create(target_group=group, number=srow["number"], **fields)
            else:
                for name, value in fields.items():
                    setattr(step, name, value)
                step.save()
            by_number[step.number] = step
        Step.objects.filter(target_group=group).exclude(number__in=list(by_number)).delete()
        placements = row.get("placements") or {}
        for code, number in placements.items():
            if code not in types:
                raise ValidationError(
                    _("%(where)s places the intervention type %(code)s, which is not in the catalogue. "
                      "Load the catalogue first ('helhed catalog sync') or correct the code.")
                    % {"where": where, "code": code}
                )
            if number not in by_number:
                raise ValidationError(
                    _("%(where)s places %(code)s on step %(n)s, which the staircase does not have.")
                    % {"where": where, "code": code, "n": number}
                )
            StepPlacement.objects.update_or_create(
                target_group=group, intervention_type=types[code], defaults={"step": by_number[number]}
            )
        StepPlacement.objects.filter(target_group=group).exclude(intervention_type__code__in=list(placements)).delete()
        n_steps += len(by_number)
        n_placements += len(placements)
    return len(groups), n_steps, n_placements


@transaction.atomic
def step_cost_update(*, actor: User, step_id: int, annual_cost: Any, cost_source: str) -> Step:
    """Set a step's annual unit cost and where it comes from (the municipality's own figure)."""
    if actor.role not in EDITOR_ROLES:
        raise PermissionDenied(_("Only analysts and administrators can change unit costs."))
    step = Step.objects.select_for_update().filter(pk=step_id).first()
    if step is None:
        raise NotFound(_("No such step."))
    source = (cost_source or "").strip()
    if not source:
        raise ValidationError(
            _("Say where the cost comes from, e.g. 'our accounts 2024'."), field="cost_source"
        )
    step.annual_cost = _cost(annual_cost, where=str(step))
    step.cost_source = source[:2000]
    step.cost_source_da = source[:2000]  # the municipality's own words, in whatever language it wrote them
    step.cost_is_estimate = False
    step.cost_is_local = True
    step._history_user = actor  # type: ignore[attr-defined]
    step.save()
    return step


# --- scenarios --------------------------------------------------------------------------------------------


def _scenario_fields(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Scenario columns from a spec, checked as a model against the target group's staircase."""
    _require(spec, ("slug", "name_da", "name_en", "target_group", "start_year", "horizon_years"), "scenario")
    slug = str(spec["slug"]).strip()
    if not slug.replace("-", "").replace("_", "").isalnum() or len(slug) > 60:
        raise ValidationError(
            _("A short name has letters, digits and dashes only (at most 60)."), field="slug"
        )
    group = target_group_get(str(spec["target_group"]))
    states, costs = staircase_states(group)
    placeholder = Transitions.identity(len(states))
    case = build_case(spec, states=states, unit_costs=costs, history_baseline=placeholder)
    validate(case)
    unit = None
    if spec.get("unit") not in (None, ""):
        unit = OrgUnit.objects.filter(pk=spec["unit"]).first()
        if unit is None:
            raise ValidationError(_("No such unit."), field="unit")
    start_date = spec.get("start_date")
    if isinstance(start_date, str) and start_date:
        try:
            start_date = dt.date.fromisoformat(start_date)
        except ValueError:
            raise ValidationError(_("Write the start date as YYYY-MM-DD."), field="start_date") from None
    team = case.team
    fields: dict[str, Any] = {name: str(spec.get(name) or "") for name in _TEXT_FIELDS}
    fields |= {
        "target_group": group, "unit": unit, "start_year": case.start_year, "start_date": start_date or None,
        "horizon_years": case.horizon, "discount_rate": Decimal(str(round(case.discount_rate, 4))),
        "cohort": [round(float(x)) for x in case.cohort], "baseline": dict(spec.get("baseline") or {}),
        "effect": dict(spec.get("effect") or {}),
        "advisors": Decimal(str(team.advisors)), "existing_advisors": Decimal(str(team.existing_advisors)),
        "advisor_cost": Decimal(str(round(team.advisor_cost, 2))), "managers": Decimal(str(team.managers)),
        "manager_cost": Decimal(str(round(team.manager_cost, 2))), "caseload": Decimal(str(team.caseload)),
        "team_share": list(spec.get("team_share") or []),
        "effect_share": list(spec.get("effect_share") or []),
        "unit_costs": list(spec.get("unit_costs") or []),
        "expected": dict(spec.get("expected") or {}), "reported": dict(spec.get("reported") or {}),
    }
    return {"slug": slug, **fields}


@transaction.atomic
def scenario_sync(*, path: Path = DEFAULT_SCENARIOS) -> int:
    """Load the shipped scenarios (a file or every *.json in a folder). All or nothing."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    count = 0
    for file in files:
        rows = _read_json(file).get("scenarios")
        if not isinstance(rows, list):
            raise ValidationError(_("%(path)s has no list of scenarios.") % {"path": file.name}, field="file")
        for row in rows:
            fields = _scenario_fields(row)
            slug = fields.pop("slug")
            existing = Scenario.objects.filter(slug=slug).first()
            if existing is not None and not existing.is_shipped:
                raise ValidationError(
                    _("A scenario of your own is already called '%(slug)s'. Rename it before loading.")
                    % {"slug": slug}, field="slug",
                )
            Scenario.objects.update_or_create(slug=slug, defaults={**fields, "is_shipped": True})
            count += 1
    return count


@transaction.atomic
def scenario_save(*, actor: User, spec: Mapping[str, Any], expected_version: int | None = None) -> Scenario:
    """Create a scenario of one's own, or change one (naming the version one read)."""
    if actor.role not in SCENARIO_ROLES:
        raise PermissionDenied(_("Only team leaders, analysts and administrators can make business cases."))
    fields = _scenario_fields(spec)
    slug = fields.pop("slug")
    existing = Scenario.objects.filter(slug=slug).first()
    if existing is None:
        scenario = Scenario(slug=slug, **fields)
        scenario._history_user = actor  # type: ignore[attr-defined]
        scenario.save()
        return scenario
    if existing.is_shipped:
        raise ValidationError(
            _("'%(slug)s' is shipped with Helhed and is reloaded from its data file. Save your version under "
              "a new short name.") % {"slug": slug}, field="slug",
        )
    if expected_version is None:
        raise ValidationError(
            _("A scenario called '%(slug)s' exists. To change it, send the version you read.")
            % {"slug": slug},
            field="version",
        )
    return save_versioned(existing, expected_version=expected_version, fields=fields, actor=actor)


@transaction.atomic
def scenario_delete(*, actor: User, slug: str) -> None:
    if actor.role not in SCENARIO_ROLES:
        raise PermissionDenied(_("Only team leaders, analysts and administrators can remove business cases."))
    scenario = Scenario.objects.filter(slug=slug).first()
    if scenario is None:
        raise NotFound(_("No scenario called '%(slug)s'.") % {"slug": slug})
    if scenario.is_shipped:
        raise ValidationError(_("Scenarios shipped with Helhed cannot be removed."), field="slug")
    scenario.delete()
