"""The BSN check cannot be slipped past with Unicode: invisible characters, other dashes,
other spaces or other digits; and a published kennisgeving carries no invisible characters.

Every number below is 111222333, which passes the 11-test, written so that a reader sees a
nine-digit number but the characters are not nine ASCII digits in a row.
"""

import unicodedata

import django
from django.apps import apps
from django.conf import settings

import pytest
from lxml import etree

from zgw_threepas.kennisgeving import PrivacyHoldError, TemplateError
from zgw_threepas.kennisgeving.inhoud import unzip_inhoud
from zgw_threepas.kennisgeving.render import find_possible_bsns, normalise_for_bsn_check

from .test_render import build, dakkapel_bundle

HIDDEN = [
    pytest.param("1\u200b11222333", id="zero-width-space"),
    pytest.param("111\u200c222\u200d333", id="zero-width-non-joiner-and-joiner"),
    pytest.param("111\u2060222\u2060333", id="word-joiner"),
    pytest.param("\ufeff111\ufeff222333", id="byte-order-mark"),
    pytest.param("111\u00ad222\u00ad333", id="soft-hyphen"),
    pytest.param("111\u200e222\u200f333", id="direction-marks"),
    pytest.param("111\u2011222\u2011333", id="non-breaking-hyphen"),
    pytest.param("111\u2010222\u2010333", id="hyphen"),
    pytest.param("111\u2013222\u2013333", id="en-dash"),
    pytest.param("111\u2014222\u2014333", id="em-dash"),
    pytest.param("111\u2212222\u2212333", id="minus-sign"),
    pytest.param("111\ufe63222\ufe63333", id="small-hyphen-minus"),
    pytest.param("111 \u2013 222 \u2013 333", id="spaced-en-dashes"),
    pytest.param("1112\u201322\u2013333", id="en-dash-4-2-3"),
    pytest.param("111\u00a0222\u00a0333", id="no-break-space"),
    pytest.param("111\u202f222\u202f333", id="narrow-no-break-space"),
    pytest.param("111 222-333", id="mixed-separators"),
    pytest.param("\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13", id="fullwidth-digits"),
    pytest.param("1\u034f11222333", id="combining-grapheme-joiner"),
]


@pytest.fixture
def translations():
    if not settings.configured:
        settings.configure(USE_I18N=False)
    if not apps.ready:
        django.setup()


@pytest.mark.parametrize("written", HIDDEN)
def test_a_hidden_bsn_is_found(written):
    (found,) = find_possible_bsns(f"Dakkapel voor {written}.")
    assert "".join(filter(str.isdigit, found)) == "111222333"


@pytest.mark.parametrize("written", HIDDEN)
def test_a_hidden_bsn_in_the_zaak_holds_the_kennisgeving_masked(written, translations):
    with pytest.raises(PrivacyHoldError) as excinfo:
        build(dakkapel_bundle(zaak={"omschrijving": f"Dakkapel voor {written}"}))
    (masked,) = excinfo.value.masked
    assert masked.endswith("333") and set(masked[:-3]) == {"*"}
    message = excinfo.value.user_message()
    assert masked in message
    assert "111" not in message and "222" not in message


@pytest.mark.parametrize("written", HIDDEN)
def test_a_hidden_bsn_in_an_own_text_holds_too(written):
    with pytest.raises(PrivacyHoldError):
        build(body_template=f"Het gaat om {{{{ zaak.omschrijving }}}}, {written}.")


@pytest.mark.parametrize(
    "text",
    [
        "Dakkapel voor 111\u2013222\u2013334",  # fails the 11-test
        "Bouwjaren 1990\u20132024, 12 woningen",
        "Telefoon 020\u2011111\u20112223",  # ten digits
        "Kavel 11\u2013122\u2013233",  # eight digits
    ],
)
def test_other_numbers_with_dashes_do_not_hold(text):
    assert find_possible_bsns(text) == []


def test_normalising_keeps_what_a_reader_sees():
    # NFKC composes a letter with its accent first, so letters keep their accents.
    assert normalise_for_bsn_check("Ca\u0301fe\u0301 \u2013 1\u200b2") == "C\u00e1f\u00e9 - 12"


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e\u2066\u2069"


def test_a_published_kennisgeving_carries_no_invisible_characters():
    omschrijving = "Bou\u00adwen van een dak\u200bkapel\u202e"
    kennisgeving = build(
        dakkapel_bundle(zaak={"omschrijving": omschrijving}),
        title_template="Aan\u2060vraag: {{ zaak.omschrijving }}",
        body_template="**Wat:** {{ zaak.omschrijving }}\u200d\n\n[Meer\u00ad info](https://example.nl/a\u200bb)",
    )
    xml = unzip_inhoud(kennisgeving.aanlevering.inhoud_zip).decode("utf-8")
    published = [kennisgeving.titel, kennisgeving.tekst, kennisgeving.aanlevering.titel, xml]
    for text in published:
        assert not [c for c in text if unicodedata.category(c) == "Cf"], text
    assert kennisgeving.titel == "Aanvraag: Bouwen van een dakkapel"
    assert "Wat: Bouwen van een dakkapel" in kennisgeving.tekst
    root = etree.fromstring(xml.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    (extref,) = root.iter("extref")
    assert extref.text == "Meer info"


def test_a_title_of_invisible_characters_only_is_empty():
    bundle = dakkapel_bundle(zaak={"omschrijving": INVISIBLE})
    with pytest.raises(TemplateError) as excinfo:
        build(bundle, title_template="{{ zaak.omschrijving }}")
    assert excinfo.value.kind == "empty"
