"""The webhook: credentials, validation, storage before acknowledgement, hand-off after commit."""

import json

from django.urls import reverse

import pytest

from zgw_threepas.constants import NotificatieStatus
from zgw_threepas.models import OntvangenNotificatie, ThreepasConfig

TOKEN = "Token s3cret"
ZAAK = "http://openzaak.local/zaken/api/v1/zaken/d42657e2-009a-4c38-8fc3-14edff49a95a"

STATUS_CREATE = {
    "kanaal": "zaken",
    "source": "openzaak-local",
    "hoofdObject": ZAAK,
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured():
    config = ThreepasConfig.get_solo()
    config.webhook_auth = TOKEN
    config.save()
    return config


def post(client, body, auth=TOKEN, raw=False, **extra):
    headers = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    headers.update(extra)
    data = body if raw else json.dumps(body)
    return client.post(
        reverse("zgw_threepas:notificaties-webhook"),
        data=data,
        content_type="application/json",
        **headers,
    )


def test_missing_authorization_is_401(client, configured):
    response = post(client, STATUS_CREATE, auth=None)
    assert response.status_code == 401
    assert OntvangenNotificatie.objects.count() == 0


def test_wrong_authorization_is_403(client, configured):
    response = post(client, STATUS_CREATE, auth="Token wrong")
    assert response.status_code == 403
    assert OntvangenNotificatie.objects.count() == 0


def test_without_configured_secret_everything_is_refused(client):
    response = post(client, STATUS_CREATE, auth="Token anything")
    assert response.status_code == 403
    assert "No webhook authorization is configured" in response.json()["detail"]


def test_open_notificaties_subscription_check_passes(client, configured):
    """Open Notificaties tests a callback with kanaal "test": 2xx with auth, 401/403 without."""
    test_message = {**STATUS_CREATE, "kanaal": "test", "kenmerken": {}}
    assert post(client, test_message).status_code == 204
    assert post(client, test_message, auth=None).status_code in (401, 403)
    assert OntvangenNotificatie.objects.count() == 0


def test_malformed_json_is_400(client, configured):
    response = post(client, "{not json", raw=True)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "not valid JSON" in response.json()["detail"]


def test_a_refusal_is_labelled_english_on_a_dutch_site(client, configured, settings):
    settings.LANGUAGE_CODE = "nl"

    response = post(client, "{not json", raw=True, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "change,field,code",
    [
        ({"resourceUrl": None}, "resourceUrl", "required"),
        ({"kanaal": ""}, "kanaal", "required"),
        ({"hoofdObject": "not-a-url"}, "hoofdObject", "invalid"),
        ({"aanmaakdatum": "yesterday"}, "aanmaakdatum", "invalid"),
        ({"kenmerken": {"bronorganisatie": 2220647}}, "kenmerken", "invalid"),
        ({"actie": 5}, "actie", "invalid"),
    ],
)
def test_invalid_fields_are_named(client, configured, change, field, code):
    body = {**STATUS_CREATE, **change}
    if change.get(field, "x") is None:
        del body[field]
    response = post(client, body)
    assert response.status_code == 400
    params = response.json()["invalidParams"]
    assert {"name": field, "code": code} == {k: params[0][k] for k in ("name", "code")}
    assert field in response.json()["detail"]
    assert OntvangenNotificatie.objects.count() == 0


def test_a_json_array_is_400(client, configured):
    response = post(client, [STATUS_CREATE])
    assert response.status_code == 400


def test_get_is_not_allowed_and_the_answer_says_to_post(client, configured):
    response = client.get(reverse("zgw_threepas:notificaties-webhook"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"] == "application/problem+json"
    assert "POSTs notifications to this address" in response.json()["detail"]


def test_ignored_events_are_acknowledged_and_not_stored(client, configured):
    body = {**STATUS_CREATE, "resource": "zaak", "actie": "partial_update"}
    response = post(client, body)
    assert response.status_code == 204
    assert OntvangenNotificatie.objects.count() == 0


def test_status_create_is_stored_and_queued_after_commit(
    client, configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, STATUS_CREATE)
    assert response.status_code == 204
    stored = OntvangenNotificatie.objects.get()
    assert stored.status == NotificatieStatus.received
    assert stored.resource_url == STATUS_CREATE["resourceUrl"]
    assert stored.bericht == STATUS_CREATE
    assert len(callbacks) == 1


def test_the_same_notification_twice_is_stored_once(
    client, configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        post(client, STATUS_CREATE)
        response = post(client, STATUS_CREATE)
    assert response.status_code == 204
    stored = OntvangenNotificatie.objects.get()
    assert stored.keer_ontvangen == 2


def test_a_notification_is_named_by_its_time_in_the_sites_time_zone(db, settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Europe/Amsterdam"
    notificatie = OntvangenNotificatie(
        kanaal="zaken",
        resource="status",
        actie="create",
        aanmaakdatum=datetime(2026, 3, 2, 9, 14, tzinfo=UTC),
    )

    assert str(notificatie) == "zaken status create (2026-03-02 10:14)"
