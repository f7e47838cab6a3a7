"""The sweep finds what a lost message or a dead worker left behind, and nothing else."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest

from zgw_threepas.constants import NotificatieStatus as N
from zgw_threepas.constants import Publicatieblad, PublicatieType
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.delivery.sweep import sweep
from zgw_threepas.delivery.transitions import transition
from zgw_threepas.models import OntvangenNotificatie, Publicatie

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def publicatie(n: int, status: str = S.pending, **fields) -> Publicatie:
    created = Publicatie.objects.create(
        zaak_url=f"http://openzaak.local/zaken/api/v1/zaken/{n}",
        publicatietype=PublicatieType.aanvraag,
        publicatieblad=Publicatieblad.gemeenteblad,
    )
    Publicatie.objects.filter(pk=created.pk).update(status=status, **fields)
    return created


def notificatie(n: int, **fields) -> OntvangenNotificatie:
    created = OntvangenNotificatie.objects.create(
        key=f"{n:064d}",
        kanaal="zaken",
        resource="status",
        actie="create",
        hoofd_object="http://openzaak.local/zaken/api/v1/zaken/1",
        resource_url=f"http://openzaak.local/zaken/api/v1/statussen/{n}",
        aanmaakdatum=NOW,
        bericht={},
    )
    OntvangenNotificatie.objects.filter(pk=created.pk).update(**fields)
    return created


def test_queues_what_waited_too_long_and_leaves_the_rest(settings):
    settings.ZGW_THREEPAS_SWEEP_AFTER_SECONDS = 600
    old = NOW - timedelta(seconds=601)
    recent = NOW - timedelta(seconds=10)
    lost_pending = publicatie(1, gewijzigd=old)
    publicatie(2, gewijzigd=recent)  # its task may still be on its way
    waiting_for_its_day = publicatie(3, gewijzigd=old, volgende_poging=NOW + timedelta(days=2))
    lost_retry = publicatie(4, S.retrying, volgende_poging=old)
    publicatie(5, S.retrying, volgende_poging=recent)  # its countdown task is due about now
    for n, state in enumerate((S.published, S.failed, S.uncertain, S.held, S.cancelled), 6):
        publicatie(n, state, gewijzigd=old)
    lost_notification = notificatie(1, ontvangen=old)
    notificatie(2, ontvangen=recent)
    notificatie(3, ontvangen=old, volgende_poging=NOW + timedelta(seconds=60))  # claimed
    notificatie(4, ontvangen=old, status=N.processed)

    found = sweep(NOW)

    assert sorted(found.publications) == sorted([lost_pending.pk, lost_retry.pk])
    assert found.notifications == [lost_notification.pk]
    assert found.uncertain == []
    assert waiting_for_its_day.pk not in found.publications
    assert lost_pending.pk in sweep(NOW).publications  # it changes nothing: runs again alike


def test_an_abandoned_sending_becomes_uncertain_not_pending(settings):
    settings.ZGW_THREEPAS_SENDING_STALE_SECONDS = 900
    abandoned = publicatie(1, S.sending, verzending_gestart=NOW - timedelta(seconds=901))
    busy = publicatie(2, S.sending, verzending_gestart=NOW - timedelta(seconds=60))

    found = sweep(NOW)

    assert found.uncertain == [abandoned.pk]
    abandoned.refresh_from_db()
    busy.refresh_from_db()
    assert (abandoned.status, abandoned.foutcode) == (S.uncertain, "worker-lost")
    assert "may or may not have reached DROP" in abandoned.reden
    assert busy.status == S.sending
    assert abandoned.gebeurtenissen.get().soort == "worker-lost"
    assert sweep(NOW).uncertain == []


def test_an_abandoned_sending_is_logged_as_ambiguous_with_its_keys(settings):
    from tests.logging.conftest import captured_events

    settings.ZGW_THREEPAS_SENDING_STALE_SECONDS = 900
    abandoned = publicatie(
        1, S.sending, verzending_gestart=NOW - timedelta(seconds=901), pogingen=2
    )

    with captured_events() as events:
        sweep(NOW)

    ambiguous = events.one("delivery_ambiguous")
    assert ambiguous["publicatie_id"] == abandoned.pk
    assert ambiguous["publicatie_uuid"] == str(abandoned.uuid)
    assert ambiguous["zaak_url"] == abandoned.zaak_url
    assert (ambiguous["reason_code"], ambiguous["attempt"]) == ("worker-lost", 2)
    assert ambiguous["log_level"] == "error"


def test_an_attempt_is_never_abandoned_before_its_hard_time_limit(settings):
    settings.ZGW_THREEPAS_SENDING_STALE_SECONDS = 60
    running = publicatie(1, S.sending, verzending_gestart=NOW - timedelta(seconds=120))

    assert sweep(NOW, min_stale_seconds=150).uncertain == []
    assert sweep(NOW, min_stale_seconds=100).uncertain == [running.pk]


def test_the_sweep_and_a_worker_cannot_both_move_an_attempt():
    row = publicatie(1, S.sending, verzending_gestart=NOW - timedelta(days=1))
    # The worker records its answer first; the sweep's conditional update then finds nothing.
    assert transition(row.pk, S.published, event="published", dossiernummer="DRP-1")
    assert sweep(NOW).uncertain == []
    row.refresh_from_db()
    assert row.status == S.published
