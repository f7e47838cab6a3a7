from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import (
    Organisatie,
    Vrijedag,
)

#: The fields of the 3PAS connection, shown together (see docs/koop-aansluiten.rst).
CONNECTION_FIELDS = (
    "threepas_service",
    "aansluitstap",
    "authenticatie",
    "gebruikersnaam",
    "wachtwoord",
    "wachtwoord_wissen",
)


class VrijedagInline(admin.TabularInline):
    """The organisation's own days off, skipped by rules that publish on the next working day
    (weekends and public holidays are skipped without being listed)."""

    model = Vrijedag
    extra = 0
    fields = ("datum", "omschrijving")


class OrganisatieForm(forms.ModelForm):
    """The password is write-only: never sent back to the browser, kept when left empty."""

    wachtwoord = forms.CharField(
        label=capfirst(_("password")),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Never shown again once saved; leave empty to keep the stored password. Stored as "
            "entered, like the secrets of the services, and never written to the message log."
        ),
    )
    wachtwoord_wissen = forms.BooleanField(
        label=capfirst(_("remove the stored password")),
        required=False,
        help_text=_("For example when the proof-of-concept step is over."),
    )

    # No Meta: the admin supplies the model and all its fields.

    def clean_wachtwoord(self):
        entered = self.cleaned_data.get("wachtwoord")
        if entered:
            return entered
        return self.instance.wachtwoord if self.instance.pk else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wachtwoord_wissen"):
            cleaned["wachtwoord"] = ""
        return cleaned


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    form = OrganisatieForm
    list_display = (
        "naam",
        "type",
        "rsin",
        "oin",
        "code",
        "standaard_publicatieblad",
        "threepas_service",
        "aansluitstap",
        "actief",
        "connection_check_link",
    )
    list_filter = ("type", "aansluitstap", "actief")
    search_fields = ("naam", "rsin", "oin", "code")
    inlines = (VrijedagInline,)
    actions = ("apply_endpoint_preset", "send_test_kennisgeving")
    change_form_template = "admin/zgw_threepas/organisatie/change_form.html"

    def get_fieldsets(self, request, obj=None):
        # The other fields in their model order; the connection's fields together below them.
        fields = [f for f in self.get_fields(request, obj) if f not in CONNECTION_FIELDS]
        return [
            (None, {"fields": fields}),
            (
                _("3PAS connection"),
                {
                    "fields": CONNECTION_FIELDS,
                    "description": _(
                        "The endpoint, timeout and certificates are on the 3PAS service. "
                        "Use the action 'Fill in the 3PAS address of the connection step' "
                        "after choosing the step, and 'Test connection' after each change."
                    ),
                },
            ),
        ]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/connection-check/",
                self.admin_site.admin_view(self.connection_check_view),
                name="{}_{}_connection_check".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("connection"))
    def connection_check_link(self, obj):
        url = reverse("admin:zgw_threepas_organisatie_connection_check", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("test connection"))

    def connection_check_view(self, request, object_id):
        """Run the connection check for one organisation and show its findings.

        A GET runs it: the check changes nothing but the message log, like any exchange.
        """
        from ..delivery.check import check_connection

        organisatie = self.get_object(request, object_id)
        if organisatie is None:
            raise Http404
        if not self.has_change_permission(request, organisatie):
            raise PermissionDenied
        report = check_connection(organisatie)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Connection check of %(org)s") % {"org": organisatie},
            "opts": self.opts,
            "original": organisatie,
            "report": report,
            "message_log_url": reverse("admin:zgw_threepas_bericht_changelist")
            + f"?organisatie__id__exact={organisatie.pk}",
        }
        return TemplateResponse(
            request, "admin/zgw_threepas/organisatie/connection_check.html", context
        )

    @admin.action(description=_("Fill in the 3PAS address of the connection step"))
    def apply_endpoint_preset(self, request, queryset):
        from ..delivery.connection import ConnectionNotConfigured, apply_endpoint_preset

        for organisatie in queryset.select_related("threepas_service"):
            try:
                service = apply_endpoint_preset(organisatie)
            except ConnectionNotConfigured as exc:
                self.message_user(request, exc.user_message(), messages.ERROR)
                continue
            self.message_user(
                request,
                gettext(
                    "%(org)s: the 3PAS service '%(service)s' now points at %(url)s. Choose its "
                    "certificates if this step needs them, then test the connection."
                )
                % {"org": organisatie, "service": service.label, "url": service.api_root},
                messages.SUCCESS,
            )

    @admin.action(description=_("Send a test kennisgeving (KOOP test environment only)"))
    def send_test_kennisgeving(self, request, queryset):
        from ..delivery.connection import ConnectionNotConfigured
        from ..delivery.testpublication import TestPublicationRefused, send_test_publication
        from ..threepas.errors import ThreepasError

        for organisatie in queryset.select_related("threepas_service"):
            try:
                result = send_test_publication(organisatie)
            except (TestPublicationRefused, ConnectionNotConfigured) as exc:
                self.message_user(request, exc.user_message(), messages.ERROR)
            except ThreepasError as exc:
                self.message_user(
                    request,
                    gettext(
                        "%(org)s: the test kennisgeving was not accepted: %(reason)s. The "
                        "message log shows what was sent and what came back."
                    )
                    % {"org": organisatie, "reason": exc.reason()},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext(
                        "%(org)s: the test kennisgeving was delivered; DROP dossiernummer "
                        "%(dossiernummer)s. Look it up in the web interface of KOOP's test "
                        "environment, and give the dossiernummer to KOOP's service desk."
                    )
                    % {"org": organisatie, "dossiernummer": result.dossiernummer},
                    messages.SUCCESS,
                )
