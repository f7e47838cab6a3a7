"""The webhook answers hostile or broken bodies with a problem+json refusal, never a 500.

A 500 makes the Notificaties API deliver the same message again and again, and says nothing
about what is wrong. Everything the stored row (PostgreSQL ``varchar``, ``text`` and
``jsonb``) cannot hold is refused before storing, naming the field; every refusal is logged as
a catalogued event that does not carry the body.
"""

from __future__ import annotations

import json

from django.urls import reverse

import pytest
import requests

from tests.logging.conftest import captured_events
from zgw_threepas.models import OntvangenNotificatie, ThreepasConfig

from .test_webhook import STATUS_CREATE, TOKEN

pytestmark = pytest.mark.django_db

#: Put in every hostile body, to show that no log event repeats what was sent.
MARKER = "MARKER-7f3a"
URL = "http://openzaak.local/zaken/api/v1/zaken/"


@pytest.fixture
def configured():
    config = ThreepasConfig.get_solo()
    config.webhook_auth = TOKEN
    config.save()
    return config


def post_bytes(client, body: bytes, auth: str | None = TOKEN):
    headers = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    return client.post(
        reverse("zgw_threepas:notificaties-webhook"),
        data=body,
        content_type="application/json",
        **headers,
    )


def refused(client, body: bytes, status: int = 400):
    """Post ``body``; check the refusal, that nothing was stored and the event logged."""
    with captured_events() as events:
        response = post_bytes(client, body)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    assert OntvangenNotificatie.objects.count() == 0
    (event,) = events.named("notification_invalid")
    assert event["via"] == "webhook"
    assert MARKER not in repr(events.all())
    return response.json(), event


def message(**changes) -> bytes:
    body = {**STATUS_CREATE, "source": MARKER, **changes}
    return json.dumps(body).encode()


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, configured):
    body = '{"kanaal":"zaken","source":"' + MARKER + '","x":' + "[" * 1500 + "]" * 1500 + "}"
    problem, event = refused(client, body.encode())
    assert problem["status"] == 400
    assert "not valid JSON" in problem["detail"]
    assert "nested too deeply" in problem["detail"]
    assert event["reason_code"] == "too-deeply-nested"


def test_nesting_deeper_than_a_message_needs_is_refused_by_field(client, configured):
    nested = "x"
    for _ in range(12):
        nested = [nested]
    problem, event = refused(client, message(extensie=nested))
    assert [p["name"] for p in problem["invalidParams"]] == ["extensie"]
    assert "Nested deeper than" in problem["invalidParams"][0]["reason"]
    assert event["fields"] == ["extensie"]


@pytest.mark.parametrize(
    "field,max_length",
    [
        ("kanaal", 50),
        ("resource", 100),
        ("actie", 100),
        ("hoofdObject", 1000),
        ("resourceUrl", 1000),
    ],
)
def test_a_value_longer_than_its_column_is_refused_naming_the_field(
    client, configured, field, max_length
):
    value = URL + "x" * max_length if field in ("hoofdObject", "resourceUrl") else "x" * 101
    problem, event = refused(client, message(**{field: value}))
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [(field, "max_length")]
    assert f"At most {max_length} characters" in problem["detail"]
    assert event["reason_code"] == "invalid-notification"
    assert event["fields"] == [field]


def test_urls_as_long_as_their_column_are_stored(client, configured):
    hoofd_object = URL + "z" * (1000 - len(URL))
    resource_url = URL + "s" * (1000 - len(URL))
    response = post_bytes(client, message(hoofdObject=hoofd_object, resourceUrl=resource_url))
    assert response.status_code == 204
    stored = OntvangenNotificatie.objects.get()
    assert (stored.hoofd_object, stored.resource_url) == (hoofd_object, resource_url)


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"kanaal": "zaken\x00"}, "kanaal"),
        ({"resource": "sta\x00tus"}, "resource"),
        ({"actie": "\x00create"}, "actie"),
        ({"hoofdObject": URL + "a\x00b"}, "hoofdObject"),
        ({"resourceUrl": URL + "\x00"}, "resourceUrl"),
        ({"aanmaakdatum": "2026-12-03T17:29:36Z\x00"}, "aanmaakdatum"),
        ({"source": "openzaak\x00"}, "source"),
        ({"kenmerken": {"bronorganisatie": "002220647\x00"}}, "kenmerken"),
        ({"kenmerken": {"bron\x00organisatie": "002220647"}}, "kenmerken"),
        ({"extensie": {"diep": ["\x00"]}}, "extensie"),
        # A JSON escape of half a surrogate pair: no more storable than NUL.
        ({"source": "\ud800"}, "source"),
    ],
)
def test_a_nul_character_anywhere_is_refused_naming_the_field(client, configured, changes, field):
    body = message(**changes)
    assert b"\\u0000" in body or b"\\ud800" in body  # real JSON escapes, as a sender writes them
    problem, event = refused(client, body)
    assert field in {p["name"] for p in problem["invalidParams"]}
    assert field in problem["detail"]
    assert field in event["fields"]


def test_a_key_that_cannot_be_named_is_refused_without_its_name(client, configured):
    problem, event = refused(client, message(**{"ext\x00ra": "x"}))
    assert [p["name"] for p in problem["invalidParams"]] == ["nonFieldErrors"]
    assert event["fields"] == ["nonFieldErrors"]


@pytest.mark.parametrize(
    "raw",
    [
        b', "extensie": NaN}',
        b', "extensie": -Infinity}',
        # More digits than Python converts to an int by default (sys.int_max_str_digits).
        b', "extensie": ' + b"9" * 5000 + b"}",
    ],
)
def test_numbers_json_cannot_carry_are_a_parse_error(client, configured, raw):
    body = message()[:-1] + raw
    problem, event = refused(client, body)
    assert "not valid JSON" in problem["detail"]
    assert event["reason_code"] == "parse-error"


def test_a_number_too_large_for_a_float_is_refused_naming_the_field(client, configured):
    body = message()[:-1] + b', "extensie": [1e999]}'
    problem, event = refused(client, body)
    assert [p["name"] for p in problem["invalidParams"]] == ["extensie"]
    assert event["reason_code"] == "invalid-notification"


@pytest.mark.parametrize("aanmaakdatum", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00"])
def test_a_moment_outside_the_calendar_of_a_row_is_refused(client, configured, aanmaakdatum):
    problem, _event = refused(client, message(aanmaakdatum=aanmaakdatum))
    assert [p["name"] for p in problem["invalidParams"]] == ["aanmaakdatum"]


def test_a_body_larger_than_django_accepts_is_a_413_naming_the_limit(client, configured, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # Django's default, 2.5 MiB
    body = message(extensie="x" * limit)
    problem, event = refused(client, body, status=413)
    assert f"larger than the {limit} bytes" in problem["detail"]
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" in problem["detail"]
    assert event["reason_code"] == "body-too-large"
    assert event["max_bytes"] == limit
    assert event["content_length"] == len(body)


def test_the_size_limit_follows_the_setting(client, configured, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    problem, event = refused(client, message(), status=413)
    assert "larger than the 200 bytes" in problem["detail"]
    assert event["max_bytes"] == 200


def test_credentials_are_checked_before_the_size(client, configured, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    with captured_events() as events:
        response = post_bytes(client, message(), auth=None)
    assert response.status_code == 401
    assert events.names() == ["webhook_refused"]


@pytest.mark.django_db(transaction=True)
def test_over_real_http_hostile_bodies_get_problem_answers(live_server, configured):
    url = f"{live_server.url}{reverse('zgw_threepas:notificaties-webhook')}"
    headers = {"Authorization": TOKEN, "Content-Type": "application/json"}
    bodies = {
        "nested": b'{"kanaal":"zaken","x":' + b"[" * 1500 + b"]" * 1500 + b"}",
        "nul": message(hoofdObject=URL + "\x00"),
        "long": message(resourceUrl=URL + "x" * 1000),
        "large": message(extensie="x" * 3_000_000),
    }
    statuses = {}
    for name, body in bodies.items():
        response = requests.post(url, data=body, headers=headers, timeout=30)
        assert response.headers["Content-Type"] == "application/problem+json", name
        statuses[name] = response.status_code
    assert statuses == {"nested": 400, "nul": 400, "long": 400, "large": 413}
    assert OntvangenNotificatie.objects.count() == 0
