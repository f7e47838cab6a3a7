import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import Aansluitstap, OrganisatieType, Publicatieblad, ThreepasAuthenticatie
from ..kennisgeving.render import passes_elfproef

rsin_validator = RegexValidator(r"^\d{9}$", _("An RSIN has exactly 9 digits."))
oin_validator = RegexValidator(r"^\d{20}$", _("An OIN has exactly 20 digits."))

#: An OIN that starts with this prefix is made from an RSIN: the prefix, the RSIN, ``000``
#: (Logius, *OIN-stelsel*). Other prefixes hold numbers without a check digit (a KvK
#: number, a number from the OIN register).
OIN_RSIN_PREFIX = "00000001"


def validate_rsin_elfproef(value: str) -> None:
    """An RSIN passes the same 11-test as a BSN; a typing error almost never does.

    The zaken of an organisation whose RSIN is mistyped would all be held as of an unknown
    organisation, and Open Zaak refuses such an RSIN as ``bronorganisatie`` anyway.
    """
    if value and value.isdigit() and len(value) == 9 and not passes_elfproef(value):
        raise ValidationError(
            _(
                "%(value)s is not an RSIN: it does not pass the 11-test. Check it for typing errors."
            ),
            code="rsin-elfproef",
            params={"value": value},
        )


def validate_oin_elfproef(value: str) -> None:
    """An OIN made from an RSIN (prefix ``00000001``) must hold an RSIN that passes the 11-test."""
    if value and value.isdigit() and len(value) == 20 and value.startswith(OIN_RSIN_PREFIX):
        rsin = value[len(OIN_RSIN_PREFIX) : len(OIN_RSIN_PREFIX) + 9]
        if not passes_elfproef(rsin):
            raise ValidationError(
                _(
                    "%(value)s is not an OIN: an OIN starting with %(prefix)s holds an RSIN, "
                    "and %(rsin)s does not pass the 11-test. Check it for typing errors."
                ),
                code="oin-elfproef",
                params={"value": value, "prefix": OIN_RSIN_PREFIX, "rsin": rsin},
            )


#: What the organisation code looks like per organisation type: the prefixes of the
#: government's organisation register (TOOI), with the CBS gemeentecode for gemeenten.
ORGANISATIE_CODE_PATTERNS = {
    OrganisatieType.gemeente: r"gm\d{4}",
    OrganisatieType.provincie: r"pv\d{2}",
    OrganisatieType.waterschap: r"ws\d{4}",
    OrganisatieType.gemeenschappelijke_regeling: r"oorg\d{5}",
}
#: The official journal of each kind of organisation: a gemeente publishes in its
#: Gemeenteblad, a provincie in its Provinciaal blad, and so on. Any of them may also publish
#: in the Staatscourant; none publishes in another kind's blad.
EIGEN_PUBLICATIEBLAD = {
    OrganisatieType.gemeente: Publicatieblad.gemeenteblad,
    OrganisatieType.provincie: Publicatieblad.provinciaal_blad,
    OrganisatieType.waterschap: Publicatieblad.waterschapsblad,
    OrganisatieType.gemeenschappelijke_regeling: Publicatieblad.blad_gemeenschappelijke_regeling,
}


def blad_past_bij(organisatie_type: str, publicatieblad: str) -> bool:
    """Whether an organisation of ``organisatie_type`` can publish in ``publicatieblad``
    (empty or ``geen``: only prepared in DROP, which every organisation can)."""
    if publicatieblad in ("", Publicatieblad.geen, Publicatieblad.staatscourant):
        return True
    return EIGEN_PUBLICATIEBLAD.get(organisatie_type) == publicatieblad


ORGANISATIE_CODE_EXAMPLES = {
    OrganisatieType.gemeente: "gm0363",
    OrganisatieType.provincie: "pv27",
    OrganisatieType.waterschap: "ws0155",
    OrganisatieType.gemeenschappelijke_regeling: "oorg10103",
}


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
        validators=[rsin_validator, validate_rsin_elfproef],
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
        validators=[oin_validator, validate_oin_elfproef],
        help_text=_("Organisatie-identificatienummer (20 digits), as known to KOOP."),
    )
    code = models.CharField(
        _("organisation code"),
        max_length=12,
        blank=True,
        help_text=_(
            "The code under which the government lists this organisation: for a gemeente "
            "'gm' and its CBS gemeentecode (gm0363), for a provincie 'pv' and two digits "
            "(pv27), for a waterschap 'ws' and four digits (ws0155), for a gemeenschappelijke "
            "regeling 'oorg' and its number in the TOOI register."
        ),
    )
    standaard_publicatieblad = models.CharField(
        _("default publicatieblad"),
        max_length=40,
        choices=Publicatieblad.choices,
        default=Publicatieblad.gemeenteblad,
        help_text=_(
            "The publicatieblad a new rule starts with, and the one test kennisgevingen name. "
            "A rule without any publicatieblad only prepares its kennisgevingen in DROP."
        ),
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
    publiceren_zonder_locatie = models.BooleanField(
        _("publish without location"),
        default=False,
        help_text=_(
            "Publish kennisgevingen of zaken that have neither a zaakgeometrie nor an address "
            "with a postcode, with the organisation itself as their location. Residents who "
            "subscribed to 'Berichten over uw Buurt' are not alerted of those. Off: such "
            "kennisgevingen are held until the zaak has a location."
        ),
    )
    terugschrijven = models.BooleanField(
        _("write back to the zaak"),
        default=False,
        help_text=_(
            "After a successful delivery, add the DROP dossiernummer to the zaak as a kenmerk "
            "(bron 'DROP') and fill in the publicatiedatum of the zaak or besluit when it is "
            "empty. Needs the scope to update zaken (and besluiten) in the ZGW APIs."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("naam",)

    def __str__(self):
        return f"{self.get_type_display()} {self.naam}"

    def clean(self):
        super().clean()
        if not blad_past_bij(self.type, self.standaard_publicatieblad):
            raise ValidationError(
                {
                    "standaard_publicatieblad": _(
                        "A %(type)s does not publish in the %(blad)s. Choose %(eigen)s, the "
                        "Staatscourant, or none."
                    )
                    % {
                        "type": self.get_type_display().lower(),
                        "blad": self.get_standaard_publicatieblad_display(),
                        "eigen": EIGEN_PUBLICATIEBLAD[self.type].label,
                    }
                }
            )
        pattern = ORGANISATIE_CODE_PATTERNS.get(self.type)
        if self.code and pattern and not re.fullmatch(pattern, self.code):
            raise ValidationError(
                {
                    "code": _(
                        "'%(code)s' is not the code of a %(type)s; it looks like %(example)s."
                    )
                    % {
                        "code": self.code,
                        "type": self.get_type_display().lower(),
                        "example": ORGANISATIE_CODE_EXAMPLES[self.type],
                    }
                }
            )


class Vrijedag(models.Model):
    """A day on which an organisation does not publish, besides weekends and public holidays.

    For example the day after Hemelvaartsdag, or 5 May in the years the public holiday
    calendar does not count it; see :mod:`zgw_threepas.kennisgeving.werkdagen`.
    """

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="vrije_dagen",
    )
    datum = models.DateField(_("date"))
    omschrijving = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Why the day is not a working day, e.g. 'Dag na Hemelvaartsdag'."),
    )

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        ordering = ("organisatie", "datum")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "datum"],
                name="zgw_threepas_one_day_off_per_date",
                violation_error_message=_("This date is already a day off of the organisation."),
            )
        ]

    def __str__(self):
        return f"{self.datum:%Y-%m-%d} {self.omschrijving}".strip()
