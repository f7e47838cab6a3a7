"""An organisation's default texts per publicatietype, used by rules without a text of their
own."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constants import Procedure, PublicatieType
from ..kennisgeving.texts import default_text, has_procedure_variant
from ..models import PublicatieRegel, Sjabloon
from ..rules.texts import text_for


class SjabloonForm(forms.ModelForm):
    class Meta:
        model = Sjabloon
        fields = ("organisatie", "publicatietype", "procedure", "titel", "tekst")
        widgets = {
            "titel": forms.TextInput(attrs={"class": "vLargeTextField", "size": 100}),
            "tekst": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }


@admin.register(Sjabloon)
class SjabloonAdmin(admin.ModelAdmin):
    form = SjabloonForm
    list_display = ("publicatietype", "procedure", "organisatie", "titel")
    list_filter = ("organisatie", "publicatietype", "procedure")
    search_fields = ("titel", "tekst")
    readonly_fields = ("start_from_built_in", "used_by")
    fieldsets = (
        (None, {"fields": ("organisatie", "publicatietype", "procedure")}),
        (_("Text"), {"fields": ("start_from_built_in", "titel", "tekst")}),
        (_("Used by"), {"fields": ("used_by",)}),
    )

    def get_changeform_initial_data(self, request):
        """``?publicatietype=…&procedure=…`` starts a new text from the built-in one."""
        initial = super().get_changeform_initial_data(request)
        publicatietype = initial.get("publicatietype")
        if publicatietype in PublicatieType.values:
            builtin = default_text(publicatietype, initial.get("procedure") or None)
            initial.setdefault("titel", builtin.titel)
            initial.setdefault("tekst", builtin.tekst)
        return initial

    @admin.display(description=_("built-in texts"))
    def start_from_built_in(self, obj: Sjabloon | None):
        if obj is not None and obj.pk is not None:
            builtin = default_text(obj.publicatietype, obj.procedure or None)
            return format_html(
                "<details><summary>{}</summary><pre>{}\n\n{}</pre></details>",
                gettext("Show the built-in text this text replaces"),
                builtin.titel,
                builtin.tekst,
            )
        add_url = reverse("admin:zgw_threepas_sjabloon_add")
        links = []
        for value, label in PublicatieType.choices:
            procedures = Procedure.choices if has_procedure_variant(value) else [("", "")]
            for procedure, procedure_label in procedures:
                query = urlencode({"publicatietype": value, "procedure": procedure})
                text = f"{label} ({procedure_label})" if procedure else str(label)
                links.append((f"{add_url}?{query}", text))
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            gettext("Start from a built-in text and adapt it:"),
            format_html_join("", '<li><a href="{}">{}</a></li>', links),
        )

    @admin.display(description=_("rules that use this text"))
    def used_by(self, obj: Sjabloon | None):
        if obj is None or obj.pk is None:
            return "-"
        rules = [
            rule
            for rule in PublicatieRegel.objects.filter(publicatietype=obj.publicatietype)
            if text_for(rule, obj.organisatie).sjabloon == obj
        ]
        if not rules:
            return gettext("No rule uses this text yet.")
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            gettext("For zaken of %(organisatie)s:") % {"organisatie": obj.organisatie},
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:zgw_threepas_publicatieregel_change", args=[r.pk]), r.naam)
                    for r in rules
                ),
            ),
        )
