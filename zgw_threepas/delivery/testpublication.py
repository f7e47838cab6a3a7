"""A clearly marked test kennisgeving, for KOOP's checks between the steps of the procedure.

Between steps KOOP looks at what arrived on its test environment. A test kennisgeving travels
exactly as a real one (the organisation's client, certificates and credentials, the same
envelope, the message log), but has no zaak and no publication record, says TEST in its title
and text, and is never sent at the production step or to the production host.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Aansluitstap, OrganisatieType, PublicatieType, Rubriek
from ..exceptions import ZgwThreepasError
from ..kennisgeving.inhoud import build_inhoud_xml, validate_inhoud, zip_inhoud
from ..kennisgeving.markup import render_blocks
from ..logging import get_logger
from ..models import Bericht, Organisatie
from ..threepas.errors import ThreepasError
from ..threepas.types import Aanlevering, Gebiedsmarkering
from .connection import client_for, endpoint_of, production_hosts
from .message_log import record_exchange

logger = get_logger(__name__)

#: Every test kennisgeving's kenmerk starts with this; the message log recognises them by it.
KENMERK_PREFIX = "zgw-threepas-test:"

TITEL = "TEST – testkennisgeving van {naam} via zgw-threepas – niet publiceren"

#: Published text is Dutch; it says what this is to whoever at KOOP opens it.
TEKST = """**Dit is een test.**
Deze kennisgeving is verstuurd om de koppeling tussen het zaaksysteem van {{ naam }} en DROP (3PAS) te testen, tijdens het aansluittraject bij KOOP ({{ stap }}).

Zij heeft geen rechtsgevolg en hoort niet gepubliceerd te worden.

Verstuurd op {{ tijdstip }}, kenmerk {{ kenmerk }}."""


class TestPublicationRefused(ZgwThreepasError):
    """A test kennisgeving may not be sent for this organisation (as it is configured now)."""

    code = "test-publication-refused"
    # Not a test case, although the name starts with Test.
    __test__ = False


@dataclass(frozen=True)
class TestPublicationResult:
    __test__ = False

    dossiernummer: str
    bericht: Bericht | None


def build_test_aanlevering(organisatie: Organisatie, *, today: date | None = None) -> Aanlevering:
    """The test kennisgeving of ``organisatie``, as the contract room takes it."""
    moment = timezone.localtime()
    kenmerk = f"{KENMERK_PREFIX}{uuid.uuid4()}"
    titel = TITEL.format(naam=organisatie.naam)
    blocks = render_blocks(
        TEKST,
        {
            "naam": str(organisatie),
            "stap": organisatie.get_aansluitstap_display(),
            "tijdstip": moment.strftime("%d-%m-%Y %H:%M"),
            "kenmerk": kenmerk,
        },
    )
    inhoud = build_inhoud_xml(titel, blocks)
    validate_inhoud(inhoud)
    markeringen = ()
    if organisatie.type == OrganisatieType.gemeente:
        markeringen = (Gebiedsmarkering(type="Gemeente", gemeente=organisatie.naam),)
    return Aanlevering(
        kenmerk=kenmerk,
        titel=titel,
        organisatie_type=organisatie.type,
        organisatie_naam=organisatie.naam,
        organisatie_oin=organisatie.oin,
        publicatieblad=organisatie.standaard_publicatieblad,
        publicatietype=PublicatieType.aanvraag,
        rubriek=Rubriek.andere_melding,
        publicatiedatum=today or moment.date(),
        inhoud_zip=zip_inhoud(inhoud),
        referentienummer="TEST",
        gebiedsmarkeringen=markeringen,
    )


def refusal(organisatie: Organisatie) -> str | None:
    """Why no test kennisgeving may be sent for ``organisatie`` now, or ``None``."""
    if organisatie.aansluitstap == Aansluitstap.productie:
        return _(
            "%(org)s is at the production step; test kennisgevingen are only sent to KOOP's "
            "test environment (steps 1 to 3), because at production they would be published."
        ) % {"org": organisatie}
    if not organisatie.oin:
        return _("%(org)s has no OIN; enter it first.") % {"org": organisatie}
    service = organisatie.threepas_service
    if service is None:
        return _("No 3PAS service is set for %(org)s.") % {"org": organisatie}
    if urlsplit(endpoint_of(service)).hostname in production_hosts():
        return _(
            "The 3PAS address of %(org)s is on the production host, although the organisation "
            "is at step '%(step)s'. Correct the address or the step first."
        ) % {"org": organisatie, "step": organisatie.get_aansluitstap_display()}
    return None


def send_test_publication(organisatie: Organisatie) -> TestPublicationResult:
    """Send the test kennisgeving through the organisation's own connection.

    Raises :class:`TestPublicationRefused` before sending anything when it may not be sent,
    :class:`~zgw_threepas.delivery.connection.ConnectionNotConfigured` when the connection
    cannot work, and the :class:`~zgw_threepas.threepas.errors.ThreepasError` of a failed
    exchange after logging it.
    """
    reason = refusal(organisatie)
    if reason is not None:
        raise TestPublicationRefused(reason)
    client = client_for(organisatie)
    aanlevering = build_test_aanlevering(organisatie)
    try:
        result = client.voeg_dossier_toe_en_publiceer(aanlevering)
    except ThreepasError as exc:
        record_exchange(exc.exchange, organisatie=organisatie, outcome=exc.outcome)
        logger.warning(
            "test_publication_failed", organisatie=organisatie.rsin, reason_code=exc.code
        )
        raise
    bericht = record_exchange(result.exchange, organisatie=organisatie, outcome="success")
    logger.info(
        "test_publication_delivered",
        organisatie=organisatie.rsin,
        dossiernummer=result.dossiernummer,
    )
    return TestPublicationResult(dossiernummer=result.dossiernummer, bericht=bericht)
