"""Publication rules in the admin: choosing a zaaktype from the live catalogue, checking a rule
against it before it is saved, showing which text a rule will use, and previewing a rule for a
real zaak without sending anything."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..collect.catalogi import list_zaaktypen
from ..constants import Publicatieblad, Trigger
from ..exceptions import ZGWError, ZGWTransientError
from ..kennisgeving.context import PLACEHOLDERS
from ..models import Organisatie, PublicatieRegel
from ..rules.catalogue_check import catalogue_problems
from ..rules.preview import PreviewError, preview
from ..rules.texts import SOURCE_BUILT_IN, SOURCE_ORGANISATION, text_chain

#: The bladen an administrator ticks; ticking none means "only prepare in DROP".
BLAD_CHOICES = [(value, label) for value, label in Publicatieblad.choices if value != "geen"]


def zaaktype_choices(current: str = "") -> tuple[list[tuple[str, str]], str]:
    """The zaaktypen of the Catalogi API as choices, and the reason when they are unavailable.

    A rule's current zaaktype stays selectable when the catalogue no longer has it, so the
    form can show it; saving it is then refused by the catalogue check.
    """
    error = ""
    # Without an answer from the Catalogi API nobody knows whether the zaaktype still exists.
    missing = gettext("%(zaaktype)s (not found)")
    try:
        choices = [(z.identificatie, z.label) for z in list_zaaktypen()]
    except ZGWTransientError as exc:
        choices = []
        error = exc.interactive_message()
        missing = gettext("%(zaaktype)s (Catalogi API not reachable)")
    except ZGWError as exc:
        choices = []
        error = exc.interactive_message()
        missing = gettext("%(zaaktype)s (Catalogi API refused the request)")
    if current and current not in {value for value, _label in choices}:
        choices.append((current, missing % {"zaaktype": current}))
    return [("", "---------"), *choices], error


class PublicatieRegelForm(forms.ModelForm):
    zaaktype_identificatie = forms.ChoiceField(
        label=capfirst(_("zaaktype")),
        help_text=PublicatieRegel._meta.get_field("zaaktype_identificatie").help_text,
    )
    publicatiebladen = forms.MultipleChoiceField(
        label=capfirst(_("publicatiebladen")),
        choices=BLAD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=PublicatieRegel._meta.get_field("publicatiebladen").help_text,
    )

    class Meta:
        model = PublicatieRegel
        fields = (
            "naam",
            "actief",
            "zaaktype_identificatie",
            "trigger",
            "statustype_omschrijving",
            "statustype_volgnummer",
            "besluittype_omschrijving",
            "resultaattype_omschrijving",
            "publicatietype",
            "procedure",
            "publicatiebladen",
            "rubriek",
            "activiteit",
            "publicatiedatum_regel",
            "publicatie_indicatie_volgen",
            "max_vertrouwelijkheidaanduiding",
            "titel_sjabloon",
            "tekst_sjabloon",
        )
        widgets = {
            "titel_sjabloon": forms.TextInput(attrs={"class": "vLargeTextField", "size": 100}),
            "tekst_sjabloon": forms.Textarea(attrs={"rows": 20, "cols": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("zaaktype_identificatie") or ""
        choices, self.catalogue_error = zaaktype_choices(current)
        field = self.fields["zaaktype_identificatie"]
        field.choices = choices
        if self.catalogue_error:
            field.help_text = gettext(
                "The zaaktypen could not be fetched from the Catalogi API: %(error)s"
            ) % {"error": self.catalogue_error}
        if self.instance.pk is None and "publicatiebladen" not in self.initial:
            self.initial["publicatiebladen"] = _default_bladen()

    def _post_clean(self):
        super()._post_clean()
        # The live check costs requests; only a rule that is right in itself is worth it.
        if self.errors:
            return
        for field, messages in catalogue_problems(self.instance).items():
            for message in messages:
                self.add_error(field, message)


def _default_bladen() -> list[str]:
    """A new rule starts with the default blad of the organisation, when there is just one."""
    organisaties = list(Organisatie.objects.all()[:2])
    if len(organisaties) == 1 and organisaties[0].standaard_publicatieblad != "geen":
        return [organisaties[0].standaard_publicatieblad]
    return []


class PreviewForm(forms.Form):
    zaak = forms.CharField(
        label=capfirst(_("zaak")),
        max_length=1000,
        help_text=_("The URL of the zaak in the Zaken API, or its identificatie."),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    regel = forms.ModelChoiceField(
        label=capfirst(_("rule")),
        queryset=PublicatieRegel.objects.all(),
    )


@admin.register(PublicatieRegel)
class PublicatieRegelAdmin(admin.ModelAdmin):
    form = PublicatieRegelForm
    change_form_template = "admin/zgw_threepas/publicatieregel/change_form.html"
    change_list_template = "admin/zgw_threepas/publicatieregel/change_list.html"
    list_display = (
        "naam",
        "zaaktype_identificatie",
        "wanneer",
        "publicatietype",
        "bladen",
        "tekst",
        "actief",
    )
    list_filter = ("actief", "trigger", "publicatietype", "rubriek")
    search_fields = (
        "naam",
        "zaaktype_identificatie",
        "statustype_omschrijving",
        "besluittype_omschrijving",
        "resultaattype_omschrijving",
    )
    readonly_fields = ("tekst_keten", "placeholders")
    fieldsets = (
        (None, {"fields": ("naam", "actief")}),
        (
            _("When"),
            {
                "fields": (
                    "zaaktype_identificatie",
                    "trigger",
                    "statustype_omschrijving",
                    "statustype_volgnummer",
                    "besluittype_omschrijving",
                    "resultaattype_omschrijving",
                )
            },
        ),
        (
            _("What and where"),
            {
                "fields": (
                    "publicatietype",
                    "procedure",
                    "publicatiebladen",
                    "rubriek",
                    "activiteit",
                    "publicatiedatum_regel",
                )
            },
        ),
        (
            _("Conditions"),
            {"fields": ("publicatie_indicatie_volgen", "max_vertrouwelijkheidaanduiding")},
        ),
        (_("Text"), {"fields": ("tekst_keten", "titel_sjabloon", "tekst_sjabloon")}),
        (_("Placeholders"), {"classes": ("collapse",), "fields": ("placeholders",)}),
    )

    # List columns -------------------------------------------------------------------------

    @admin.display(description=_("when"))
    def wanneer(self, obj: PublicatieRegel) -> str:
        if obj.trigger == Trigger.status:
            parts = [obj.statustype_omschrijving] if obj.statustype_omschrijving else []
            if obj.statustype_volgnummer is not None:
                parts.append(f"#{obj.statustype_volgnummer}")
            return gettext("Status %(status)s") % {"status": " ".join(parts)}
        if obj.trigger == Trigger.besluit:
            return gettext("Besluit %(besluittype)s") % {
                "besluittype": obj.besluittype_omschrijving
            }
        return gettext("Resultaat %(resultaattype)s") % {
            "resultaattype": obj.resultaattype_omschrijving
        }

    @admin.display(description=_("publicatiebladen"))
    def bladen(self, obj: PublicatieRegel) -> str:
        if not obj.publicatiebladen:
            return gettext("none: only prepared in DROP")
        return ", ".join(str(Publicatieblad(blad).label) for blad in obj.publicatiebladen)

    @admin.display(description=_("text"))
    def tekst(self, obj: PublicatieRegel) -> str:
        if obj.heeft_eigen_tekst:
            return gettext("own text")
        sources = {chosen.bron for _org, chosen in text_chain(obj)}
        if sources == {SOURCE_BUILT_IN}:
            return gettext("built-in text")
        if sources == {SOURCE_ORGANISATION}:
            return gettext("organisation's default text")
        return gettext("per organisation")

    # Read-only panels -----------------------------------------------------------------------

    @admin.display(description=_("text that will be used"))
    def tekst_keten(self, obj: PublicatieRegel | None):
        if obj is None or obj.pk is None:
            return gettext(
                "Leave the title and text below empty to use the organisation's default text "
                "or, without one, the built-in text. Save the rule to see which applies."
            )
        rows = []
        for organisatie, chosen in text_chain(obj):
            who = str(organisatie) if organisatie else gettext("every organisation")
            if chosen.sjabloon is not None:
                url = reverse("admin:zgw_threepas_sjabloon_change", args=[chosen.sjabloon.pk])
                where = format_html('<a href="{}">{}</a>', url, chosen.describe())
            else:
                where = chosen.describe()
            rows.append((who, where, chosen.titel))
        table = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            rows,
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext(
                "A rule's own text comes first, then the organisation's default text for the "
                "publicatietype, then the built-in text."
            ),
            capfirst(gettext("zaken of")),
            capfirst(gettext("text")),
            capfirst(gettext("title")),
            table,
        )

    @admin.display(description=_("placeholders"))
    def placeholders(self, obj):
        rows = format_html_join(
            "",
            "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td><td>{}</td></tr>",
            ((name, description, example) for name, (description, example) in PLACEHOLDERS.items()),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody>"
            "</table>",
            capfirst(gettext("placeholder")),
            capfirst(gettext("meaning")),
            capfirst(gettext("example")),
            rows,
        )

    # Preview ------------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="zgw_threepas_publicatieregel_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request):
        """Show what a rule makes of a zaak; a GET that reads, stores nothing, sends nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if "zaak" in request.GET:
            form = PreviewForm(request.GET)
        else:
            # Opened from a rule's page: the rule is chosen, the zaak still to be entered.
            form = PreviewForm(initial={"regel": request.GET.get("regel")})
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Preview a kennisgeving"),
            "opts": self.model._meta,
            "form": form,
        }
        if form.is_bound and form.is_valid():
            try:
                result = preview(form.cleaned_data["zaak"], form.cleaned_data["regel"])
            except PreviewError as exc:
                form.add_error("zaak", exc.message)
            else:
                context.update(
                    result=result,
                    # Built by inhoud_to_html, which escapes every text and address itself.
                    result_html=mark_safe(result.html),
                    metadata_rows=_metadata_rows(result.metadata),
                )
        return TemplateResponse(request, "admin/zgw_threepas/publicatieregel/preview.html", context)


def _metadata_rows(metadata: dict) -> list[tuple[str, object]]:
    """Metadata as (label, value) rows; lists of locations become lists of (label, value)."""
    rows = []
    for key, value in metadata.items():
        if isinstance(value, list):
            value = [[(k, v) for k, v in item.items() if v not in ("", None)] for item in value]
        rows.append((key, value))
    return rows
