from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaircaseConfig(AppConfig):
    name = "helhed.staircase"
    label = "staircase"
    verbose_name = _("Intervention staircase")
