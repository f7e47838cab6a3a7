"""Django system checks: configuration that cannot work is reported at start-up."""

from django.apps import apps
from django.core.checks import Error, Tags, register

REQUIRED_APPS = {
    "zgw_consumers": "zgw_consumers",
    "solo": "solo",
    "simple_certmanager": "simple_certmanager",
}


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    errors = []
    for label, module in REQUIRED_APPS.items():
        if not apps.is_installed(module):
            errors.append(
                Error(
                    f"zgw_threepas needs '{module}' in INSTALLED_APPS.",
                    hint=f"Add '{module}' to INSTALLED_APPS (Open Zaak has it already).",
                    id="zgw_threepas.E001",
                    obj=label,
                )
            )
    return errors
