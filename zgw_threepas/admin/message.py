from django.contrib import admin

from ..models import (
    Bericht,
)


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = ("tijdstip", "organisatie", "endpoint", "http_status", "duur_ms", "uitkomst")
    list_filter = ("uitkomst", "organisatie", "tijdstip")
    readonly_fields = [f.name for f in Bericht._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
