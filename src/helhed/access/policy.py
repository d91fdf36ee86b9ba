"""The access policy as data: which relation to a citizen allows which action.

Relations (how a staff member is connected to a citizen):
- coordinator: the coordinating caseworker of the citizen's active plan;
- responsible: responsible for one of the citizen's live interventions;
- provider_staff: works in the unit that provides a live intervention;
- team_leader: leads the unit (or a unit above it) that provides a live intervention or where the
  coordinating caseworker works.
Tests are generated from this table (access/tests/test_policy_matrix.py): change it here only.
"""

from __future__ import annotations

from enum import StrEnum


class Relation(StrEnum):
    COORDINATOR = "coordinator"
    RESPONSIBLE = "responsible"
    PROVIDER_STAFF = "provider_staff"
    TEAM_LEADER = "team_leader"


class Action(StrEnum):
    VIEW = "view"                          # see the citizen and the whole plan
    EDIT_PLAN = "edit_plan"                # vision, goals, transitions, consent, follow-up cadence
    ADD_INTERVENTION = "add_intervention"
    EDIT_ANY_INTERVENTION = "edit_any_intervention"
    # one the actor is responsible for or whose unit provides it
    EDIT_OWN_INTERVENTION = "edit_own_intervention"
    RECORD_FOLLOW_UP = "record_follow_up"
    ADD_NOTE = "add_note"
    ADD_MEETING = "add_meeting"
    REASSIGN_COORDINATOR = "reassign_coordinator"
    CLOSE_PLAN = "close_plan"


_ALL = frozenset(Relation)

POLICY: dict[Action, frozenset[Relation]] = {
    Action.VIEW: _ALL,
    Action.EDIT_PLAN: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER}),
    Action.ADD_INTERVENTION: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER}),
    Action.EDIT_ANY_INTERVENTION: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER}),
    Action.EDIT_OWN_INTERVENTION: frozenset({Relation.RESPONSIBLE, Relation.PROVIDER_STAFF}),
    Action.RECORD_FOLLOW_UP: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER, Relation.RESPONSIBLE}),
    Action.ADD_NOTE: _ALL,
    Action.ADD_MEETING: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER}),
    Action.REASSIGN_COORDINATOR: frozenset({Relation.TEAM_LEADER}),
    Action.CLOSE_PLAN: frozenset({Relation.COORDINATOR, Relation.TEAM_LEADER}),
}


def allowed(relations: frozenset[Relation] | set[Relation], action: Action) -> bool:
    return bool(POLICY[action] & set(relations))
