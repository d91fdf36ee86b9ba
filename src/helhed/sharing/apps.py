from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "helhed.sharing"
    label = "sharing"
    verbose_name = _("Consent and sharing")

    def ready(self) -> None:
        from helhed.access.relations import register
        from helhed.sharing.relations import SharingRelations

        register(SharingRelations())
