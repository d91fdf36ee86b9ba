"""Retention (sletning efter opbevaringsperioden): closed plans and their data go after a set period.

The rules, per kind of data (ADR 0006):
- A plan closed more than HELHED_RETENTION_CLOSED_PLAN_DAYS ago (default 5 years) is deleted with
  everything that is part of it: versions, goals, interventions, follow-ups, meetings, journal notes,
  transitions, and the assessments and stories recorded against it, and every history row of those
  (django-simple-history keeps copies of the content; deleting the rows alone would leave them).
- The citizen is deleted too when no plan is left and no other part of Helhed holds data about them
  (housing keeps its own records under its own rules: such a citizen is kept and reported). Their
  network persons and consent records go with them; a household left without members goes too.
- The audit log is NOT touched: its records hold the citizen only as an id and outlive the data (they
  are the proof of who saw it). Each deletion writes a system audit record for the citizen.
Each citizen is handled in one transaction: a failure leaves that citizen's data whole and the run goes on.

This module spans the domain apps, which sit above `access`; it reaches their models through the app
registry by label and follows the foreign keys with Django's deletion collector, so it imports none of
them. Reports name ids, dates and counts only: never a name or a CPR number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.db import models, router, transaction
from django.db.models.deletion import CASCADE, PROTECT, Collector, ProtectedError, RestrictedError

from helhed.access.audit import audit_record

DEFAULT_CLOSED_PLAN_DAYS = 5 * 365 + 1


def closed_plan_days() -> int:
    return int(getattr(settings, "HELHED_RETENTION_CLOSED_PLAN_DAYS", DEFAULT_CLOSED_PLAN_DAYS))


@dataclass
class CitizenRetention:
    citizen_id: int
    plan_ids: list[int]
    closed_on: list[dt.date]
    rows: Counter[str] = field(default_factory=Counter)   # model label -> rows deleted (history included)
    citizen_deleted: bool = False
    citizen_kept_because: list[str] = field(default_factory=list)  # model labels still holding data
    error: str = ""


def _plan_model() -> type[models.Model]:
    return apps.get_model("plans", "Plan")


def _citizen_model() -> type[models.Model]:
    return apps.get_model("people", "Citizen")


def due_plans(*, today: dt.date) -> dict[int, list[tuple[int, dt.date]]]:
    """citizen id -> [(plan id, closed on)] of the plans closed longer than the retention period."""
    cutoff = today - dt.timedelta(days=closed_plan_days())
    due: dict[int, list[tuple[int, dt.date]]] = {}
    rows = (_plan_model()._default_manager.filter(status="closed", closed_on__lte=cutoff)
            .order_by("citizen_id", "pk").values_list("citizen_id", "pk", "closed_on"))
    for citizen_id, plan_id, closed_on in rows:
        due.setdefault(citizen_id, []).append((plan_id, closed_on))
    return due


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


def _plan_data(plan_ids: list[int]) -> tuple[list[Any], dict[type[models.Model], set[Any]]]:
    """The objects to delete (dependents first, then the plans) and every row that goes with them."""
    plan = _plan_model()
    groups: list[Any] = [list(qs) for qs in _protected_dependents(plan, plan_ids)]
    groups.append(list(plan._default_manager.filter(pk__in=plan_ids)))
    rows: dict[type[models.Model], set[Any]] = {}
    for group in groups:
        if group:
            for model, pks in _collected_pks(_collect(group)).items():
                rows.setdefault(model, set()).update(pks)
    return groups, rows


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


def _retain_one(citizen_id: int, plans: list[tuple[int, dt.date]], *, dry_run: bool) -> CitizenRetention:
    """Delete the citizen's due plans (and the citizen, if nothing else holds them) in one transaction.

    A dry run does exactly the same and rolls back, so what it lists is what a run would delete."""
    item = CitizenRetention(citizen_id=citizen_id, plan_ids=[p for p, _d in plans],
                            closed_on=[d for _p, d in plans])
    with transaction.atomic():
        _unlink_chains(_plan_model(), item.plan_ids)
        groups, rows = _plan_data(item.plan_ids)
        item.rows = _count(rows)
        for group in groups:
            for obj in group:
                obj.delete()
        _delete_history(rows)
        item.citizen_kept_because = _citizen_blockers(citizen_id)
        citizen = _citizen_model()._default_manager.filter(pk=citizen_id).first()
        if not item.citizen_kept_because and citizen is not None:
            citizen_rows = _collected_pks(_collect([citizen]))
            item.rows += _count(citizen_rows)
            household_id = getattr(citizen, "household_id", None)
            citizen.delete()
            _delete_history(citizen_rows)
            if household_id is not None:
                household = cast(type[models.Model], citizen._meta.get_field("household").related_model)
                household._default_manager.filter(pk=household_id, members__isnull=True).delete()
            item.citizen_deleted = True
        audit_record(actor=None, action="delete", citizen_id=citizen_id, object_type="plan",
                     object_id=item.plan_ids[0], purpose="retention")
        if dry_run:
            transaction.set_rollback(True)
    return item


def retention_run(*, today: dt.date, dry_run: bool) -> list[CitizenRetention]:
    """Every citizen with plans past the retention period: what goes (dry run) or what went."""
    results = []
    for citizen_id, plans in due_plans(today=today).items():
        try:
            results.append(_retain_one(citizen_id, plans, dry_run=dry_run))
        except (ProtectedError, RestrictedError) as error:
            item = CitizenRetention(citizen_id=citizen_id, plan_ids=[p for p, _d in plans],
                                    closed_on=[d for _p, d in plans])
            blocking = sorted({obj._meta.label for obj in getattr(error, "protected_objects", ())
                               or getattr(error, "restricted_objects", ())})
            item.error = f"kept whole: {', '.join(blocking) or 'other data'} still points at its plans"
            results.append(item)
    return results
