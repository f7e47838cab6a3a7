"""Notifications published at the Notificaties API reach our webhook through the abonnement
that ``threepas_subscribe`` registered, in both ways Open Notificaties can authenticate them."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

import pytest

from tests.openzaak.nrc_standin import make_jwt
from zgw_threepas.models import OntvangenNotificatie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

JWT_CLIENT_ID = "open-notificaties"
JWT_SECRET = "webhook-jwt-secret-long-enough-for-hs256"

STATUS_CREATE = {
    "kanaal": "zaken",
    "hoofdObject": "http://openzaak.local/zaken/api/v1/zaken/d42657e2-009a-4c38-8fc3-14edff49a95a",
    "resource": "status",
    "resourceUrl": "http://openzaak.local/zaken/api/v1/statussen/d0ce90ed-e8f7-420f-86c1-c1dc3ea36911",
    "actie": "create",
    "aanmaakdatum": "2026-12-03T17:29:36.820343Z",
    "kenmerken": {
        "bronorganisatie": "002220647",
        "zaaktype": "http://openzaak.local/catalogi/api/v1/zaaktypen/457b78ae-0d7d-4ab4-95bf-961d83733f56",
        "zaaktype.catalogus": "http://openzaak.local/catalogi/api/v1/catalogussen/a8cf1987-4e33-4d06-b10b-5bbff1a71503",
        "vertrouwelijkheidaanduiding": "openbaar",
    },
}


@pytest.fixture(autouse=True)
def _no_pipeline(monkeypatch):
    # These tests are about delivery and authentication; what happens to a stored notification
    # afterwards is specified elsewhere.
    monkeypatch.setattr("zgw_threepas.intake.receive._queue", lambda pk: None)


def publish(nrc, message):
    import requests

    app, api_root = nrc
    client_id, secret = next(iter(app.clients.items()))
    response = requests.post(
        f"{api_root}notificaties",
        json=message,
        headers={"Authorization": f"Bearer {make_jwt(client_id, secret)}"},
        timeout=30,
    )
    response.raise_for_status()


def subscribe():
    call_command("threepas_subscribe", stdout=StringIO())


def test_default_delivery_sends_the_auth_verbatim_and_is_stored(nrc, subscription_config):
    app, _ = nrc
    subscribe()

    publish(nrc, STATUS_CREATE)

    (delivery,) = app.deliveries
    assert delivery["authorization"] == subscription_config.webhook_auth
    assert delivery["status"] == 204
    stored = OntvangenNotificatie.objects.get()
    assert stored.resource_url == STATUS_CREATE["resourceUrl"]


def test_signed_delivery_with_a_fresh_zgw_jwt_is_stored(nrc, subscription_config):
    app, _ = nrc
    subscription_config.webhook_auth = ""
    subscription_config.webhook_jwt_client_id = JWT_CLIENT_ID
    subscription_config.webhook_jwt_secret = JWT_SECRET
    subscription_config.save()
    subscribe()
    (abonnement,) = app.abonnementen.values()
    # Registered with a token made from the JWT credentials, which passed the callback test.
    assert abonnement.auth.startswith("Bearer ")
    app.sign_deliveries(abonnement.uuid, JWT_CLIENT_ID, JWT_SECRET)

    publish(nrc, STATUS_CREATE)

    (delivery,) = app.deliveries
    assert delivery["authorization"] != abonnement.auth
    assert delivery["status"] == 204
    assert OntvangenNotificatie.objects.count() == 1


def test_a_delivery_signed_with_another_secret_is_refused(nrc, subscription_config):
    app, _ = nrc
    subscription_config.webhook_jwt_client_id = JWT_CLIENT_ID
    subscription_config.webhook_jwt_secret = JWT_SECRET
    subscription_config.save()
    subscribe()
    (abonnement,) = app.abonnementen.values()
    app.sign_deliveries(abonnement.uuid, JWT_CLIENT_ID, "not-the-secret-we-share-with-them")

    publish(nrc, STATUS_CREATE)

    assert [d["status"] for d in app.deliveries] == [403]
    assert OntvangenNotificatie.objects.count() == 0


def test_a_filtered_abonnement_only_receives_matching_notifications(nrc, subscription_config):
    app, _ = nrc
    call_command(
        "threepas_subscribe", "--filter", "zaken:bronorganisatie=002220647", stdout=StringIO()
    )

    publish(nrc, STATUS_CREATE)
    publish(
        nrc,
        {
            **STATUS_CREATE,
            "kenmerken": {**STATUS_CREATE["kenmerken"], "bronorganisatie": "999999999"},
        },
    )

    assert len(app.deliveries) == 1
    assert OntvangenNotificatie.objects.count() == 1
