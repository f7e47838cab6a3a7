"""A preview shows what a rule makes of a real zaak, and sends and stores nothing."""

import json
from io import StringIO

from django.core.management import CommandError, call_command

import pytest
from lxml import etree

from testapp.fake_zgw import fixtures
from tests.conftest import simulator_received
from zgw_threepas.constants import Procedure, PublicatieType, Trigger
from zgw_threepas.kennisgeving.inhoud import validate_inhoud
from zgw_threepas.models import Organisatie, Publicatie, PublicatieRegel, Sjabloon
from zgw_threepas.rules.preview import PreviewError, preview

pytestmark = pytest.mark.django_db

ZAAK = "ZAAK-2026-0000000042"


def besluit_regel(**fields):
    return PublicatieRegel.objects.create(
        **{
            "naam": "Vergunning verleend",
            "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
            "trigger": Trigger.besluit,
            "besluittype_omschrijving": "Omgevingsvergunning verleend",
            "publicatietype": PublicatieType.besluit,
            "publicatiebladen": ["gemeenteblad"],
            **fields,
        }
    )


def test_a_preview_by_identificatie_shows_text_metadata_and_valid_inhoud(
    pipeline, organisatie, regel_aanvraag
):
    result = preview(ZAAK, regel_aanvraag)

    assert result.reden == "" and result.skip is None and result.notes == []
    assert result.kennisgeving.titel == (
        "Aanvraag ontvangen: Bouwen van een dakkapel op het achterdakvlak, Dam 1 in Amsterdam"
    )
    validate_inhoud(result.kennisgeving.inhoud_xml)
    assert '<nadruk type="vet">Wat is er aangevraagd?</nadruk>' in result.inhoud_xml
    assert "<p><strong>Wat is er aangevraagd?</strong></p>" in result.html
    assert result.metadata["referentienummer"] == ZAAK
    assert result.metadata["publicatieblad"] == "gemeenteblad"
    assert result.tekst_bron.describe() == "the built-in text"


def test_a_preview_sends_nothing_and_stores_nothing(pipeline, organisatie, regel_aanvraag):
    preview(ZAAK, regel_aanvraag)

    assert simulator_received(pipeline["simulator"]) == []
    assert Publicatie.objects.count() == 0


def test_a_preview_by_url_and_of_a_besluit(pipeline, organisatie):
    zaak_url = fixtures.load("zaak", pipeline["zgw_base"])["url"]

    result = preview(zaak_url, besluit_regel())

    assert result.zaak_identificatie == ZAAK
    assert "14 april 2026" in result.kennisgeving.tekst  # the besluit's datum, in words
    assert "27 mei 2026" in result.kennisgeving.tekst  # its uiterlijkeReactiedatum
    assert result.metadata["publicatietype"] == "besluit"


def test_the_extended_procedure_reads_as_an_appeal_to_the_court(pipeline, organisatie):
    result = preview(ZAAK, besluit_regel(procedure=Procedure.uitgebreid))

    assert "Kunt u in beroep gaan?" in result.kennisgeving.tekst
    assert '<extref doc="https://www.rechtspraak.nl" soort="URL">' in result.inhoud_xml


def test_the_preview_uses_the_organisations_default_text(pipeline, organisatie, regel_aanvraag):
    Sjabloon.objects.create(
        organisatie=organisatie,
        publicatietype=PublicatieType.aanvraag,
        titel="Ontvangen: {{ zaak.omschrijving }}",
        tekst="## Wat\n**{{ adres }}**\n- zaak {{ zaak.identificatie }}",
    )

    result = preview(ZAAK, regel_aanvraag)

    assert result.kennisgeving.titel == "Ontvangen: Bouwen van een dakkapel op het achterdakvlak"
    assert result.tekst_bron.bron == "organisatie"
    inhoud = etree.fromstring(result.kennisgeving.inhoud_xml)
    assert inhoud.findtext(".//tussenkop") == "Wat"
    assert inhoud.findtext(".//al/nadruk[@type='vet']") == "Dam 1, 1012 JS Amsterdam"
    assert inhoud.findtext(".//lijst/li/al") == f"zaak {ZAAK}"


def test_a_preview_says_when_the_zaak_is_not_at_the_rules_status(pipeline, organisatie):
    rule = PublicatieRegel.objects.create(
        naam="Besluit genomen",
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        statustype_volgnummer=3,
        publicatietype=PublicatieType.besluit,
    )

    result = preview(ZAAK, rule)

    assert any("is at status 'Aanvraag ontvangen'" in note for note in result.notes)
    assert result.kennisgeving is not None
    assert result.metadata["publicatieblad"] == "geen"  # no blad ticked: only prepared


def test_a_preview_shows_why_a_rule_would_skip_the_zaak(
    pipeline, organisatie, regel_aanvraag, zgw_app
):
    app = zgw_app
    app.get(fixtures.load("zaak")["url"])["vertrouwelijkheidaanduiding"] = "vertrouwelijk"
    regel_aanvraag.max_vertrouwelijkheidaanduiding = "openbaar"
    regel_aanvraag.save()

    result = preview(ZAAK, regel_aanvraag)

    assert result.skip.code == "too-confidential"


def test_a_bsn_in_the_zaak_holds_the_kennisgeving_with_the_reason(
    pipeline, organisatie, regel_aanvraag, zgw_app
):
    app = zgw_app
    # 111222333 passes the 11-test; a case worker pasted it into the omschrijving.
    app.get(fixtures.load("zaak")["url"])["omschrijving"] = "Dakkapel voor 111222333"

    result = preview(ZAAK, regel_aanvraag)

    assert result.kennisgeving is None
    assert "citizen service number" in result.reden
    assert "******333" in result.reden
    assert "111222333" not in result.reden


def test_no_data_about_persons_is_fetched_or_shown(pipeline, organisatie, regel_aanvraag):
    app = pipeline["zgw"]

    result = preview(ZAAK, regel_aanvraag)

    assert app.calls("GET", "/zaken/api/v1/rollen") == []
    rol = fixtures.load("rol_aanvrager")
    person = rol["betrokkeneIdentificatie"]
    shown = result.inhoud_xml + json.dumps(result.metadata) + result.kennisgeving.tekst
    assert person["inpBsn"] not in shown
    assert person["geslachtsnaam"] not in shown


def test_an_unknown_zaak_is_explained(pipeline, organisatie, regel_aanvraag):
    with pytest.raises(PreviewError, match="no zaak with identificatie 'ZAAK-1900-1'"):
        preview("ZAAK-1900-1", regel_aanvraag)


def test_a_zaak_without_organisation_is_explained(pipeline, regel_aanvraag):
    Organisatie.objects.all().delete()

    result = preview(ZAAK, regel_aanvraag)

    assert "No organisation is configured for RSIN 002220647" in result.reden


def test_the_command_prints_the_kennisgeving_of_each_rule_of_the_zaaktype(
    pipeline, organisatie, regel_aanvraag
):
    out = StringIO()

    call_command("threepas_preview", ZAAK, stdout=out)

    text = out.getvalue()
    assert f"Rule {regel_aanvraag.pk}: Aanvraag omgevingsvergunning ontvangen" in text
    assert "Aanvraag ontvangen: Bouwen van een dakkapel op het achterdakvlak" in text
    assert "**" not in text
    assert simulator_received(pipeline["simulator"]) == []


def test_the_command_writes_inhoud_xml_or_json(pipeline, organisatie, regel_aanvraag):
    xml, data = StringIO(), StringIO()

    call_command(
        "threepas_preview", ZAAK, "--regel", str(regel_aanvraag.pk), "--format", "xml", stdout=xml
    )
    call_command("threepas_preview", ZAAK, "--format", "json", stdout=data)

    validate_inhoud(xml.getvalue().strip().encode("utf-8"))
    (item,) = json.loads(data.getvalue())
    assert item["regel"] == regel_aanvraag.pk
    assert item["metadata"]["referentienummer"] == ZAAK


def test_the_command_explains_a_missing_rule_or_zaak(pipeline, organisatie):
    PublicatieRegel.objects.all().delete()
    with pytest.raises(CommandError, match="No active publication rule is for the zaaktype"):
        call_command("threepas_preview", ZAAK, stdout=StringIO())
    with pytest.raises(CommandError, match="no zaak with identificatie"):
        call_command("threepas_preview", "ZAAK-1900-1", stdout=StringIO())
    with pytest.raises(CommandError, match="No publication rule with id 999"):
        call_command("threepas_preview", ZAAK, "--regel", "999", stdout=StringIO())
