"""One attempt to send: claimed once, classified by what may have reached DROP, recorded.

Every test sends over real HTTP to the 3PAS simulator, which says what it really received
and whether it made a dossier of it: the truth the sender cannot see.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest

from tests.delivery.conftest import delivered, inject, make_due, received, timeline
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.delivery.send import backoff_seconds, deliver
from zgw_threepas.delivery.sweep import sweep
from zgw_threepas.delivery.transitions import transition
from zgw_threepas.models import Publicatie, ThreepasConfig

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_a_pending_publication_is_delivered_once(planned, simulator):
    outcome = deliver(planned.pk)

    planned.refresh_from_db()
    assert outcome.status == S.published
    (dossier,) = delivered(simulator, planned)
    assert planned.dossiernummer == dossier["dossiernummer"]
    assert planned.pogingen == 1
    assert deliver(planned.pk).status == ""  # a replayed task finds nothing to do
    assert len(received(simulator, planned)) == 1
    assert [soort for soort, _ in timeline(planned)] == [
        "received",
        "rendered",
        "attempt",
        "published",
    ]
    attempt_line = planned.gebeurtenissen.get(soort="published").omschrijving
    assert attempt_line.startswith("Attempt 1: delivered")


def test_a_transient_failure_schedules_a_retry_with_backoff(planned, simulator):
    inject(simulator, "http503")
    before = timezone.now()

    outcome = deliver(planned.pk)

    planned.refresh_from_db()
    assert (outcome.status, planned.status) == (S.retrying, S.retrying)
    assert planned.foutcode == "HTTP_503"
    assert "sending it again is safe" in planned.reden
    # Jitter: between half and all of the first delay (1 s in the test configuration).
    assert 0.5 <= outcome.retry_in <= 1.0
    assert before + timedelta(seconds=0.5) <= planned.volgende_poging
    assert deliver(planned.pk).status == ""  # not due yet: not claimed
    failed_line = planned.gebeurtenissen.get(soort="attempt-failed").omschrijving
    assert failed_line.startswith("Attempt 1: not delivered")

    make_due(planned)
    assert deliver(planned.pk).status == S.published
    assert len(delivered(simulator, planned)) == 1
    assert len(received(simulator, planned)) == 2


def test_backoff_grows_to_its_ceiling_and_spreads():
    config = ThreepasConfig(retry_backoff_seconds=30, retry_backoff_max_seconds=600)
    delays = {
        attempt: [backoff_seconds(attempt, config) for _ in range(200)] for attempt in (1, 3, 9)
    }
    assert all(15 <= d <= 30 for d in delays[1])
    assert all(60 <= d <= 120 for d in delays[3])
    assert all(300 <= d <= 600 for d in delays[9])
    assert len({round(d, 3) for d in delays[9]}) > 150  # jitter, not one fixed value


def test_giving_up_says_what_happened_and_what_to_do(planned, simulator, webhook_config):
    webhook_config.max_attempts = 2
    webhook_config.save()
    inject(simulator, "fault", count=2, code="DRP-BEZET")

    assert deliver(planned.pk).status == S.retrying
    make_due(planned)
    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.reden.startswith("Not delivered to DROP after 2 attempts")
    assert "DROP answered with error code DRP-BEZET" in planned.reden
    assert "automatically" not in planned.reden
    assert "Send again" in planned.reden
    assert delivered(simulator, planned) == []


def test_a_refusal_fails_at_once_with_a_readable_reason(planned, simulator):
    inject(simulator, "fault", code="DRP-ORGANISATIE", message="OIN onbekend")

    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.pogingen == 1
    assert planned.foutcode == "DRP-ORGANISATIE"
    assert "DROP did not accept the publication" in planned.reden
    assert planned.berichten.get().uitkomst == "permanent"


@pytest.mark.parametrize("mode", ["drop", "html"])
def test_an_unknown_outcome_is_never_sent_again_automatically(planned, simulator, mode):
    inject(simulator, mode)

    assert deliver(planned.pk).status == S.uncertain
    make_due(planned)
    assert deliver(planned.pk).status == ""
    assert sweep(timezone.now() + timedelta(days=1)).publications == []

    planned.refresh_from_db()
    assert planned.status == S.uncertain
    assert "Do not send it again before checking" in planned.reden
    assert len(received(simulator, planned)) == 1
    # The simulator knows: after "drop" the dossier exists, after "html" it does not.
    assert len(delivered(simulator, planned)) == (1 if mode == "drop" else 0)


def test_an_interruption_after_the_request_left_is_uncertain(planned, simulator, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from zgw_threepas.threepas.client import ThreepasClient

    def interrupted(self, aanlevering):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ThreepasClient, "voeg_dossier_toe_en_publiceer", interrupted)

    assert deliver(planned.pk).status == S.uncertain
    planned.refresh_from_db()
    assert planned.foutcode == "time-limit"
    assert "stopped by the task's time limit" in planned.reden


def test_a_time_limit_before_sending_is_retried(planned, simulator, monkeypatch):
    """The zaak is read before a kennisgeving that waited is sent; a ZGW API so slow that the
    task's time limit runs out there has sent nothing."""
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("zgw_threepas.delivery.send.check_sendable", slow)

    assert deliver(planned.pk).status == S.retrying
    planned.refresh_from_db()
    assert planned.foutcode == "time-limit"
    assert received(simulator, planned) == []


def test_a_time_limit_while_reading_the_zaak_retries_the_notification(pipeline, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from testapp.fake_zgw import fixtures
    from tests.delivery.conftest import store_notification
    from zgw_threepas.delivery.notifications import handle_notification
    from zgw_threepas.models import OntvangenNotificatie

    stored = store_notification(
        fixtures.notification("status_create", pipeline["zgw_base"]), monkeypatch
    )

    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("zgw_threepas.delivery.notifications.plan", slow)
    ready, retry_in = handle_notification(stored.pk)

    assert ready == [] and retry_in is not None
    stored = OntvangenNotificatie.objects.get(pk=stored.pk)
    assert stored.status == "received"  # waiting for its next attempt, not failed
    assert "answered too slowly" in stored.reden


def test_a_deactivated_rule_stops_the_attempt_before_sending(planned, simulator):
    planned.regel.actief = False
    planned.regel.save()

    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.foutcode == "rule-inactive"
    assert planned.regel.naam in planned.reden
    assert received(simulator, planned) == []


@pytest.fixture
def zgw_data(pipeline):
    """The fake ZGW API's data, restored after the test changed it."""
    yield pipeline["zgw"]
    pipeline["zgw"].load_fixtures()


def test_a_zaak_deleted_before_a_retry_is_not_published(planned, simulator, zgw_data):
    inject(simulator, "http503")
    deliver(planned.pk)
    zgw_data.remove(planned.zaak_url)
    make_due(planned)

    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.foutcode == "zaak-gone"
    assert "no longer exists" in planned.reden
    assert delivered(simulator, planned) == []


def test_a_zaak_deleted_while_its_kennisgeving_waited_is_not_published(
    planned, simulator, zgw_data
):
    """Sent again by an administrator, or waiting for its publication date: the first attempt
    of a kennisgeving written a while ago checks the zaak as well."""
    inject(simulator, "fault", code="DRP-ORGANISATIE")
    assert deliver(planned.pk).status == S.failed
    zgw_data.remove(planned.zaak_url)
    # Days later the administrator sends it again, which counts attempts from 1 again.
    Publicatie.objects.filter(pk=planned.pk).update(aangemaakt=timezone.now() - timedelta(days=3))
    assert transition(planned.pk, S.pending, event="retry-by-administrator", pogingen=0)

    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.foutcode == "zaak-gone"
    assert delivered(simulator, planned) == []


def test_a_kennisgeving_written_just_now_is_sent_without_reading_the_zaak_again(
    planned, simulator, pipeline
):
    before = len(pipeline["zgw"].calls("GET"))

    assert deliver(planned.pk).status == S.published

    assert len(pipeline["zgw"].calls("GET")) == before


@pytest.mark.django_db(transaction=True)
def test_a_kennisgeving_whose_date_passed_is_written_anew_and_sent_once(
    planned, simulator, zgw_data
):
    from zgw_threepas.delivery.schedule import vandaag

    today = vandaag()
    yesterday = today - timedelta(days=1)
    Publicatie.objects.filter(pk=planned.pk).update(publicatiedatum=yesterday)
    # Its notification was processed when the kennisgeving was written.
    planned.notificatie.refresh_from_db()
    assert planned.notificatie.status == "processed"

    outcome = deliver(planned.pk)

    # Not sent with yesterday's date: written anew from the zaak, then delivered.
    assert outcome.status == S.failed
    planned.refresh_from_db()
    assert planned.status == S.published, planned.reden
    assert planned.publicatiedatum == today
    (dossier,) = delivered(simulator, planned)
    assert dossier["metadata"]["Publicatiedatum"] == today.isoformat()
    events = [soort for soort, _ in timeline(planned)]
    assert events[-4:] == ["failed", "rendered", "attempt", "published"], events
    failed = planned.gebeurtenissen.get(soort="failed").omschrijving
    assert "which has passed" in failed
    assert "It is being written anew from the zaak, with a new publication date" in failed


def test_a_kennisgeving_whose_date_passed_and_zaak_is_gone_says_the_zaak_is_gone(
    planned, simulator, zgw_data
):
    from zgw_threepas.delivery.schedule import vandaag

    Publicatie.objects.filter(pk=planned.pk).update(publicatiedatum=vandaag() - timedelta(days=1))
    zgw_data.remove(planned.zaak_url)

    assert deliver(planned.pk).status == S.failed

    planned.refresh_from_db()
    assert planned.foutcode == "zaak-gone"
    assert "no longer exists" in planned.reden
    assert planned.inhoud_xml  # nothing to write anew: the record stays as it was
    assert received(simulator, planned) == []


def test_a_zgw_api_out_of_reach_before_a_retry_is_transient(planned, simulator, zgw_services):
    inject(simulator, "http503")
    deliver(planned.pk)
    zaken = zgw_services["zaken"]
    zaken.api_root = "http://127.0.0.1:9/zaken/api/v1/"  # nothing listens on port 9
    zaken.save()
    Publicatie.objects.filter(pk=planned.pk).update(
        zaak_url=planned.zaak_url.replace(
            planned.zaak_url.split("/zaken/")[0], "http://127.0.0.1:9"
        )
    )
    make_due(planned)

    assert deliver(planned.pk).status == S.retrying

    planned.refresh_from_db()
    assert planned.foutcode == "zgw-unavailable"
    assert "Attempt 2: not delivered, because the ZGW API could not be reached" in (
        planned.gebeurtenissen.filter(soort="attempt-failed").last().omschrijving
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_once(planned, simulator):
    inject(simulator, "slow", delay=0.5)  # keeps the first claimer busy while others try
    outcomes: list[str] = []

    def worker():
        try:
            outcomes.append(deliver(planned.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [""] * 7 + [S.published]
    assert len(received(simulator, planned)) == 1
    planned.refresh_from_db()
    assert (planned.status, planned.pogingen) == (S.published, 1)


def deliver_slowly(planned, simulator) -> tuple[threading.Thread, dict]:
    """Deliver ``planned`` in a thread against a DROP that answers after 2 seconds; return
    once DROP has the message, with the thread and the dict its outcome will be put in."""
    inject(simulator, "slow", delay=2)
    result = {}
    sender = threading.Thread(target=lambda: result.update(outcome=deliver(planned.pk)))
    sender.start()
    deadline = timezone.now() + timedelta(seconds=10)
    while not received(simulator, planned) and timezone.now() < deadline:
        threading.Event().wait(0.05)
    return sender, result


@pytest.mark.django_db(transaction=True)
def test_a_slow_success_after_the_sweep_gave_up_is_recorded(planned, simulator):
    sender, result = deliver_slowly(planned, simulator)

    # The sweep runs while DROP is still answering and declares the attempt abandoned.
    found = sweep(timezone.now() + timedelta(days=1))
    planned.refresh_from_db()
    assert found.uncertain == [planned.pk] and planned.status == S.uncertain

    sender.join(timeout=30)
    planned.refresh_from_db()
    assert result["outcome"].status == S.published
    assert planned.status == S.published
    assert planned.dossiernummer == delivered(simulator, planned)[0]["dossiernummer"]
    assert [soort for soort, _ in timeline(planned)][-2:] == ["worker-lost", "published"]


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_after_the_administrator_cancelled_tells_them_the_dossiernummer(
    planned, simulator
):
    sender, result = deliver_slowly(planned, simulator)

    # The sweep gives up on the attempt, and the administrator cancels the uncertain one,
    # all while DROP is still answering.
    sweep(timezone.now() + timedelta(days=1))
    assert transition(planned.pk, S.cancelled, event="cancelled-by-administrator")

    sender.join(timeout=30)
    planned.refresh_from_db()
    (dossier,) = delivered(simulator, planned)
    assert result["outcome"].status == S.cancelled
    assert planned.status == S.cancelled  # the administrator's decision stands
    assert planned.dossiernummer == ""
    assert f"with dossiernummer {dossier['dossiernummer']} after this publication" in planned.reden
    assert "record it as published with this dossiernummer" in planned.reden
    assert timeline(planned)[-1] == ("confirmed-too-late", S.cancelled)


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_after_the_administrator_sent_it_again_stops_the_resend(planned, simulator):
    sender, result = deliver_slowly(planned, simulator)

    # The sweep gives up on the attempt; the administrator, finding nothing in DROP yet,
    # sends it again: pending, its delivery not yet claimed.
    sweep(timezone.now() + timedelta(days=1))
    assert transition(planned.pk, S.pending, event="retry-by-administrator", pogingen=0)

    sender.join(timeout=30)
    planned.refresh_from_db()
    assert result["outcome"].status == S.published
    assert planned.status == S.published
    (dossier,) = delivered(simulator, planned)
    assert planned.dossiernummer == dossier["dossiernummer"]
    # The queued resend finds nothing to send.
    assert deliver(planned.pk).status == ""
    assert len(received(simulator, planned)) == 1
