"""A realistic zaak to render kennisgevingen from, in the shapes Open Zaak 1.30 returns.

An omgevingsvergunning for "Bouwen van een dakkapel" at Dam 1, 1012 JS Amsterdam, with a Point
geometry, current status "Aanvraag ontvangen" and a besluit "Omgevingsvergunning verleend"
whose besluittype has a reactietermijn of six weeks. Every resource has all the fields the
official spec declares, as Open Zaak renders them (checked in ``test_bundles_match_specs``);
the field set follows ``shared/reference/openzaak-1.30/resources.json``.
"""

from __future__ import annotations

import copy
from datetime import date

from zgw_threepas.collect.bundle import Adres, BesluitInfo, ZaakBundle
from zgw_threepas.constants import OrganisatieType
from zgw_threepas.kennisgeving.render import OrganisatieGegevens

BASE = "http://openzaak.gemeente.local"
CATALOGUS = f"{BASE}/catalogi/api/v1/catalogussen/0c3a1f57-0a52-4c8c-9a2c-9d0f1fb2b3c1"
ZAAK_URL = f"{BASE}/zaken/api/v1/zaken/2f1b7a0e-6f3d-4c55-9a3e-0b6f7c1d2e31"
ZAAKTYPE_URL = f"{BASE}/catalogi/api/v1/zaaktypen/7d2c9a44-31a8-4a43-8d0b-5e2f6a1c9b70"
STATUSTYPE_URL = f"{BASE}/catalogi/api/v1/statustypen/5b6d3c1e-2a7f-4f0b-8c9d-1e2f3a4b5c6d"
STATUS_URL = f"{BASE}/zaken/api/v1/statussen/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
ZAAKOBJECT_URL = f"{BASE}/zaken/api/v1/zaakobjecten/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
BESLUITTYPE_URL = f"{BASE}/catalogi/api/v1/besluittypen/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
BESLUIT_URL = f"{BASE}/besluiten/api/v1/besluiten/6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c"
RESULTAATTYPE_URL = f"{BASE}/catalogi/api/v1/resultaattypen/4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a"
RESULTAAT_URL = f"{BASE}/zaken/api/v1/resultaten/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e"

# Dam 1, Amsterdam (Koninklijk Paleis), WGS84 [lon, lat].
DAM_1 = [4.8913, 52.3731]

ZAAK = {
    "url": ZAAK_URL,
    "uuid": "2f1b7a0e-6f3d-4c55-9a3e-0b6f7c1d2e31",
    "identificatie": "ZAAK-2024-0000000123",
    "bronorganisatie": "002564440",
    "omschrijving": "Bouwen van een dakkapel",
    "toelichting": "Dakkapel op het achterdakvlak.",
    "zaaktype": ZAAKTYPE_URL,
    "registratiedatum": "2024-06-03",
    "verantwoordelijkeOrganisatie": "002564440",
    "startdatum": "2024-06-03",
    "einddatum": None,
    "einddatumGepland": None,
    "uiterlijkeEinddatumAfdoening": "2024-07-29",
    "publicatiedatum": None,
    "laatstGemuteerd": "2024-06-03T07:12:44.123456Z",
    "laatstGeopend": None,
    "communicatiekanaal": "",
    "communicatiekanaalNaam": "",
    "productenOfDiensten": [],
    "vertrouwelijkheidaanduiding": "openbaar",
    "betalingsindicatie": "",
    "betalingsindicatieWeergave": "",
    "laatsteBetaaldatum": None,
    "zaakgeometrie": {"type": "Point", "coordinates": DAM_1},
    "verlenging": None,
    "opschorting": {"indicatie": False, "eerdereOpschorting": False, "reden": ""},
    "selectielijstklasse": "",
    "hoofdzaak": None,
    "deelzaken": [],
    "relevanteAndereZaken": [],
    "gerelateerdeZaken": [],
    "eigenschappen": [],
    "rollen": [],
    "status": STATUS_URL,
    "zaakinformatieobjecten": [],
    "zaakobjecten": [ZAAKOBJECT_URL],
    "kenmerken": [],
    "archiefnominatie": None,
    "archiefstatus": "nog_te_archiveren",
    "archiefactiedatum": None,
    "resultaat": None,
    "opdrachtgevendeOrganisatie": "",
    "processobjectaard": "",
    "startdatumBewaartermijn": None,
    "processobject": {"datumkenmerk": "", "identificatie": "", "objecttype": "", "registratie": ""},
}

ZAAKTYPE = {
    "url": ZAAKTYPE_URL,
    "identificatie": "OMGEVINGSVERGUNNING-REGULIER",
    "omschrijving": "Omgevingsvergunning",
    "omschrijvingGeneriek": "Omgevingsvergunning reguliere procedure",
    "vertrouwelijkheidaanduiding": "openbaar",
    "doel": "Beslissen op een aanvraag om een omgevingsvergunning.",
    "aanleiding": "Een aanvraag om een omgevingsvergunning.",
    "toelichting": "",
    "indicatieInternOfExtern": "extern",
    "handelingInitiator": "aanvragen",
    "onderwerp": "Omgevingsvergunning",
    "handelingBehandelaar": "behandelen",
    "doorlooptijd": "P8W",
    "servicenorm": None,
    "opschortingEnAanhoudingMogelijk": True,
    "verlengingMogelijk": True,
    "verlengingstermijn": "P6W",
    "trefwoorden": [],
    "publicatieIndicatie": True,
    "publicatietekst": "Aanvraag omgevingsvergunning ontvangen.",
    "verantwoordingsrelatie": [],
    "productenOfDiensten": [],
    "selectielijstProcestype": "",
    "referentieproces": {"naam": "Omgevingsvergunning regulier", "link": ""},
    "concept": False,
    "verantwoordelijke": "Team Vergunningen",
    "broncatalogus": {"url": "", "domein": "", "rsin": ""},
    "bronzaaktype": {"url": "", "identificatie": "", "omschrijving": ""},
    "beginGeldigheid": "2024-01-01",
    "eindeGeldigheid": None,
    "versiedatum": "2024-01-01",
    "beginObject": "2024-01-01",
    "eindeObject": None,
    "catalogus": CATALOGUS,
    "statustypen": [STATUSTYPE_URL],
    "resultaattypen": [RESULTAATTYPE_URL],
    "eigenschappen": [],
    "informatieobjecttypen": [],
    "roltypen": [],
    "besluittypen": [BESLUITTYPE_URL],
    "deelzaaktypen": [],
    "gerelateerdeZaaktypen": [],
    "zaakobjecttypen": [],
}

STATUS = {
    "url": STATUS_URL,
    "uuid": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    "zaak": ZAAK_URL,
    "statustype": STATUSTYPE_URL,
    "datumStatusGezet": "2024-06-03T07:12:44.123456Z",
    "statustoelichting": "Aanvraag is compleet ontvangen",
    "indicatieLaatstGezetteStatus": True,
    "gezetdoor": None,
    "zaakinformatieobjecten": [],
}

STATUSTYPE = {
    "url": STATUSTYPE_URL,
    "omschrijving": "Aanvraag ontvangen",
    "omschrijvingGeneriek": "Ontvangen",
    "statustekst": "Wij hebben uw aanvraag ontvangen.",
    "zaaktype": ZAAKTYPE_URL,
    "zaaktypeIdentificatie": "OMGEVINGSVERGUNNING-REGULIER",
    "volgnummer": 1,
    "isEindstatus": False,
    "informeren": True,
    "doorlooptijd": None,
    "toelichting": None,
    "checklistitemStatustype": [],
    "catalogus": CATALOGUS,
    "eigenschappen": [],
    "zaakobjecttypen": [],
    "beginGeldigheid": None,
    "eindeGeldigheid": None,
    "beginObject": None,
    "eindeObject": None,
}

ZAAKOBJECT = {
    "url": ZAAKOBJECT_URL,
    "uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "zaak": ZAAK_URL,
    "object": "",
    "zaakobjecttype": None,
    "objectType": "adres",
    "objectTypeOverige": "",
    "objectTypeOverigeDefinitie": None,
    "relatieomschrijving": "locatie",
    "objectIdentificatie": {
        "identificatie": "0363200003761447",
        "wplWoonplaatsNaam": "Amsterdam",
        "gorOpenbareRuimteNaam": "Dam",
        "huisnummer": 1,
        "huisletter": "",
        "huisnummertoevoeging": "",
        "postcode": "1012JS",
    },
}

BESLUITTYPE = {
    "url": BESLUITTYPE_URL,
    "catalogus": CATALOGUS,
    "zaaktypen": [ZAAKTYPE_URL],
    "omschrijving": "Omgevingsvergunning verleend",
    "omschrijvingGeneriek": "Omgevingsvergunning",
    "besluitcategorie": "vergunning",
    "reactietermijn": "P6W",
    "publicatieIndicatie": True,
    "publicatietekst": "Omgevingsvergunning verleend.",
    "publicatietermijn": "P2W",
    "toelichting": "",
    "informatieobjecttypen": [],
    "beginGeldigheid": "2024-01-01",
    "eindeGeldigheid": None,
    "concept": False,
    "resultaattypen": [RESULTAATTYPE_URL],
    "resultaattypenOmschrijving": ["Verleend"],
    "vastgelegdIn": [],
    "beginObject": "2024-01-01",
    "eindeObject": None,
}

BESLUIT = {
    "url": BESLUIT_URL,
    "identificatie": "BESLUIT-2024-0000000045",
    "verantwoordelijkeOrganisatie": "002564440",
    "besluittype": BESLUITTYPE_URL,
    "zaak": ZAAK_URL,
    "datum": "2024-07-15",
    "toelichting": "Vergunning voor een dakkapel op het achterdakvlak.",
    "bestuursorgaan": "college van burgemeester en wethouders",
    "ingangsdatum": "2024-07-17",
    "vervaldatum": None,
    "vervalreden": "",
    "vervalredenWeergave": "",
    "publicatiedatum": None,
    "verzenddatum": "2024-07-16",
    "uiterlijkeReactiedatum": None,
}

RESULTAATTYPE = {
    "url": RESULTAATTYPE_URL,
    "zaaktype": ZAAKTYPE_URL,
    "zaaktypeIdentificatie": "OMGEVINGSVERGUNNING-REGULIER",
    "omschrijving": "Verleend",
    "resultaattypeomschrijving": (
        "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/"
        "fb65d251-1518-4185-865f-b8bdcfad07b1"
    ),
    "omschrijvingGeneriek": "Toegekend",
    "selectielijstklasse": (
        "https://selectielijst.openzaak.nl/api/v1/resultaten/afa30940-855b-4a7e-aa21-9e15a8078814"
    ),
    "toelichting": "",
    "archiefnominatie": "vernietigen",
    "archiefactietermijn": "P10Y",
    "brondatumArchiefprocedure": {
        "afleidingswijze": "afgehandeld",
        "datumkenmerk": "",
        "einddatumBekend": False,
        "objecttype": "",
        "registratie": "",
        "procestermijn": None,
    },
    "procesobjectaard": "",
    "indicatieSpecifiek": None,
    "procestermijn": None,
    "catalogus": CATALOGUS,
    "besluittypen": [BESLUITTYPE_URL],
    "besluittypeOmschrijving": ["Omgevingsvergunning verleend"],
    "informatieobjecttypen": [],
    "informatieobjecttypeOmschrijving": [],
    "beginGeldigheid": None,
    "eindeGeldigheid": None,
    "beginObject": None,
    "eindeObject": None,
}

RESULTAAT = {
    "url": RESULTAAT_URL,
    "uuid": "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e",
    "zaak": ZAAK_URL,
    "resultaattype": RESULTAATTYPE_URL,
    "toelichting": "Vergunning verleend",
}

ORGANISATIE = OrganisatieGegevens(
    naam="Amsterdam",
    type=OrganisatieType.gemeente.value,
    oin="00000001002564440000",
)

PUBLICATIEDATUM = date(2024, 7, 17)


def dakkapel_bundle(
    *,
    zaak: dict | None = None,
    besluit: dict | None = None,
    besluittype: dict | None = None,
    with_besluit: bool = True,
    with_resultaat: bool = False,
    zaakobjecten: list[dict] | None = None,
) -> ZaakBundle:
    """The dakkapel zaak; the keyword arguments replace fields of the resources named.

    ``zaak={"omschrijving": "..."}`` changes one field of the zaak, and so on; the module
    level resources are never changed.
    """
    zaak_data = {**copy.deepcopy(ZAAK), **(zaak or {})}
    besluit_data = {**copy.deepcopy(BESLUIT), **(besluit or {})}
    besluittype_data = {**copy.deepcopy(BESLUITTYPE), **(besluittype or {})}
    objecten = [ZAAKOBJECT] if zaakobjecten is None else zaakobjecten
    return ZaakBundle(
        zaak=zaak_data,
        zaaktype=copy.deepcopy(ZAAKTYPE),
        status=copy.deepcopy(STATUS),
        statustype=copy.deepcopy(STATUSTYPE),
        resultaat=copy.deepcopy(RESULTAAT) if with_resultaat else None,
        resultaattype=copy.deepcopy(RESULTAATTYPE) if with_resultaat else None,
        adressen=tuple(
            Adres.from_zaakobject(o) for o in objecten if o.get("objectType") == "adres"
        ),
        besluiten=(BesluitInfo(besluit=besluit_data, besluittype=besluittype_data),)
        if with_besluit
        else (),
    )


def adres_zaakobject(**identificatie) -> dict:
    """A zaakobject of type adres with the given ``objectIdentificatie`` fields changed."""
    zaakobject = copy.deepcopy(ZAAKOBJECT)
    zaakobject["objectIdentificatie"].update(identificatie)
    return zaakobject
