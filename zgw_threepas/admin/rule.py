from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..constants import Publicatieblad
from ..models import (
    PublicatieRegel,
)


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
        fields = (
            "naam",
            "actief",
            "zaaktype_identificatie",
            "trigger",
            "statustype_omschrijving",
            "besluittype_omschrijving",
            "publicatietype",
            "publicatiebladen",
            "rubriek",
            "activiteit",
            "titel_sjabloon",
            "tekst_sjabloon",
        )


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
        (
            _("What and where"),
            {"fields": ("publicatietype", "publicatiebladen", "rubriek", "activiteit")},
        ),
        (_("Text"), {"fields": ("titel_sjabloon", "tekst_sjabloon")}),
    )
