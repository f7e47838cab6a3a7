import pytest

from zgw_threepas.constants import Activiteit, Publicatieblad, PublicatieType, Rubriek
from zgw_threepas.kennisgeving.context import PLACEHOLDERS
from zgw_threepas.kennisgeving.inhoud import validate_inhoud
from zgw_threepas.kennisgeving.markup import validate_template, validate_title
from zgw_threepas.kennisgeving.render import build_kennisgeving
from zgw_threepas.kennisgeving.texts import DEFAULT_TEXTS, default_text

from .bundles import ORGANISATIE, PUBLICATIEDATUM, dakkapel_bundle

# The zaak as it stands when each kind of kennisgeving is published.
ZAAK_FOR = {
    PublicatieType.verlenging: {"verlenging": {"reden": "Advies welstand", "duur": "P6W"}},
    PublicatieType.opschorting: {
        "opschorting": {"indicatie": True, "eerdereOpschorting": False, "reden": "Gegevens"}
    },
}


def test_there_is_a_built_in_text_for_every_publicatietype():
    assert set(DEFAULT_TEXTS) == set(PublicatieType.values)


@pytest.mark.parametrize("publicatietype", PublicatieType.values)
def test_every_built_in_text_uses_only_documented_placeholders_and_markup(publicatietype):
    text = default_text(publicatietype)
    assert validate_title(text.titel, PLACEHOLDERS) == []
    assert validate_template(text.tekst, PLACEHOLDERS) == []


@pytest.mark.parametrize("publicatietype", PublicatieType.values)
def test_every_built_in_text_renders_xsd_valid_inhoud_for_a_realistic_zaak(publicatietype):
    kennisgeving = build_kennisgeving(
        dakkapel_bundle(zaak=ZAAK_FOR.get(publicatietype)),
        publicatietype=publicatietype,
        publicatieblad=Publicatieblad.gemeenteblad,
        rubriek=Rubriek.omgevingsvergunning,
        activiteit=Activiteit.bouwen,
        organisatie=ORGANISATIE,
        publicatiedatum=PUBLICATIEDATUM,
        kenmerk=f"ZAAK-2024-0000000123/{publicatietype}",
    )
    validate_inhoud(kennisgeving.inhoud_xml)
    # "What, where" in the title; the case number and the address in the text.
    assert "Bouwen van een dakkapel" in kennisgeving.titel
    assert kennisgeving.titel.endswith("Dam 1 in Amsterdam")
    assert "ZAAK-2024-0000000123" in kennisgeving.tekst
    assert "Dam 1, 1012 JS Amsterdam" in kennisgeving.tekst
    # Sections under bold questions, separated by empty lines.
    assert kennisgeving.inhoud_xml.count(b'<nadruk type="vet">') >= 4
    assert kennisgeving.tekst.count("\n\n") >= 3
    assert "{{" not in kennisgeving.tekst and "**" not in kennisgeving.tekst


def test_the_besluit_text_says_until_when_bezwaar_is_possible():
    kennisgeving = build_kennisgeving(
        dakkapel_bundle(),
        publicatietype=PublicatieType.besluit,
        publicatieblad=Publicatieblad.gemeenteblad,
        rubriek=Rubriek.omgevingsvergunning,
        organisatie=ORGANISATIE,
        publicatiedatum=PUBLICATIEDATUM,
        kenmerk="k",
    )
    assert kennisgeving.titel == (
        "Omgevingsvergunning verleend: Bouwen van een dakkapel, Dam 1 in Amsterdam"
    )
    assert "Stuur dan uiterlijk op 27 augustus 2024 een bezwaarschrift" in kennisgeving.tekst


def test_the_ontwerpbesluit_text_says_until_when_a_zienswijze_is_possible():
    kennisgeving = build_kennisgeving(
        dakkapel_bundle(with_besluit=False),
        publicatietype=PublicatieType.ontwerpbesluit,
        publicatieblad=Publicatieblad.gemeenteblad,
        rubriek=Rubriek.omgevingsvergunning,
        organisatie=ORGANISATIE,
        publicatiedatum=PUBLICATIEDATUM,
        kenmerk="k",
    )
    assert "tot en met 27 augustus 2024 een zienswijze" in kennisgeving.tekst


def test_an_unknown_publicatietype_has_no_text():
    with pytest.raises(ValueError):
        default_text("bestemmingsplan")
