from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "helhed.access"
    label = "access"
    verbose_name = _("Access and audit")

    def ready(self) -> None:
        # Registers the SQLite function the audit log's append-only triggers ask (audit_chain).
        from helhed.access import audit_chain  # noqa: F401
