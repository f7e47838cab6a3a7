"""Plain values passed into and out of the 3PAS room.

No Django here: the contract room takes and returns these dataclasses so that it can be
corrected and tested on its own. Field values are *our* vocabulary (the values of
:mod:`zgw_threepas.constants`); :mod:`zgw_threepas.threepas.contract` maps them to the codes
assumed on the wire.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Gebiedsmarkering:
    """One location of a publication, as DROP's ``OVERHEIDop.gebiedsmarkering``.

    ``type`` is one of ``Adres``, ``Punt``, ``Vlak``, ``Lijn``, ``Gemeente``. ``geometrie`` is
    WKT in RD New (EPSG:28992), metres, e.g. ``POINT(121394 487383)``.
    """

    type: str
    geometrie: str = ""
    gemeente: str = ""
    straatnaam: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""


@dataclass(frozen=True)
class Aanlevering:
    """Everything one ``VoegDossierToeEnPubliceer`` call carries."""

    #: Our own reference for this publication, unique per zaak x trigger x type x blad.
    kenmerk: str
    titel: str
    organisatie_type: str  # zgw_threepas.constants.OrganisatieType value
    organisatie_naam: str
    organisatie_oin: str
    #: zgw_threepas.constants.Publicatieblad value; "geen" means: only prepare in DROP.
    publicatieblad: str
    publicatietype: str  # zgw_threepas.constants.PublicatieType value
    rubriek: str  # zgw_threepas.constants.Rubriek value
    publicatiedatum: date
    inhoud_zip: bytes  # the zip file itself; the envelope base64-encodes it
    activiteit: str = ""  # zgw_threepas.constants.Activiteit value, omgevingsvergunning only
    referentienummer: str = ""  # the zaak identificatie
    gebiedsmarkeringen: tuple[Gebiedsmarkering, ...] = ()


@dataclass(frozen=True)
class Exchange:
    """One SOAP exchange as it went over the wire, for the message log."""

    endpoint: str
    soap_action: str
    request_body: bytes
    response_body: bytes = b""
    http_status: int | None = None
    duration_ms: int = 0
    request_headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeliveryResult:
    dossiernummer: str
    exchange: Exchange
