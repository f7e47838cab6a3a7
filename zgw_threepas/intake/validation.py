"""Validation of a Notificaties API message (the ``Kennisgeving`` schema of notificaties.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.utils.dateparse import parse_datetime

from ..exceptions import InvalidNotification

REQUIRED = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")
URI_FIELDS = ("hoofdObject", "resourceUrl")


@dataclass(frozen=True)
class Notification:
    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    aanmaakdatum: datetime
    kenmerken: dict[str, str]
    message: dict


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def validate_message(message) -> Notification:
    """Return the message as a :class:`Notification` or raise :class:`InvalidNotification`
    naming every field that is missing or wrong."""
    if not isinstance(message, dict):
        raise InvalidNotification(
            [{"name": "nonFieldErrors", "code": "invalid", "reason": "Expected a JSON object."}]
        )
    errors: list[dict] = []
    for name in REQUIRED:
        value = message.get(name)
        if value is None or value == "":
            errors.append({"name": name, "code": "required", "reason": "This field is required."})
        elif not isinstance(value, str):
            errors.append({"name": name, "code": "invalid", "reason": "Expected a string."})
    for name in URI_FIELDS:
        value = message.get(name)
        if isinstance(value, str) and value and not _is_uri(value):
            errors.append({"name": name, "code": "invalid", "reason": "Expected an http(s) URL."})
    aanmaakdatum = None
    if isinstance(message.get("aanmaakdatum"), str) and message["aanmaakdatum"]:
        try:
            aanmaakdatum = parse_datetime(message["aanmaakdatum"])
        except ValueError:
            aanmaakdatum = None
        if aanmaakdatum is None:
            errors.append(
                {
                    "name": "aanmaakdatum",
                    "code": "invalid",
                    "reason": "Expected an ISO 8601 date-time.",
                }
            )
    kenmerken = message.get("kenmerken", {})
    if kenmerken is None:
        kenmerken = {}
    if not isinstance(kenmerken, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in kenmerken.items()
    ):
        errors.append(
            {
                "name": "kenmerken",
                "code": "invalid",
                "reason": "Expected an object whose values are strings.",
            }
        )
    if "source" in message and not isinstance(message["source"], str):
        errors.append({"name": "source", "code": "invalid", "reason": "Expected a string."})
    if errors:
        raise InvalidNotification(errors)
    return Notification(
        kanaal=message["kanaal"],
        hoofd_object=message["hoofdObject"],
        resource=message["resource"],
        resource_url=message["resourceUrl"],
        actie=message["actie"],
        aanmaakdatum=aanmaakdatum,
        kenmerken=kenmerken,
        message=message,
    )
