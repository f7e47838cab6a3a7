"""Which zaken have a location residents can be alerted for, and what happens to the others."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.kennisgeving.bundles import (
    ORGANISATIE,
    PUBLICATIEDATUM,
    adres_zaakobject,
    dakkapel_bundle,
)
from zgw_threepas.constants import Activiteit, Publicatieblad, PublicatieType, Rubriek
from zgw_threepas.kennisgeving.location import NoLocationError, gebiedsmarkeringen, heeft_locatie
from zgw_threepas.kennisgeving.render import build_kennisgeving

GEEN_GEOMETRIE = {"zaakgeometrie": None}


def test_a_geometry_alone_is_a_location():
    assert heeft_locatie(dakkapel_bundle(zaakobjecten=[]))


def test_an_address_with_a_postcode_alone_is_a_location():
    assert heeft_locatie(dakkapel_bundle(zaak=GEEN_GEOMETRIE))


def test_an_address_without_postcode_and_without_geometry_is_no_location():
    zonder_postcode = adres_zaakobject(postcode="")
    bundle = dakkapel_bundle(zaak=GEEN_GEOMETRIE, zaakobjecten=[zonder_postcode])
    assert not heeft_locatie(bundle)
    with pytest.raises(NoLocationError):
        gebiedsmarkeringen(bundle, "Amsterdam")


def test_allowed_without_location_the_address_without_postcode_is_still_sent():
    zonder_postcode = adres_zaakobject(postcode="")
    bundle = dakkapel_bundle(zaak=GEEN_GEOMETRIE, zaakobjecten=[zonder_postcode])
    (marking,) = gebiedsmarkeringen(bundle, "Amsterdam", zonder_locatie=True)
    assert (marking.type, marking.straatnaam, marking.postcode) == ("Adres", "Dam", "")


def test_several_addresses_give_several_adres_markings_with_letters_and_toevoegingen():
    bundle = dakkapel_bundle(
        zaak=GEEN_GEOMETRIE,
        zaakobjecten=[
            adres_zaakobject(),
            adres_zaakobject(
                identificatie="0363200000123456",
                gorOpenbareRuimteNaam="Warmoesstraat",
                huisnummer=12,
                huisletter="A",
                huisnummertoevoeging="2",
                postcode="1012JD",
            ),
        ],
    )
    markings = gebiedsmarkeringen(bundle, "Amsterdam")
    assert [
        (m.type, m.straatnaam, m.huisnummer, m.huisletter, m.huisnummertoevoeging) for m in markings
    ] == [
        ("Adres", "Dam", "1", "", ""),
        ("Adres", "Warmoesstraat", "12", "A", "2"),
    ]
    assert [m.postcode for m in markings] == ["1012JS", "1012JD"]
    assert {m.woonplaats for m in markings} == {"Amsterdam"}


def _build(bundle, organisatie, **templates):
    return build_kennisgeving(
        bundle,
        publicatietype=PublicatieType.aanvraag,
        publicatieblad=Publicatieblad.gemeenteblad,
        rubriek=Rubriek.omgevingsvergunning,
        activiteit=Activiteit.bouwen,
        organisatie=organisatie,
        publicatiedatum=PUBLICATIEDATUM,
        kenmerk="zgw-threepas:test",
        **templates,
    )


def test_the_kennisgeving_of_a_zaak_without_location_is_not_made():
    bundle = dakkapel_bundle(zaak=GEEN_GEOMETRIE, zaakobjecten=[])
    with pytest.raises(NoLocationError) as excinfo:
        _build(bundle, ORGANISATIE)
    message = excinfo.value.user_message()
    assert message.startswith("No location")
    assert "Berichten over uw Buurt" in message


def test_an_organisation_that_allows_it_publishes_with_the_gemeente_as_location():
    bundle = dakkapel_bundle(zaak=GEEN_GEOMETRIE, zaakobjecten=[])
    organisatie = replace(ORGANISATIE, publiceren_zonder_locatie=True)
    # A text of its own: the built-in one names the address this zaak does not have.
    kennisgeving = _build(
        bundle,
        organisatie,
        title_template="Verordening aangevraagd",
        body_template="Wij ontvingen een aanvraag: {{ zaak.omschrijving }}.",
    )
    (marking,) = kennisgeving.aanlevering.gebiedsmarkeringen
    assert (marking.type, marking.gemeente, marking.geometrie) == ("Gemeente", "Amsterdam", "")
