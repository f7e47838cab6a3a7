from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from solo.admin import SingletonModelAdmin

from .constants import Publicatieblad, PublicatieStatus as S
from .models import (
    Bericht,
    OntvangenNotificatie,
    Organisatie,
    Publicatie,
    PublicatieGebeurtenis,
    PublicatieRegel,
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


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "type", "rsin", "oin", "standaard_publicatieblad", "threepas_service", "actief")
    list_filter = ("type", "actief")
    search_fields = ("naam", "rsin", "oin")


class PublicatieRegelForm(forms.ModelForm):
    publicatiebladen = forms.MultipleChoiceField(
        label=_("publicatiebladen"),
        choices=Publicatieblad.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=PublicatieRegel._meta.get_field("publicatiebladen").help_text,
    )

    class Meta:
        model = PublicatieRegel
        fields = "__all__"


@admin.register(PublicatieRegel)
class PublicatieRegelAdmin(admin.ModelAdmin):
    form = PublicatieRegelForm
    list_display = (
        "naam",
        "zaaktype_identificatie",
        "trigger",
        "statustype_omschrijving",
        "besluittype_omschrijving",
        "publicatietype",
        "actief",
    )
    list_filter = ("actief", "trigger", "publicatietype", "rubriek")
    search_fields = ("naam", "zaaktype_identificatie", "statustype_omschrijving")
    fieldsets = (
        (None, {"fields": ("naam", "actief")}),
        (
            _("When"),
            {
                "fields": (
                    "zaaktype_identificatie",
                    "trigger",
                    "statustype_omschrijving",
                    "besluittype_omschrijving",
                )
            },
        ),
        (_("What and where"), {"fields": ("publicatietype", "publicatiebladen", "rubriek", "activiteit")}),
        (_("Text"), {"fields": ("titel_sjabloon", "tekst_sjabloon")}),
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
    list_filter = ("status", "publicatietype", "publicatieblad", "organisatie", "zaaktype_identificatie", "aangemaakt")
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
        from .delivery.transitions import transition
        from .delivery.tasks import deliver_publication

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
        from .delivery.transitions import transition

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


@admin.register(OntvangenNotificatie)
class OntvangenNotificatieAdmin(admin.ModelAdmin):
    list_display = ("kanaal", "resource", "actie", "status", "keer_ontvangen", "ontvangen", "reden")
    list_filter = ("status", "kanaal", "resource", "ontvangen")
    search_fields = ("hoofd_object", "resource_url")
    readonly_fields = [f.name for f in OntvangenNotificatie._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = ("tijdstip", "organisatie", "endpoint", "http_status", "duur_ms", "uitkomst")
    list_filter = ("uitkomst", "organisatie", "tijdstip")
    readonly_fields = [f.name for f in Bericht._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
