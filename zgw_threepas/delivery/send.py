"""Sending one publication to 3PAS and recording what came of it."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q
from django.utils import timezone

from ..constants import PublicatieStatus as S
from ..kennisgeving.inhoud import zip_inhoud
from ..models import Bericht, Publicatie, ThreepasConfig
from ..threepas.errors import (
    ThreepasAmbiguousError,
    ThreepasError,
    ThreepasPermanentError,
    ThreepasTransientError,
)
from ..threepas.types import Aanlevering, Exchange, Gebiedsmarkering
from .connection import ConnectionNotConfigured, client_for
from .transitions import transition

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: str  # the publication's state afterwards, or "" when this call did nothing
    retry_in: float | None = None  # seconds, when a retry is scheduled


def backoff_seconds(attempt: int, config: ThreepasConfig) -> float:
    """Exponential backoff with jitter: workers that failed together do not retry together."""
    ceiling = min(
        config.retry_backoff_max_seconds, config.retry_backoff_seconds * 2 ** max(attempt - 1, 0)
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def aanlevering_from(publicatie: Publicatie) -> Aanlevering:
    meta = dict(publicatie.metadata)
    meta["publicatiedatum"] = date.fromisoformat(meta["publicatiedatum"])
    meta["gebiedsmarkeringen"] = tuple(
        Gebiedsmarkering(**g) for g in meta.get("gebiedsmarkeringen", [])
    )
    return Aanlevering(**meta, inhoud_zip=zip_inhoud(publicatie.inhoud_xml.encode("utf-8")))


def log_exchange(publicatie: Publicatie, exchange: Exchange | None, outcome: str) -> None:
    if exchange is None:
        return
    Bericht.objects.create(
        publicatie=publicatie,
        organisatie=publicatie.organisatie,
        endpoint=exchange.endpoint,
        soap_action=exchange.soap_action,
        request=exchange.request_body.decode("utf-8", errors="replace"),
        response=exchange.response_body.decode("utf-8", errors="replace"),
        http_status=exchange.http_status,
        duur_ms=exchange.duration_ms,
        uitkomst=outcome,
    )


def deliver(pk: int) -> Outcome:
    """Send publication ``pk`` if it is due and nobody else is sending it."""
    config = ThreepasConfig.get_solo()
    if not config.enabled:
        logger.info("delivery_paused id=%s", pk)
        return Outcome(status="")
    now = timezone.now()
    claimed = transition(
        pk,
        S.sending,
        event="attempt",
        only_from={S.pending, S.retrying},
        extra_filter=Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now),
        pogingen=F("pogingen") + 1,
        verzending_gestart=now,
        gewijzigd=now,
    )
    if not claimed:
        return Outcome(status="")

    publicatie = Publicatie.objects.select_related("organisatie__threepas_service").get(pk=pk)
    attempt = publicatie.pogingen
    try:
        client = client_for(publicatie.organisatie)
        result = client.voeg_dossier_toe_en_publiceer(aanlevering_from(publicatie))
    except ConnectionNotConfigured as exc:
        return _fail(publicatie, exc.user_message(), exc.code)
    except ThreepasTransientError as exc:
        log_exchange(publicatie, exc.exchange, "transient")
        if attempt >= config.max_attempts:
            return _fail(
                publicatie,
                f"Gave up after {attempt} attempts. Last error: {exc.user_message()}",
                exc.code,
            )
        delay = backoff_seconds(attempt, config)
        transition(
            pk,
            S.retrying,
            event="attempt-failed",
            description=f"Attempt {attempt}: {exc.user_message()} Next attempt in {delay:.0f} s.",
            reden=exc.user_message(),
            foutcode=exc.code or "",
            volgende_poging=timezone.now() + timedelta(seconds=delay),
            gewijzigd=timezone.now(),
        )
        logger.warning("delivery_retry id=%s attempt=%s code=%s", pk, attempt, exc.code)
        return Outcome(status=S.retrying, retry_in=delay)
    except ThreepasAmbiguousError as exc:
        log_exchange(publicatie, exc.exchange, "ambiguous")
        transition(
            pk,
            S.uncertain,
            event="attempt-uncertain",
            description=exc.user_message(),
            reden=exc.user_message(),
            foutcode=exc.code or "",
            gewijzigd=timezone.now(),
        )
        logger.error("delivery_uncertain id=%s code=%s", pk, exc.code)
        return Outcome(status=S.uncertain)
    except ThreepasPermanentError as exc:
        log_exchange(publicatie, exc.exchange, "permanent")
        return _fail(publicatie, exc.user_message(), exc.code)
    except ThreepasError as exc:  # a class the contract room adds later: be safe, do not resend
        log_exchange(publicatie, exc.exchange, "ambiguous")
        transition(pk, S.uncertain, event="attempt-uncertain", reden=exc.user_message())
        return Outcome(status=S.uncertain)

    log_exchange(publicatie, result.exchange, "success")
    transition(
        pk,
        S.published,
        event="published",
        description=f"DROP dossiernummer {result.dossiernummer}",
        dossiernummer=result.dossiernummer,
        reden="",
        foutcode="",
        gepubliceerd=timezone.now(),
        gewijzigd=timezone.now(),
    )
    logger.info("delivery_published id=%s dossiernummer=%s", pk, result.dossiernummer)
    return Outcome(status=S.published)


def _fail(publicatie: Publicatie, reason: str, code: str | None) -> Outcome:
    transition(
        publicatie.pk,
        S.failed,
        event="failed",
        description=reason,
        reden=reason,
        foutcode=code or "",
        gewijzigd=timezone.now(),
    )
    logger.error("delivery_failed id=%s code=%s", publicatie.pk, code)
    return Outcome(status=S.failed)
