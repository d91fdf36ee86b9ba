"""The access policy, read from `policy.toml`: roles x relations x consent scopes x actions.

The file is the one place the rules live; this module only loads it (once), checks that it names nothing
unknown, and answers questions about it with pure functions. It must never query the database: the facts
(relations, consents, break-the-glass grants) are found by `access.relations` and passed in.

Relations (how a staff member is connected to a citizen):
- coordinator: the coordinating caseworker of the citizen's active plan;
- responsible: responsible for one of the citizen's live interventions;
- provider_staff: works in the unit that provides a live intervention;
- team_leader: leads the unit (or a unit above it) that provides a live intervention or where the
  coordinating caseworker works;
- break_glass: opened the citizen with a reason, for a limited time (helhed.sharing).
Scopes are the data categories a consent names (plan_goals, interventions, journal_notes, assessments,
health). Tests are generated from the file (access/tests/test_policy_matrix.py, test_policy_scopes.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any


class Relation(StrEnum):
    COORDINATOR = "coordinator"
    RESPONSIBLE = "responsible"
    PROVIDER_STAFF = "provider_staff"
    TEAM_LEADER = "team_leader"
    BREAK_GLASS = "break_glass"


class Action(StrEnum):
    VIEW = "view"                          # see the citizen and the plan (its content as the scopes allow)
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


class Scope(StrEnum):
    """A category of the citizen's data that a consent or a statutory sharing names."""

    PLAN_GOALS = "plan_goals"
    INTERVENTIONS = "interventions"
    JOURNAL_NOTES = "journal_notes"
    ASSESSMENTS = "assessments"
    HEALTH = "health"


ALL_SCOPES = frozenset(Scope)


@dataclass(frozen=True)
class RelationRule:
    actions: frozenset[Action]
    always: frozenset[Scope]
    same_sector: frozenset[Scope]
    by_basis: frozenset[Scope]


@dataclass(frozen=True)
class RoleRule:
    relations: frozenset[Relation]
    may_break_glass: bool
    reviews: str  # "unit_tree" or ""


@dataclass(frozen=True)
class Policy:
    relations: dict[Relation, RelationRule]
    roles: dict[str, RoleRule]
    reads: dict[str, frozenset[Scope]]


def _names(values: list[str], kind: type[StrEnum], where: str) -> frozenset[Any]:
    known = {m.value for m in kind}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"policy.toml, {where}: unknown {kind.__name__} {unknown}")
    return frozenset(kind(v) for v in values)


def parse_policy(data: dict[str, Any]) -> Policy:
    """The policy from the parsed file; a misspelt name fails at start-up, not as a silent 'no'."""
    if set(data["scopes"]) != {s.value for s in Scope} or set(data["actions"]) != {a.value for a in Action}:
        raise ValueError("policy.toml: 'scopes' and 'actions' must list exactly the Scope and Action names")
    relations = {}
    for name, rule in data["relations"].items():
        relation = _names([name], Relation, "relations")
        [key] = relation
        relations[key] = RelationRule(
            actions=_names(rule["actions"], Action, f"relations.{name}.actions"),
            always=_names(rule["always"], Scope, f"relations.{name}.always"),
            same_sector=_names(rule["same_sector"], Scope, f"relations.{name}.same_sector"),
            by_basis=_names(rule["by_basis"], Scope, f"relations.{name}.by_basis"),
        )
    if set(relations) != set(Relation):
        missing = set(Relation) - set(relations)
        raise ValueError(f"policy.toml: every relation needs a rule, missing {missing}")
    roles = {
        name: RoleRule(relations=_names(rule["relations"], Relation, f"roles.{name}.relations"),
                       may_break_glass=bool(rule["may_break_glass"]), reviews=str(rule["reviews"]))
        for name, rule in data["roles"].items()
    }
    for name, role in roles.items():
        if role.reviews not in ("", "unit_tree"):
            raise ValueError(f"policy.toml, roles.{name}.reviews: '' or 'unit_tree'")
    reads = {purpose: _names(scopes, Scope, f"reads.{purpose}") for purpose, scopes in data["reads"].items()}
    return Policy(relations=relations, roles=roles, reads=reads)


@cache
def policy() -> Policy:
    text = resources.files("helhed.access").joinpath("policy.toml").read_text(encoding="utf-8")
    return parse_policy(tomllib.loads(text))


def _action_table() -> dict[Action, frozenset[Relation]]:
    rules = policy().relations
    return {action: frozenset(r for r, rule in rules.items() if action in rule.actions) for action in Action}


# Action -> the relations that allow it, derived from the file. A dict (not a function) because callers
# intersect it with a relation set, and tests flip single cells with monkeypatch.setitem.
POLICY: dict[Action, frozenset[Relation]] = _action_table()


def allowed(relations: frozenset[Relation] | set[Relation], action: Action) -> bool:
    return bool(POLICY[action] & set(relations))


def role_relations(role: str, relations: frozenset[Relation] | set[Relation]) -> frozenset[Relation]:
    """Only the relations the actor's role can hold (an analyst in a providing unit is not its staff)."""
    rule = policy().roles.get(role)
    return frozenset(relations) & rule.relations if rule else frozenset()


def may_break_glass(role: str) -> bool:
    rule = policy().roles.get(role)
    return bool(rule and rule.may_break_glass)


def reviews_unit_tree(role: str) -> bool:
    rule = policy().roles.get(role)
    return bool(rule and rule.reviews == "unit_tree")


DEFAULT_READ = frozenset({Scope.PLAN_GOALS})


def scopes_read_by(purpose: str) -> frozenset[Scope]:
    """The data categories an audited read discloses, by its purpose (`plan_goals` if not declared)."""
    return policy().reads.get(purpose, DEFAULT_READ)


def readable_scopes(
    relations: frozenset[Relation] | set[Relation], *, same_sector: bool,
    by_basis: frozenset[Scope] | set[Scope],
) -> frozenset[Scope]:
    """The data categories the actor may read, from their relations and the facts about consent.

    `same_sector`: the actor's unit is in the coordinating unit's sector (or there is no plan);
    `by_basis`: what active consents and statutory sharings name for the actor's unit or sector.
    """
    found: set[Scope] = set()
    for relation in relations:
        rule = policy().relations[relation]
        if Action.VIEW not in rule.actions:
            continue
        found |= rule.always
        if same_sector:
            found |= rule.same_sector
        found |= rule.by_basis & set(by_basis)
    return frozenset(found)
