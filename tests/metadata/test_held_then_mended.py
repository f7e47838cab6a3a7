"""A held kennisgeving is published once its cause is mended in the case system.

A publication held for "no location" (or any reason found while writing the kennisgeving) has
no text yet. Its reason tells the administrator to mend the zaak and send it again; doing so
must write the kennisgeving from the zaak as it is now and deliver it, once.
"""

from __future__ import annotations

import pytest

from zgw_threepas.constants import PublicatieStatus
from zgw_threepas.models import OntvangenNotificatie, Organisatie, Publicatie

from .conftest import (
    SECOND_RSIN,
    ZAAK,
    change,
    deliveries,
    markings,
    post_notification,
    stored,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def without_location(zgw) -> dict:
    """Take the zaak's geometry and address away; return what mends it again."""
    location = {
        "zaakgeometrie": stored(zgw, ZAAK)["zaakgeometrie"],
        "zaakobjecten": stored(zgw, ZAAK)["zaakobjecten"],
    }
    change(zgw, ZAAK, zaakgeometrie=None, zaakobjecten=[])
    return location


def send_again(live_server_client, publicatie: Publicatie):
    response = live_server_client.post(
        "/admin/zgw_threepas/publicatie/",
        {"action": "retry", "_selected_action": [publicatie.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    return response


def test_a_zaak_held_for_no_location_is_published_after_the_location_is_added(
    live_server, pipeline, zgw, admin_client
):
    location = without_location(zgw)
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    publicatie = Publicatie.objects.get()
    assert publicatie.foutcode == "no-location"

    # The case worker adds the location; the administrator sends the publication again.
    change(zgw, ZAAK, **location)
    send_again(admin_client, publicatie)

    publicatie.refresh_from_db()
    assert publicatie.status == PublicatieStatus.published, publicatie.reden
    (metadata,) = deliveries(pipeline["simulator"])
    (adres,) = markings(metadata)
    assert (adres["Type"], adres["Straatnaam"], adres["Postcode"]) == ("Adres", "Dam", "1012JS")
    assert adres["Geometrie"].startswith("POINT(121")
    assert metadata["Kenmerk"] == f"zgw-threepas:{publicatie.uuid}"
    kinds = list(publicatie.gebeurtenissen.values_list("soort", flat=True))
    assert kinds[:2] == ["received", "held"]
    assert "rendered" in kinds and kinds[-1] == "published"


def test_a_zaak_held_for_an_unknown_rsin_is_published_once_the_organisation_exists(
    live_server, pipeline, zgw, admin_client, threepas_service
):
    change(zgw, ZAAK, bronorganisatie=SECOND_RSIN)
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    publicatie = Publicatie.objects.get()
    assert publicatie.foutcode == "unknown-organisation"

    Organisatie.objects.create(
        naam="Haarlemmermeer",
        rsin=SECOND_RSIN,
        oin="00000001001005650000",
        threepas_service=threepas_service,
    )
    send_again(admin_client, publicatie)

    publicatie.refresh_from_db()
    assert publicatie.status == PublicatieStatus.published, publicatie.reden
    assert publicatie.organisatie.naam == "Haarlemmermeer"
    (metadata,) = deliveries(pipeline["simulator"])
    assert metadata["OrganisatieNaam"] == "Haarlemmermeer"


def test_a_cause_not_yet_mended_keeps_it_held_with_the_reason_and_sends_nothing(
    live_server, pipeline, zgw, admin_client
):
    without_location(zgw)
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    publicatie = Publicatie.objects.get()

    send_again(admin_client, publicatie)

    publicatie.refresh_from_db()
    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "no-location"
    assert deliveries(pipeline["simulator"]) == []


def test_processing_the_notification_again_publishes_a_mended_held_zaak_once(
    live_server, pipeline, zgw, admin_client
):
    location = without_location(zgw)
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    change(zgw, ZAAK, **location)
    notificatie = OntvangenNotificatie.objects.get()

    for _ in range(2):
        admin_client.post(
            "/admin/zgw_threepas/ontvangennotificatie/",
            {"action": "process_again", "_selected_action": [notificatie.pk], "index": 0},
            follow=True,
        )

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published, publicatie.reden
    assert len(deliveries(pipeline["simulator"])) == 1


def test_a_blad_the_organisation_does_not_publish_in_is_held_until_the_rule_names_its_own(
    live_server, pipeline, zgw, admin_client
):
    from zgw_threepas.constants import Publicatieblad

    regel = pipeline["rule"]
    regel.publicatiebladen = [Publicatieblad.waterschapsblad]
    regel.save()

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "blad-not-of-organisation"
    assert "is a gemeente and does not publish in the Waterschapsblad" in publicatie.reden
    assert deliveries(pipeline["simulator"]) == []

    # The administrator corrects the rule and cancels the held one; the next status change
    # (here: the same notification processed again) publishes in the Gemeenteblad.
    regel.publicatiebladen = [Publicatieblad.gemeenteblad]
    regel.save()
    notificatie = OntvangenNotificatie.objects.get()
    admin_client.post(
        "/admin/zgw_threepas/ontvangennotificatie/",
        {"action": "process_again", "_selected_action": [notificatie.pk], "index": 0},
        follow=True,
    )

    published = Publicatie.objects.get(publicatieblad=Publicatieblad.gemeenteblad)
    assert published.status == PublicatieStatus.published, published.reden
    (metadata,) = deliveries(pipeline["simulator"])
    assert metadata["Publicatieblad"] == "Gemeenteblad"
