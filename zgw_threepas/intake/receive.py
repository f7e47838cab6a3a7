"""Store an accepted notification and hand it to the pipeline after commit.

Used by our webhook view and by :class:`zgw_threepas.contrib.openzaak.handler` for hosts whose
own callback endpoint receives the notifications.
"""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F

from ..constants import NotificatieStatus
from ..logging import get_logger
from ..models import OntvangenNotificatie
from ..models.notification import notification_key
from .events import trigger_for
from .validation import Notification

logger = get_logger(__name__)


def receive(notification: Notification) -> OntvangenNotificatie | None:
    """Store ``notification`` if we act on it and queue its processing after commit.

    Returns the stored row, or ``None`` for notifications we ignore. A notification delivered
    again is stored once; it is queued again only while it has not been processed, which is
    harmless because processing is idempotent.
    """
    if trigger_for(notification.kanaal, notification.resource, notification.actie) is None:
        logger.info(
            "notification_ignored",
            kanaal=notification.kanaal,
            resource=notification.resource,
            actie=notification.actie,
            hoofd_object=notification.hoofd_object,
        )
        return None

    key = notification_key(notification.message)
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = OntvangenNotificatie.objects.create(
                    key=key,
                    kanaal=notification.kanaal,
                    resource=notification.resource,
                    actie=notification.actie,
                    hoofd_object=notification.hoofd_object,
                    resource_url=notification.resource_url,
                    aanmaakdatum=notification.aanmaakdatum,
                    bericht=notification.message,
                )
            created = True
        except IntegrityError:
            OntvangenNotificatie.objects.filter(key=key).update(
                keer_ontvangen=F("keer_ontvangen") + 1
            )
            stored = OntvangenNotificatie.objects.get(key=key)
            created = False
        logger.info(
            "notification_received",
            notificatie_id=stored.pk,
            kanaal=notification.kanaal,
            resource=notification.resource,
            actie=notification.actie,
            hoofd_object=notification.hoofd_object,
            resource_url=notification.resource_url,
            again=not created,
        )
        if stored.status == NotificatieStatus.received:
            transaction.on_commit(partial(_queue, stored.pk), robust=True)
    return stored


def _queue(pk: int) -> None:
    # A broker that is down must not turn an accepted notification into an error: the row is
    # stored, and the sweep queues it again.
    from ..delivery.notifications import queue_processing

    queue_processing(pk)
