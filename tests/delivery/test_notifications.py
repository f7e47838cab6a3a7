"""Processing a stored notification: claimed once, ZGW failures retried or explained."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest

from testapp.fake_zgw import fixtures
from tests.delivery.conftest import store_notification
from zgw_threepas.constants import NotificatieStatus as N
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.delivery.notifications import handle_notification
from zgw_threepas.models import OntvangenNotificatie, Publicatie

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def stored(pipeline, monkeypatch):
    return store_notification(
        fixtures.notification("status_create", pipeline["zgw_base"]), monkeypatch
    )


@pytest.fixture
def zgw_out_of_reach(zgw_services, stored, pipeline):
    """Services and notification point at a port where nothing listens."""
    dead = "http://127.0.0.1:9"
    for service in zgw_services.values():
        service.api_root = service.api_root.replace(pipeline["zgw_base"], dead)
        service.save()
    OntvangenNotificatie.objects.filter(pk=stored.pk).update(
        hoofd_object=stored.hoofd_object.replace(pipeline["zgw_base"], dead),
        resource_url=stored.resource_url.replace(pipeline["zgw_base"], dead),
    )


def make_due(notificatie: OntvangenNotificatie) -> None:
    OntvangenNotificatie.objects.filter(pk=notificatie.pk).update(
        volgende_poging=timezone.now() - timedelta(seconds=1)
    )


def test_a_notification_is_planned_once(stored):
    ready, retry_in = handle_notification(stored.pk)

    assert retry_in is None
    assert list(Publicatie.objects.values_list("pk", "status")) == [(ready[0], S.pending)]
    stored.refresh_from_db()
    assert (stored.status, stored.pogingen, stored.volgende_poging) == (N.processed, 1, None)
    assert handle_notification(stored.pk) == ([], None)  # replayed: nothing to do


def test_a_claimed_notification_is_left_alone_until_its_lease_runs_out(stored):
    # A worker claimed it and died: the claim's lease keeps redelivered tasks away...
    OntvangenNotificatie.objects.filter(pk=stored.pk).update(
        pogingen=1, volgende_poging=timezone.now() + timedelta(seconds=300)
    )
    assert handle_notification(stored.pk) == ([], None)
    assert Publicatie.objects.count() == 0

    # ...until it runs out; then the next task processes it.
    make_due(stored)
    ready, _ = handle_notification(stored.pk)
    assert len(ready) == 1
    stored.refresh_from_db()
    assert stored.pogingen == 2


def test_an_unreachable_zgw_api_is_retried_then_explained(stored, zgw_out_of_reach, webhook_config):
    webhook_config.max_attempts = 2
    webhook_config.save()

    ready, retry_in = handle_notification(stored.pk)
    stored.refresh_from_db()
    assert ready == [] and 0.5 <= retry_in <= 1.0
    assert stored.status == N.received
    assert "retried automatically" in stored.reden

    make_due(stored)
    assert handle_notification(stored.pk) == ([], None)
    stored.refresh_from_db()
    assert stored.status == N.failed
    assert stored.reden.startswith("The notification could not be processed after 2 attempts")
    assert "automatically" not in stored.reden
    assert "Process again" in stored.reden


def test_a_zaak_that_does_not_exist_fails_at_once(stored, pipeline):
    OntvangenNotificatie.objects.filter(pk=stored.pk).update(
        hoofd_object=f"{pipeline['zgw_base']}/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000"
    )

    assert handle_notification(stored.pk) == ([], None)

    stored.refresh_from_db()
    assert (stored.status, stored.pogingen) == (N.failed, 1)
    assert "does not exist (HTTP 404)" in stored.reden


def test_an_unexpected_error_is_explained_not_retried_forever(stored, monkeypatch):
    def broken(notificatie, **kwargs):
        raise KeyError("identificatie")

    monkeypatch.setattr("zgw_threepas.delivery.notifications.plan", broken)

    assert handle_notification(stored.pk) == ([], None)

    stored.refresh_from_db()
    assert stored.status == N.failed
    assert "KeyError" in stored.reden and "Process again" in stored.reden
