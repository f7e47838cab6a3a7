"""The webhook accepts a ZGW JWT signed with the configured secret, as Open Notificaties sends
when it signs each delivery, next to the fixed authorization it sends by default."""

from __future__ import annotations

import json
import time

from django.urls import reverse

import pytest

from tests.openzaak.nrc_standin import make_jwt
from zgw_threepas.models import OntvangenNotificatie, ThreepasConfig

CLIENT_ID = "open-notificaties"
SECRET = "webhook-jwt-secret-long-enough-for-hs256"

STATUS_CREATE = {
    "kanaal": "zaken",
    "hoofdObject": "http://openzaak.local/zaken/api/v1/zaken/d42657e2-009a-4c38-8fc3-14edff49a95a",
    "resource": "status",
    "resourceUrl": "http://openzaak.local/zaken/api/v1/statussen/d0ce90ed-e8f7-420f-86c1-c1dc3ea36911",
    "actie": "create",
    "aanmaakdatum": "2026-12-03T17:29:36.820343Z",
    "kenmerken": {"bronorganisatie": "002220647"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_config():
    config = ThreepasConfig.get_solo()
    config.webhook_jwt_client_id = CLIENT_ID
    config.webhook_jwt_secret = SECRET
    config.save()
    return config


def post(client, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    return client.post(
        reverse("zgw_threepas:notificaties-webhook"),
        data=json.dumps(STATUS_CREATE),
        content_type="application/json",
        **headers,
    )


def test_a_fresh_token_signed_for_our_client_is_accepted(client, signed_config):
    response = post(client, f"Bearer {make_jwt(CLIENT_ID, SECRET)}")

    assert response.status_code == 204
    assert OntvangenNotificatie.objects.count() == 1


def test_a_token_as_zgw_consumers_makes_it_is_accepted(client, signed_config):
    """zgw-consumers (which Open Notificaties uses to sign) adds ``exp``."""
    now = int(time.time())
    token = make_jwt(CLIENT_ID, SECRET, iat=now, exp=now + 12 * 3600)

    assert post(client, f"Bearer {token}").status_code == 204


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(
            make_jwt(CLIENT_ID, "another-secret-long-enough-for-hs256"), id="wrong-secret"
        ),
        pytest.param(make_jwt("someone-else", SECRET), id="other-client-id"),
        pytest.param(make_jwt(CLIENT_ID, SECRET, iat=int(time.time()) + 3600), id="iat-future"),
        pytest.param(
            make_jwt(CLIENT_ID, SECRET, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
            id="expired",
        ),
        pytest.param(make_jwt(CLIENT_ID, SECRET, iat="yesterday"), id="iat-not-a-number"),
        pytest.param("not.a.token", id="garbage"),
    ],
)
def test_a_token_that_is_not_valid_for_us_is_403(client, signed_config, token):
    response = post(client, f"Bearer {token}")

    assert response.status_code == 403
    assert OntvangenNotificatie.objects.count() == 0


def test_a_token_without_iat_is_403(client, signed_config):
    import jwt

    token = jwt.encode({"client_id": CLIENT_ID}, SECRET, algorithm="HS256")

    assert post(client, f"Bearer {token}").status_code == 403


def test_an_unsigned_token_is_403(client, signed_config):
    import jwt

    token = jwt.encode(
        {"client_id": CLIENT_ID, "iat": int(time.time())}, key=None, algorithm="none"
    )

    assert post(client, f"Bearer {token}").status_code == 403


def test_a_token_sent_as_the_fixed_authorization_scheme_is_403(client, signed_config):
    assert post(client, f"Token {make_jwt(CLIENT_ID, SECRET)}").status_code == 403


def test_the_open_notificaties_callback_test_passes_with_only_a_jwt_configured(
    client, signed_config
):
    test_message = {**STATUS_CREATE, "kanaal": "test", "kenmerken": {}}
    with_token = client.post(
        reverse("zgw_threepas:notificaties-webhook"),
        data=json.dumps(test_message),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {make_jwt(CLIENT_ID, SECRET)}",
    )
    without = client.post(
        reverse("zgw_threepas:notificaties-webhook"),
        data=json.dumps(test_message),
        content_type="application/json",
    )

    assert with_token.status_code == 204
    assert without.status_code in (401, 403)


def test_fixed_authorization_and_jwt_work_side_by_side(client, signed_config):
    signed_config.webhook_auth = "Token fixed-secret"
    signed_config.save()

    assert post(client, "Token fixed-secret").status_code == 204
    assert post(client, f"Bearer {make_jwt(CLIENT_ID, SECRET)}").status_code == 204
    assert post(client, "Token other").status_code == 403


def test_half_a_jwt_configuration_is_refused_by_the_form():
    from django.core.exceptions import ValidationError

    config = ThreepasConfig(webhook_jwt_client_id=CLIENT_ID)

    with pytest.raises(ValidationError, match="both the webhook JWT client ID and secret"):
        config.clean()


def test_half_a_jwt_configuration_accepts_no_token(client):
    config = ThreepasConfig.get_solo()
    config.webhook_jwt_client_id = CLIENT_ID
    config.save()

    response = post(client, f"Bearer {make_jwt(CLIENT_ID, '')}")

    assert response.status_code == 403
