"""A status notification, posted over HTTP, becomes a kennisgeving delivered through 3PAS.

Every part is real: the webhook is served by Django's live server, the ZGW data comes from the
fake ZGW API over HTTP, and the kennisgeving goes to the 3PAS simulator over HTTP. Tasks run
in-process (the worker scenarios live in tests/workers).
"""

from __future__ import annotations

import io
import zipfile

import pytest
import requests
from lxml import etree

from testapp.fake_zgw import fixtures
from tests.conftest import WEBHOOK_TOKEN, simulator_received
from zgw_threepas.constants import PublicatieStatus
from zgw_threepas.models import Bericht, OntvangenNotificatie, Publicatie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def post_notification(live_server, message):
    return requests.post(
        f"{live_server.url}/threepas/notificaties/",
        json=message,
        headers={"Authorization": WEBHOOK_TOKEN},
        timeout=60,
    )


def zgw_gets(app, fragment: str) -> list:
    return [r for r in app.calls("GET") if fragment in r.path]


def test_status_notification_is_published_through_3pas(live_server, pipeline):
    message = fixtures.notification("status_create", pipeline["zgw_base"])

    response = post_notification(live_server, message)

    assert response.status_code == 204
    received = simulator_received(pipeline["simulator"])
    assert len(received) == 1
    delivery = received[0]
    inhoud = etree.fromstring(delivery["inhoud_xml"].encode("utf-8"))
    text = " ".join(inhoud.itertext())
    assert "dakkapel" in text
    assert "Dam 1" in text
    assert "1012 JS" in text or "1012JS" in text
    assert inhoud.tag == "aanlevering"
    assert inhoud.find("zakelijke-mededeling/kop/titel") is not None

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published
    assert publicatie.dossiernummer == delivery["dossiernummer"]
    assert publicatie.zaak_identificatie == "ZAAK-2026-0000000042"
    assert OntvangenNotificatie.objects.get().status == "processed"

    # The request the simulator answered is the one in our message log.
    bericht = Bericht.objects.get(publicatie=publicatie)
    assert bericht.uitkomst == "success"
    assert delivery["dossiernummer"] in bericht.response


def test_metadata_carries_location_in_rd_and_the_address(live_server, pipeline):
    message = fixtures.notification("status_create", pipeline["zgw_base"])
    post_notification(live_server, message)

    (delivery,) = simulator_received(pipeline["simulator"])
    metadata = delivery["metadata"]  # wire element names, as the simulator read them
    assert metadata["Referentienummer"] == "ZAAK-2026-0000000042"
    assert metadata["Publicatieblad"] == "Gemeenteblad"
    assert metadata["Rubriek"] == "omgevingsvergunning"
    adres = next(m for m in metadata["Gebiedsmarkeringen"] if m["Type"] == "Adres")
    assert adres["Postcode"] == "1012JS"
    assert adres["Huisnummer"] == "1"
    assert adres["Straatnaam"] == "Dam"
    assert adres["Woonplaats"] == "Amsterdam"
    # Dam 1, Amsterdam lies near RD (121400, 487400).
    x, y = (float(v) for v in adres["Geometrie"].removeprefix("POINT(").rstrip(")").split())
    assert abs(x - 121_400) < 500 and abs(y - 487_400) < 500


def test_the_same_notification_twice_publishes_once(live_server, pipeline):
    message = fixtures.notification("status_create", pipeline["zgw_base"])

    first = post_notification(live_server, message)
    second = post_notification(live_server, message)

    assert (first.status_code, second.status_code) == (204, 204)
    assert len(simulator_received(pipeline["simulator"])) == 1
    assert Publicatie.objects.count() == 1
    assert OntvangenNotificatie.objects.get().keer_ontvangen == 2


def test_a_publication_costs_one_zaak_call_and_never_fetches_rollen(live_server, pipeline):
    app = pipeline["zgw"]
    message = fixtures.notification("status_create", pipeline["zgw_base"])

    post_notification(live_server, message)

    assert len(zgw_gets(app, "/zaken/api/v1/zaken/")) == 1
    assert zgw_gets(app, "/rollen") == []
    assert zgw_gets(app, "/besluiten") == []  # an aanvraag text needs no besluit
    (delivery,) = simulator_received(pipeline["simulator"])
    assert "111222333" not in delivery["inhoud_xml"]


def test_a_status_without_rule_publishes_nothing(live_server, pipeline):
    pipeline["rule"].delete()
    message = fixtures.notification("status_create", pipeline["zgw_base"])

    response = post_notification(live_server, message)

    assert response.status_code == 204
    assert simulator_received(pipeline["simulator"]) == []
    notificatie = OntvangenNotificatie.objects.get()
    assert notificatie.status == "processed"
    assert "No active publication rule" in notificatie.reden


def test_a_3pas_fault_is_recorded_with_a_readable_reason(live_server, pipeline):
    requests.post(
        f"{pipeline['simulator']}/_simulator/fail",
        json={"mode": "fault", "count": 1},
        timeout=5,
    ).raise_for_status()
    message = fixtures.notification("status_create", pipeline["zgw_base"])

    post_notification(live_server, message)

    publicatie = Publicatie.objects.get()
    assert publicatie.status in (PublicatieStatus.failed, PublicatieStatus.retrying)
    assert publicatie.reden
    assert publicatie.berichten.count() == 1


def test_inhoud_zip_holds_exactly_inhoud_xml(live_server, pipeline):
    message = fixtures.notification("status_create", pipeline["zgw_base"])
    post_notification(live_server, message)

    publicatie = Publicatie.objects.get()
    from zgw_threepas.delivery.send import aanlevering_from

    archive = zipfile.ZipFile(io.BytesIO(aanlevering_from(publicatie).inhoud_zip))
    assert archive.namelist() == ["inhoud.xml"]
    assert archive.read("inhoud.xml").decode("utf-8") == publicatie.inhoud_xml


def test_besluit_notification_publishes_the_besluit(live_server, pipeline):
    from zgw_threepas.constants import Publicatieblad, PublicatieType, Rubriek, Trigger
    from zgw_threepas.models import PublicatieRegel

    besluittype = fixtures.load("besluittype")
    PublicatieRegel.objects.create(
        naam="Omgevingsvergunning verleend",
        zaaktype_identificatie=fixtures.load("zaaktype")["identificatie"],
        trigger=Trigger.besluit,
        besluittype_omschrijving=besluittype["omschrijving"],
        publicatietype=PublicatieType.besluit,
        publicatiebladen=[Publicatieblad.gemeenteblad],
        rubriek=Rubriek.omgevingsvergunning,
    )
    app = pipeline["zgw"]
    message = fixtures.notification("besluit_create", pipeline["zgw_base"])

    response = post_notification(live_server, message)

    assert response.status_code == 204
    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published, publicatie.reden
    assert publicatie.publicatietype == PublicatieType.besluit
    assert publicatie.besluit_url == message["resourceUrl"]
    (delivery,) = simulator_received(pipeline["simulator"])
    # The besluit of the fixtures was taken on 2026-04-14: the text names that date in words.
    assert fixtures.load("besluit")["datum"] == "2026-04-14"
    assert "14 april 2026" in delivery["inhoud_xml"]
    # besluit, besluittype (cache is cold) and the expanded zaak: no list of besluiten needed.
    assert len(zgw_gets(app, "/besluiten/api/v1/besluiten")) == 1
    assert len(zgw_gets(app, "/zaken/api/v1/zaken/")) == 1
