"""A notification handler for commonground-api-common's ``NotificationView``.

Open Zaak's URLconf is fixed, so a plugin cannot add its own webhook. Open Zaak does serve
commonground-api-common's ``NotificationView`` at the ``callbacks`` endpoint of each of its APIs
(e.g. ``/zaken/api/v1/callbacks``); that view authenticates the Notificaties API with Open
Zaak's own autorisaties, validates the message with notifications-api-common's
``NotificatieSerializer`` and passes the validated data to ``handler.handle(message)``, where
``handler`` is the object the setting ``DEFAULT_NOTIFICATIONS_HANDLER`` names::

    DEFAULT_NOTIFICATIONS_HANDLER = "zgw_threepas.contrib.openzaak.handler.handler"

What the view passes is not the message as it was sent: the camel-case JSON parser of the
ZGW APIs turned every key into snake case (also the keys inside ``kenmerken``, e.g.
``verantwoordelijke_organisatie``) and the serializer turned ``aanmaakdatum`` into a
``datetime``. :func:`to_message` restores the message as the Notificaties API sent it, so it is
checked by the same :func:`~zgw_threepas.intake.validation.validate_message` and stored by the
same :func:`~zgw_threepas.intake.receive.receive` as a message posted to our own webhook.

Every message is also passed on to the handler Open Zaak uses without this setting
(commonground-api-common's default: it keeps autorisaties up to date and logs the rest), or to
the one the setting ``ZGW_THREEPAS_NOTIFICATIONS_FALLBACK`` names (which
:func:`~zgw_threepas.contrib.openzaak.settings.configure` sets to the handler an installation
had before), so installing zgw-threepas only adds behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from django.conf import settings
from django.utils.module_loading import import_string

from ...exceptions import InvalidNotification
from ...intake.events import ACTED_ON
from ...intake.receive import receive
from ...intake.validation import validate_message
from ...logging import get_logger

logger = get_logger(__name__)

#: The handler ``NotificationView`` uses when ``DEFAULT_NOTIFICATIONS_HANDLER`` is not set.
HOST_DEFAULT_HANDLER = "vng_api_common.notifications.handlers.default"

#: Kanalen with notifications we act on; the others are none of our business.
KANALEN = frozenset(kanaal for kanaal, _resource, _actie in ACTED_ON)

#: snake_case keys of ``NotificatieSerializer`` -> the keys of the Notificaties API message.
FIELDS = {
    "kanaal": "kanaal",
    "source": "source",
    "hoofd_object": "hoofdObject",
    "resource": "resource",
    "resource_url": "resourceUrl",
    "actie": "actie",
    "aanmaakdatum": "aanmaakdatum",
    "kenmerken": "kenmerken",
}


def camel_case(key: str) -> str:
    """``verantwoordelijke_organisatie`` -> ``verantwoordelijkeOrganisatie``; keys without an
    underscore (``zaaktype.catalogus``) stay as they are."""
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_message(validated: Mapping) -> dict:
    """The Notificaties API message behind ``NotificatieSerializer.validated_data``."""
    message = {}
    for key, value in validated.items():
        name = FIELDS.get(key, camel_case(key))
        if name == "aanmaakdatum" and isinstance(value, datetime):
            # The form Open Zaak sends, so a redelivery maps to the same stored notification.
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        elif name == "kenmerken" and isinstance(value, Mapping):
            value = {camel_case(k): v for k, v in value.items()}
        message[name] = value
    return message


#: Setting naming the handler every message is passed on to afterwards ("" for none).
FALLBACK_SETTING = "ZGW_THREEPAS_NOTIFICATIONS_FALLBACK"
_FROM_SETTINGS = object()


class ThreepasNotificationHandler:
    """Feeds notifications received by the host into zgw-threepas, then passes them on.

    :param fallback: dotted path of the handler to pass every message on to afterwards, or
        ``None`` for none. Without it, the setting ``ZGW_THREEPAS_NOTIFICATIONS_FALLBACK``
        decides, read when a message arrives; without that, the host's default handler.
    """

    def __init__(self, fallback: str | None = _FROM_SETTINGS):  # type: ignore[assignment]
        self._fallback = fallback

    @property
    def fallback(self) -> str | None:
        if self._fallback is not _FROM_SETTINGS:
            return self._fallback
        return getattr(settings, FALLBACK_SETTING, HOST_DEFAULT_HANDLER) or None

    def handle(self, message: Mapping) -> None:
        # Other kanalen (autorisaties, documenten, the Notificaties API's "test") are left to
        # the fallback alone, so our stricter checks can never block the host's own handling.
        if message.get("kanaal") in KANALEN:
            self.receive(message)
        fallback = self.fallback
        if fallback:
            import_string(fallback).handle(message)

    def receive(self, validated: Mapping) -> None:
        try:
            notification = validate_message(to_message(validated))
        except InvalidNotification as exc:
            # Raised inside the DRF view, this becomes a 400 naming the wrong fields, as our
            # own webhook answers; a 500 would only make the Notificaties API retry.
            from rest_framework.exceptions import ValidationError

            logger.warning(
                "notification_invalid",
                via="host-callback",
                reason_code=exc.code,
                fields=sorted({error["name"] for error in exc.errors}),
            )
            raise ValidationError(
                {error["name"]: [error["reason"]] for error in exc.errors},
                code="invalid",
            ) from exc
        receive(notification)


#: The object to name in ``DEFAULT_NOTIFICATIONS_HANDLER``.
handler = ThreepasNotificationHandler()
