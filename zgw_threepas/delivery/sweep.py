"""The periodic sweep: finds work that a lost message or a dead worker left behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import NotificatieStatus as N
from ..constants import PublicatieStatus as S
from ..models import OntvangenNotificatie, Publicatie
from ..settings import get_setting
from .transitions import transition


@dataclass
class Found:
    notifications: list[int] = field(default_factory=list)
    publications: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)


STALE_SENDING_REASON = _(
    "The worker stopped while sending this kennisgeving; it may or may not have reached DROP. "
    "Look it up in DROP: if it is there, mark it as published with its dossiernummer; if not, "
    "send it again."
)


def sweep(now=None) -> Found:
    now = now or timezone.now()
    waited = now - timedelta(seconds=get_setting("ZGW_THREEPAS_SWEEP_AFTER_SECONDS"))
    stale = now - timedelta(seconds=get_setting("ZGW_THREEPAS_SENDING_STALE_SECONDS"))
    found = Found()

    found.notifications = list(
        OntvangenNotificatie.objects.filter(status=N.received, ontvangen__lte=waited)
        .filter(Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now))
        .values_list("pk", flat=True)
    )
    found.publications = list(
        Publicatie.objects.filter(
            Q(status=S.pending, gewijzigd__lte=waited)
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
            description=str(STALE_SENDING_REASON),
            reden=str(STALE_SENDING_REASON),
            foutcode="worker-lost",
            only_from={S.sending},
            extra_filter=Q(verzending_gestart__lte=stale),
        ):
            found.uncertain.append(pk)
    return found
