"""Validation of a Notificaties API message (the ``Kennisgeving`` schema of notificaties.yaml).

Besides the schema, a message must be storable: it is stored (as a row and as JSON) before it
is acknowledged, so everything PostgreSQL would refuse is refused here first, with a 400 naming
the field instead of a 500 that makes the Notificaties API retry the same message for ever:
strings longer than their column, NUL characters and lone surrogates (which neither ``text``
nor ``jsonb`` can hold), numbers JSON cannot carry (``NaN``, ``Infinity``), dates outside the
calendar a database row can hold and structures nested deeper than any message needs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..exceptions import InvalidNotification

REQUIRED = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")
URI_FIELDS = ("hoofdObject", "resourceUrl")

#: The fields stored in a column of their own, with the column's length
#: (:class:`~zgw_threepas.models.OntvangenNotificatie`).
MAX_LENGTHS = {
    "kanaal": 50,
    "resource": 100,
    "actie": 100,
    "hoofdObject": 1000,
    "resourceUrl": 1000,
}

#: How deep objects and arrays may nest. A Notificaties API message nests two levels (the
#: message and its ``kenmerken``); the margin is for extensions we store without reading.
MAX_DEPTH = 10

#: Characters a PostgreSQL ``text`` or ``jsonb`` value cannot hold: NUL, and surrogate code
#: points (which a JSON ``\ud800`` escape produces when it stands alone).
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")

#: A field name we repeat in an answer and in the log; anything else is reported without name.
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,99}\Z")


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


class _NestedTooDeeply(ValueError):
    """A JSON document nests objects and arrays deeper than :data:`MAX_DEPTH`."""


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _field_name(key: str) -> str:
    return key if _NAME_RE.match(key) else "nonFieldErrors"


def _unstorable(value) -> str | None:
    """Why ``value`` (any JSON value, walked without recursion) cannot be stored, or ``None``.

    Raises :class:`_NestedTooDeeply` for a value nested deeper than :data:`MAX_DEPTH`.
    """
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _NestedTooDeeply(f"nested deeper than {MAX_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    if _UNSTORABLE_RE.search(key):
                        return "A key contains a NUL character or a lone surrogate."
                    pending.append((child, depth + 1))
            else:
                pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if _UNSTORABLE_RE.search(item):
                return "Contains a NUL character or a lone surrogate, which cannot be stored."
        elif isinstance(item, float) and not math.isfinite(item):
            return "Contains a number JSON cannot represent (NaN or Infinity)."
    return None


def validate_message(message) -> Notification:
    """Return the message as a :class:`Notification` or raise :class:`InvalidNotification`
    naming every field that is missing, wrong or cannot be stored."""
    if not isinstance(message, dict):
        raise InvalidNotification(
            [{"name": "nonFieldErrors", "code": "invalid", "reason": "Expected a JSON object."}]
        )
    errors: list[dict] = []
    for key, value in message.items():
        try:
            reason = _unstorable({key: value})
        except _NestedTooDeeply:
            reason = f"Nested deeper than {MAX_DEPTH} levels."
        if reason is not None:
            errors.append({"name": _field_name(key), "code": "invalid", "reason": reason})
    unstorable = {error["name"] for error in errors}

    for name in REQUIRED:
        value = message.get(name)
        if value is None or value == "":
            errors.append({"name": name, "code": "required", "reason": "This field is required."})
        elif not isinstance(value, str):
            errors.append({"name": name, "code": "invalid", "reason": "Expected a string."})
    for name, max_length in MAX_LENGTHS.items():
        value = message.get(name)
        if isinstance(value, str) and len(value) > max_length:
            errors.append(
                {
                    "name": name,
                    "code": "max_length",
                    "reason": f"At most {max_length} characters (this one has {len(value)}).",
                }
            )
    for name in URI_FIELDS:
        value = message.get(name)
        if isinstance(value, str) and value and name not in unstorable and not _is_uri(value):
            errors.append({"name": name, "code": "invalid", "reason": "Expected an http(s) URL."})
    aanmaakdatum = None
    if (
        isinstance(message.get("aanmaakdatum"), str)
        and message["aanmaakdatum"]
        and "aanmaakdatum" not in unstorable
    ):
        aanmaakdatum = _parse_aanmaakdatum(message["aanmaakdatum"])
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


def _parse_aanmaakdatum(value: str) -> datetime | None:
    try:
        parsed = parse_datetime(value)
        # A moment whose UTC time falls outside years 1-9999 can be written to PostgreSQL but
        # never read back into Python: the stored notification would break its own admin page.
        # A time without offset is stored in the current time zone, as Django does.
        if parsed is not None:
            aware = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
            aware.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return parsed
