"""The zaaktype picker and the save-time checks ask the Catalogi API, over real HTTP."""

import copy

import pytest

from testapp.fake_zgw import fixtures
from zgw_threepas.collect.catalogi import (
    besluittypen_of,
    find_zaak_urls,
    list_zaaktypen,
    resultaattypen_of,
    statustypen_of,
)
from zgw_threepas.constants import PublicatieType, Trigger
from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.catalogue_check import NON_FIELD, catalogue_problems

pytestmark = pytest.mark.django_db

IDENTIFICATIE = "OMGEVINGSVERGUNNING-REGULIER"


def regel(**fields) -> PublicatieRegel:
    defaults = {
        "naam": "Regel",
        "zaaktype_identificatie": IDENTIFICATIE,
        "statustype_omschrijving": "Aanvraag ontvangen",
        "publicatietype": PublicatieType.aanvraag,
    }
    return PublicatieRegel(**{**defaults, **fields})


def add_zaaktype(app, base_url, identificatie, omschrijving, uuid):
    zaaktype = copy.deepcopy(fixtures.load("zaaktype", base_url))
    zaaktype.update(
        url=f"{base_url}/catalogi/api/v1/zaaktypen/{uuid}",
        identificatie=identificatie,
        omschrijving=omschrijving,
        statustypen=[],
        resultaattypen=[],
        besluittypen=[],
        roltypen=[],
    )
    app.add(zaaktype)


def test_the_picker_lists_each_zaaktype_once_with_the_newest_omschrijving(fake_zgw, zgw_services):
    app, base_url = fake_zgw
    add_zaaktype(
        app,
        base_url,
        "APV-EVENEMENT",
        "Evenementenvergunning",
        "0c9f5d7e-1111-4a1a-8b8b-0123456789ab",
    )

    zaaktypen = list_zaaktypen()

    assert [z.identificatie for z in zaaktypen] == ["APV-EVENEMENT", IDENTIFICATIE]
    omgeving = zaaktypen[1]
    assert omgeving.label == f"{IDENTIFICATIE} – Omgevingsvergunning"
    # Both versions, the 2026 one first.
    assert omgeving.versions == (
        fixtures.load("zaaktype", base_url)["url"],
        fixtures.load("zaaktype_previous_version", base_url)["url"],
    )
    # Concept versions too: an administrator may prepare a rule before publication.
    assert app.calls("GET", "/catalogi/api/v1/zaaktypen")[0].query["status"] == "alles"


def test_the_types_of_every_version_of_a_zaaktype_are_found(fake_zgw, zgw_services):
    statustypen = statustypen_of(IDENTIFICATIE)
    assert sorted((s["volgnummer"], s["omschrijving"]) for s in statustypen) == [
        (1, "Aanvraag ontvangen"),
        (1, "Aanvraag ontvangen"),
        (2, "In behandeling"),
        (2, "In behandeling"),
        (3, "Besluit genomen"),
        (3, "Besluit genomen"),
    ]
    assert {r["omschrijving"] for r in resultaattypen_of(IDENTIFICATIE)} == {"Verleend"}
    assert [b["omschrijving"] for b in besluittypen_of(IDENTIFICATIE)] == [
        "Omgevingsvergunning verleend"
    ]


def test_a_zaak_is_found_by_its_identificatie(fake_zgw, zgw_services):
    _, base_url = fake_zgw

    assert find_zaak_urls("ZAAK-2026-0000000042") == [fixtures.load("zaak", base_url)["url"]]
    assert find_zaak_urls("ZAAK-1900-0000000001") == []


@pytest.mark.parametrize(
    "fields",
    [
        {"statustype_omschrijving": "Aanvraag ontvangen"},
        {"statustype_omschrijving": "", "statustype_volgnummer": 3},
        {"trigger": Trigger.besluit, "besluittype_omschrijving": "Omgevingsvergunning verleend"},
        {"trigger": Trigger.resultaat, "resultaattype_omschrijving": "verleend"},
    ],
)
def test_a_rule_the_catalogue_supports_passes(fake_zgw, zgw_services, fields):
    rule = regel(**fields)
    rule.full_clean()
    assert catalogue_problems(rule) == {}


def test_an_unknown_zaaktype_is_refused(fake_zgw, zgw_services):
    problems = catalogue_problems(regel(zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIR"))

    assert problems == {
        "zaaktype_identificatie": [
            "The Catalogi API has no zaaktype with identificatie 'OMGEVINGSVERGUNNING-REGULIR'. "
            "Pick a zaaktype from the list."
        ]
    }


def test_a_statustype_not_in_the_zaaktype_is_refused_listing_the_statustypen(
    fake_zgw, zgw_services
):
    problems = catalogue_problems(regel(statustype_omschrijving="Aanvraag binnen"))

    assert problems == {
        "statustype_omschrijving": [
            "The zaaktype OMGEVINGSVERGUNNING-REGULIER has no statustype with omschrijving "
            "'Aanvraag binnen'. Its statustypen are: '1. Aanvraag ontvangen', "
            "'2. In behandeling', '3. Besluit genomen'."
        ]
    }


def test_a_volgnummer_not_in_the_zaaktype_is_refused(fake_zgw, zgw_services):
    problems = catalogue_problems(regel(statustype_omschrijving="", statustype_volgnummer=7))

    assert "no statustype with volgnummer 7" in problems["statustype_volgnummer"][0]


def test_an_omschrijving_and_volgnummer_that_belong_to_different_statustypen_are_refused(
    fake_zgw, zgw_services
):
    problems = catalogue_problems(regel(statustype_volgnummer=3))

    assert (
        "omschrijving 'Aanvraag ontvangen' and volgnummer 3"
        in (problems["statustype_omschrijving"][0])
    )


def test_an_unknown_besluittype_or_resultaattype_is_refused(fake_zgw, zgw_services):
    besluit = catalogue_problems(
        regel(trigger=Trigger.besluit, besluittype_omschrijving="Verkeersbesluit")
    )
    resultaat = catalogue_problems(
        regel(trigger=Trigger.resultaat, resultaattype_omschrijving="Geweigerd")
    )

    assert besluit["besluittype_omschrijving"] == [
        "The zaaktype OMGEVINGSVERGUNNING-REGULIER has no besluittype 'Verkeersbesluit'. Its "
        "besluittypen are: 'Omgevingsvergunning verleend'."
    ]
    assert "no resultaattype 'Geweigerd'" in resultaat["resultaattype_omschrijving"][0]
    assert "'Verleend'" in resultaat["resultaattype_omschrijving"][0]


def test_a_catalogi_api_out_of_reach_refuses_the_save_and_says_why(fake_zgw, zgw_services):
    catalogi = zgw_services["catalogi"]
    catalogi.api_root = "http://127.0.0.1:9/catalogi/api/v1/"
    catalogi.save()

    problems = catalogue_problems(regel())

    (message,) = problems[NON_FIELD]
    assert message.startswith("The Catalogi API could not be asked whether this rule can work")
    assert "127.0.0.1:9" in message
