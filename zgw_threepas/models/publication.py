import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constants import BerichtUitkomst, Publicatieblad, PublicatieStatus, PublicatieType
from ..threepas.contract import MAX_DOSSIERNUMMER_LENGTH


class Publicatie(models.Model):
    """One kennisgeving for one zaak, publicatietype and blad, and what became of it.

    The unique constraint is the guarantee that a kennisgeving is never made twice: every
    redelivered notification, replayed task or concurrent worker lands on the same row, and
    only :mod:`zgw_threepas.delivery` changes its state, by conditional updates.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak_url = models.URLField(_("zaak"), max_length=1000)
    zaak_identificatie = models.CharField(_("zaak identificatie"), max_length=100, blank=True)
    zaaktype_identificatie = models.CharField(
        _("zaaktype identificatie"), max_length=80, blank=True, db_index=True
    )
    besluit_url = models.CharField(
        _("besluit"),
        max_length=1000,
        blank=True,
        default="",
        help_text=_("For kennisgevingen about a besluit: the besluit they are about."),
    )
    trigger_url = models.URLField(
        _("trigger"),
        max_length=1000,
        blank=True,
        help_text=_("The status or besluit whose notification asked for this publication."),
    )
    publicatietype = models.CharField(
        _("publicatietype"), max_length=40, choices=PublicatieType.choices
    )
    publicatieblad = models.CharField(
        _("publicatieblad"), max_length=40, choices=Publicatieblad.choices
    )
    regel = models.ForeignKey(
        "zgw_threepas.PublicatieRegel",
        verbose_name=_("rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publicaties",
    )
    organisatie = models.ForeignKey(
        "zgw_threepas.Organisatie",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publicaties",
    )
    notificatie = models.ForeignKey(
        "zgw_threepas.OntvangenNotificatie",
        verbose_name=_("notification"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publicaties",
    )

    status = models.CharField(
        _("state"),
        max_length=20,
        choices=PublicatieStatus.choices,
        default=PublicatieStatus.pending,
        db_index=True,
    )
    reden = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the publication is held, failed or uncertain, and what to do."),
    )
    foutcode = models.CharField(_("error code"), max_length=100, blank=True)
    pogingen = models.PositiveIntegerField(_("attempts"), default=0)
    volgende_poging = models.DateTimeField(_("next attempt"), null=True, blank=True)
    verzending_gestart = models.DateTimeField(_("sending started"), null=True, blank=True)
    dossiernummer = models.CharField(
        _("DROP dossiernummer"), max_length=MAX_DOSSIERNUMMER_LENGTH, blank=True
    )

    publicatiedatum = models.DateField(_("publication date"), null=True, blank=True)
    titel = models.CharField(_("title"), max_length=1000, blank=True)
    tekst = models.TextField(_("text"), blank=True)
    inhoud_xml = models.TextField(_("inhoud.xml"), blank=True)
    metadata = models.JSONField(
        _("metadata"),
        default=dict,
        blank=True,
        help_text=_("The metadata delivered with the kennisgeving (organisation, blad, location)."),
    )

    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)
    gepubliceerd = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("-aangemaakt",)
        constraints = [
            models.UniqueConstraint(
                fields=["zaak_url", "publicatietype", "publicatieblad", "besluit_url"],
                name="zgw_threepas_one_publication_per_zaak_type_blad",
            )
        ]

    def __str__(self):
        return f"{self.zaak_identificatie or self.zaak_url} – {self.get_publicatietype_display()} ({self.get_publicatieblad_display()})"

    @property
    def kenmerk(self) -> str:
        """Our reference sent along to DROP, stable across attempts."""
        return f"zgw-threepas:{self.uuid}"


class PublicatieGebeurtenis(models.Model):
    """One line in a publication's timeline."""

    publicatie = models.ForeignKey(
        Publicatie,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="gebeurtenissen",
    )
    tijdstip = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    soort = models.CharField(_("event"), max_length=40)
    status = models.CharField(
        _("state after"), max_length=20, choices=PublicatieStatus.choices, blank=True
    )
    omschrijving = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        ordering = ("tijdstip", "pk")

    def __str__(self):
        return f"{_local(self.tijdstip)} {self.soort}"


class Bericht(models.Model):
    """One SOAP exchange with 3PAS, kept so that what was sent can always be shown to KOOP."""

    publicatie = models.ForeignKey(
        Publicatie,
        verbose_name=_("publication"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="berichten",
    )
    organisatie = models.ForeignKey(
        "zgw_threepas.Organisatie",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tijdstip = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    endpoint = models.CharField(_("endpoint"), max_length=1000)
    soap_action = models.CharField(_("SOAPAction"), max_length=300)
    request = models.TextField(_("request"))
    response = models.TextField(_("response"), blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duur_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    uitkomst = models.CharField(
        _("outcome"),
        max_length=20,
        choices=BerichtUitkomst.choices,
        help_text=_(
            "Whether the message arrived: delivered, not arrived for a passing reason, refused, "
            "or unknown."
        ),
    )

    class Meta:
        verbose_name = _("3PAS message")
        verbose_name_plural = _("3PAS message log")
        ordering = ("-tijdstip",)

    def __str__(self):
        if self.http_status is None:
            # No HTTP answer at all (a timeout, a broken connection): say so, not "(None)".
            no_answer = gettext("no answer")
            return f"{_local(self.tijdstip)} {self.endpoint} ({no_answer})"
        return f"{_local(self.tijdstip)} {self.endpoint} (HTTP {self.http_status})"


def _local(moment) -> str:
    """A stored moment in the site's time zone, as the admin shows every other time."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M:%S}"
