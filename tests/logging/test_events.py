"""A publication can be followed through the log, step by step, with stable event names and
keys, and the log never holds personal data or the texts of a kennisgeving.

Every part is real: notifications are posted over HTTP to the webhook served by the live
server, the zaak comes from the fake ZGW API over HTTP and the kennisgeving goes to the 3PAS
simulator over HTTP; the tasks run in-process. Each test also checks (in the ``events``
fixture) that every event it saw is in the catalogue, at its level, with the catalogue's keys.
"""

from __future__ import annotations

import json
import logging

import pytest
import requests

from testapp.fake_zgw import fixtures
from testapp.fake_zgw.app import ApiError
from tests.conftest import RSIN, WEBHOOK_TOKEN, simulator_received
from zgw_threepas.constants import PublicatieStatus
from zgw_threepas.models import OntvangenNotificatie, Organisatie, Publicatie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

#: A person, as the case worker might mention them in the zaak's toelichting. The rol of the
#: fixture zaak holds the same person (BSN 111222333); neither may ever reach the log.
PERSON = ("Pieter", "Jansen", "111222333", "Kalverstraat 92")


def post(live_server, message, authorization: str | None = WEBHOOK_TOKEN) -> requests.Response:
    headers = {"Authorization": authorization} if authorization else {}
    return requests.post(
        f"{live_server.url}/threepas/notificaties/", json=message, headers=headers, timeout=60
    )


def post_status(live_server, pipeline) -> None:
    response = post(live_server, fixtures.notification("status_create", pipeline["zgw_base"]))
    assert response.status_code == 204, response.text


def inject(simulator: str, mode: str, **options) -> None:
    requests.post(
        f"{simulator}/_simulator/fail", json={"mode": mode, "count": 1, **options}, timeout=5
    ).raise_for_status()


def in_order(names: list[str], expected: list[str]) -> bool:
    """Whether ``expected`` occurs in ``names`` in this order (other events may lie between)."""
    remaining = iter(names)
    return all(name in remaining for name in expected)


@pytest.fixture
def writing_back(pipeline):
    """The pipeline with write-back switched on, on the fake ZGW API's data as shipped (a
    write-back changes the zaak); the data is restored afterwards."""
    pipeline["zgw"].load_fixtures()
    Organisatie.objects.update(terugschrijven=True)
    yield pipeline
    pipeline["zgw"].load_fixtures()


def test_a_publication_is_followed_from_notification_to_write_back(
    live_server, writing_back, events
):
    post_status(live_server, writing_back)

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published
    assert in_order(
        events.names(),
        [
            "notification_received",
            "zaak_collected",
            "publication_planned",
            "publication_rendered",
            "notification_processed",
            "delivery_queued",
            "delivery_attempt_started",
            "publication_delivered",
            "write_back_done",
        ],
    ), events.names()

    notificatie = OntvangenNotificatie.objects.get()
    received = events.one("notification_received")
    assert received["notificatie_id"] == notificatie.pk
    assert (received["kanaal"], received["resource"], received["actie"]) == (
        "zaken",
        "status",
        "create",
    )
    assert received["hoofd_object"] == publicatie.zaak_url
    assert received["again"] is False
    assert events.one("notification_processed")["publicaties"] == 1

    identity = {
        "publicatie_uuid": str(publicatie.uuid),
        "publicatie_id": publicatie.pk,
        "zaak_url": publicatie.zaak_url,
        "zaak_identificatie": "ZAAK-2026-0000000042",
        "organisatie": RSIN,
        "regel_id": writing_back["rule"].pk,
    }
    for name in (
        "publication_planned",
        "publication_rendered",
        "delivery_attempt_started",
        "publication_delivered",
        "write_back_done",
    ):
        entry = events.one(name)
        assert {key: entry[key] for key in identity} == identity, name

    planned = events.one("publication_planned")
    assert (planned["publicatietype"], planned["publicatieblad"]) == ("aanvraag", "gemeenteblad")
    assert events.one("publication_rendered")["publicatiedatum"] == (
        publicatie.publicatiedatum.isoformat()
    )
    delivered = events.one("publication_delivered")
    assert delivered["attempt"] == 1
    assert delivered["dossiernummer"] == publicatie.dossiernummer
    assert (
        delivered["dossiernummer"]
        == simulator_received(writing_back["simulator"])[0]["dossiernummer"]
    )
    assert events.one("delivery_queued")["by"] == "notification"
    written = events.one("write_back_done")
    assert written["kenmerk_added"] is True
    assert written["publicatiedatum_set"] == "zaak"


def test_a_notification_delivered_again_is_logged_as_again(live_server, pipeline, events):
    post_status(live_server, pipeline)
    post_status(live_server, pipeline)

    assert [e["again"] for e in events.named("notification_received")] == [False, True]
    assert len(events.named("publication_delivered")) == 1


def test_the_log_holds_no_personal_data_and_no_texts(live_server, writing_back, caplog):
    """What the installation's log handler receives (the rendered lines), for a zaak whose
    toelichting names a person, and whose applicant (a rol) is a natural person."""
    zaak = writing_back["zgw"].get(fixtures.load("zaak")["url"])
    with writing_back["zgw"].lock:
        zaak["toelichting"] = "Aanvraag van {} {}, BSN {}, wonende {}.".format(*PERSON)
    caplog.set_level(logging.DEBUG, logger="zgw_threepas")
    response = post(
        live_server, {"kanaal": "zaken", "bericht": "Pieter Jansen"}, authorization=None
    )
    assert response.status_code == 401
    response = post(live_server, {"kanaal": "zaken", "hoofdObject": "Pieter Jansen 111222333"})
    assert response.status_code == 400

    post_status(live_server, writing_back)

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published
    ours = [r for r in caplog.records if r.name.startswith("zgw_threepas")]
    text = "\n".join(r.getMessage() for r in ours)
    # The events are there, rendered by the configured structlog chain ...
    for name in ("notification_received", "publication_delivered", "write_back_done"):
        assert f"event='{name}'" in text
    assert "event='webhook_refused'" in text
    assert "event='notification_invalid'" in text
    assert str(publicatie.uuid) in text
    # ... and nothing of the person, the message bodies or the kennisgeving.
    for fragment in PERSON:
        assert fragment not in text
    assert "Aanvraag van" not in text
    assert publicatie.titel not in text
    assert "dakkapel" not in text.lower()
    assert "<aanlevering" not in text
    assert json.dumps(fixtures.notification("status_create", writing_back["zgw_base"])) not in text


def test_the_person_in_the_zaak_never_reaches_any_event(live_server, writing_back, events):
    zaak = writing_back["zgw"].get(fixtures.load("zaak")["url"])
    with writing_back["zgw"].lock:
        zaak["toelichting"] = "Aanvraag van {} {}, BSN {}, wonende {}.".format(*PERSON)

    post_status(live_server, writing_back)

    assert Publicatie.objects.get().status == PublicatieStatus.published
    assert len(events) >= 9
    values = json.dumps([list(entry.values()) for entry in events], default=str)
    for fragment in PERSON:
        assert fragment not in values


@pytest.mark.parametrize(
    ("mode", "options", "event", "reason_code", "status"),
    [
        ("http503", {}, "delivery_retry_scheduled", "HTTP_503", PublicatieStatus.retrying),
        (
            "fault",
            {"code": "DRP-ORGANISATIE", "message": "OIN onbekend"},
            "delivery_failed",
            "DRP-ORGANISATIE",
            PublicatieStatus.failed,
        ),
        ("drop", {}, "delivery_ambiguous", None, PublicatieStatus.uncertain),
    ],
)
def test_a_failed_attempt_is_logged_with_its_reason_code(
    live_server, pipeline, events, mode, options, event, reason_code, status
):
    inject(pipeline["simulator"], mode, **options)

    post_status(live_server, pipeline)

    publicatie = Publicatie.objects.get()
    assert publicatie.status == status
    entry = events.one(event)
    assert entry["publicatie_uuid"] == str(publicatie.uuid)
    assert entry["attempt"] == 1
    assert entry["reason_code"] == (reason_code or publicatie.foutcode)
    assert entry["reason_code"]
    assert events.named("publication_delivered") == []
    if event == "delivery_retry_scheduled":
        assert 0 < entry["retry_in"] <= 1.0  # backoff of 1 s in the test configuration
        assert events.named("delivery_queued")[-1]["by"] == "retry"


def test_a_kennisgeving_that_cannot_be_written_is_logged_as_held(live_server, pipeline, events):
    Organisatie.objects.all().delete()

    post_status(live_server, pipeline)

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.held
    held = events.one("publication_held")
    assert held["publicatie_uuid"] == str(publicatie.uuid)
    assert held["organisatie"] == ""
    assert held["reason_code"] == "unknown-organisation"
    assert events.named("publication_rendered") == []
    assert events.named("delivery_attempt_started") == []


def test_a_refused_write_back_is_logged_and_the_publication_stays_published(
    live_server, writing_back, events, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ApiError(403, "PermissionDenied", "permission_denied", "Geen toestemming.")

    monkeypatch.setattr(writing_back["zgw"], "_patch", refuse)

    post_status(live_server, writing_back)

    assert Publicatie.objects.get().status == PublicatieStatus.published
    failed = events.one("write_back_failed")
    assert failed["reason_code"] == "zgw-refused"
    assert failed["attempt"] == 1
    assert events.named("write_back_done") == []


def test_the_intake_logs_what_it_refuses_and_ignores(live_server, pipeline, events):
    zaak_update = fixtures.notification("status_create", pipeline["zgw_base"])
    zaak_update.update(resource="zaak", actie="partial_update")
    zaak_update["resourceUrl"] = zaak_update["hoofdObject"]

    assert post(live_server, zaak_update, authorization=None).status_code == 401
    assert post(live_server, zaak_update, authorization="Token wrong").status_code == 403
    assert post(live_server, {"kanaal": "zaken"}).status_code == 400
    assert post(live_server, zaak_update).status_code == 204

    assert [e["reason_code"] for e in events.named("webhook_refused")] == [
        "missing-credentials",
        "wrong-credentials",
    ]
    invalid = events.one("notification_invalid")
    assert invalid["via"] == "webhook"
    assert "hoofdObject" in invalid["fields"]
    ignored = events.one("notification_ignored")
    assert (ignored["resource"], ignored["actie"]) == ("zaak", "partial_update")
    assert OntvangenNotificatie.objects.count() == 0


def test_open_zaaks_callback_logs_a_refused_message_as_invalid(db, events):
    from rest_framework.exceptions import ValidationError

    from zgw_threepas.contrib.openzaak.handler import ThreepasNotificationHandler

    with pytest.raises(ValidationError):
        ThreepasNotificationHandler(fallback=None).handle(
            {"kanaal": "zaken", "resource": "status", "actie": "create"}
        )

    invalid = events.one("notification_invalid")
    assert invalid["via"] == "host-callback"
    assert invalid["reason_code"] == "invalid-notification"
    assert "hoofdObject" in invalid["fields"]


def test_the_subscription_is_logged_when_registered_and_checked(
    nrc, subscription_config, callback_url, events
):
    from zgw_threepas.intake.subscription import check, subscribe

    subscribe()
    subscribe()
    check()

    outcomes = [e["outcome"] for e in events.named("subscription_registered")]
    assert outcomes == ["created", "unchanged"]
    registered = events.named("subscription_registered")[0]
    (abonnement,) = nrc[0].abonnementen.values()
    assert registered["abonnement_url"].endswith(abonnement.uuid)
    assert registered["callback_url"] == callback_url
    assert registered["kanalen"] == ["besluiten", "zaken"]
    checked = events.one("subscription_checked")
    assert checked["outcome"] == "checked"
    assert checked["unknown_kanalen"] == []


def test_a_subscription_the_notificaties_api_refuses_is_logged(nrc, subscription_config, events):
    from zgw_threepas.intake.subscription import SubscriptionError, subscribe

    subscription_config.notificaties_service.secret = "not-the-secret"
    subscription_config.notificaties_service.save()

    with pytest.raises(SubscriptionError):
        subscribe()

    failed = events.one("subscription_failed")
    assert failed["operation"] == "subscribe"
    assert failed["reason_code"] == "http-403"


def test_a_rule_that_declines_the_zaak_is_logged_with_its_reason(live_server, pipeline, events):
    zaak = pipeline["zgw"].get(fixtures.load("zaak")["url"])
    with pipeline["zgw"].lock:
        original = zaak["vertrouwelijkheidaanduiding"]
        zaak["vertrouwelijkheidaanduiding"] = "vertrouwelijk"
    pipeline["rule"].max_vertrouwelijkheidaanduiding = "openbaar"
    pipeline["rule"].save()
    try:
        post_status(live_server, pipeline)
    finally:
        with pipeline["zgw"].lock:
            zaak["vertrouwelijkheidaanduiding"] = original

    assert Publicatie.objects.count() == 0
    declined = events.one("rule_declined")
    assert declined["regel_id"] == pipeline["rule"].pk
    assert declined["zaak_identificatie"] == "ZAAK-2026-0000000042"
    assert declined["reason_code"] == "too-confidential"
    assert events.one("notification_processed")["publicaties"] == 0


@pytest.fixture
def at_poc(organisatie, simulator):
    """The organisation at step 1 (the proof-of-concept endpoint), where a test kennisgeving
    may go."""
    from zgw_threepas.constants import Aansluitstap
    from zgw_threepas.constants import ThreepasAuthenticatie as Auth

    organisatie.aansluitstap = Aansluitstap.poc
    organisatie.authenticatie = Auth.http_basic
    organisatie.gebruikersnaam = "gemeente-amsterdam-poc"
    organisatie.wachtwoord = "poc-Secret-4711"
    organisatie.save()
    return organisatie


def test_a_test_kennisgeving_and_the_log_cleanup_are_logged(settings, at_poc, simulator, events):
    from datetime import timedelta

    from django.utils import timezone

    from zgw_threepas.delivery.tasks import cleanup_message_log
    from zgw_threepas.delivery.testpublication import send_test_publication
    from zgw_threepas.models import Bericht
    from zgw_threepas.threepas.errors import ThreepasError

    delivered = send_test_publication(at_poc)
    inject(simulator, "fault")
    with pytest.raises(ThreepasError) as refused:
        send_test_publication(at_poc)

    assert events.one("test_publication_delivered") == {
        "event": "test_publication_delivered",
        "log_level": "info",
        "logger": "zgw_threepas.delivery.testpublication",
        "organisatie": RSIN,
        "dossiernummer": delivered.dossiernummer,
    }
    failed = events.one("test_publication_failed")
    assert (failed["organisatie"], failed["reason_code"]) == (RSIN, refused.value.code)

    settings.ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS = 7
    Bericht.objects.update(tijdstip=timezone.now() - timedelta(days=8))
    cleanup_message_log.apply().get()

    cleanup = events.one("message_log_cleanup")
    assert (cleanup["deleted"], cleanup["retention_days"]) == (2, 7)


def test_a_notification_the_administrator_retries_with_the_broker_down_is_logged(
    admin_client, events, monkeypatch
):
    from django.urls import reverse
    from django.utils import timezone

    from zgw_threepas.constants import NotificatieStatus
    from zgw_threepas.delivery import tasks

    notificatie = OntvangenNotificatie.objects.create(
        key="retried-with-the-broker-down",
        aanmaakdatum=timezone.now(),
        kanaal="zaken",
        resource="status",
        actie="create",
        hoofd_object="http://zaken.example/zaken/1",
        resource_url="http://zaken.example/statussen/1",
        status=NotificatieStatus.failed,
        bericht={},
    )

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.process_notification, "delay", broker_down)
    changelist = reverse("admin:zgw_threepas_ontvangennotificatie_changelist")
    response = admin_client.post(
        changelist, {"action": "process_again", "_selected_action": [notificatie.pk]}
    )

    # The administrator's decision stands: the notification waits for the sweep.
    assert response.status_code == 302
    notificatie.refresh_from_db()
    assert notificatie.status == NotificatieStatus.received
    queue_failed = events.one("notification_queue_failed")
    assert queue_failed["notificatie_id"] == notificatie.pk
    assert queue_failed["log_level"] == "error"


def test_a_zaak_no_service_covers_fails_its_notification_saying_the_service_is_missing(
    live_server, pipeline, events
):
    from zgw_consumers.models import Service

    # Open Zaak reached under another address than the one the services name.
    for service in Service.objects.all():
        service.api_root = service.api_root.replace("127.0.0.1", "localhost")
        service.save()

    post_status(live_server, pipeline)

    notificatie = OntvangenNotificatie.objects.get()
    assert notificatie.status == "failed"
    assert "No service is configured for" in notificatie.reden
    assert "refused" not in notificatie.reden and "weigerde" not in notificatie.reden
    failed = events.one("notification_failed")
    assert failed["reason_code"] == "zgw-no-service"
    assert failed["attempt"] == 1
