"""Publications planned through the real pipeline (fake ZGW API over HTTP, real rendering),
ready for the delivery tests to send to the 3PAS simulator over HTTP."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
import requests

from testapp.fake_zgw import fixtures
from zgw_threepas.delivery.notifications import handle_notification
from zgw_threepas.intake.receive import receive
from zgw_threepas.intake.validation import validate_message
from zgw_threepas.models import OntvangenNotificatie, Publicatie


def store_notification(message: dict, monkeypatch) -> OntvangenNotificatie:
    """Store ``message`` as the webhook does, without queueing it: the test runs the steps."""
    monkeypatch.setattr("zgw_threepas.intake.receive._queue", lambda pk: None)
    return receive(validate_message(message))


@pytest.fixture
def planned(pipeline, monkeypatch):
    """The publication the status notification asks for: rendered, pending, not yet sent."""
    message = fixtures.notification("status_create", pipeline["zgw_base"])
    stored = store_notification(message, monkeypatch)
    ready, retry_in = handle_notification(stored.pk)
    assert retry_in is None and len(ready) == 1, OntvangenNotificatie.objects.get().reden
    return Publicatie.objects.get(pk=ready[0])


def make_due(publicatie: Publicatie) -> None:
    """Let the time of the next attempt pass without sleeping."""
    Publicatie.objects.filter(pk=publicatie.pk).update(
        volgende_poging=timezone.now() - timedelta(seconds=1)
    )


def inject(simulator: str, mode: str, count: int = 1, **options) -> None:
    requests.post(
        f"{simulator}/_simulator/fail", json={"mode": mode, "count": count, **options}, timeout=5
    ).raise_for_status()


def delivered(simulator: str, publicatie: Publicatie) -> list[dict]:
    """The messages for ``publicatie`` that the simulated DROP turned into a dossier."""
    return requests.get(
        f"{simulator}/_simulator/received",
        params={"kenmerk": publicatie.kenmerk, "processed": "true"},
        timeout=5,
    ).json()


def received(simulator: str, publicatie: Publicatie) -> list[dict]:
    return requests.get(
        f"{simulator}/_simulator/received", params={"kenmerk": publicatie.kenmerk}, timeout=5
    ).json()


def timeline(publicatie: Publicatie) -> list[tuple[str, str]]:
    return list(publicatie.gebeurtenissen.order_by("tijdstip", "pk").values_list("soort", "status"))
