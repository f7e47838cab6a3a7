from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from solo.admin import SingletonModelAdmin

from ..models import (
    ThreepasConfig,
)


@admin.register(ThreepasConfig)
class ThreepasConfigAdmin(SingletonModelAdmin):
    fieldsets = (
        (None, {"fields": ("enabled", "webhook_auth")}),
        (
            _("Retries"),
            {"fields": ("max_attempts", "retry_backoff_seconds", "retry_backoff_max_seconds")},
        ),
        (_("Cache"), {"fields": ("catalogue_cache_seconds",)}),
    )
