"""Received notifications in the admin: what came in, what became of it, and processing one
again after its cause was mended (or after a rule was added for it)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import OntvangenNotificatie
from .changelist import ReadOnlyChangeMixin, SafeChangelistMixin


@admin.register(OntvangenNotificatie)
class OntvangenNotificatieAdmin(ReadOnlyChangeMixin, SafeChangelistMixin, admin.ModelAdmin):
    list_display = (
        "kanaal",
        "resource",
        "actie",
        "status",
        "keer_ontvangen",
        "pogingen",
        "ontvangen",
        "reden",
    )
    list_filter = ("status", "kanaal", "resource", "ontvangen")
    search_fields = ("hoofd_object", "resource_url")
    date_hierarchy = "ontvangen"
    actions = ("process_again",)
    readonly_fields = [
        "publicaties_links",
        *(f.name for f in OntvangenNotificatie._meta.fields if f.name != "id"),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A stored notification is the proof that it arrived, and its key keeps a redelivery
        # from being processed twice.
        return False

    @admin.display(description=_("publications"))
    def publicaties_links(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:zgw_threepas_publicatie_change", args=[p.pk]),
                    str(p),
                    p.get_status_display(),
                )
                for p in obj.publicaties.order_by("pk")
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "-"

    @admin.action(
        description=_("Process again (failed, or processed before a rule existed)"),
        permissions=["change"],
    )
    def process_again(self, request, queryset):
        """Processing is idempotent: publications made before are found, never made twice."""
        from ..delivery.notifications import process_again

        done = sum(process_again(pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%d notification queued for processing.",
                "%d notifications queued for processing.",
                done,
            )
            % done,
            messages.SUCCESS if done else messages.WARNING,
        )
