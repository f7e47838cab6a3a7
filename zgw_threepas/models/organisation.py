from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import Aansluitstap, OrganisatieType, Publicatieblad, ThreepasAuthenticatie

rsin_validator = RegexValidator(r"^\d{9}$", _("An RSIN has exactly 9 digits."))
oin_validator = RegexValidator(r"^\d{20}$", _("An OIN has exactly 20 digits."))


class Organisatie(models.Model):
    """A government body that publishes through this installation.

    Zaken are routed to an organisation by their ``bronorganisatie`` (besluiten by their
    ``verantwoordelijkeOrganisatie``). One installation may serve several organisations, each
    with its own 3PAS connection and certificate.
    """

    naam = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As it appears in the publication, e.g. 'Amsterdam' (without 'gemeente')."),
    )
    rsin = models.CharField(
        _("RSIN"),
        max_length=9,
        unique=True,
        validators=[rsin_validator],
        help_text=_("The RSIN used as bronorganisatie of this organisation's zaken."),
    )
    type = models.CharField(
        _("type"),
        max_length=40,
        choices=OrganisatieType.choices,
        default=OrganisatieType.gemeente,
    )
    oin = models.CharField(
        _("OIN"),
        max_length=20,
        blank=True,
        validators=[oin_validator],
        help_text=_("Organisatie-identificatienummer (20 digits), as known to KOOP."),
    )
    standaard_publicatieblad = models.CharField(
        _("default publicatieblad"),
        max_length=40,
        choices=Publicatieblad.choices,
        default=Publicatieblad.gemeenteblad,
        help_text=_("Used by rules that do not name a publicatieblad themselves."),
    )
    threepas_service = models.ForeignKey(
        "zgw_consumers.Service",
        verbose_name=_("3PAS service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The 3PAS endpoint of this organisation (a service of type 'ORC (Overige)'), "
            "with its timeout and certificates."
        ),
    )
    aansluitstap = models.CharField(
        _("connection step"),
        max_length=20,
        choices=Aansluitstap.choices,
        default=Aansluitstap.productie,
        help_text=_(
            "Where this organisation is in KOOP's connection procedure. It chooses the "
            "endpoint preset and what the connection check expects; test kennisgevingen are "
            "only sent at steps 1 to 3."
        ),
    )
    authenticatie = models.CharField(
        _("username authentication"),
        max_length=40,
        choices=ThreepasAuthenticatie.choices,
        default=ThreepasAuthenticatie.none,
        help_text=_(
            "Step 1 (proof of concept) uses a username and password instead of a "
            "certificate. KOOP does not publish how the proof-of-concept endpoint expects "
            "them: try HTTP basic first, and the WS-Security UsernameToken if it is refused."
        ),
    )
    gebruikersnaam = models.CharField(
        _("username"),
        max_length=200,
        blank=True,
        help_text=_("The username KOOP's service desk gave for the proof-of-concept step."),
    )
    wachtwoord = models.CharField(
        _("password"),
        max_length=200,
        blank=True,
        help_text=_(
            "Stored as entered, like the secrets of the services; never shown again and "
            "never written to the message log."
        ),
    )
    actief = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive organisations publish nothing; their zaken are held."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("naam",)

    def __str__(self):
        return f"{self.get_type_display()} {self.naam}"
