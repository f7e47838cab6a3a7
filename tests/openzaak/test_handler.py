"""The ``DEFAULT_NOTIFICATIONS_HANDLER`` for Open Zaak gets what commonground-api-common's
``NotificationView`` passes, and stores exactly what our own webhook would have stored.

The input is made the way the view makes it: the body parsed by the camel-case JSON parser of
the ZGW APIs, then validated by notifications-api-common's ``NotificatieSerializer``.
"""

from __future__ import annotations

import io
import json

import pytest

from testapp.fake_zgw import fixtures
from zgw_threepas.contrib.openzaak.handler import ThreepasNotificationHandler, camel_case
from zgw_threepas.models import OntvangenNotificatie
from zgw_threepas.models.notification import notification_key

pytestmark = pytest.mark.django_db

received_by_fallback: list[dict] = []


class RecordingHandler:
    def handle(self, message):
        received_by_fallback.append(message)


recorder = RecordingHandler()


@pytest.fixture
def handler(monkeypatch):
    received_by_fallback.clear()
    # What happens to a stored notification next is specified elsewhere.
    monkeypatch.setattr("zgw_threepas.intake.receive._queue", lambda pk: None)
    return ThreepasNotificationHandler(fallback=f"{__name__}.recorder")


def as_notification_view_passes_it(message: dict) -> dict:
    from djangorestframework_camel_case.parser import CamelCaseJSONParser
    from notifications_api_common.api.serializers import NotificatieSerializer

    data = CamelCaseJSONParser().parse(io.BytesIO(json.dumps(message).encode()))
    serializer = NotificatieSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@pytest.mark.parametrize("name", ["status_create", "besluit_create"])
def test_a_notification_is_stored_as_it_was_sent(handler, name):
    message = fixtures.notification(name)

    handler.handle(as_notification_view_passes_it(message))

    stored = OntvangenNotificatie.objects.get()
    assert stored.bericht == message
    assert stored.kanaal == message["kanaal"]
    assert stored.resource_url == message["resourceUrl"]


def test_a_redelivery_through_either_route_is_recognised(handler):
    """The key of the stored row is the key our webhook computes from the raw message."""
    message = fixtures.notification("status_create")

    handler.handle(as_notification_view_passes_it(message))
    handler.handle(as_notification_view_passes_it(message))

    stored = OntvangenNotificatie.objects.get()
    assert stored.key == notification_key(message)
    assert stored.keer_ontvangen == 2


def test_every_message_is_passed_on_to_the_host_handler(handler):
    message = fixtures.notification("status_create")
    validated = as_notification_view_passes_it(message)

    handler.handle(validated)

    assert received_by_fallback == [validated]


@pytest.mark.parametrize("kanaal", ["autorisaties", "documenten", "test"])
def test_other_kanalen_are_left_to_the_host_handler(handler, kanaal):
    message = {**fixtures.notification("zaak_create"), "kanaal": kanaal, "kenmerken": {}}

    handler.handle(as_notification_view_passes_it(message))

    assert OntvangenNotificatie.objects.count() == 0
    assert len(received_by_fallback) == 1


def test_a_notification_we_do_not_act_on_is_acknowledged_and_not_stored(handler):
    handler.handle(as_notification_view_passes_it(fixtures.notification("rol_create")))

    assert OntvangenNotificatie.objects.count() == 0
    assert len(received_by_fallback) == 1


def test_a_message_our_checks_refuse_becomes_a_400_of_the_view(handler):
    from rest_framework.exceptions import ValidationError

    message = fixtures.notification("status_create")
    message["kenmerken"]["bronorganisatie"] = 2220647  # a number; the spec says string

    with pytest.raises(ValidationError) as excinfo:
        handler.handle(as_notification_view_passes_it(message))

    assert "kenmerken" in excinfo.value.detail
    assert OntvangenNotificatie.objects.count() == 0
    assert received_by_fallback == []


def test_the_handler_setting_names_a_ready_object():
    from django.utils.module_loading import import_string

    handler = import_string("zgw_threepas.contrib.openzaak.handler.handler")

    assert callable(handler.handle)
    assert handler.fallback == "vng_api_common.notifications.handlers.default"


def test_the_handler_passes_messages_on_to_the_handler_the_settings_name(db, settings):
    from zgw_threepas.contrib.openzaak.handler import handler

    received_by_fallback.clear()
    settings.ZGW_THREEPAS_NOTIFICATIONS_FALLBACK = f"{__name__}.recorder"
    message = {"kanaal": "autorisaties", "resource": "applicatie", "actie": "update"}

    handler.handle(message)

    assert received_by_fallback == [message]


@pytest.mark.parametrize(
    "snake, camel",
    [
        ("verantwoordelijke_organisatie", "verantwoordelijkeOrganisatie"),
        ("zaaktype.catalogus", "zaaktype.catalogus"),
        ("bronorganisatie", "bronorganisatie"),
        ("hoofd_object", "hoofdObject"),
    ],
)
def test_kenmerk_names_get_their_original_spelling_back(snake, camel):
    assert camel_case(snake) == camel
