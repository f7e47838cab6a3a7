"""Every built-in text, in both procedures, makes a schema-valid kennisgeving of the realistic
fixtures, collected over HTTP as the pipeline collects them."""

import pytest
from lxml import etree

from testapp.fake_zgw import fixtures
from zgw_threepas.constants import Procedure, PublicatieType
from zgw_threepas.kennisgeving.context import PLACEHOLDERS
from zgw_threepas.kennisgeving.inhoud import validate_inhoud
from zgw_threepas.kennisgeving.markup import validate_template, validate_title
from zgw_threepas.kennisgeving.texts import PROCEDURE_TEXTS, default_text
from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.preview import preview
from zgw_threepas.rules.texts import about_besluit, template_problems

pytestmark = pytest.mark.django_db

COMBINATIONS = [(t, p) for t in PublicatieType.values for p in Procedure.values]

# How the zaak stands when each kind of kennisgeving is published.
ZAAK_CHANGES = {
    PublicatieType.verlenging: {"verlenging": {"reden": "Advies welstand", "duur": "P42D"}},
    PublicatieType.opschorting: {
        "opschorting": {"indicatie": True, "eerdereOpschorting": False, "reden": "Gegevens"}
    },
}


def test_the_extended_procedure_has_its_own_application_and_decision_texts():
    assert set(PROCEDURE_TEXTS) == {("aanvraag", "uitgebreid"), ("besluit", "uitgebreid")}
    for publicatietype in ("aanvraag", "besluit"):
        assert default_text(publicatietype, "uitgebreid") != default_text(publicatietype)
    # Without a variant the one text serves both procedures.
    assert default_text("ontwerpbesluit", "uitgebreid") == default_text("ontwerpbesluit")


@pytest.mark.parametrize(("publicatietype", "procedure"), COMBINATIONS)
def test_every_built_in_text_is_a_valid_template_for_its_type(publicatietype, procedure):
    text = default_text(publicatietype, procedure)
    assert validate_title(text.titel, PLACEHOLDERS) == []
    assert validate_template(text.tekst, PLACEHOLDERS) == []
    trigger = "besluit" if about_besluit(publicatietype, None) else "status"
    assert (
        template_problems(text.titel, text.tekst, publicatietype=publicatietype, trigger=trigger)
        == {}
    )


@pytest.mark.parametrize(("publicatietype", "procedure"), COMBINATIONS)
def test_every_built_in_text_renders_xsd_valid_inhoud_of_the_fixture_zaak(
    pipeline, organisatie, zgw_app, publicatietype, procedure
):
    zgw_app.get(fixtures.load("zaak")["url"]).update(ZAAK_CHANGES.get(publicatietype, {}))
    rule = PublicatieRegel.objects.create(
        naam=publicatietype,
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        statustype_omschrijving="Aanvraag ontvangen",
        publicatietype=publicatietype,
        procedure=procedure,
        publicatiebladen=["gemeenteblad"],
    )

    result = preview("ZAAK-2026-0000000042", rule)

    assert result.reden == "", result.reden
    validate_inhoud(result.kennisgeving.inhoud_xml)
    inhoud = etree.fromstring(result.kennisgeving.inhoud_xml)
    # The shape of the model kennisgevingen: what and where in the title, bold questions.
    assert "Bouwen van een dakkapel op het achterdakvlak" in result.kennisgeving.titel
    assert result.kennisgeving.titel.endswith("Dam 1 in Amsterdam")
    questions = [n.text for n in inhoud.iter("nadruk") if n.get("type") == "vet"]
    assert len(questions) >= 4 and all(q.endswith("?") for q in questions)
    assert "ZAAK-2026-0000000042" in result.kennisgeving.tekst
    assert "{{" not in result.kennisgeving.tekst and "**" not in result.kennisgeving.tekst
