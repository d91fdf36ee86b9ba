"""Outcomes: instruments as data, assessments over time, goal attainment, the citizen's stories, satisfaction,
and what works for whom."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_instruments(sender: AppConfig, **kwargs: Any) -> None:
    # Reference data, like the catalogue: every migrated database has the shipped instruments.
    from helhed.outcomes.services import instrument_sync

    instrument_sync()


class OutcomesConfig(AppConfig):
    name = "helhed.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        post_migrate.connect(_sync_instruments, sender=self)
