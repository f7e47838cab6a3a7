"""Sending one publication to 3PAS and recording what came of it.

An attempt is four steps:

1. **Claim.** One conditional UPDATE moves the publication from *pending* or *retrying* (and
   due) to *sending*, and counts the attempt. Only the caller whose UPDATE changed the row
   goes on; a second worker, a redelivered or a replayed task sees that nothing changed.
2. **Check.** Still wanted and complete? (:mod:`.preflight`). A "no" stops here: nothing left.
3. **Send.** Exactly one request; the client never retries on its own.
4. **Record.** The outcome decides the next state: *published*; *retrying* after a failure
   that certainly did not reach DROP (or *failed* once the attempts are used up); *uncertain*
   when the request may have reached DROP (never resent automatically); *failed* when DROP
   refused it.

Anything that goes wrong before the request leaves ends in *failed* (nothing was sent).
Anything unexpected after it may have left ends in *uncertain*. A worker that dies in the
middle leaves the row in *sending*; the sweep (:mod:`.sweep`) moves it to *uncertain*.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from celery.exceptions import SoftTimeLimitExceeded

from ..constants import PublicatieStatus as S
from ..exceptions import ZGWPermanentError, ZGWTransientError
from ..kennisgeving.inhoud import zip_inhoud
from ..logging import get_logger, publication_keys
from ..models import Bericht, Publicatie, ThreepasConfig
from ..threepas.errors import (
    ThreepasError,
    ThreepasPermanentError,
    ThreepasTransientError,
)
from ..threepas.types import Aanlevering, DeliveryResult, Exchange, Gebiedsmarkering
from .connection import ConnectionNotConfigured, client_for
from .preflight import NotSendable, check_sendable, zaak_needs_checking
from .transitions import record, transition
from .writeback import queue_write_back

logger = get_logger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: str  # the publication's state afterwards, or "" when this call did nothing
    retry_in: float | None = None  # seconds, when a retry is scheduled


def backoff_seconds(attempt: int, config: ThreepasConfig) -> float:
    """Exponential backoff with jitter: workers that failed together do not retry together.

    The delay after attempt ``n`` lies between half and all of
    ``min(longest delay, first delay * 2 ** (n - 1))``.
    """
    ceiling = min(
        config.retry_backoff_max_seconds, config.retry_backoff_seconds * 2 ** max(attempt - 1, 0)
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def gave_up_message(attempts: int, reason: str) -> str:
    """The reason a publication failed after its last transient failure."""
    return _(
        "Not delivered to DROP after %(attempts)d attempts; the last one failed because "
        "%(reason)s. Nothing was published, so sending it again is safe. Mend the cause (the "
        "3PAS address and certificate of the organisation, the ZGW services, or ask KOOP's "
        "service desk whether DROP is available), then choose “Send again”."
    ) % {"attempts": attempts, "reason": reason}


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
        logger.info("delivery_paused", publicatie_id=pk)
        return Outcome(status="")

    attempt = _claim(pk)
    if attempt is None:
        return Outcome(status="")
    publicatie = Publicatie.objects.select_related("organisatie__threepas_service", "regel").get(
        pk=pk
    )
    logger.info("delivery_attempt_started", **publication_keys(publicatie), attempt=attempt)

    # Before the request leaves: a failure here certainly did not reach DROP.
    try:
        check_sendable(publicatie, fetch_zaak=zaak_needs_checking(publicatie, attempt))
        client = client_for(publicatie.organisatie)
        aanlevering = aanlevering_from(publicatie)
    except NotSendable as exc:
        if exc.code == "publicatiedatum-passed":
            return _write_anew(publicatie, exc.user_message())
        return _fail(publicatie, exc.user_message(), exc.code)
    except ConnectionNotConfigured as exc:
        return _fail(publicatie, exc.user_message(), exc.code)
    except ZGWTransientError as exc:
        reason = _("the ZGW API could not be reached (%(detail)s)") % {"detail": exc.message}
        return _retry_or_give_up(publicatie, attempt, config, exc.user_message(), reason, exc.code)
    except ZGWPermanentError as exc:
        return _fail(publicatie, exc.user_message(), exc.code)
    except DatabaseError:
        raise  # the row stays "sending"; the sweep makes it "uncertain"
    except SoftTimeLimitExceeded:
        # The ZGW API (reading the zaak before sending) was too slow: nothing was sent.
        reason = _("the task's time limit ran out before sending")
        message = _(
            "The publication was not delivered to DROP: %(reason)s. Nothing was published, "
            "so it is sent again automatically."
        ) % {"reason": reason}
        return _retry_or_give_up(publicatie, attempt, config, message, reason, "time-limit")
    except Exception as exc:  # noqa: BLE001 - a fault of ours; nothing was sent, say so
        logger.exception(
            "delivery_error", publicatie_id=pk, attempt=attempt, outcome="before-sending"
        )
        return _fail(
            publicatie,
            _(
                "The kennisgeving could not be prepared for sending (%(error)s). Nothing "
                "reached DROP. Send it again; if this comes back, report it to the supplier "
                "with this text."
            )
            % {"error": f"{type(exc).__name__}: {exc}"},
            "prepare-failed",
        )

    try:
        result = client.voeg_dossier_toe_en_publiceer(aanlevering)
    except ThreepasTransientError as exc:
        log_exchange(publicatie, exc.exchange, "transient")
        return _retry_or_give_up(
            publicatie, attempt, config, exc.user_message(), exc.reason(), exc.code
        )
    except ThreepasPermanentError as exc:
        log_exchange(publicatie, exc.exchange, "permanent")
        return _fail(publicatie, exc.user_message(), exc.code)
    except ThreepasError as exc:
        # Ambiguous, and any class the contract room adds later: never resend blindly.
        log_exchange(publicatie, exc.exchange, "ambiguous")
        return _uncertain(publicatie, attempt, exc.user_message(), exc.code)
    except SoftTimeLimitExceeded:
        # Expected when DROP answers very slowly: no error of ours, but the message may have
        # left, so the outcome is unknown (and delivery_ambiguous says so).
        return _uncertain(
            publicatie,
            attempt,
            _(
                "Sending was stopped by the task's time limit while DROP had not answered, so "
                "it is not known whether DROP received it. Look in DROP for a dossier with "
                "this title: if it is there, record it as published with its dossiernummer; "
                "if not, send it again."
            ),
            "time-limit",
        )
    except Exception as exc:  # noqa: BLE001 - a fault of ours mid-request
        logger.exception(
            "delivery_error", publicatie_id=pk, attempt=attempt, outcome="while-sending"
        )
        return _uncertain(
            publicatie,
            attempt,
            _(
                "Sending was interrupted (%(error)s) after the message may have left, so it "
                "is not known whether DROP received it. Look in DROP for a dossier with this "
                "title: if it is there, record it as published with its dossiernummer; if "
                "not, send it again."
            )
            % {"error": type(exc).__name__},
            "interrupted",
        )

    log_exchange(publicatie, result.exchange, "success")
    return _published(publicatie, attempt, result)


def _claim(pk: int) -> int | None:
    """Move ``pk`` to *sending* if it is due; return the attempt's number, or ``None``.

    The attempt counter is part of the condition, so the number is exact even when two
    workers race: the loser's UPDATE matches no row.
    """
    seen = Publicatie.objects.filter(pk=pk).values_list("pogingen", flat=True).first()
    if seen is None:
        return None
    attempt = seen + 1
    now = timezone.now()
    claimed = transition(
        pk,
        S.sending,
        event="attempt",
        description=_("Attempt %(attempt)d started.") % {"attempt": attempt},
        only_from={S.pending, S.retrying},
        extra_filter=Q(pogingen=seen)
        & (Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=now)),
        pogingen=attempt,
        volgende_poging=None,
        verzending_gestart=now,
        gewijzigd=now,
    )
    return attempt if claimed else None


def _published(publicatie: Publicatie, attempt: int, result: DeliveryResult) -> Outcome:
    """Record a delivery that DROP confirmed with a dossiernummer.

    From *uncertain* too: the sweep may have given up on a very slow attempt that did succeed,
    and the dossiernummer in hand settles the question. And from *pending* or *retrying*: an
    administrator sent it again after that, and the confirmation stops the resend before it
    is claimed.
    """
    moved = transition(
        publicatie.pk,
        S.published,
        event="published",
        description=_("Attempt %(attempt)d: delivered; DROP dossiernummer %(dossiernummer)s.")
        % {"attempt": attempt, "dossiernummer": result.dossiernummer},
        only_from={S.sending, S.uncertain, S.pending, S.retrying},
        dossiernummer=result.dossiernummer,
        reden="",
        foutcode="",
        gepubliceerd=timezone.now(),
    )
    if not moved:
        return _confirmed_too_late(publicatie, attempt, result)
    logger.info(
        "publication_delivered",
        **publication_keys(publicatie),
        attempt=attempt,
        dossiernummer=result.dossiernummer,
    )
    queue_write_back(publicatie)  # a task of its own: its failures never touch this state
    return Outcome(status=S.published)


def _write_anew(publicatie: Publicatie, reason: str) -> Outcome:
    """A kennisgeving whose publication date passed before it could be sent is not sent: its
    content is dropped and its notification processed again, which writes it anew from the
    zaak as it is now, with a new date, under the same kenmerk (see
    :func:`~zgw_threepas.delivery.planning.plan`), and queues its delivery. Nothing of it can
    be in DROP: this attempt sent nothing, and an earlier one that may have arrived left it
    *uncertain*, which only an administrator sends again."""
    from .notifications import process_again

    written_anew = _(
        "It is being written anew from the zaak, with a new publication date; should it stay "
        "failed, its notification says why."
    )
    by_hand = _(
        "Send it again: it is then written anew from the zaak, with a new publication date."
    )
    with transaction.atomic():
        requeued = bool(publicatie.notificatie_id) and process_again(publicatie.notificatie_id)
        description = f"{reason} {written_anew if requeued else by_hand}"
        transition(
            publicatie.pk,
            S.failed,
            event="failed",
            description=description,
            only_from={S.sending},
            reden=description,
            foutcode="publicatiedatum-passed",
            inhoud_xml="",
            metadata={},
        )
    logger.warning(
        "publication_date_passed",
        **publication_keys(publicatie),
        publicatiedatum=publicatie.publicatiedatum.isoformat(),
        outcome="written-anew" if requeued else "by-hand",
    )
    return Outcome(status=S.failed)


def _confirmed_too_late(publicatie: Publicatie, attempt: int, result: DeliveryResult) -> Outcome:
    """DROP confirmed an attempt after the publication had left *sending* and *uncertain*:
    an administrator cancelled it (or recorded it as published) meanwhile.

    The kennisgeving is in DROP all the same. The state stays as the administrator left it,
    but the dossiernummer goes into the timeline and, unless the publication is recorded as
    published, into its reason, so that the list shows what to do. No write-back: the
    publication is not recorded as published.
    """
    current = (
        Publicatie.objects.filter(pk=publicatie.pk).values_list("status", flat=True).first() or ""
    )
    description = _(
        "DROP confirmed attempt %(attempt)d with dossiernummer %(dossiernummer)s after this "
        "publication had become '%(state)s'. The kennisgeving is in DROP: record it as "
        "published with this dossiernummer, or have it withdrawn in DROP."
    ) % {
        "attempt": attempt,
        "dossiernummer": result.dossiernummer,
        "state": S(current).label if current in S.values else current,
    }
    with transaction.atomic():
        record(publicatie.pk, "confirmed-too-late", description, current)
        if current != S.published:
            Publicatie.objects.filter(pk=publicatie.pk, status=current).update(
                reden=description, gewijzigd=timezone.now()
            )
    logger.error(
        "delivery_state_conflict",
        **publication_keys(publicatie),
        attempt=attempt,
        dossiernummer=result.dossiernummer,
    )
    return Outcome(status=current)


def _retry_or_give_up(
    publicatie: Publicatie,
    attempt: int,
    config: ThreepasConfig,
    message: str,
    reason: str,
    code: str | None,
) -> Outcome:
    """After a failure that certainly did not reach DROP: schedule the next attempt, or stop."""
    if attempt >= config.max_attempts:
        return _fail(publicatie, gave_up_message(attempt, reason), code)
    delay = backoff_seconds(attempt, config)
    transition(
        publicatie.pk,
        S.retrying,
        event="attempt-failed",
        description=_(
            "Attempt %(attempt)d: not delivered, because %(reason)s. Next attempt in about "
            "%(delay)d seconds."
        )
        % {"attempt": attempt, "reason": reason, "delay": round(delay)},
        reden=message,
        foutcode=code or "",
        volgende_poging=timezone.now() + timedelta(seconds=delay),
    )
    logger.warning(
        "delivery_retry_scheduled",
        **publication_keys(publicatie),
        attempt=attempt,
        retry_in=round(delay, 1),
        reason_code=code or "",
    )
    return Outcome(status=S.retrying, retry_in=delay)


def _uncertain(publicatie: Publicatie, attempt: int, message: str, code: str | None) -> Outcome:
    transition(
        publicatie.pk,
        S.uncertain,
        event="attempt-uncertain",
        description=_("Attempt %(attempt)d: %(message)s")
        % {"attempt": attempt, "message": message},
        reden=message,
        foutcode=code or "",
    )
    logger.error(
        "delivery_ambiguous",
        **publication_keys(publicatie),
        attempt=attempt,
        reason_code=code or "",
    )
    return Outcome(status=S.uncertain)


def _fail(publicatie: Publicatie, reason: str, code: str | None) -> Outcome:
    transition(
        publicatie.pk,
        S.failed,
        event="failed",
        description=reason,
        reden=reason,
        foutcode=code or "",
    )
    logger.error(
        "delivery_failed",
        **publication_keys(publicatie),
        attempt=publicatie.pogingen,
        reason_code=code or "",
    )
    return Outcome(status=S.failed)
