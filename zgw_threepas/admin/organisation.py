from django.contrib import admin

from ..models import (
    Organisatie,
    Vrijedag,
)


class VrijedagInline(admin.TabularInline):
    """The organisation's own days off, skipped by rules that publish on the next working day
    (weekends and public holidays are skipped without being listed)."""

    model = Vrijedag
    extra = 0
    fields = ("datum", "omschrijving")


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = (
        "naam",
        "type",
        "rsin",
        "oin",
        "code",
        "standaard_publicatieblad",
        "threepas_service",
        "actief",
    )
    list_filter = ("type", "actief")
    search_fields = ("naam", "rsin", "oin", "code")
    inlines = (VrijedagInline,)
