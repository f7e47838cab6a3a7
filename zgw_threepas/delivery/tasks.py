"""Celery tasks. They hold no logic of their own: they call the delivery functions and
schedule what those ask for.

Tasks acknowledge late and are rejected when their worker dies, so a lost worker means a
redelivered task, never a lost one; the conditional state transitions make a redelivered task
harmless. Each task has a soft and a hard time limit (enforced by the prefork pool); a host
may change them with Celery's ``task_annotations``, and the sweep reads the delivery task's
hard limit so that it never declares an attempt abandoned while it may still be running. See
:doc:`/celery` for the reasoning behind every setting.
"""

from __future__ import annotations

from celery import shared_task

from ..logging import get_logger
from .message_log import delete_expired_messages
from .notifications import handle_notification
from .send import deliver
from .sweep import sweep

logger = get_logger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}

#: (soft, hard) seconds. A delivery is one 3PAS request: the limits leave room for the longest
#: read timeout an organisation's 3PAS service should have (about 100 seconds).
DELIVERY_TIME_LIMITS = (120, 150)
#: Processing a notification is a handful of ZGW requests and the rendering.
NOTIFICATION_TIME_LIMITS = (240, 300)
SWEEP_TIME_LIMITS = (50, 60)


@shared_task(
    name="zgw_threepas.process_notification",
    soft_time_limit=NOTIFICATION_TIME_LIMITS[0],
    time_limit=NOTIFICATION_TIME_LIMITS[1],
    **TASK_OPTIONS,
)
def process_notification(pk: int) -> None:
    # The claim's lease lasts as long as this task may live: after that, the task is dead.
    lease = process_notification.time_limit or NOTIFICATION_TIME_LIMITS[1]
    ready, retry_in = handle_notification(pk, lease_seconds=lease)
    if retry_in is not None:
        process_notification.apply_async((pk,), countdown=retry_in)
    for publicatie_pk in ready:
        logger.info("delivery_queued", publicatie_id=publicatie_pk, by="notification")
        deliver_publication.delay(publicatie_pk)


@shared_task(
    name="zgw_threepas.deliver_publication",
    soft_time_limit=DELIVERY_TIME_LIMITS[0],
    time_limit=DELIVERY_TIME_LIMITS[1],
    **TASK_OPTIONS,
)
def deliver_publication(pk: int) -> None:
    outcome = deliver(pk)
    if outcome.retry_in is not None:
        logger.info("delivery_queued", publicatie_id=pk, by="retry")
        deliver_publication.apply_async((pk,), countdown=outcome.retry_in)


@shared_task(
    name="zgw_threepas.sweep",
    soft_time_limit=SWEEP_TIME_LIMITS[0],
    time_limit=SWEEP_TIME_LIMITS[1],
    **TASK_OPTIONS,
)
def sweep_task() -> dict:
    found = sweep(min_stale_seconds=deliver_publication.time_limit or DELIVERY_TIME_LIMITS[1])
    for pk in found.notifications:
        process_notification.delay(pk)
    for pk in found.publications:
        logger.info("delivery_queued", publicatie_id=pk, by="sweep")
        deliver_publication.delay(pk)
    if found.notifications or found.publications or found.uncertain:
        logger.warning(
            "sweep_found",
            notifications=len(found.notifications),
            publications=len(found.publications),
            uncertain=len(found.uncertain),
        )
    return {
        "notifications": len(found.notifications),
        "publications": len(found.publications),
        "uncertain": len(found.uncertain),
    }


@shared_task(name="zgw_threepas.cleanup_message_log", **TASK_OPTIONS)
def cleanup_message_log() -> int:
    """Apply the message log's retention period (schedule it daily with Celery beat)."""
    return delete_expired_messages()
