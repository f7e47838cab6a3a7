"""A rule fires for the status, besluit or resultaat it names, in any version of its zaaktype."""

import pytest

from zgw_threepas.constants import Publicatieblad, PublicatieType, Trigger
from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.matching import Event, intents_for, matching_rules, rule_matches

AANVRAAG_ONTVANGEN = {"omschrijving": "Aanvraag ontvangen", "volgnummer": 1}
BESLUIT_GENOMEN = {"omschrijving": "Besluit genomen", "volgnummer": 3}


def regel(**fields) -> PublicatieRegel:
    defaults = {
        "naam": "Regel",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "publicatietype": PublicatieType.aanvraag,
    }
    return PublicatieRegel(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "statustype", "expected"),
    [
        ({"statustype_omschrijving": "Aanvraag ontvangen"}, AANVRAAG_ONTVANGEN, True),
        # Case and surrounding spaces differ between catalogues; the meaning does not.
        ({"statustype_omschrijving": " aanvraag ONTVANGEN "}, AANVRAAG_ONTVANGEN, True),
        ({"statustype_omschrijving": "Aanvraag ontvangen"}, BESLUIT_GENOMEN, False),
        ({"statustype_volgnummer": 3}, BESLUIT_GENOMEN, True),
        ({"statustype_volgnummer": 3}, AANVRAAG_ONTVANGEN, False),
        (
            {"statustype_omschrijving": "Besluit genomen", "statustype_volgnummer": 3},
            BESLUIT_GENOMEN,
            True,
        ),
        # Both given: both must hold.
        (
            {"statustype_omschrijving": "Besluit genomen", "statustype_volgnummer": 2},
            BESLUIT_GENOMEN,
            False,
        ),
        # A rule that names no statustype matches nothing rather than everything.
        ({}, AANVRAAG_ONTVANGEN, False),
    ],
)
def test_a_status_rule_matches_by_omschrijving_volgnummer_or_both(fields, statustype, expected):
    assert rule_matches(regel(trigger=Trigger.status, **fields), statustype=statustype) is expected


def test_a_besluit_rule_matches_its_besluittype_only():
    rule = regel(trigger=Trigger.besluit, besluittype_omschrijving="Omgevingsvergunning verleend")
    assert rule_matches(rule, besluittype={"omschrijving": "Omgevingsvergunning verleend"})
    assert not rule_matches(rule, besluittype={"omschrijving": "Omgevingsvergunning geweigerd"})
    assert not rule_matches(rule, statustype=AANVRAAG_ONTVANGEN)


def test_a_resultaat_rule_matches_its_resultaattype_only():
    rule = regel(trigger=Trigger.resultaat, resultaattype_omschrijving="Verleend")
    assert rule_matches(rule, resultaattype={"omschrijving": "Verleend"})
    assert not rule_matches(rule, resultaattype={"omschrijving": "Geweigerd"})
    assert not rule_matches(rule, resultaattype=None)


@pytest.mark.django_db
def test_matching_rules_are_active_rules_of_the_zaaktype_and_trigger():
    wanted = regel(naam="wanted", statustype_volgnummer=1)
    wanted.save()
    regel(naam="inactive", statustype_volgnummer=1, actief=False).save()
    regel(naam="other zaaktype", statustype_volgnummer=1, zaaktype_identificatie="APV").save()
    regel(naam="other trigger", trigger=Trigger.resultaat, resultaattype_omschrijving="x").save()

    found = matching_rules(
        Event(trigger=Trigger.status, zaak_url="https://zaken.example/zaken/1"),
        zaaktype={"identificatie": "OMGEVINGSVERGUNNING-REGULIER"},
        statustype=AANVRAAG_ONTVANGEN,
    )

    assert found == [wanted]


def test_one_intent_per_blad_and_no_blad_only_prepares_in_drop():
    two = regel(publicatiebladen=[Publicatieblad.gemeenteblad, Publicatieblad.staatscourant])
    none = regel(publicatiebladen=[])

    assert [i.publicatieblad for i in intents_for([two, none])] == [
        "gemeenteblad",
        "staatscourant",
        "geen",
    ]


def test_the_trigger_url_names_what_happened():
    event = Event(trigger=Trigger.resultaat, zaak_url="z", resultaat_url="r")
    assert event.trigger_url == "r"
