"""Reads of the catalogue (not personal data: no access check needed)."""

from __future__ import annotations

from django.db.models import QuerySet

from helhed.catalog.models import InterventionType


def intervention_type_list() -> QuerySet[InterventionType]:
    return InterventionType.objects.filter(is_active=True).select_related("legal_basis")
