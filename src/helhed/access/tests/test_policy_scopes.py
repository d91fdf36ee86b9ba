"""Generated from access/policy.toml: one test per relation × sector situation (every scope checked, and each
scope's cell flipped), and one per role × relation and role × break-the-glass.

The expected answers are computed from the file's rule as the ADR states it (0005): a relation reads a scope
if the file lists it under `always`, or under `same_sector` when the actor's unit is in the coordinating
unit's sector, or under `by_basis` when an active consent or statutory sharing names the scope for the
actor's unit or sector. The database is built through the services; the answer is asked of
`access.selectors.citizen_access`, the one way to a citizen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.utils import timezone

from helhed.access import policy as policy_module
from helhed.access.policy import Action, Relation, Scope, policy
from helhed.access.relations import relations_of
from helhed.access.selectors import citizen_access
from helhed.core.errors import NotFound, PermissionDenied
from helhed.people.choices import Role
from helhed.people.models import OrgUnit, User
from helhed.plans import services as plan_services
from helhed.plans.models import Plan
from helhed.sharing import services as sharing
from helhed.testing import factories as f
from helhed.testing.cast import staff

pytestmark = pytest.mark.django_db

# Situations of an actor towards the coordinating unit's sector (adult social services), and what a basis
# opens to them. CONSENTED names two scopes only, so that cells differ within one situation.
CONSENTED = frozenset({Scope.PLAN_GOALS, Scope.HEALTH})
HOLISTIC = frozenset({Scope.PLAN_GOALS, Scope.INTERVENTIONS})
SITUATIONS: dict[str, tuple[bool, frozenset[Scope]]] = {
    "same_sector": (True, frozenset()),
    "other_sector": (False, frozenset()),
    "other_sector_consent": (False, CONSENTED),
    "other_sector_statute": (False, CONSENTED),
    "other_sector_withdrawn": (False, frozenset()),
    "other_sector_holistic": (False, HOLISTIC),
}
RELATIONS = [Relation.RESPONSIBLE, Relation.PROVIDER_STAFF, Relation.TEAM_LEADER]


def expected(relation: Relation, situation: str, scope: Scope) -> bool:
    rule = policy().relations[relation]
    same, opened = SITUATIONS[situation]
    return scope in rule.always or (same and scope in rule.same_sector) or (
        scope in opened and scope in rule.by_basis)


def _actor(org: dict[str, OrgUnit], plan: Plan, relation: Relation, same: bool) -> User:
    """An actor related to the citizen exactly by `relation`, in or outside the coordinator's sector."""
    home = org["treatment"] if same else org["job"]            # adult social | employment
    elsewhere = org["job"] if same else org["treatment"]
    if relation == Relation.RESPONSIBLE:
        actor = staff("provider", home)
        f.intervention(plan, code="virksomhedspraktik", provider=elsewhere, responsible=actor)
    elif relation == Relation.PROVIDER_STAFF:
        actor = staff("provider", home)
        f.intervention(plan, code="virksomhedspraktik", provider=home)
    else:
        # A leader of a unit above the providing unit, not in it: leader relation only.
        below = f.unit("Team under", kind="team", sector=home.sector, parent=home)
        actor = staff("team_leader", home)
        f.intervention(plan, code="virksomhedspraktik", provider=below)
    assert relations_of(actor, plan.citizen_id) == {relation}
    return actor


def _basis(situation: str, plan: Plan, actor: User) -> None:
    today = timezone.localdate()
    coordinator = plan.coordinator
    scopes = [str(s) for s in CONSENTED]
    if situation in ("other_sector_consent", "other_sector_withdrawn"):
        assert actor.unit is not None
        record = sharing.consent_give(actor=coordinator, citizen_id=plan.citizen_id, scopes=scopes,
                                      unit_ids=[actor.unit.pk], method="written", given_on=today, purpose="P")
        if situation == "other_sector_withdrawn":
            sharing.sharing_end(actor=coordinator, record_id=record.pk, ended_on=today)
    elif situation == "other_sector_statute":
        assert actor.unit is not None
        sharing.statutory_sharing_record(actor=coordinator, citizen_id=plan.citizen_id, scopes=scopes,
                                         sectors=[actor.unit.sector], legal_paragraph="Serviceloven § 153",
                                         purpose="Bekymring", from_on=today)
    elif situation == "other_sector_holistic":
        p = Plan.objects.get(pk=plan.pk)
        plan_services.plan_update(actor=coordinator, plan_id=p.pk, expected_version=p.version, vision="",
                                  follow_up_interval_days=90, holistic_consent=True,
                                  holistic_consent_on=today,
                                  holistic_consent_form="oral")


def _reads(actor: User, citizen_id: int, scope: Scope) -> bool:
    try:
        citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW, purpose="test", scope=scope)
    except PermissionDenied:
        return False
    return True


def _with_scope_flipped(monkeypatch: pytest.MonkeyPatch, relation: Relation, situation: str,
                        scope: Scope) -> None:
    """Flip the cell in the policy: the scope leaves (or joins) the list that decides this situation."""
    current = policy()
    rule = current.relations[relation]
    field = "same_sector" if SITUATIONS[situation][0] else "by_basis"
    changed = dataclasses.replace(rule, **{field: getattr(rule, field) ^ {scope}})
    flipped = dataclasses.replace(current, relations={**current.relations, relation: changed})
    monkeypatch.setattr(policy_module, "policy", lambda: flipped)


CELLS = [(r, s) for r in RELATIONS for s in SITUATIONS]


@pytest.mark.parametrize(("relation", "situation"), CELLS, ids=[f"{r.value}-{s}" for r, s in CELLS])
def test_scope_cells(org: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch, relation: Relation,
                     situation: str) -> None:
    coordinator = staff("coordinating_caseworker", org["team_a"])
    plan = f.plan(coordinator=coordinator)
    actor = _actor(org, plan, relation, SITUATIONS[situation][0])
    _basis(situation, plan, actor)
    for scope in Scope:
        assert _reads(actor, plan.citizen_id, scope) == expected(relation, situation, scope), scope
    # Enforcement reads the file: flipping the cell flips the answer (the always-lists are not in play).
    for scope in Scope:
        if scope in policy().relations[relation].always:
            continue
        with monkeypatch.context() as m:
            _with_scope_flipped(m, relation, situation, scope)
            if SITUATIONS[situation][0] or scope in SITUATIONS[situation][1]:
                assert _reads(actor, plan.citizen_id, scope) != expected(relation, situation, scope), scope


def test_the_scenario_covers_both_answers() -> None:
    answers = {expected(r, s, scope) for r, s in CELLS for scope in Scope}
    assert answers == {True, False}
    for relation in RELATIONS:
        assert not any(expected(relation, "other_sector", s) for s in Scope), "outside consent: summary"


# ---------------------------------------------------------------- roles × relations, roles × break-the-glass

ROLE_CELLS = [(role, relation) for role in Role.values for relation in (Relation.PROVIDER_STAFF,
                                                                          Relation.RESPONSIBLE)]


def _relate(plan: Plan, actor: User, relation: Relation, org: dict[str, OrgUnit]) -> None:
    if relation == Relation.PROVIDER_STAFF:
        f.intervention(plan, code="bostotte-85", provider=org["treatment"])
    else:
        f.intervention(plan, code="bostotte-85", provider=org["job"], responsible=actor)


@pytest.mark.parametrize(("role", "relation"), ROLE_CELLS, ids=[f"{r}-{rel.value}" for r, rel in ROLE_CELLS])
def test_role_relation_cells(org: dict[str, OrgUnit], role: str, relation: Relation) -> None:
    """A relation the file does not give the role is ignored: an analyst in a providing unit sees nothing."""
    plan = f.plan(coordinator=staff("coordinating_caseworker", org["team_a"]))
    actor = staff(role, org["treatment"])
    _relate(plan, actor, relation, org)
    holds = relation in policy().roles[role].relations
    got: set[Relation] = set(relations_of(actor, plan.citizen_id))
    assert (relation in got) == holds
    if not got:
        with pytest.raises(NotFound):
            citizen_access(actor=actor, citizen_id=plan.citizen_id, action=Action.VIEW, purpose="test")


@pytest.mark.parametrize("role", Role.values)
def test_role_break_glass_cells(org: dict[str, OrgUnit], role: str) -> None:
    plan = f.plan(coordinator=staff("coordinating_caseworker", org["team_a"]))
    actor = staff(role, org["team_b"])
    attempt: Callable[[], object] = lambda: sharing.break_glass_open(  # noqa: E731
        actor=actor, citizen_id=plan.citizen_id, reason="Akut: borgeren er indlagt i nat")
    if policy().roles[role].may_break_glass:
        attempt()
        assert relations_of(actor, plan.citizen_id) == {Relation.BREAK_GLASS}
    else:
        with pytest.raises(PermissionDenied):
            attempt()


def test_every_role_has_a_rule_and_reviewers_are_declared() -> None:
    assert set(policy().roles) == set(Role.values)
    assert {r for r, rule in policy().roles.items() if rule.reviews == "unit_tree"} == {"team_leader"}


def test_a_misspelt_name_in_the_file_fails_at_start_up() -> None:
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("helhed.access").joinpath("policy.toml").read_text("utf-8"))
    data["relations"]["coordinator"]["always"] = ["plan_goal"]
    with pytest.raises(ValueError, match="plan_goal"):
        policy_module.parse_policy(data)


def test_unlisted_read_purposes_need_the_plan(org: dict[str, OrgUnit]) -> None:
    """A read whose purpose the file does not declare discloses the plan: outside consent it is refused."""
    plan = f.plan(coordinator=staff("coordinating_caseworker", org["team_a"]))
    actor = _actor(org, plan, Relation.PROVIDER_STAFF, same=False)
    with pytest.raises(PermissionDenied):
        citizen_access(actor=actor, citizen_id=plan.citizen_id, action=Action.VIEW, purpose="new_page")
    citizen_access(actor=actor, citizen_id=plan.citizen_id, action=Action.VIEW, purpose="plan_summary")
