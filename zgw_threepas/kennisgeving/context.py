"""The placeholders a kennisgeving text can use, filled from a :class:`ZaakBundle`.

The context is a flat dictionary of plain strings with dotted keys; no objects, so that a
template can never reach further than this list. Dates and periods are already written out in
Dutch. Nothing comes from rollen or about natural persons: the bundle does not even hold them.
A value the zaak does not have is an empty string; :func:`build_kennisgeving
<zgw_threepas.kennisgeving.render.build_kennisgeving>` refuses to publish a text that uses one.
"""

from __future__ import annotations

from datetime import date, timedelta

from zgw_threepas.collect.bundle import BesluitInfo, ZaakBundle
from zgw_threepas.constants import OrganisatieType

from .dates import (
    add_duration,
    algemene_termijnenwet,
    date_in_words,
    duration_in_words,
    to_date,
)

#: Every placeholder: name -> (description in Dutch, example value). The documentation and
#: the template check are built from this list, and every name is a key of the context.
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "zaak.identificatie": ("Zaaknummer (identificatie van de zaak)", "ZAAK-2024-0000000123"),
    "zaak.omschrijving": ("Korte omschrijving van de zaak", "Bouwen van een dakkapel"),
    "zaak.toelichting": ("Toelichting bij de zaak", "Dakkapel aan de voorzijde van de woning"),
    "zaak.registratiedatum": (
        "Datum waarop de zaak is geregistreerd, in woorden",
        "3 juni 2024",
    ),
    "zaak.startdatum": (
        "Startdatum van de zaak, in woorden; bij een aanvraag de datum van ontvangst",
        "3 juni 2024",
    ),
    "zaak.uiterlijke_einddatum_afdoening": (
        "Datum waarop uiterlijk beslist moet zijn, in woorden",
        "29 juli 2024",
    ),
    "zaak.publicatiedatum": (
        "Publicatiedatum zoals vastgelegd in de zaak, in woorden",
        "17 juli 2024",
    ),
    "zaak.verlenging.duur": (
        "Met hoeveel de behandeltermijn is verlengd, in woorden",
        "6 weken",
    ),
    "zaak.verlenging.reden": (
        "Reden van de verlenging van de behandeltermijn",
        "Er is meer tijd nodig voor advies van de welstandscommissie",
    ),
    "zaak.opschorting.reden": (
        "Reden van de opschorting van de behandeltermijn",
        "Wij wachten op aanvullende gegevens van de aanvrager",
    ),
    "zaaktype.omschrijving": ("Omschrijving van het zaaktype", "Omgevingsvergunning"),
    "zaaktype.publicatietekst": (
        "Publicatietekst van het zaaktype (Catalogi API)",
        "Iedereen kan de stukken inzien op het gemeentehuis.",
    ),
    "status.omschrijving": ("Omschrijving van de huidige status", "Aanvraag ontvangen"),
    "status.datum": ("Datum waarop de huidige status is gezet, in woorden", "3 juni 2024"),
    "status.toelichting": ("Toelichting bij de huidige status", "Alle stukken zijn compleet"),
    "besluit.identificatie": ("Identificatie van het besluit", "BESLUIT-2024-0000000045"),
    "besluit.datum": ("Datum van het besluit, in woorden", "15 juli 2024"),
    "besluit.toelichting": (
        "Toelichting bij het besluit",
        "De dakkapel past binnen het bestemmingsplan",
    ),
    "besluit.ingangsdatum": ("Datum waarop het besluit ingaat, in woorden", "16 juli 2024"),
    "besluit.vervaldatum": ("Datum waarop het besluit vervalt, in woorden", "16 juli 2027"),
    "besluit.verzenddatum": ("Datum waarop het besluit is verzonden, in woorden", "16 juli 2024"),
    "besluit.uiterlijke_reactiedatum": (
        "Uiterste reactiedatum zoals vastgelegd in het besluit, in woorden",
        "27 augustus 2024",
    ),
    "besluittype.omschrijving": (
        "Omschrijving van het besluittype",
        "Omgevingsvergunning verleend",
    ),
    "besluittype.publicatietekst": (
        "Publicatietekst van het besluittype (Catalogi API)",
        "Tegen dit besluit kunt u bezwaar maken.",
    ),
    "besluittype.reactietermijn": ("Reactietermijn van het besluittype, in woorden", "6 weken"),
    "resultaat.toelichting": (
        "Toelichting bij het resultaat van de zaak",
        "Vergunning verleend met voorschriften",
    ),
    "resultaattype.omschrijving": ("Omschrijving van het resultaat van de zaak", "Verleend"),
    "adres": ("Het (eerste) adres van de zaak, volledig", "Dam 1, 1012 JS Amsterdam"),
    "adres.straat": ("Straatnaam van het adres", "Dam"),
    "adres.huisnummer": ("Huisnummer met huisletter en toevoeging", "1"),
    "adres.postcode": ("Postcode van het adres", "1012 JS"),
    "adres.woonplaats": ("Woonplaats van het adres", "Amsterdam"),
    "adressen": (
        "Alle adressen van de zaak, gescheiden door puntkomma's",
        "Dam 1, 1012 JS Amsterdam",
    ),
    "organisatie.naam": ("Naam van de publicerende organisatie", "Amsterdam"),
    "organisatie.naam_voluit": (
        "Naam van de organisatie met haar soort ervoor waar dat zo hoort",
        "gemeente Amsterdam",
    ),
    "publicatiedatum": ("Datum van deze publicatie, in woorden", "17 juli 2024"),
    "reactie_einddatum": (
        "Laatste dag om te reageren of bezwaar te maken: de uiterlijke reactiedatum van het "
        "besluit, anders de verzenddatum (of publicatiedatum) plus de reactietermijn van het "
        "besluittype, verschoven volgens de Algemene termijnenwet",
        "27 augustus 2024",
    ),
    "zienswijze_einddatum": (
        "Laatste dag om een zienswijze op een ontwerpbesluit te geven: zes weken vanaf de "
        "publicatiedatum (artikel 3:16 Awb), verschoven volgens de Algemene termijnenwet",
        "27 augustus 2024",
    ),
}

# Awb 3:16: six weeks, counted from (and including) the day the draft is laid open, which we
# take to be the publication date.
_ZIENSWIJZE_TERMIJN = "P6W"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _words(value) -> str:
    try:
        return date_in_words(value)
    except ValueError:
        return ""


def _duration_words(value) -> str:
    try:
        return duration_in_words(value)
    except ValueError:
        return ""


def organisatie_naam_voluit(naam: str, organisatie_type: str) -> str:
    """``Amsterdam`` as ``gemeente Amsterdam``; names of waterschappen stand on their own."""
    naam = _text(naam)
    prefixes = {
        OrganisatieType.gemeente.value: "gemeente",
        OrganisatieType.provincie.value: "provincie",
    }
    prefix = prefixes.get(str(organisatie_type))
    if not naam or not prefix or naam.lower().startswith(prefix):
        return naam
    return f"{prefix} {naam}"


def reactie_einddatum(besluit: BesluitInfo | None, publicatiedatum: date) -> date | None:
    """The last day to react to (object against) a besluit, or ``None`` if unknown.

    The besluit's own ``uiterlijkeReactiedatum`` wins. Otherwise the term of the besluittype
    runs from the day after the besluit was sent (Awb 6:8), or published when no
    ``verzenddatum`` is known, and a last day on a weekend or holiday moves on as the Algemene
    termijnenwet requires.
    """
    if besluit is None:
        return None
    explicit = _safe_date(besluit.besluit.get("uiterlijkeReactiedatum"))
    if explicit:
        return explicit
    termijn = besluit.besluittype.get("reactietermijn")
    if not termijn:
        return None
    start = (
        _safe_date(besluit.besluit.get("verzenddatum"))
        or _safe_date(besluit.besluit.get("publicatiedatum"))
        or publicatiedatum
    )
    try:
        return algemene_termijnenwet(add_duration(start, termijn))
    except ValueError:
        return None


def zienswijze_einddatum(publicatiedatum: date) -> date:
    """The last day of the six weeks for a zienswijze, the publication day being the first."""
    last = add_duration(publicatiedatum, _ZIENSWIJZE_TERMIJN) - timedelta(days=1)
    return algemene_termijnenwet(last)


def _safe_date(value) -> date | None:
    try:
        return to_date(value)
    except ValueError:
        return None


def build_context(
    bundle: ZaakBundle,
    *,
    organisatie_naam: str,
    organisatie_type: str,
    publicatiedatum: date,
    besluit: BesluitInfo | None = None,
) -> dict[str, str]:
    """The placeholder values for one publication of ``bundle``; every value is a string."""
    zaak = bundle.zaak
    zaaktype = bundle.zaaktype or {}
    status = bundle.status or {}
    statustype = bundle.statustype or {}
    resultaat = bundle.resultaat or {}
    resultaattype = bundle.resultaattype or {}
    verlenging = zaak.get("verlenging") or {}
    opschorting = zaak.get("opschorting") or {}
    besluit_data = besluit.besluit if besluit else {}
    besluittype = besluit.besluittype if besluit else {}
    adressen = [a for a in bundle.adressen if str(a)]
    adres = adressen[0] if adressen else None
    reactie = reactie_einddatum(besluit, publicatiedatum)

    context = {
        "zaak.identificatie": _text(zaak.get("identificatie")),
        "zaak.omschrijving": _text(zaak.get("omschrijving")),
        "zaak.toelichting": _text(zaak.get("toelichting")),
        "zaak.registratiedatum": _words(zaak.get("registratiedatum")),
        "zaak.startdatum": _words(zaak.get("startdatum")),
        "zaak.uiterlijke_einddatum_afdoening": _words(zaak.get("uiterlijkeEinddatumAfdoening")),
        "zaak.publicatiedatum": _words(zaak.get("publicatiedatum")),
        "zaak.verlenging.duur": _duration_words(verlenging.get("duur")),
        "zaak.verlenging.reden": _text(verlenging.get("reden")),
        "zaak.opschorting.reden": _text(opschorting.get("reden")),
        "zaaktype.omschrijving": _text(zaaktype.get("omschrijving")),
        "zaaktype.publicatietekst": _text(zaaktype.get("publicatietekst")),
        "status.omschrijving": _text(statustype.get("omschrijving")),
        "status.datum": _words(status.get("datumStatusGezet")),
        "status.toelichting": _text(status.get("statustoelichting")),
        "besluit.identificatie": _text(besluit_data.get("identificatie")),
        "besluit.datum": _words(besluit_data.get("datum")),
        "besluit.toelichting": _text(besluit_data.get("toelichting")),
        "besluit.ingangsdatum": _words(besluit_data.get("ingangsdatum")),
        "besluit.vervaldatum": _words(besluit_data.get("vervaldatum")),
        "besluit.verzenddatum": _words(besluit_data.get("verzenddatum")),
        "besluit.uiterlijke_reactiedatum": _words(besluit_data.get("uiterlijkeReactiedatum")),
        "besluittype.omschrijving": _text(besluittype.get("omschrijving")),
        "besluittype.publicatietekst": _text(besluittype.get("publicatietekst")),
        "besluittype.reactietermijn": _duration_words(besluittype.get("reactietermijn")),
        "resultaat.toelichting": _text(resultaat.get("toelichting")),
        "resultaattype.omschrijving": _text(resultaattype.get("omschrijving")),
        "adres": str(adres) if adres else "",
        "adres.straat": adres.straatnaam if adres else "",
        "adres.huisnummer": adres.huisnummer_volledig if adres else "",
        "adres.postcode": adres.postcode_leesbaar if adres else "",
        "adres.woonplaats": adres.woonplaats if adres else "",
        "adressen": "; ".join(str(a) for a in dict.fromkeys(adressen)),
        "organisatie.naam": _text(organisatie_naam),
        "organisatie.naam_voluit": organisatie_naam_voluit(organisatie_naam, organisatie_type),
        "publicatiedatum": date_in_words(publicatiedatum),
        "reactie_einddatum": date_in_words(reactie) if reactie else "",
        "zienswijze_einddatum": date_in_words(zienswijze_einddatum(publicatiedatum)),
    }
    return context
