"""Processing a stored notification, with the ZGW API failures classed like 3PAS failures."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..constants import NotificatieStatus as N
from ..constants import PublicatieStatus
from ..exceptions import PublicationHeld, ZGWPermanentError, ZGWTransientError
from ..models import OntvangenNotificatie, ThreepasConfig
from .planning import plan
from .send import backoff_seconds

logger = logging.getLogger(__name__)


def handle_notification(pk: int) -> tuple[list[int], float | None]:
    """Plan the publications of notification ``pk``.

    Returns the ids of publications ready to send and, when the ZGW APIs could not be reached,
    the seconds after which to try again.
    """
    config = ThreepasConfig.get_solo()
    now = timezone.now()
    claimed = OntvangenNotificatie.objects.filter(pk=pk, status=N.received).update(
        pogingen=F("pogingen") + 1, volgende_poging=None
    )
    if not claimed:
        return [], None
    notificatie = OntvangenNotificatie.objects.get(pk=pk)
    try:
        publicaties = plan(notificatie)
    except ZGWTransientError as exc:
        if notificatie.pogingen >= config.max_attempts:
            _finish(
                pk, N.failed, f"Gave up after {notificatie.pogingen} attempts: {exc.user_message()}"
            )
            return [], None
        delay = backoff_seconds(notificatie.pogingen, config)
        OntvangenNotificatie.objects.filter(pk=pk).update(
            reden=exc.user_message(), volgende_poging=now + timedelta(seconds=delay)
        )
        logger.warning("notification_retry id=%s attempt=%s", pk, notificatie.pogingen)
        return [], delay
    except (ZGWPermanentError, PublicationHeld) as exc:
        _finish(pk, N.failed, exc.user_message())
        return [], None

    ready = [p.pk for p in publicaties if p.status == PublicatieStatus.pending]
    reason = (
        "" if publicaties else "No active publication rule matches this event; nothing to publish."
    )
    _finish(pk, N.processed, reason)
    return ready, None


def _finish(pk: int, status: str, reason: str) -> None:
    with transaction.atomic():
        OntvangenNotificatie.objects.filter(pk=pk).update(
            status=status, reden=reason, verwerkt=timezone.now()
        )
    logger.info("notification_done id=%s state=%s", pk, status)
