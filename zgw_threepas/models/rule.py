from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import (
    Activiteit,
    PublicatiedatumRegel,
    Publicatieblad,
    PublicatieType,
    Rubriek,
    Trigger,
)


class PublicatieRegelQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(actief=True)

    def for_zaaktype(self, identificatie: str):
        return self.actief().filter(zaaktype_identificatie=identificatie)


class PublicatieRegel(models.Model):
    """Which event of which zaaktype asks for which kennisgeving, in which blad.

    Zaaktypen are matched by ``identificatie``, which stays the same across zaaktype versions
    (each version has its own URL), so a rule keeps working after the catalogue is updated.
    Statustypen are matched by ``omschrijving`` for the same reason.
    """

    naam = models.CharField(_("name"), max_length=200)
    actief = models.BooleanField(_("active"), default=True)
    zaaktype_identificatie = models.CharField(
        _("zaaktype identificatie"),
        max_length=80,
        db_index=True,
        help_text=_("The identificatie of the zaaktype, e.g. 'OMGEVINGSVERGUNNING-REGULIER'."),
    )
    trigger = models.CharField(
        _("trigger"),
        max_length=20,
        choices=Trigger.choices,
        default=Trigger.status,
    )
    statustype_omschrijving = models.CharField(
        _("statustype omschrijving"),
        max_length=80,
        blank=True,
        help_text=_(
            "For trigger 'status': the omschrijving of the status, e.g. 'Aanvraag ontvangen'."
        ),
    )
    besluittype_omschrijving = models.CharField(
        _("besluittype omschrijving"),
        max_length=80,
        blank=True,
        help_text=_("For trigger 'besluit': the omschrijving of the besluittype."),
    )
    publicatietype = models.CharField(
        _("publicatietype"), max_length=40, choices=PublicatieType.choices
    )
    publicatiebladen = models.JSONField(
        _("publicatiebladen"),
        default=list,
        blank=True,
        help_text=_(
            "One kennisgeving is delivered per blad. None: the organisation's default blad. "
            "Choose 'Geen' to only prepare the kennisgeving in DROP."
        ),
    )
    rubriek = models.CharField(
        _("rubriek"),
        max_length=40,
        choices=Rubriek.choices,
        default=Rubriek.omgevingsvergunning,
    )
    activiteit = models.CharField(
        _("activiteit"),
        max_length=40,
        choices=Activiteit.choices,
        blank=True,
        help_text=_("For omgevingsvergunningen: the activity, e.g. 'bouwen'."),
    )
    publicatiedatum_regel = models.CharField(
        _("publication date"),
        max_length=30,
        choices=PublicatiedatumRegel.choices,
        default=PublicatiedatumRegel.direct,
        help_text=_(
            "When the kennisgeving is published: at once; on the next working day (weekends, "
            "public holidays and the organisation's own days off skipped); or on the "
            "publicatiedatum the case worker entered in the besluit. Delivery waits until "
            "that day."
        ),
    )
    titel_sjabloon = models.CharField(
        _("title template"),
        max_length=500,
        blank=True,
        help_text=_("Empty: the built-in title of the publicatietype."),
    )
    tekst_sjabloon = models.TextField(
        _("text template"),
        blank=True,
        help_text=_("Empty: the built-in text of the publicatietype."),
    )

    objects = PublicatieRegelQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication rule")
        verbose_name_plural = _("publication rules")
        ordering = ("zaaktype_identificatie", "naam")

    def __str__(self):
        return self.naam

    def clean(self):
        super().clean()
        if self.trigger == Trigger.status and not self.statustype_omschrijving:
            raise ValidationError(
                {"statustype_omschrijving": _("A status rule needs the statustype omschrijving.")}
            )
        if self.trigger == Trigger.besluit and not self.besluittype_omschrijving:
            raise ValidationError(
                {
                    "besluittype_omschrijving": _(
                        "A besluit rule needs the besluittype omschrijving."
                    )
                }
            )
        unknown = set(self.publicatiebladen or []) - set(Publicatieblad.values)
        if unknown:
            raise ValidationError(
                {"publicatiebladen": _("Unknown publicatieblad: %s") % ", ".join(sorted(unknown))}
            )

    def bladen_for(self, default: str) -> list[str]:
        return list(self.publicatiebladen) or [default]
