from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_targets(sender: AppConfig, **kwargs: Any) -> None:
    # Reference data, like the catalogue: every migrated database has the shipped targets.
    from helhed.analytics.services import targets_sync

    targets_sync()


class AnalyticsConfig(AppConfig):
    name = "helhed.analytics"
    label = "analytics"
    verbose_name = _("Policy goals")

    def ready(self) -> None:
        post_migrate.connect(_sync_targets, sender=self)
