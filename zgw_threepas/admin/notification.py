from django.contrib import admin

from ..models import (
    OntvangenNotificatie,
)


@admin.register(OntvangenNotificatie)
class OntvangenNotificatieAdmin(admin.ModelAdmin):
    list_display = ("kanaal", "resource", "actie", "status", "keer_ontvangen", "ontvangen", "reden")
    list_filter = ("status", "kanaal", "resource", "ontvangen")
    search_fields = ("hoofd_object", "resource_url")
    readonly_fields = [f.name for f in OntvangenNotificatie._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
