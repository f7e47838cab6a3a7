"""Which text a publication uses: the rule's own, the organisation's default, the built-in."""

import pytest

from zgw_threepas.constants import Procedure, PublicatieType
from zgw_threepas.kennisgeving.texts import DEFAULT_TEXTS, PROCEDURE_TEXTS
from zgw_threepas.models import Organisatie, PublicatieRegel, Sjabloon
from zgw_threepas.rules.texts import (
    SOURCE_BUILT_IN,
    SOURCE_ORGANISATION,
    SOURCE_RULE,
    text_chain,
    text_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def amsterdam():
    return Organisatie.objects.create(naam="Amsterdam", rsin="002220647")


@pytest.fixture
def zaanstad():
    return Organisatie.objects.create(naam="Zaanstad", rsin="001005650")


def regel(**fields) -> PublicatieRegel:
    defaults = {
        "naam": "Aanvraag",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "statustype_omschrijving": "Aanvraag ontvangen",
        "publicatietype": PublicatieType.aanvraag,
    }
    rule = PublicatieRegel(**{**defaults, **fields})
    rule.save()
    return rule


def sjabloon(organisatie, procedure="", titel="Eigen titel {{ zaak.identificatie }}"):
    return Sjabloon.objects.create(
        organisatie=organisatie,
        publicatietype=PublicatieType.aanvraag,
        procedure=procedure,
        titel=titel,
        tekst="Tekst",
    )


def test_without_any_text_the_built_in_text_of_type_and_procedure_is_used(amsterdam):
    regulier = text_for(regel(), amsterdam)
    uitgebreid = text_for(regel(procedure=Procedure.uitgebreid), amsterdam)

    assert regulier.bron == SOURCE_BUILT_IN
    assert regulier.tekst == DEFAULT_TEXTS["aanvraag"].tekst
    assert uitgebreid.tekst == PROCEDURE_TEXTS[("aanvraag", "uitgebreid")].tekst
    assert "ontwerpbesluit" in uitgebreid.tekst


def test_the_organisation_default_comes_before_the_built_in_text(amsterdam):
    default = sjabloon(amsterdam)

    chosen = text_for(regel(), amsterdam)

    assert chosen.bron == SOURCE_ORGANISATION
    assert chosen.sjabloon == default
    assert chosen.titel == "Eigen titel {{ zaak.identificatie }}"
    assert "Amsterdam" in chosen.describe()


def test_a_default_for_the_rules_procedure_beats_one_for_every_procedure(amsterdam):
    sjabloon(amsterdam, procedure="", titel="Voor alle procedures")
    sjabloon(amsterdam, procedure=Procedure.uitgebreid, titel="Voor de uitgebreide")

    assert text_for(regel(procedure=Procedure.uitgebreid), amsterdam).titel == (
        "Voor de uitgebreide"
    )
    assert text_for(regel(procedure=Procedure.regulier), amsterdam).titel == (
        "Voor alle procedures"
    )


def test_a_default_of_another_organisation_is_not_used(amsterdam, zaanstad):
    sjabloon(zaanstad)

    assert text_for(regel(), amsterdam).bron == SOURCE_BUILT_IN


def test_the_rules_own_text_comes_first(amsterdam):
    sjabloon(amsterdam)
    rule = regel(titel_sjabloon="Regeltitel", tekst_sjabloon="Regeltekst")

    chosen = text_for(rule, amsterdam)

    assert (chosen.bron, chosen.titel, chosen.tekst) == (SOURCE_RULE, "Regeltitel", "Regeltekst")


def test_the_chain_shows_the_text_per_organisation(amsterdam, zaanstad):
    sjabloon(zaanstad)

    chain = dict(text_chain(regel()))

    assert chain[amsterdam].bron == SOURCE_BUILT_IN
    assert chain[zaanstad].bron == SOURCE_ORGANISATION


def test_with_its_own_text_a_rule_reads_the_same_for_every_organisation(amsterdam, zaanstad):
    chain = text_chain(regel(titel_sjabloon="T", tekst_sjabloon="Tekst"))

    assert [(org, chosen.bron) for org, chosen in chain] == [(None, SOURCE_RULE)]
