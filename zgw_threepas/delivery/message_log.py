"""The 3PAS message log: every exchange kept, secrets left out, old ones removed.

KOOP's service desk asks what exactly was sent when a delivery looks wrong, so each exchange
(deliveries, connection checks and test kennisgevingen alike) is kept as it went over the wire
in :class:`~zgw_threepas.models.Bericht`. The client already redacts the WS-Security
password and sends no HTTP headers to the log; :func:`record_exchange` also blanks the
organisation's password wherever it might still appear, e.g. echoed in an error page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from lxml import etree

from ..constants import PublicatieStatus
from ..logging import get_logger
from ..models import Bericht, Organisatie, Publicatie
from ..settings import get_setting
from ..threepas.envelope import REDACTED, redact
from ..threepas.types import Exchange

logger = get_logger(__name__)

#: Rows deleted per statement, so that a first cleanup of a large log does not lock it long.
DELETE_BATCH = 1000


def record_exchange(
    exchange: Exchange | None,
    *,
    organisatie: Organisatie | None,
    outcome: str,
    publicatie: Publicatie | None = None,
) -> Bericht | None:
    """Store one exchange; ``outcome`` is success, transient, permanent or ambiguous."""
    if exchange is None:
        return None
    secrets = [organisatie.wachtwoord] if organisatie and organisatie.wachtwoord else []
    return Bericht.objects.create(
        publicatie=publicatie,
        organisatie=organisatie,
        endpoint=exchange.endpoint,
        soap_action=exchange.soap_action,
        request=_scrub(_redacted(exchange.request_body), secrets),
        response=_scrub(exchange.response_body, secrets),
        http_status=exchange.http_status,
        duur_ms=exchange.duration_ms,
        uitkomst=outcome,
    )


def _redacted(body: bytes) -> bytes:
    try:
        return redact(body)
    except etree.XMLSyntaxError:
        # Not XML (a message refused before sending); the password was not in it as XML.
        return body


def _scrub(body: bytes, secrets: list[str]) -> str:
    text = body.decode("utf-8", errors="replace")
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def retention_days() -> int | None:
    return get_setting("ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS")


def delete_expired_messages(*, now: datetime | None = None) -> int:
    """Delete exchanges older than the retention period; return how many went.

    Exchanges of a publication that is still *uncertain* stay: they are what a person needs
    to decide whether DROP received it.
    """
    days = retention_days()
    if days is None:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = Bericht.objects.filter(tijdstip__lt=cutoff).exclude(
        publicatie__status=PublicatieStatus.uncertain
    )
    deleted = 0
    while True:
        batch = list(expired.values_list("pk", flat=True)[:DELETE_BATCH])
        if not batch:
            break
        deleted += Bericht.objects.filter(pk__in=batch).delete()[0]
    logger.info("message_log_cleanup", deleted=deleted, retention_days=days)
    return deleted
