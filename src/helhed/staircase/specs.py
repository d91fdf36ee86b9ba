"""Scenario specifications (the JSON in data files, the API and the `Scenario` row) to model objects.

A spec is plain data:
    {"cohort": [0, 14, 43, ...],                       # off the staircase, step 1, step 2, ...
     "baseline": {"kind": "identity"} | {"kind": "matrix", "matrix": [[...]], "concentration": 0}
                 | {"kind": "history", "years": 3},    # estimated from Helhed's own history
     "effect": {"kind": "step_down", "theta": 0.053, "from_steps": [4, 5, 6], "concentration": 50}
               | {"kind": "matrix", "matrix": [[...]], "concentration": 0},
     "team": {"advisors": 6, "existing_advisors": 3, "advisor_cost": 466666.67, "managers": 0,
              "manager_cost": 0, "caseload": 24},
     "horizon_years": 4, "discount_rate": 0.04, "start_year": 2016,
     "team_share": [0.75, 1, 1, 0.25], "effect_share": [1, 1, 1, 1], "unit_costs": [] }
Parsing only checks shapes and kinds; `projection.validate` checks the model. No database access here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from helhed.core.errors import ValidationError
from helhed.staircase.projection import BusinessCase, Effect, StepDown, Team, Transitions
from helhed.staircase.text import _

BASELINE_KINDS = ("identity", "matrix", "history")
EFFECT_KINDS = ("step_down", "matrix")


def _number(value: Any, *, field: str, label: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(_("The %(label)s must be a number.") % {"label": label}, field=field) from None
    if not math.isfinite(number):
        raise ValidationError(_("The %(label)s must be a number.") % {"label": label}, field=field)
    return number


def _numbers(value: Any, *, field: str, label: Any) -> list[float]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValidationError(_("The %(label)s must be a list of numbers.") % {"label": label}, field=field)
    return [_number(v, field=field, label=label) for v in value]


def _matrix(value: Any, *, field: str, label: Any) -> list[list[float]]:
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise ValidationError(
            _("The %(label)s must be a table (a list of rows).") % {"label": label}, field=field
        )
    rows = [_numbers(row, field=field, label=label) for row in value]
    if len({len(r) for r in rows}) != 1:
        raise ValidationError(
            _("Every row of the %(label)s must have the same number of columns.") % {"label": label},
            field=field,
        )
    return rows


def parse_transitions(spec: Mapping[str, Any], n_states: int, *, field: str, label: Any) -> Transitions:
    """`identity` or `matrix` (a `history` baseline is estimated by the selectors, not here)."""
    kind = spec.get("kind")
    if kind == "identity":
        return Transitions.identity(n_states)
    if kind == "matrix":
        concentration = _number(spec.get("concentration", 0), field=field, label=_("certainty"))
        return Transitions(matrix=np.asarray(_matrix(spec.get("matrix"), field=field, label=label)),
                           concentration=concentration)
    raise ValidationError(
        _("Choose how the %(label)s is given: %(kinds)s.")
        % {"label": label, "kinds": ", ".join(BASELINE_KINDS)},
        field=field,
    )


def parse_effect(spec: Mapping[str, Any], n_states: int) -> Effect:
    kind = spec.get("kind")
    if kind == "step_down":
        steps = spec.get("from_steps") or []
        if not isinstance(steps, Sequence) or isinstance(steps, str) or not all(
            isinstance(s, int) and not isinstance(s, bool) for s in steps
        ):
            raise ValidationError(_("Give the steps the team moves cases down from as step numbers."),
                                  field="effect")
        return StepDown(
            theta=_number(spec.get("theta"), field="effect", label=_("share moved one step down")),
            from_steps=tuple(int(s) for s in steps),
            concentration=_number(spec.get("concentration", 0), field="effect", label=_("certainty")),
        )
    if kind == "matrix":
        return parse_transitions(spec, n_states, field="effect", label=_("scenario transition table"))
    raise ValidationError(
        _("Choose how the team's effect is given: %(kinds)s.") % {"kinds": ", ".join(EFFECT_KINDS)},
        field="effect",
    )


def parse_team(spec: Mapping[str, Any]) -> Team:
    def get(name: str, label: Any, default: float | None = None) -> float:
        if name not in spec and default is not None:
            return default
        return _number(spec.get(name), field=name, label=label)

    return Team(
        advisors=get("advisors", _("number of advisors")),
        existing_advisors=get("existing_advisors", _("number of existing advisors"), 0.0),
        advisor_cost=get("advisor_cost", _("annual cost of an advisor")),
        managers=get("managers", _("number of managers"), 0.0),
        manager_cost=get("manager_cost", _("annual cost of a manager"), 0.0),
        caseload=get("caseload", _("caseload per advisor")),
    )


def build_case(
    spec: Mapping[str, Any], *, states: Sequence[str], unit_costs: Sequence[float],
    history_baseline: Transitions | None = None,
) -> BusinessCase:
    """A `BusinessCase` from a spec and the staircase's states and costs (not yet validated)."""
    n = len(states)
    baseline_spec = spec.get("baseline") or {}
    if not isinstance(baseline_spec, Mapping):
        raise ValidationError(_("Describe the baseline as an object with a 'kind'."), field="baseline")
    if baseline_spec.get("kind") == "history":
        if history_baseline is None:
            raise ValidationError(
                _("The baseline is to be estimated from the municipality's history, which is not "
                  "available here."),
                field="baseline",
            )
        baseline = history_baseline
    else:
        baseline = parse_transitions(baseline_spec, n, field="baseline", label=_("baseline transition table"))
    effect_spec = spec.get("effect") or {}
    if not isinstance(effect_spec, Mapping):
        raise ValidationError(_("Describe the team's effect as an object with a 'kind'."), field="effect")
    team_spec = spec.get("team") or {}
    if not isinstance(team_spec, Mapping):
        raise ValidationError(_("Describe the team as an object."), field="team")
    own_costs = spec.get("unit_costs") or []
    costs = (
        _numbers(own_costs, field="unit_costs", label=_("annual costs")) if own_costs else list(unit_costs)
    )
    horizon = _number(spec.get("horizon_years"), field="horizon_years", label=_("horizon"))
    if horizon != int(horizon):
        raise ValidationError(_("The horizon must be a whole number of years."), field="horizon_years")
    team_share = spec.get("team_share") or None
    effect_share = spec.get("effect_share") or None
    return BusinessCase(
        states=tuple(states),
        cohort=np.asarray(_numbers(spec.get("cohort") or [], field="cohort", label=_("cohort"))),
        unit_costs=np.asarray(costs),
        baseline=baseline,
        effect=parse_effect(effect_spec, n),
        team=parse_team(team_spec),
        horizon=int(horizon),
        discount_rate=_number(spec.get("discount_rate", 0.035), field="discount_rate",
                              label=_("discount rate")),
        start_year=int(_number(spec.get("start_year", 1), field="start_year", label=_("first year"))),
        team_share=None if team_share is None else np.asarray(
            _numbers(team_share, field="team_share", label=_("share of the year the team works"))),
        effect_share=None if effect_share is None else np.asarray(
            _numbers(effect_share, field="effect_share", label=_("share of the year the effect works"))),
    )
