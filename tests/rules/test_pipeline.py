"""Rules at work in the pipeline: notifications over real HTTP to the fake ZGW API."""

import pytest

from testapp.fake_zgw import fixtures
from zgw_threepas.constants import PublicatieStatus, PublicatieType, Trigger
from zgw_threepas.delivery.notifications import handle_notification
from zgw_threepas.intake.receive import receive
from zgw_threepas.intake.validation import validate_message
from zgw_threepas.models import OntvangenNotificatie, Publicatie, PublicatieRegel, Sjabloon

pytestmark = pytest.mark.django_db

ZAAK_UUID = "89ec3507-61d1-4e3c-b1db-3858397173b7"
RESULTAAT_UUID = "67f2e876-de40-47b0-bd09-509c6485996e"


@pytest.fixture
def handle(pipeline, django_capture_on_commit_callbacks):
    def run(name: str) -> list[Publicatie]:
        message = fixtures.notification(name, pipeline["zgw_base"])
        with django_capture_on_commit_callbacks(execute=False):
            stored = receive(validate_message(message))
        handle_notification(stored.pk)
        return list(Publicatie.objects.filter(notificatie=stored).order_by("pk"))

    return run


def resultaat_regel(**fields):
    return PublicatieRegel.objects.create(
        **{
            "naam": "Vergunning verleend",
            "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
            "trigger": Trigger.resultaat,
            "resultaattype_omschrijving": "Verleend",
            "publicatietype": PublicatieType.besluit,
            "publicatiebladen": ["gemeenteblad"],
            **fields,
        }
    )


@pytest.mark.parametrize("zaak_points_to_it", [True, False])
def test_a_resultaat_notification_publishes_by_a_resultaat_rule(handle, zgw_app, zaak_points_to_it):
    PublicatieRegel.objects.all().delete()
    rule = resultaat_regel()
    if zaak_points_to_it:
        zgw_app.set_resultaat(ZAAK_UUID, RESULTAAT_UUID)

    (publicatie,) = handle("resultaat_create")

    assert publicatie.status == PublicatieStatus.pending, publicatie.reden
    assert publicatie.regel == rule
    assert publicatie.trigger_url.endswith(RESULTAAT_UUID)
    assert "14 april 2026" in publicatie.tekst  # about the zaak's besluit


def test_a_rule_for_another_resultaat_publishes_nothing(handle):
    resultaat_regel(resultaattype_omschrijving="Geweigerd")

    assert handle("resultaat_create") == []


def test_a_zaak_more_confidential_than_the_rule_allows_is_not_published(handle, pipeline, zgw_app):
    zgw_app.get(fixtures.load("zaak")["url"])["vertrouwelijkheidaanduiding"] = "vertrouwelijk"
    pipeline["rule"].max_vertrouwelijkheidaanduiding = "openbaar"
    pipeline["rule"].save()

    assert handle("status_create") == []
    notificatie = OntvangenNotificatie.objects.get()
    assert notificatie.status == "processed"
    # The administrator reads why nothing was published, not only that nothing matched.
    assert notificatie.reden.startswith("Nothing to publish:")
    assert "vertrouwelijk" in notificatie.reden and "openbaar" in notificatie.reden.lower()


def test_a_zaaktype_not_marked_for_publication_says_so_on_the_notification(handle, zgw_app):
    zgw_app.get(fixtures.load("zaaktype")["url"])["publicatieIndicatie"] = False

    handle("status_create")

    reden = OntvangenNotificatie.objects.get().reden
    assert "OMGEVINGSVERGUNNING-REGULIER" in reden and "publicatieIndicatie" in reden


def test_a_zaaktype_not_marked_for_publication_is_not_published(handle, zgw_app):
    zgw_app.get(fixtures.load("zaaktype")["url"])["publicatieIndicatie"] = False

    assert handle("status_create") == []


def test_a_zaaktype_not_marked_for_publication_is_published_when_the_rule_ignores_it(
    handle, pipeline, zgw_app
):
    zgw_app.get(fixtures.load("zaaktype")["url"])["publicatieIndicatie"] = False
    pipeline["rule"].publicatie_indicatie_volgen = False
    pipeline["rule"].save()

    assert len(handle("status_create")) == 1


def test_the_organisation_default_text_is_published(handle, organisatie):
    Sjabloon.objects.create(
        organisatie=organisatie,
        publicatietype=PublicatieType.aanvraag,
        titel="Aanvraag {{ zaak.identificatie }}",
        tekst="## Aanvraag\n**Waar?**\n- {{ adres }}",
    )

    (publicatie,) = handle("status_create")

    assert publicatie.titel == "Aanvraag ZAAK-2026-0000000042"
    assert "<tussenkop>Aanvraag</tussenkop>" in publicatie.inhoud_xml
    assert '<lijst type="ongemarkeerd"><li><al>Dam 1, 1012 JS Amsterdam</al></li></lijst>' in (
        publicatie.inhoud_xml
    )


def test_a_rule_without_blad_only_prepares_in_drop(handle, pipeline):
    pipeline["rule"].publicatiebladen = []
    pipeline["rule"].save()

    (publicatie,) = handle("status_create")

    assert publicatie.publicatieblad == "geen"
    assert publicatie.metadata["publicatieblad"] == "geen"


def test_a_bsn_in_the_text_holds_the_publication_with_the_reason(handle, zgw_app):
    zgw_app.get(fixtures.load("zaak")["url"])["omschrijving"] = "Dakkapel voor BSN 111222333"

    (publicatie,) = handle("status_create")

    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "privacy-hold"
    assert "******333" in publicatie.reden
    assert "111222333" not in publicatie.reden + publicatie.tekst + publicatie.inhoud_xml


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("1\u200b11222333", id="zero-width-space"),
        pytest.param("111\u2011222\u2011333", id="non-breaking-hyphen"),
        pytest.param("111\u2013222\u2013333", id="en-dash"),
        pytest.param("111\u2014222\u2014333", id="em-dash"),
        pytest.param("111\u2212222\u2212333", id="minus-sign"),
        pytest.param("111\u00ad222\u00ad333", id="soft-hyphen"),
        pytest.param("\ufeff111\u2060222333", id="bom-and-word-joiner"),
    ],
)
def test_a_bsn_hidden_with_unicode_holds_the_publication_too(handle, zgw_app, written):
    zgw_app.get(fixtures.load("zaak")["url"])["omschrijving"] = f"Dakkapel voor BSN {written}"

    (publicatie,) = handle("status_create")

    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "privacy-hold"
    assert "*333" in publicatie.reden
    stored = publicatie.reden + publicatie.tekst + publicatie.inhoud_xml
    assert "111" not in stored and "222" not in stored


def test_invisible_characters_in_the_zaak_are_not_published(handle, zgw_app):
    zgw_app.get(fixtures.load("zaak")["url"])["omschrijving"] = (
        "Dak\u00adkapel\u200b plaatsen\u202e"
    )

    (publicatie,) = handle("status_create")

    assert publicatie.status == PublicatieStatus.pending, publicatie.reden
    assert "Dakkapel plaatsen" in publicatie.titel
    for text in (publicatie.titel, publicatie.tekst, publicatie.inhoud_xml):
        assert not {"\u00ad", "\u200b", "\u202e"} & set(text)
