"""Processing a stored notification, with the ZGW API failures classed like 3PAS failures.

Processing starts with a claim: one conditional UPDATE counts the attempt and sets
``volgende_poging`` a lease ahead (the task's hard time limit). While the lease runs, a
redelivered or replayed task, or the sweep, leaves the notification alone; when a worker dies,
the lease runs out and the sweep queues the notification again. Planning itself is idempotent
(one publication per zaak, type, blad and besluit), so even two workers that both processed it
would make one set of publications.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from celery.exceptions import SoftTimeLimitExceeded

from ..constants import NotificatieStatus as N
from ..constants import PublicatieStatus
from ..exceptions import PublicationHeld, ZGWPermanentError, ZGWTooSlow, ZGWTransientError
from ..logging import get_logger
from ..models import OntvangenNotificatie, ThreepasConfig
from .planning import NothingToPublish, plan
from .send import backoff_seconds

logger = get_logger(__name__)

#: How long a claim keeps other tasks away when the caller names no lease.
DEFAULT_LEASE_SECONDS = 300


def handle_notification(
    pk: int, *, lease_seconds: float = DEFAULT_LEASE_SECONDS
) -> tuple[list[int], float | None]:
    """Plan the publications of notification ``pk``.

    Returns the ids of publications ready to send and, when the ZGW APIs could not be reached,
    the seconds after which to try again. Does nothing (and returns ``([], None)``) when the
    notification is processed already, or not due, or claimed by someone else.
    """
    config = ThreepasConfig.get_solo()
    now = timezone.now()
    seen = OntvangenNotificatie.objects.filter(pk=pk).values_list("pogingen", flat=True).first()
    if seen is None:
        return [], None
    attempt = seen + 1
    claimed = (
        OntvangenNotificatie.objects.filter(pk=pk, status=N.received, pogingen=seen)
        .filter(Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now))
        .update(pogingen=attempt, volgende_poging=now + timedelta(seconds=lease_seconds))
    )
    if not claimed:
        return [], None
    notificatie = OntvangenNotificatie.objects.get(pk=pk)
    try:
        try:
            publicaties = plan(notificatie)
        except SoftTimeLimitExceeded as exc:
            # Retried like an API out of reach; what was planned so far is found again.
            raise ZGWTooSlow() from exc
    except ZGWTransientError as exc:
        if attempt >= config.max_attempts:
            _finish(pk, N.failed, gave_up_message(attempt, exc.message))
            logger.error(
                "notification_failed", notificatie_id=pk, attempt=attempt, reason_code=exc.code
            )
            return [], None
        delay = backoff_seconds(attempt, config)
        OntvangenNotificatie.objects.filter(pk=pk, status=N.received).update(
            reden=exc.user_message(), volgende_poging=timezone.now() + timedelta(seconds=delay)
        )
        logger.warning(
            "notification_retry_scheduled",
            notificatie_id=pk,
            attempt=attempt,
            retry_in=round(delay, 1),
            reason_code=exc.code,
        )
        return [], delay
    except NothingToPublish as exc:
        _finish(
            pk,
            N.processed,
            _("Nothing to publish: %(reasons)s") % {"reasons": exc.message},
        )
        logger.info("notification_processed", notificatie_id=pk, publicaties=0)
        return [], None
    except (ZGWPermanentError, PublicationHeld) as exc:
        _finish(pk, N.failed, exc.user_message())
        logger.error(
            "notification_failed", notificatie_id=pk, attempt=attempt, reason_code=exc.code
        )
        return [], None
    except DatabaseError:
        raise  # nothing can be recorded; the lease runs out and the sweep tries again
    except Exception as exc:  # noqa: BLE001 - a fault of ours: stop, and say so
        logger.exception("notification_processing_error", notificatie_id=pk)
        _finish(
            pk,
            N.failed,
            _(
                "An unexpected error stopped the processing of this notification "
                "(%(error)s). Nothing was published for it. Choose “Process again”; if this "
                "comes back, report it to the supplier with this text."
            )
            % {"error": f"{type(exc).__name__}: {exc}"},
        )
        logger.error(
            "notification_failed", notificatie_id=pk, attempt=attempt, reason_code="unexpected"
        )
        return [], None

    ready = [p.pk for p in publicaties if p.status == PublicatieStatus.pending]
    reason = (
        ""
        if publicaties
        else _("No active publication rule matches this event; nothing to publish.")
    )
    _finish(pk, N.processed, reason)
    logger.info("notification_processed", notificatie_id=pk, publicaties=len(publicaties))
    return ready, None


def gave_up_message(attempts: int, detail: str) -> str:
    return _(
        "The notification could not be processed after %(attempts)d attempts, because the ZGW "
        "API could not be reached (%(detail)s). Nothing was published for it. Check the ZGW "
        "services (address and credentials) and whether the API is up, then choose “Process "
        "again”."
    ) % {"attempts": attempts, "detail": detail}


def _finish(pk: int, status: str, reason: str) -> None:
    OntvangenNotificatie.objects.filter(pk=pk, status=N.received).update(
        status=status, reden=reason, verwerkt=timezone.now(), volgende_poging=None
    )


def queue_processing(pk: int) -> None:
    """Queue the processing of notification ``pk``. A broker that is down is logged, not
    raised: the notification is stored as *received*, and the sweep queues it again."""
    from .tasks import process_notification

    try:
        process_notification.delay(pk)
    except Exception:  # noqa: BLE001 - any broker failure; the sweep recovers
        logger.exception("notification_queue_failed", notificatie_id=pk)


def process_again(pk: int) -> bool:
    """Put a processed or failed notification back to *received* and queue its processing
    once the transaction commits; whether it was. Processing is idempotent: publications made
    before are found, never made twice, and one without content is written anew."""
    moved = OntvangenNotificatie.objects.filter(pk=pk, status__in=(N.processed, N.failed)).update(
        status=N.received, pogingen=0, volgende_poging=None, reden="", verwerkt=None
    )
    if moved:
        transaction.on_commit(lambda: queue_processing(pk))
    return bool(moved)
