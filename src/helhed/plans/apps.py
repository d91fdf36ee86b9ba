from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "helhed.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from helhed.access.relations import register
        from helhed.plans.relations import PlanRelations

        register(PlanRelations())
