"""Retention (sletning efter opbevaringsperioden): finished records and their data go after a set period.

The rules, per kind of data (ADR 0006); the period is HELHED_RETENTION_CLOSED_PLAN_DAYS (default 5 years):
- A plan closed longer ago than the period is deleted with everything that is part of it: versions,
  goals, interventions, follow-ups, meetings, journal notes, transitions, and the assessments and stories
  recorded against it, and every history row of those (django-simple-history keeps copies of the content;
  deleting the rows alone would leave them). This rule is access's own (`PlanRule`).
- A domain app that keeps records of its own about citizens registers a `RetentionRule` for them in its
  AppConfig.ready (as the relation providers do, ADR 0002): it says which records are finished and past
  the period and what goes with them; this module deletes them the same way, history included. Housing
  does (helhed/housing/retention.py). Open records are never due.
- The citizen is deleted too when no other part of Helhed holds data about them (no plan, no housing
  record: nothing that PROTECTs the citizen); otherwise the citizen is kept and the report names what
  holds them. Their network persons and consent records go with them; a household left without members
  goes too.
- The audit log is NOT touched: its records hold the citizen only as an id and outlive the data (they
  are the proof of who saw it). Each deleted record gets a system audit record (kind and id).
Each citizen is handled in one transaction (the domain rules first, then plans, then the citizen): a
failure leaves that citizen's data whole and the run goes on.

This module spans the domain apps, which sit above `access`; it reaches the plans through the app
registry by label, the other apps register their rules, and it follows the foreign keys with Django's
deletion collector, so it imports none of them. Reports name ids, dates and counts only: never a name or
a CPR number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from django.apps import apps
from django.conf import settings
from django.db import models, router, transaction
from django.db.models.deletion import CASCADE, PROTECT, Collector, ProtectedError, RestrictedError

from helhed.access.audit import audit_record

DEFAULT_CLOSED_PLAN_DAYS = 5 * 365 + 1


def closed_plan_days() -> int:
    return int(getattr(settings, "HELHED_RETENTION_CLOSED_PLAN_DAYS", DEFAULT_CLOSED_PLAN_DAYS))


@dataclass(frozen=True)
class DueRecord:
    """One record past its retention period: its kind (the audit object type, e.g. "plan",
    "shelter_stay"), its id and the day it was finished (closed, ended, checked out, resolved)."""

    kind: str
    pk: int
    finished_on: dt.date


class RetentionRule(Protocol):
    """A domain app's rule for its own records (registered in its AppConfig.ready, like the relation
    providers of ADR 0002): which records are finished and past the period, and what goes with them."""

    def due(self, *, cutoff: dt.date) -> dict[int, list[DueRecord]]:
        """citizen id -> the citizen's records finished on or before `cutoff` (never an open one)."""
        ...

    def deletions(self, citizen_id: int, records: list[DueRecord]) -> list[list[Any]]:
        """The objects to delete for these records, in groups deleted in this order (rows that PROTECT
        a group come in an earlier group). Called inside the citizen's transaction."""
        ...


_rules: list[RetentionRule] = []


def register(rule: RetentionRule) -> None:
    _rules.append(rule)


@dataclass
class CitizenRetention:
    citizen_id: int
    records: list[DueRecord]
    rows: Counter[str] = field(default_factory=Counter)   # model label -> rows deleted (history included)
    citizen_deleted: bool = False
    citizen_kept_because: list[str] = field(default_factory=list)  # model labels still holding data
    error: str = ""

    @property
    def plan_ids(self) -> list[int]:
        return [r.pk for r in self.records if r.kind == "plan"]


def _plan_model() -> type[models.Model]:
    return apps.get_model("plans", "Plan")


def _citizen_model() -> type[models.Model]:
    return apps.get_model("people", "Citizen")


class PlanRule:
    """Closed plans with everything that is part of them (access's own rule: plans sit below the
    domain apps that register theirs, so it runs after them)."""

    def due(self, *, cutoff: dt.date) -> dict[int, list[DueRecord]]:
        due: dict[int, list[DueRecord]] = {}
        rows = (_plan_model()._default_manager.filter(status="closed", closed_on__lte=cutoff)
                .order_by("citizen_id", "pk").values_list("citizen_id", "pk", "closed_on"))
        for citizen_id, plan_id, closed_on in rows:
            due.setdefault(citizen_id, []).append(DueRecord("plan", plan_id, closed_on))
        return due

    def deletions(self, citizen_id: int, records: list[DueRecord]) -> list[list[Any]]:
        """Dependents that PROTECT the plans (assessments, stories) first, then the plans."""
        plan = _plan_model()
        plan_ids = [r.pk for r in records]
        _unlink_chains(plan, plan_ids)
        groups: list[list[Any]] = [list(qs) for qs in _protected_dependents(plan, plan_ids)]
        groups.append(list(plan._default_manager.filter(pk__in=plan_ids)))
        return groups


PLAN_RULE = PlanRule()


def _all_rules() -> list[RetentionRule]:
    """The domain apps' rules first: their rows may point at a plan's (housing's support at an
    intervention), never the other way round."""
    return [*_rules, PLAN_RULE]


def due_records(*, today: dt.date) -> dict[int, list[tuple[RetentionRule, list[DueRecord]]]]:
    """citizen id (ascending) -> each rule with the citizen's records past the retention period."""
    cutoff = today - dt.timedelta(days=closed_plan_days())
    due: dict[int, list[tuple[RetentionRule, list[DueRecord]]]] = {}
    for rule in _all_rules():
        for citizen_id, records in rule.due(cutoff=cutoff).items():
            if records:
                due.setdefault(citizen_id, []).append((rule, records))
    return dict(sorted(due.items()))


def _protected_dependents(model: type[models.Model], pks: list[int]) -> list[models.QuerySet[Any]]:
    """Rows of other models that point at these with on_delete=PROTECT: part of the plan's data."""
    found = []
    for rel in model._meta.related_objects:
        if rel.on_delete is PROTECT and rel.field.model is not model:
            related = cast(type[models.Model], rel.related_model)
            qs = related._default_manager.filter(**{f"{rel.field.name}__in": pks})
            if qs.exists():
                found.append(qs)
    return found


def _collect(objects: list[Any]) -> Collector:
    collector = Collector(using=router.db_for_write(type(objects[0])) if objects else "default")
    collector.collect(objects)
    return collector


def _collected_pks(collector: Collector) -> dict[type[models.Model], set[Any]]:
    pks: dict[type[models.Model], set[Any]] = {}
    for model, instances in collector.data.items():
        pks.setdefault(model, set()).update(obj.pk for obj in instances)
    for qs in collector.fast_deletes:
        pks.setdefault(qs.model, set()).update(qs.values_list("pk", flat=True))
    return pks


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def _unlink_chains(model: type[models.Model], pks: list[int]) -> None:
    """Rows that belong to these (CASCADE) and point at each other with PROTECT, like a plan's versions
    (each version protects the one before it): unlink them first, as they all go together."""
    for rel in model._meta.related_objects:
        if rel.on_delete is not CASCADE:
            continue
        related = cast(type[models.Model], rel.related_model)
        for fk in related._meta.fields:
            if fk.is_relation and fk.related_model is related and fk.null \
                    and fk.remote_field.on_delete is PROTECT:  # type: ignore[union-attr]
                related._default_manager.filter(**{f"{rel.field.name}__in": pks}).update(**{fk.name: None})


def _count(rows: dict[type[models.Model], set[Any]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for model, pks in rows.items():
        counted[model._meta.label] += len(pks)
        history = _history_model(model)
        if history is not None:
            counted[history._meta.label] += history._default_manager.filter(id__in=pks).count()
    return counted


def _delete_history(rows: dict[type[models.Model], set[Any]]) -> None:
    for model, pks in rows.items():
        history = _history_model(model)
        if history is not None:
            history._default_manager.filter(id__in=pks).delete()


def _citizen_blockers(citizen_id: int) -> list[str]:
    """Labels of models (other than the plans just deleted) that still hold data about the citizen."""
    citizen = _citizen_model()
    return sorted({qs.model._meta.label for qs in _protected_dependents(citizen, [citizen_id])})


def _delete_groups(groups: list[list[Any]]) -> Counter[str]:
    """Delete each group in order with every row that goes with it and their history rows."""
    counted: Counter[str] = Counter()
    for group in groups:
        if not group:
            continue
        rows = _collected_pks(_collect(group))
        counted += _count(rows)
        for obj in group:
            obj.delete()
        _delete_history(rows)
    return counted


def _retain_one(citizen_id: int, due: list[tuple[RetentionRule, list[DueRecord]]], *,
                dry_run: bool) -> CitizenRetention:
    """Delete the citizen's due records (and the citizen, if nothing else holds them) in one transaction.

    A dry run does exactly the same and rolls back, so what it lists is what a run would delete."""
    item = CitizenRetention(citizen_id=citizen_id, records=[r for _rule, rs in due for r in rs])
    with transaction.atomic():
        for rule, records in due:
            item.rows += _delete_groups(rule.deletions(citizen_id, records))
        item.citizen_kept_because = _citizen_blockers(citizen_id)
        citizen = _citizen_model()._default_manager.filter(pk=citizen_id).first()
        if not item.citizen_kept_because and citizen is not None:
            household_id = getattr(citizen, "household_id", None)
            item.rows += _delete_groups([[citizen]])
            if household_id is not None:
                household = cast(type[models.Model], citizen._meta.get_field("household").related_model)
                household._default_manager.filter(pk=household_id, members__isnull=True).delete()
            item.citizen_deleted = True
        for record in item.records:
            audit_record(actor=None, action="delete", citizen_id=citizen_id, object_type=record.kind,
                         object_id=record.pk, purpose="retention")
        if dry_run:
            transaction.set_rollback(True)
    return item


def retention_run(*, today: dt.date, dry_run: bool) -> list[CitizenRetention]:
    """Every citizen with records past the retention period: what goes (dry run) or what went."""
    results = []
    for citizen_id, due in due_records(today=today).items():
        try:
            results.append(_retain_one(citizen_id, due, dry_run=dry_run))
        except (ProtectedError, RestrictedError) as error:
            item = CitizenRetention(citizen_id=citizen_id, records=[r for _rule, rs in due for r in rs])
            blocking = sorted({obj._meta.label for obj in getattr(error, "protected_objects", ())
                               or getattr(error, "restricted_objects", ())})
            item.error = f"kept whole: {', '.join(blocking) or 'other data'} still points at its records"
            results.append(item)
    return results
