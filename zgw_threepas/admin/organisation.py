from django.contrib import admin

from ..models import (
    Organisatie,
)


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = (
        "naam",
        "type",
        "rsin",
        "oin",
        "standaard_publicatieblad",
        "threepas_service",
        "actief",
    )
    list_filter = ("type", "actief")
    search_fields = ("naam", "rsin", "oin")
