from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZgwThreepasConfig(AppConfig):
    name = "zgw_threepas"
    label = "zgw_threepas"
    verbose_name = _("Kennisgevingen (3PAS)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
