"""Celery tasks. They hold no logic of their own: they call the delivery functions and
schedule what those ask for.

Tasks acknowledge late and are rejected when their worker dies, so a lost worker means a
redelivered task, never a lost one; the conditional state transitions make a redelivered task
harmless.
"""

from __future__ import annotations

import logging

from celery import shared_task

from .notifications import handle_notification
from .send import deliver
from .sweep import sweep

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="zgw_threepas.process_notification", **TASK_OPTIONS)
def process_notification(pk: int) -> None:
    ready, retry_in = handle_notification(pk)
    if retry_in is not None:
        process_notification.apply_async((pk,), countdown=retry_in)
    for publicatie_pk in ready:
        deliver_publication.delay(publicatie_pk)


@shared_task(name="zgw_threepas.deliver_publication", **TASK_OPTIONS)
def deliver_publication(pk: int) -> None:
    outcome = deliver(pk)
    if outcome.retry_in is not None:
        deliver_publication.apply_async((pk,), countdown=outcome.retry_in)


@shared_task(name="zgw_threepas.sweep", **TASK_OPTIONS)
def sweep_task() -> dict:
    found = sweep()
    for pk in found.notifications:
        process_notification.delay(pk)
    for pk in found.publications:
        deliver_publication.delay(pk)
    return {"notifications": len(found.notifications), "publications": len(found.publications)}
