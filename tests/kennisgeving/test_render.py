import django
from django.apps import apps
from django.conf import settings

import pytest
from lxml import etree

from zgw_threepas.constants import Activiteit, Publicatieblad, PublicatieType, Rubriek
from zgw_threepas.kennisgeving import (
    InhoudInvalidError,
    KennisgevingError,
    MissingValueError,
    PrivacyHoldError,
    TemplateError,
    UnknownBesluitError,
    build_kennisgeving,
)
from zgw_threepas.kennisgeving.errors import LocationError
from zgw_threepas.kennisgeving.inhoud import unzip_inhoud
from zgw_threepas.kennisgeving.render import (
    OrganisatieGegevens,
    find_possible_bsns,
    passes_elfproef,
)
from zgw_threepas.threepas.types import Aanlevering, Gebiedsmarkering

from .bundles import BESLUIT, BESLUIT_URL, ORGANISATIE, PUBLICATIEDATUM, dakkapel_bundle


@pytest.fixture
def translations():
    """user_message() translates, which needs settings and loaded apps.

    pytest-django provides both; run with ``-p no:django`` these tests set up what is missing.
    """
    if not settings.configured:
        settings.configure(USE_I18N=False)
    if not apps.ready:
        django.setup()


def build(bundle=None, **kwargs):
    arguments = {
        "publicatietype": PublicatieType.besluit,
        "publicatieblad": Publicatieblad.gemeenteblad,
        "rubriek": Rubriek.omgevingsvergunning,
        "activiteit": Activiteit.bouwen,
        "organisatie": ORGANISATIE,
        "publicatiedatum": PUBLICATIEDATUM,
        "kenmerk": "ZAAK-2024-0000000123/besluit/gemeenteblad",
        **kwargs,
    }
    return build_kennisgeving(bundle or dakkapel_bundle(), **arguments)


def test_the_aanlevering_carries_everything_the_contract_room_needs():
    kennisgeving = build()
    aanlevering = kennisgeving.aanlevering
    assert isinstance(aanlevering, Aanlevering)
    assert aanlevering.kenmerk == "ZAAK-2024-0000000123/besluit/gemeenteblad"
    assert aanlevering.titel == kennisgeving.titel
    assert (aanlevering.organisatie_type, aanlevering.organisatie_naam) == ("gemeente", "Amsterdam")
    assert aanlevering.organisatie_oin == "00000001002564440000"
    assert aanlevering.publicatieblad == "gemeenteblad"
    assert aanlevering.publicatietype == "besluit"
    assert aanlevering.rubriek == "omgevingsvergunning"
    assert aanlevering.activiteit == "bouwen"
    assert aanlevering.publicatiedatum == PUBLICATIEDATUM
    assert aanlevering.referentienummer == "ZAAK-2024-0000000123"
    assert unzip_inhoud(aanlevering.inhoud_zip) == kennisgeving.inhoud_xml
    (marking,) = aanlevering.gebiedsmarkeringen
    assert isinstance(marking, Gebiedsmarkering)
    assert (marking.type, marking.gemeente, marking.postcode) == ("Adres", "Amsterdam", "1012JS")
    assert marking.geometrie.startswith("POINT(121")


def test_the_same_input_gives_the_same_bytes():
    assert build().aanlevering == build().aanlevering


def test_values_of_the_enumerations_are_accepted_as_plain_strings():
    kennisgeving = build(
        publicatietype="besluit", publicatieblad="geen", rubriek="andere vergunning", activiteit=""
    )
    assert (kennisgeving.aanlevering.publicatieblad, kennisgeving.aanlevering.activiteit) == (
        "geen",
        "",
    )


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError):
        build(rubriek="bestemmingsplan")


def test_own_templates_replace_the_built_in_text():
    kennisgeving = build(
        title_template="Vergunning {{ zaak.identificatie }}",
        body_template=(
            "**Besluit** van {{ besluit.datum }}.\n\nBezwaar tot {{ reactie_einddatum }}."
        ),
    )
    assert kennisgeving.titel == "Vergunning ZAAK-2024-0000000123"
    assert kennisgeving.tekst == "Besluit van 15 juli 2024.\n\nBezwaar tot 27 augustus 2024."
    inhoud = etree.fromstring(kennisgeving.inhoud_xml).find(".//inhoud")
    assert [child.tag for child in inhoud] == ["al", "al", "al"]


def test_the_named_besluit_is_used_and_a_foreign_one_is_refused():
    later = {**BESLUIT, "url": BESLUIT_URL + "-later", "datum": "2024-08-01"}
    bundle = dakkapel_bundle()
    from zgw_threepas.collect.bundle import BesluitInfo

    bundle = type(bundle)(
        **{
            **{f: getattr(bundle, f) for f in bundle.__dataclass_fields__},
            "besluiten": (*bundle.besluiten, BesluitInfo(later, bundle.besluiten[0].besluittype)),
        }
    )
    body = "{{ besluit.datum }}"
    assert build(bundle, body_template=body).tekst == "1 augustus 2024"
    assert build(bundle, body_template=body, besluit_url=BESLUIT_URL).tekst == "15 juli 2024"
    with pytest.raises(UnknownBesluitError):
        build(bundle, besluit_url="https://elders.example/besluiten/1")


def test_a_template_error_stops_the_kennisgeving(translations):
    with pytest.raises(TemplateError) as excinfo:
        build(body_template="Tekst\n\n{{ aanvrager.naam }}")
    error = excinfo.value
    assert isinstance(error, KennisgevingError)
    assert (error.placeholder, error.line) == ("aanvrager.naam", 3)
    message = error.user_message()
    assert "aanvrager.naam" in message and "3" in message


def test_a_template_error_in_the_title_stops_the_kennisgeving():
    with pytest.raises(TemplateError) as excinfo:
        build(title_template="**Besluit** {{ zaak.identificatie }}")
    assert excinfo.value.construct == "markup-in-title"


def test_a_value_the_zaak_does_not_have_holds_the_kennisgeving(translations):
    bundle = dakkapel_bundle(besluittype={"reactietermijn": None})
    with pytest.raises(MissingValueError) as excinfo:
        build(bundle)
    assert excinfo.value.names == ["reactie_einddatum"]
    assert "{{ reactie_einddatum }}" in excinfo.value.user_message()


def test_a_zaak_without_address_cannot_use_the_built_in_title():
    with pytest.raises(MissingValueError) as excinfo:
        build(dakkapel_bundle(zaakobjecten=[]))
    assert "adres.straat" in excinfo.value.names


@pytest.mark.parametrize(
    "omschrijving",
    [
        "Dakkapel voor 111222333",  # passes the 11-test
        "Dakkapel, bsn 1112.22.333",
        "Dakkapel, bsn 111 222 333",
        "Dakkapel, bsn 1 1 1 2 2 2 3 3 3",  # digit by digit
        "Dakkapel, bsn 1-1-1-2-2-2-3-3-3",
    ],
)
def test_a_number_that_looks_like_a_bsn_holds_the_kennisgeving(omschrijving, translations):
    with pytest.raises(PrivacyHoldError) as excinfo:
        build(dakkapel_bundle(zaak={"omschrijving": omschrijving}))
    error = excinfo.value
    assert error.masked[0].endswith("333") and "111" not in error.masked[0]
    assert "111222333" not in error.user_message()


def test_a_bsn_in_an_own_title_template_is_held_too():
    with pytest.raises(PrivacyHoldError):
        build(title_template="Besluit 111222333")


@pytest.mark.parametrize(
    "omschrijving",
    [
        "Dakkapel voor 111222334",  # nine digits that fail the 11-test
        "Dakkapel, telefoon 0201112223",  # ten digits
        "Dakkapel, kenmerk 11122233",  # eight digits
        "Dakkapel 000000000",
        "Kavels 1 2 3 4 5 6 7 8 9",  # digit by digit, failing the 11-test
    ],
)
def test_other_numbers_do_not_hold_the_kennisgeving(omschrijving):
    assert omschrijving in build(dakkapel_bundle(zaak={"omschrijving": omschrijving})).titel


def test_a_zaak_number_of_nine_digits_is_not_taken_for_a_bsn():
    bundle = dakkapel_bundle(zaak={"identificatie": "111222333"})
    assert "111222333" in build(bundle).tekst


@pytest.mark.parametrize("identificatie", ["7", "4567", "222"])
def test_a_short_zaak_number_does_not_hide_a_bsn_that_contains_it(identificatie, translations):
    bundle = dakkapel_bundle(
        zaak={"identificatie": identificatie, "omschrijving": "Dakkapel voor 123456782"}
    )

    with pytest.raises(PrivacyHoldError) as excinfo:
        build(bundle)

    assert excinfo.value.masked == ["******782"]


def test_a_zaak_number_with_nine_digits_after_a_prefix_is_not_taken_for_a_bsn():
    bundle = dakkapel_bundle(zaak={"identificatie": "Z-2026-111222333"})
    assert "Z-2026-111222333" in build(bundle).tekst


def test_the_elfproef():
    assert passes_elfproef("111222333")
    assert passes_elfproef("123456782")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")
    assert find_possible_bsns("a 123456782 b 1234567820 c 123.456.782") == [
        "123456782",
        "123.456.782",
    ]


def test_a_broken_geometry_is_a_location_error(translations):
    bundle = dakkapel_bundle(
        zaak={"zaakgeometrie": {"type": "Point", "coordinates": [52.37, 4.89]}}
    )
    with pytest.raises(LocationError) as excinfo:
        build(bundle)
    assert excinfo.value.user_message()


def test_an_xsd_violation_is_reported_as_such(monkeypatch, translations):
    from zgw_threepas.kennisgeving import render

    def broken(titel, blocks):
        return b"<aanlevering><zakelijke-mededeling/></aanlevering>"

    monkeypatch.setattr(render, "build_inhoud_xml", broken)
    with pytest.raises(InhoudInvalidError) as excinfo:
        build()
    assert excinfo.value.violations
    assert excinfo.value.user_message()


def test_a_provincie_has_no_gemeente_unless_configured():
    provincie = OrganisatieGegevens(naam="Noord-Holland", type="provincie", oin="0" * 20)
    bundle = dakkapel_bundle()
    assert build(bundle, organisatie=provincie).aanlevering.gebiedsmarkeringen[0].gemeente == ""
    provincie = OrganisatieGegevens(
        naam="Noord-Holland", type="provincie", oin="0" * 20, gemeente_naam="Amsterdam"
    )
    marking = build(bundle, organisatie=provincie).aanlevering.gebiedsmarkeringen[0]
    assert marking.gemeente == "Amsterdam"


@pytest.mark.parametrize("blank", ["", "  \n "])
def test_a_blank_template_means_the_built_in_text(blank):
    assert build(title_template=blank, body_template=blank).tekst == build().tekst
