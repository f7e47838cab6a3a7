"""Realistic 3PAS inputs for tests: an Aanlevering with a real zip holding inhoud.xml."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import date

from zgw_threepas.threepas.types import Aanlevering, Gebiedsmarkering

TITEL = "Aanvraag omgevingsvergunning voor het bouwen van een dakkapel, Hogeweg 15 Yerseke"

INHOUD_XML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    "<aanlevering><zakelijke-mededeling><kop><titel>{titel}</titel></kop>"
    "<zakelijke-mededeling-tekst><inhoud>{alineas}</inhoud></zakelijke-mededeling-tekst>"
    "</zakelijke-mededeling></aanlevering>"
)


def make_inhoud_xml(
    titel: str = TITEL,
    alineas: tuple[str, ...] = (
        "Het college heeft op 14 juni 2024 een aanvraag voor een omgevingsvergunning ontvangen.",
        "",
        "U kunt nog niet reageren op deze aanvraag.",
    ),
) -> str:
    paragraphs = "".join(f"<al>{text}</al>" if text else "<al/>" for text in alineas)
    return INHOUD_XML.format(titel=titel, alineas=paragraphs)


def make_inhoud_zip(inhoud_xml: str | None = None, *, member: str = "inhoud.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, (inhoud_xml or make_inhoud_xml()).encode("utf-8"))
    return buffer.getvalue()


HOGEWEG_15 = Gebiedsmarkering(
    type="Adres",
    geometrie="POINT(61309 389557)",
    gemeente="Reimerswaal",
    straatnaam="Hogeweg",
    huisnummer="15",
    postcode="4401BT",
    woonplaats="Yerseke",
)


def make_aanlevering(**overrides) -> Aanlevering:
    values = {
        "kenmerk": "ZAAK-2024-0001/aanvraag/gemeenteblad",
        "titel": TITEL,
        "organisatie_type": "gemeente",
        "organisatie_naam": "Reimerswaal",
        "organisatie_oin": "00000001001234567000",
        "publicatieblad": "gemeenteblad",
        "publicatietype": "aanvraag",
        "rubriek": "omgevingsvergunning",
        "publicatiedatum": date(2024, 6, 17),
        "inhoud_zip": make_inhoud_zip(),
        "activiteit": "bouwen",
        "referentienummer": "ZAAK-2024-0001",
        "gebiedsmarkeringen": (HOGEWEG_15,),
    }
    values.update(overrides)
    return Aanlevering(**values)


def replace(aanlevering: Aanlevering, **changes) -> Aanlevering:
    return dataclasses.replace(aanlevering, **changes)
