"""One test per cell of access.policy.POLICY (read from policy.toml): every Action × every Relation,
through the real services.

For each cell: build a citizen and an actor who has exactly that relation to them, attempt the action
through the service (or selector) that performs it, and assert that it is allowed if and only if POLICY
says so. A second run flips the cell in POLICY and expects the outcome to flip: enforcement reads the
table, it does not repeat it.

What "the action" means for the two intervention actions:
- EDIT_ANY_INTERVENTION edits an intervention that is not the actor's own (another unit's, someone else
  responsible).
- EDIT_OWN_INTERVENTION edits the intervention that gives the actor the relation (their unit's, or the one
  they are responsible for), with EDIT_ANY_INTERVENTION taken away from the relation so that only the
  "own" rule can allow it. A coordinator or team leader has no "own" intervention without also being
  provider staff or responsible, so for them the cell can only be "no"
  (see test_the_own_cells_that_can_be_yes). Break-the-glass has no "own" intervention either.
Every actor works in the coordinating caseworker's sector, so consent does not limit what they read (the
scopes are covered cell by cell in test_policy_scopes.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from helhed.access.policy import POLICY, Action, Relation
from helhed.access.relations import relations_of
from helhed.core.errors import PermissionDenied, ValidationError
from helhed.people.models import OrgUnit
from helhed.plans import selectors, services
from helhed.plans.models import Intervention, Plan
from helhed.sharing.services import break_glass_open
from helhed.testing import factories as f
from helhed.testing.cast import staff

CELLS = [(action, relation) for action in Action for relation in Relation]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _today() -> dt.date:
    return timezone.localdate()


def _scenario(org: dict[str, OrgUnit], relation: Relation) -> SimpleNamespace:
    """A plan with two live interventions, and an actor related to the citizen exactly by `relation`.

    `own` is the intervention through which the actor is related (for responsible / provider staff),
    `other` one that is not theirs.
    """
    coordinator = staff("coordinating_caseworker", org["team_a"])
    plan = f.plan(coordinator=coordinator)
    goal = f.goal(plan)
    actor = {
        Relation.COORDINATOR: lambda: coordinator,
        Relation.RESPONSIBLE: lambda: staff("provider", org["team_a"]),
        Relation.PROVIDER_STAFF: lambda: staff("provider", org["treatment"]),
        Relation.TEAM_LEADER: lambda: staff("team_leader", org["root"]),
        Relation.BREAK_GLASS: lambda: staff("caseworker", org["team_b"]),
    }[relation]()
    own = f.intervention(plan, provider=org["treatment"], goals=[goal],
                         responsible=actor if relation == Relation.RESPONSIBLE else None)
    other = f.intervention(plan, provider=org["job"], code="virksomhedspraktik", goals=[goal],
                           hours_per_week="10")
    colleague = staff("caseworker", org["team_a"])
    if relation == Relation.BREAK_GLASS:
        break_glass_open(actor=actor, citizen_id=plan.citizen_id,
                         reason="Akut henvendelse fra herberget i nat")
    assert relations_of(actor, plan.citizen_id) == frozenset({relation}), "the scenario must be exact"
    return SimpleNamespace(actor=actor, plan=plan, goal=goal, own=own, other=other, colleague=colleague,
                           org=org)


def _edit(s: SimpleNamespace, intervention: Intervention) -> None:
    i = Intervention.objects.get(pk=intervention.pk)
    services.intervention_update(actor=s.actor, intervention_id=i.pk, expected_version=i.version,
                                 status=i.status,
                                 requested_on=i.requested_on, provider_unit_id=i.provider_unit_id,
                                 decided_on=i.decided_on, start_date=i.start_date, hours_per_week="5")
    assert Intervention.objects.get(pk=i.pk).hours_per_week == 5


def _close(s: SimpleNamespace) -> None:
    try:
        services.plan_close(actor=s.actor, plan_id=s.plan.pk, reason="Flyttet")
    except ValidationError as error:
        # Past the access check: the plan still has the live interventions the relation rests on.
        assert "running interventions" in str(error)


ATTEMPTS: dict[Action, Callable[[SimpleNamespace], object]] = {
    Action.VIEW: lambda s: selectors.plan_page(actor=s.actor, citizen_id=s.plan.citizen_id),
    Action.EDIT_PLAN: lambda s: services.plan_update(
        actor=s.actor, plan_id=s.plan.pk, expected_version=Plan.objects.get(pk=s.plan.pk).version,
        vision="Min plan", follow_up_interval_days=60),
    Action.ADD_INTERVENTION: lambda s: services.intervention_add(
        actor=s.actor, plan_id=s.plan.pk, type_id=f.itype("bostotte-85").pk,
        provider_unit_id=s.org["team_a"].pk, requested_on=_today(), goal_ids=[s.goal.pk]),
    Action.EDIT_ANY_INTERVENTION: lambda s: _edit(s, s.other),
    Action.EDIT_OWN_INTERVENTION: lambda s: _edit(s, s.own),
    Action.RECORD_FOLLOW_UP: lambda s: services.follow_up_record(actor=s.actor, plan_id=s.plan.pk,
                                                                 note="Set"),
    Action.ADD_NOTE: lambda s: services.note_add(actor=s.actor, plan_id=s.plan.pk, text="Notat"),
    Action.ADD_MEETING: lambda s: services.meeting_add(actor=s.actor, plan_id=s.plan.pk,
                                                       held_on=timezone.now(),
                                                       title="Netværksmøde"),
    Action.REASSIGN_COORDINATOR: lambda s: services.plan_reassign(actor=s.actor, plan_id=s.plan.pk,
                                                                  coordinator_id=s.colleague.pk),
    Action.CLOSE_PLAN: _close,
}


def _allowed(s: SimpleNamespace, action: Action) -> bool:
    try:
        ATTEMPTS[action](s)
    except PermissionDenied:
        return False
    return True


def _isolate(monkeypatch: pytest.MonkeyPatch, action: Action, relation: Relation) -> None:
    if action == Action.EDIT_OWN_INTERVENTION:
        monkeypatch.setitem(POLICY, Action.EDIT_ANY_INTERVENTION,
                            POLICY[Action.EDIT_ANY_INTERVENTION] - {relation})


def _id(cell: tuple[Action, Relation]) -> str:
    return f"{cell[0].value}-{cell[1].value}"


def test_every_action_has_an_attempt() -> None:
    assert set(ATTEMPTS) == set(Action) == set(POLICY)


@pytest.mark.parametrize("cell", CELLS, ids=_id)
def test_policy_cell(org: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch,
                     cell: tuple[Action, Relation]) -> None:
    action, relation = cell
    s = _scenario(org, relation)
    _isolate(monkeypatch, action, relation)
    assert _allowed(s, action) == (relation in POLICY[action])


VACUOUS = {(Action.EDIT_OWN_INTERVENTION, Relation.COORDINATOR),
           (Action.EDIT_OWN_INTERVENTION, Relation.TEAM_LEADER),
           (Action.EDIT_OWN_INTERVENTION, Relation.BREAK_GLASS)}


@pytest.mark.parametrize("cell", [c for c in CELLS if c not in VACUOUS], ids=_id)
def test_flipping_the_cell_flips_the_outcome(org: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch,
                                             cell: tuple[Action, Relation]) -> None:
    action, relation = cell
    s = _scenario(org, relation)  # built with the real policy
    _isolate(monkeypatch, action, relation)
    monkeypatch.setitem(POLICY, action, POLICY[action] ^ {relation})
    assert _allowed(s, action) == (relation in POLICY[action])


def test_the_own_cells_that_can_be_yes() -> None:
    """Only relations that come from an intervention can make it the actor's own."""
    assert POLICY[Action.EDIT_OWN_INTERVENTION] <= {Relation.RESPONSIBLE, Relation.PROVIDER_STAFF}
