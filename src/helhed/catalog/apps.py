from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_catalog(sender: AppConfig, **kwargs: Any) -> None:
    # Reference data, not a business rule: every migrated database has the shipped catalogue.
    from helhed.catalog.services import catalog_sync

    catalog_sync()


class CatalogConfig(AppConfig):
    name = "helhed.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(_sync_catalog, sender=self)
