"""The periodic sweep: finds work that a lost message or a dead worker left behind.

It runs from Celery beat (task ``zgw_threepas.sweep``, every minute in the example settings)
and is safe to run at any time, as often as wanted, on any number of hosts: it only queues
tasks whose own claims decide whether there is anything to do, and its one state change
(*sending* to *uncertain*) is a conditional update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import NotificatieStatus as N
from ..constants import PublicatieStatus as S
from ..logging import get_logger, publication_keys
from ..models import OntvangenNotificatie, Publicatie
from ..settings import get_setting
from .transitions import transition

logger = get_logger(__name__)


@dataclass
class Found:
    notifications: list[int] = field(default_factory=list)
    publications: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)


STALE_SENDING_REASON = _(
    "The worker stopped while sending this kennisgeving; it may or may not have reached DROP. "
    "Look it up in DROP: if it is there, record it as published with its dossiernummer; if "
    "not, send it again."
)


def sweep(now=None, *, min_stale_seconds: float = 0) -> Found:
    """Find stored notifications and due publications whose task went missing, and
    publications left in *sending* by a worker that is gone.

    A publication counts as abandoned after ``ZGW_THREEPAS_SENDING_STALE_SECONDS``, but never
    before ``min_stale_seconds`` (the delivery task's hard time limit): until then its worker
    may still be waiting for DROP's answer.
    """
    now = now or timezone.now()
    waited = now - timedelta(seconds=get_setting("ZGW_THREEPAS_SWEEP_AFTER_SECONDS"))
    stale_seconds = max(get_setting("ZGW_THREEPAS_SENDING_STALE_SECONDS"), min_stale_seconds)
    stale = now - timedelta(seconds=stale_seconds)
    found = Found()

    found.notifications = list(
        OntvangenNotificatie.objects.filter(status=N.received, ontvangen__lte=waited)
        .filter(Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now))
        .values_list("pk", flat=True)
    )
    found.publications = list(
        Publicatie.objects.filter(
            # A pending publication may wait for its publication date (volgende_poging).
            Q(status=S.pending, gewijzigd__lte=waited)
            & (Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now))
            | Q(status=S.retrying, volgende_poging__lte=waited)
        ).values_list("pk", flat=True)
    )
    for pk in Publicatie.objects.filter(
        status=S.sending, verzending_gestart__lte=stale
    ).values_list("pk", flat=True):
        if transition(
            pk,
            S.uncertain,
            event="worker-lost",
            description=STALE_SENDING_REASON,
            reden=str(STALE_SENDING_REASON),
            foutcode="worker-lost",
            only_from={S.sending},
            extra_filter=Q(verzending_gestart__lte=stale),
        ):
            found.uncertain.append(pk)
            # The same event as an attempt that ended uncertain, so that whoever alerts on
            # delivery_ambiguous sees this one too, with the publication's keys.
            publicatie = Publicatie.objects.get(pk=pk)
            logger.error(
                "delivery_ambiguous",
                **publication_keys(publicatie),
                attempt=publicatie.pogingen,
                reason_code="worker-lost",
            )
    return found
