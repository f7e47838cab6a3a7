from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..constants import PublicatieStatus as S
from ..models import (
    Bericht,
    Publicatie,
    PublicatieGebeurtenis,
)


class GebeurtenisInline(admin.TabularInline):
    model = PublicatieGebeurtenis
    extra = 0
    can_delete = False
    fields = ("tijdstip", "soort", "status", "omschrijving")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class BerichtInline(admin.TabularInline):
    model = Bericht
    extra = 0
    can_delete = False
    fields = ("tijdstip", "endpoint", "http_status", "duur_ms", "uitkomst", "link")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("message"))
    def link(self, obj):
        from django.urls import reverse

        url = reverse("admin:zgw_threepas_bericht_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("show"))


@admin.register(Publicatie)
class PublicatieAdmin(admin.ModelAdmin):
    list_display = (
        "zaak_identificatie",
        "publicatietype",
        "publicatieblad",
        "status",
        "dossiernummer",
        "pogingen",
        "organisatie",
        "aangemaakt",
    )
    list_filter = (
        "status",
        "publicatietype",
        "publicatieblad",
        "organisatie",
        "zaaktype_identificatie",
        "aangemaakt",
    )
    search_fields = ("zaak_identificatie", "zaak_url", "dossiernummer", "titel")
    date_hierarchy = "aangemaakt"
    inlines = (GebeurtenisInline, BerichtInline)
    actions = ("retry", "cancel")
    readonly_fields = [f.name for f in Publicatie._meta.fields if f.name != "id"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "status",
                    "reden",
                    "foutcode",
                    "dossiernummer",
                    "pogingen",
                    "volgende_poging",
                    "gepubliceerd",
                )
            },
        ),
        (
            _("Zaak"),
            {
                "fields": (
                    "zaak_identificatie",
                    "zaak_url",
                    "zaaktype_identificatie",
                    "besluit_url",
                    "trigger_url",
                    "notificatie",
                    "regel",
                    "organisatie",
                )
            },
        ),
        (
            _("Kennisgeving"),
            {
                "fields": (
                    "publicatietype",
                    "publicatieblad",
                    "publicatiedatum",
                    "titel",
                    "tekst",
                    "inhoud_xml",
                    "metadata",
                )
            },
        ),
        (_("Times"), {"fields": ("uuid", "aangemaakt", "gewijzigd", "verzending_gestart")}),
    )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again (held, failed or uncertain publications)"))
    def retry(self, request, queryset):
        from ..delivery.tasks import deliver_publication
        from ..delivery.transitions import transition

        done = 0
        for pk in queryset.values_list("pk", flat=True):
            if transition(
                pk,
                S.pending,
                event="retry-by-administrator",
                description=str(_("Sent again by %(user)s") % {"user": request.user}),
                only_from={S.held, S.failed, S.uncertain},
                volgende_poging=None,
            ):
                deliver_publication.delay(pk)
                done += 1
        self.message_user(
            request,
            ngettext("%d publication queued again.", "%d publications queued again.", done) % done,
            messages.SUCCESS if done else messages.WARNING,
        )

    @admin.action(description=_("Cancel (never send)"))
    def cancel(self, request, queryset):
        from ..delivery.transitions import transition

        done = sum(
            transition(
                pk,
                S.cancelled,
                event="cancelled-by-administrator",
                description=str(_("Cancelled by %(user)s") % {"user": request.user}),
            )
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%d publication cancelled.", "%d publications cancelled.", done) % done,
        )
