"""A matching rule may still decline a zaak: publicatieIndicatie and confidentiality."""

import pytest

from tests.kennisgeving.bundles import dakkapel_bundle
from zgw_threepas.constants import PublicatieType, Trigger, Vertrouwelijkheidaanduiding
from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.conditions import (
    VERTROUWELIJKHEID_ORDER,
    besluittype_for,
    skip_reason,
    stricter_than,
)


def regel(**fields) -> PublicatieRegel:
    defaults = {
        "naam": "Aanvraag",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "statustype_omschrijving": "Aanvraag ontvangen",
        "publicatietype": PublicatieType.aanvraag,
    }
    return PublicatieRegel(**{**defaults, **fields})


def with_zaaktype(bundle, **fields):
    bundle.zaaktype.update(fields)
    return bundle


def test_the_zgw_order_of_confidentiality_runs_from_open_to_most_secret():
    assert VERTROUWELIJKHEID_ORDER == (
        "openbaar",
        "beperkt_openbaar",
        "intern",
        "zaakvertrouwelijk",
        "vertrouwelijk",
        "confidentieel",
        "geheim",
        "zeer_geheim",
    )


@pytest.mark.parametrize(
    ("level", "maximum", "stricter"),
    [
        ("openbaar", "openbaar", False),
        ("beperkt_openbaar", "openbaar", True),
        ("intern", "zaakvertrouwelijk", False),
        ("zaakvertrouwelijk", "zaakvertrouwelijk", False),
        ("vertrouwelijk", "zaakvertrouwelijk", True),
        ("zeer_geheim", "geheim", True),
        # A level we do not know is treated as the strictest: better unpublished than exposed.
        ("topgeheim", "zeer_geheim", True),
        ("", "zeer_geheim", True),
    ],
)
def test_stricter_than_follows_the_zgw_order(level, maximum, stricter):
    assert stricter_than(level, maximum) is stricter


def test_a_published_zaaktype_and_an_open_zaak_are_published():
    assert skip_reason(regel(), dakkapel_bundle()) is None


def test_a_zaaktype_without_publicatie_indicatie_is_skipped_when_the_rule_honours_it():
    bundle = with_zaaktype(dakkapel_bundle(), publicatieIndicatie=False)

    skip = skip_reason(regel(), bundle)

    assert skip.code == "zaaktype-not-published"
    assert "OMGEVINGSVERGUNNING-REGULIER" in skip.message
    assert skip_reason(regel(publicatie_indicatie_volgen=False), bundle) is None


def test_a_besluittype_without_publicatie_indicatie_is_skipped_for_a_besluit_text():
    bundle = dakkapel_bundle(besluittype={"publicatieIndicatie": False})
    rule = regel(publicatietype=PublicatieType.besluit)

    skip = skip_reason(rule, bundle, besluittype=besluittype_for(rule, bundle))

    assert skip.code == "besluittype-not-published"
    assert "Omgevingsvergunning verleend" in skip.message
    # An application text is not about the besluit, so its besluittype does not count.
    aanvraag = regel()
    assert skip_reason(aanvraag, bundle, besluittype=besluittype_for(aanvraag, bundle)) is None


def test_the_besluittype_of_a_besluit_event_is_the_one_that_counts():
    rule = regel(trigger=Trigger.besluit, besluittype_omschrijving="x")
    event_type = {"omschrijving": "Verkeersbesluit", "publicatieIndicatie": False}

    assert besluittype_for(rule, dakkapel_bundle(), event_type) is event_type


@pytest.mark.parametrize(
    ("zaak_level", "maximum", "skipped"),
    [
        ("openbaar", Vertrouwelijkheidaanduiding.openbaar, False),
        ("beperkt_openbaar", Vertrouwelijkheidaanduiding.openbaar, True),
        ("zaakvertrouwelijk", Vertrouwelijkheidaanduiding.zaakvertrouwelijk, False),
        ("geheim", Vertrouwelijkheidaanduiding.vertrouwelijk, True),
        ("geheim", "", False),
    ],
)
def test_a_zaak_stricter_than_the_rules_maximum_is_skipped(zaak_level, maximum, skipped):
    bundle = dakkapel_bundle(zaak={"vertrouwelijkheidaanduiding": zaak_level})

    skip = skip_reason(regel(max_vertrouwelijkheidaanduiding=maximum), bundle)

    assert (skip is not None) is skipped
    if skipped:
        assert skip.code == "too-confidential"
        assert zaak_level in skip.message
