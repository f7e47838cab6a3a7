"""What an administrator reads: one language throughout, advice that fits where it is shown,
and times in the site's time zone."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from testapp.fake_zgw import fixtures
from tests.delivery.conftest import store_notification
from zgw_threepas.admin.rule import zaaktype_choices
from zgw_threepas.collect.fetch import ZGWFetcher
from zgw_threepas.delivery.notifications import handle_notification
from zgw_threepas.exceptions import ZGWPermanentError
from zgw_threepas.models import Bericht, Publicatie
from zgw_threepas.rules.preview import PreviewError, collect_zaak

pytestmark = pytest.mark.django_db

ZAAK = "ZAAK-2026-0000000042"


def unreachable(service) -> None:
    service.api_root = service.api_root.replace(service.api_root.split("/")[2], "127.0.0.1:9")
    service.save()


def test_the_timeline_names_the_notification_in_the_admins_language(pipeline, monkeypatch):
    message = fixtures.notification("status_create", pipeline["zgw_base"])
    stored = store_notification(message, monkeypatch)
    with translation.override("nl"):
        (pk,), _retry = handle_notification(stored.pk)

    received = Publicatie.objects.get(pk=pk).gebeurtenissen.get(soort="received")
    assert received.omschrijving == f"Notificatie {stored.pk}"


def test_a_missing_service_reads_in_dutch_from_start_to_end(zgw_services):
    url = "http://zaken.elsewhere.example/zaken/api/v1/zaken/1"
    with translation.override("nl"), pytest.raises(ZGWPermanentError) as caught:
        ZGWFetcher().get(url)

    with translation.override("nl"):
        message = caught.value.user_message()
    # Nothing was asked, so nothing was refused: the service is what is missing.
    assert message == (
        f"zgw-threepas kan de ZGW API niet bevragen: Er is geen service ingesteld voor {url}. "
        "Voeg een service toe waarvan de API-root het begin van deze URL is."
    )


def test_a_missing_zaak_reads_in_dutch(pipeline):
    url = f"{pipeline['zgw_base']}/zaken/api/v1/zaken/00000000-0000-0000-0000-000000000000"
    with translation.override("nl"), pytest.raises(ZGWPermanentError) as caught:
        ZGWFetcher().zaak_expanded(url)
    assert caught.value.message == (f"{url} bestaat niet (HTTP 404); mogelijk is het verwijderd.")


def test_a_preview_with_the_zaken_api_down_says_to_check_and_try_again(zgw_services):
    unreachable(zgw_services["zaken"])

    with pytest.raises(PreviewError) as caught:
        collect_zaak(ZAAK)
    assert "retried automatically" not in caught.value.message
    assert "Check that the API is running" in caught.value.message
    assert caught.value.message.endswith("then try again.")

    with translation.override("nl"), pytest.raises(PreviewError) as caught:
        collect_zaak(ZAAK)
    assert "automatisch" not in caught.value.message
    assert caught.value.message.endswith("en probeer het opnieuw.")


def test_the_preview_command_with_the_zaken_api_down_does_not_promise_a_retry(
    zgw_services, regel_aanvraag
):
    unreachable(zgw_services["zaken"])

    with pytest.raises(CommandError) as caught:
        call_command("threepas_preview", ZAAK, stdout=StringIO())
    assert "retried automatically" not in str(caught.value)
    assert "then try again" in str(caught.value)


def test_the_preview_page_with_the_zaken_api_down_says_what_to_do(
    zgw_services, regel_aanvraag, admin_client
):
    unreachable(zgw_services["zaken"])

    response = admin_client.get(
        "/admin/zgw_threepas/publicatieregel/preview/",
        {"zaak": ZAAK, "regel": regel_aanvraag.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not be reached" in page
    assert "retried automatically" not in page
    assert "then try again" in page


def test_a_rules_zaaktype_is_not_called_missing_when_the_catalogi_api_is_down(zgw_services):
    unreachable(zgw_services["catalogi"])

    choices, error = zaaktype_choices("OMGEVINGSVERGUNNING-REGULIER")
    assert choices[-1] == (
        "OMGEVINGSVERGUNNING-REGULIER",
        "OMGEVINGSVERGUNNING-REGULIER (Catalogi API not reachable)",
    )
    assert "retried automatically" not in error
    assert "then try again" in error

    with translation.override("nl"):
        choices, _error = zaaktype_choices("OMGEVINGSVERGUNNING-REGULIER")
    assert choices[-1][1] == "OMGEVINGSVERGUNNING-REGULIER (Catalogi API niet bereikbaar)"


def test_a_zaaktype_the_catalogi_api_does_not_have_is_called_not_found(zgw_services):
    choices, error = zaaktype_choices("BESTAAT-NIET")
    assert error == ""
    assert choices[-1] == ("BESTAAT-NIET", "BESTAAT-NIET (not found)")
    labels = dict(choices)
    assert "(not found)" not in labels["OMGEVINGSVERGUNNING-REGULIER"]


def test_the_rule_form_shows_the_catalogi_api_is_down(zgw_services, regel_aanvraag, admin_client):
    unreachable(zgw_services["catalogi"])

    response = admin_client.get(f"/admin/zgw_threepas/publicatieregel/{regel_aanvraag.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{regel_aanvraag.zaaktype_identificatie} (Catalogi API not reachable)" in page
    assert "(not found)" not in page


def test_a_3pas_message_shows_its_time_in_the_sites_time_zone(pipeline, monkeypatch, admin_client):
    message = fixtures.notification("status_create", pipeline["zgw_base"])
    (pk,), _retry = handle_notification(store_notification(message, monkeypatch).pk)
    bericht = Bericht.objects.create(
        publicatie_id=pk,
        endpoint=f"{pipeline['simulator']}/drop/3epas",
        soap_action="publiceer",
        request="<request/>",
        http_status=200,
        uitkomst="success",
    )
    summer_noon_utc = dt.datetime(2026, 7, 1, 10, 0, 0, tzinfo=dt.UTC)
    Bericht.objects.filter(pk=bericht.pk).update(tijdstip=summer_noon_utc)
    bericht.refresh_from_db()

    # Europe/Amsterdam is two hours ahead of UTC in summer.
    assert str(bericht).startswith("2026-07-01 12:00:00 ")

    page = admin_client.get(f"/admin/zgw_threepas/publicatie/{pk}/change/").content.decode()
    assert "2026-07-01 12:00:00" in page
    assert "2026-07-01 10:00:00" not in page
