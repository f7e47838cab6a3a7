"""Publication rules and the texts an organisation writes its kennisgevingen in.

A functional administrator manages both in the admin. Everything that can be checked without
the ZGW APIs is checked in :meth:`clean`; the admin form adds the checks against the live
Catalogi API (:mod:`zgw_threepas.rules.catalogue_check`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import (
    Activiteit,
    Procedure,
    Publicatieblad,
    PublicatiedatumRegel,
    PublicatieType,
    Rubriek,
    Trigger,
    Vertrouwelijkheidaanduiding,
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
    Statustypen are matched by ``omschrijving`` or ``volgnummer``, besluittypen and
    resultaattypen by ``omschrijving``, for the same reason.
    """

    naam = models.CharField(_("name"), max_length=200)
    actief = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive rules publish nothing."),
    )
    zaaktype_identificatie = models.CharField(
        _("zaaktype"),
        max_length=80,
        db_index=True,
        help_text=_(
            "The zaaktype whose zaken this rule publishes. The rule applies to every version "
            "of the zaaktype, because it is matched by its identificatie."
        ),
    )
    trigger = models.CharField(
        _("trigger"),
        max_length=20,
        choices=Trigger.choices,
        default=Trigger.status,
        help_text=_("What has to happen in the zaak for the kennisgeving to be published."),
    )
    statustype_omschrijving = models.CharField(
        _("statustype omschrijving"),
        max_length=80,
        blank=True,
        help_text=_(
            "For the trigger 'Status reached': the omschrijving of the status, e.g. "
            "'Aanvraag ontvangen'. Fill in this field, the volgnummer, or both."
        ),
    )
    statustype_volgnummer = models.PositiveSmallIntegerField(
        _("statustype volgnummer"),
        null=True,
        blank=True,
        help_text=_(
            "For the trigger 'Status reached': the volgnummer of the status in the zaaktype, "
            "e.g. 1 for the first status."
        ),
    )
    besluittype_omschrijving = models.CharField(
        _("besluittype omschrijving"),
        max_length=80,
        blank=True,
        help_text=_("For the trigger 'Besluit taken': the omschrijving of the besluittype."),
    )
    resultaattype_omschrijving = models.CharField(
        _("resultaattype omschrijving"),
        max_length=80,
        blank=True,
        help_text=_(
            "For the trigger 'Resultaat set': the omschrijving of the resultaattype, "
            "e.g. 'Verleend'."
        ),
    )
    publicatietype = models.CharField(
        _("publicatietype"), max_length=40, choices=PublicatieType.choices
    )
    procedure = models.CharField(
        _("procedure"),
        max_length=20,
        choices=Procedure.choices,
        default=Procedure.regulier,
        help_text=_(
            "The preparation procedure of the zaaktype. It chooses the wording of the default "
            "text: in the extended procedure a draft decision comes first and one appeals to "
            "the court instead of objecting."
        ),
    )
    publicatiebladen = models.JSONField(
        _("publicatiebladen"),
        default=list,
        blank=True,
        help_text=_(
            "One kennisgeving is delivered per blad. Tick none to only prepare the "
            "kennisgeving in DROP, where a colleague publishes it by hand."
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
        help_text=_("Only for the rubriek omgevingsvergunning: the activity, e.g. 'bouwen'."),
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
    publicatie_indicatie_volgen = models.BooleanField(
        _("honour publicatieIndicatie"),
        default=True,
        help_text=_(
            "Publish only when the zaaktype (and for a besluit the besluittype) says in the "
            "catalogue that it is published (publicatieIndicatie)."
        ),
    )
    max_vertrouwelijkheidaanduiding = models.CharField(
        _("most confidential level published"),
        max_length=20,
        choices=Vertrouwelijkheidaanduiding.choices,
        blank=True,
        help_text=_(
            "Skip zaken whose vertrouwelijkheidaanduiding is stricter than this level. "
            "Empty: no check."
        ),
    )
    titel_sjabloon = models.CharField(
        _("title"),
        max_length=500,
        blank=True,
        help_text=_(
            "The title of the kennisgeving for this rule. Leave title and text empty to use "
            "the organisation's default text, or else the built-in text."
        ),
    )
    tekst_sjabloon = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The text of the kennisgeving for this rule; see the page “Writing kennisgeving "
            "texts” in the zgw-threepas documentation."
        ),
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
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        self._clear_fields_of_other_triggers()
        if self.trigger == Trigger.status and not (
            self.statustype_omschrijving or self.statustype_volgnummer is not None
        ):
            add(
                "statustype_omschrijving",
                _("A status rule needs the omschrijving or the volgnummer of the statustype."),
            )
        if self.trigger == Trigger.besluit and not self.besluittype_omschrijving:
            add("besluittype_omschrijving", _("A besluit rule needs the besluittype omschrijving."))
        if self.trigger == Trigger.resultaat and not self.resultaattype_omschrijving:
            add(
                "resultaattype_omschrijving",
                _("A resultaat rule needs the resultaattype omschrijving."),
            )

        bladen = list(self.publicatiebladen or [])
        unknown = set(bladen) - set(Publicatieblad.values)
        if unknown:
            add(
                "publicatiebladen",
                _("Unknown publicatieblad: %(bladen)s") % {"bladen": ", ".join(sorted(unknown))},
            )
        elif Publicatieblad.geen in bladen:
            if len(bladen) > 1:
                add(
                    "publicatiebladen",
                    _("'Geen' cannot be combined with a blad: tick no blad to only prepare."),
                )
            else:
                self.publicatiebladen = []

        if self.activiteit and self.rubriek != Rubriek.omgevingsvergunning:
            add(
                "activiteit",
                _("An activiteit only belongs to the rubriek omgevingsvergunning; clear it."),
            )

        if bool(self.titel_sjabloon.strip()) != bool(self.tekst_sjabloon.strip()):
            field = "tekst_sjabloon" if self.titel_sjabloon.strip() else "titel_sjabloon"
            add(
                field,
                _(
                    "Fill in both the title and the text, or leave both empty to use the "
                    "default text."
                ),
            )
        elif self.titel_sjabloon.strip():
            from ..rules.texts import template_problems

            for field, messages in template_problems(
                self.titel_sjabloon,
                self.tekst_sjabloon,
                publicatietype=self.publicatietype,
                trigger=self.trigger,
                fields=("titel_sjabloon", "tekst_sjabloon"),
            ).items():
                for message in messages:
                    add(field, message)

        if not errors and self.actief:
            overlap = self.overlapping_rule()
            if overlap is not None:
                add(
                    "publicatietype",
                    _(
                        "The active rule '%(other)s' already makes this kennisgeving: the same "
                        "zaaktype, trigger, publicatietype and blad. A zaak gets one "
                        "kennisgeving per publicatietype and blad, so only one of the two "
                        "would ever be used. Change or switch off one of them."
                    )
                    % {"other": overlap.naam},
                )

        if errors:
            raise ValidationError(errors)

    def overlapping_rule(self) -> "PublicatieRegel | None":
        """Another active rule that would make the same publication for the same event."""
        others = (
            PublicatieRegel.objects.actief()
            .filter(
                zaaktype_identificatie__iexact=self.zaaktype_identificatie.strip(),
                trigger=self.trigger,
                publicatietype=self.publicatietype,
            )
            .exclude(pk=self.pk)
            .order_by("pk")
        )
        for other in others:
            if set(other.bladen()) & set(self.bladen()) and self._same_moment(other):
                return other
        return None

    def _same_moment(self, other: "PublicatieRegel") -> bool:
        """Whether both rules can fire on one event (the matching of rules.matching)."""

        def same_text(a: str, b: str) -> bool:
            return (a or "").strip().casefold() == (b or "").strip().casefold()

        if self.trigger == Trigger.status:
            # Only what both name can be compared: a rule by omschrijving and one by volgnummer
            # may or may not mean the same statustype, which the catalogue check cannot tell
            # for zaaktype versions yet to come.
            texts = self.statustype_omschrijving, other.statustype_omschrijving
            numbers = self.statustype_volgnummer, other.statustype_volgnummer
            both_texts = all(texts)
            both_numbers = None not in numbers
            if (both_texts and not same_text(*texts)) or (
                both_numbers and numbers[0] != numbers[1]
            ):
                return False
            return both_texts or both_numbers
        if self.trigger == Trigger.besluit:
            return same_text(self.besluittype_omschrijving, other.besluittype_omschrijving)
        return same_text(self.resultaattype_omschrijving, other.resultaattype_omschrijving)

    def _clear_fields_of_other_triggers(self) -> None:
        # A rule shows only what it listens to; leftovers of another trigger would mislead.
        if self.trigger != Trigger.status:
            self.statustype_omschrijving = ""
            self.statustype_volgnummer = None
        if self.trigger != Trigger.besluit:
            self.besluittype_omschrijving = ""
        if self.trigger != Trigger.resultaat:
            self.resultaattype_omschrijving = ""

    def bladen(self) -> list[str]:
        """The bladen to deliver to; no blad means: only prepare in DROP (blad 'geen')."""
        return list(self.publicatiebladen or []) or [Publicatieblad.geen.value]

    @property
    def heeft_eigen_tekst(self) -> bool:
        return bool(self.titel_sjabloon.strip() and self.tekst_sjabloon.strip())


class Sjabloon(models.Model):
    """An organisation's own default text for one publicatietype.

    It is used by every rule of that publicatietype that has no text of its own, for zaken of
    this organisation. Without it, the built-in text applies.
    """

    organisatie = models.ForeignKey(
        "zgw_threepas.Organisatie",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="sjablonen",
    )
    publicatietype = models.CharField(
        _("publicatietype"), max_length=40, choices=PublicatieType.choices
    )
    procedure = models.CharField(
        _("procedure"),
        max_length=20,
        choices=Procedure.choices,
        blank=True,
        help_text=_(
            "Empty: for rules of both procedures. A text for one procedure takes precedence "
            "over a text for both."
        ),
    )
    titel = models.CharField(_("title"), max_length=500)
    tekst = models.TextField(
        _("text"),
        help_text=_("See the page “Writing kennisgeving texts” in the zgw-threepas documentation."),
    )

    class Meta:
        verbose_name = _("default text")
        verbose_name_plural = _("default texts")
        ordering = ("organisatie", "publicatietype", "procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "publicatietype", "procedure"],
                name="zgw_threepas_one_default_text_per_type_and_procedure",
                violation_error_message=_(
                    "This organisation already has a default text for this publicatietype "
                    "and procedure."
                ),
            )
        ]

    def __str__(self):
        label = self.get_publicatietype_display()
        if self.procedure:
            label = f"{label} ({self.get_procedure_display()})"
        return f"{label}: {self.organisatie}"

    def clean(self):
        super().clean()
        from ..rules.texts import template_problems

        problems = template_problems(
            self.titel or "",
            self.tekst or "",
            publicatietype=self.publicatietype,
            trigger=None,
            fields=("titel", "tekst"),
        )
        if problems:
            raise ValidationError(problems)
