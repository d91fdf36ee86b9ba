"""Housing First: homelessness, shelter stays, homes, fair allocation, eviction prevention."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "helhed.housing"
    label = "housing"
    verbose_name = _("Housing First")

    def ready(self) -> None:
        from helhed.access import relations, retention
        from helhed.housing.relations import HousingRelations
        from helhed.housing.retention import HousingRetention

        relations.register(HousingRelations())
        retention.register(HousingRetention())
