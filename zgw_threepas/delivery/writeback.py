"""After a delivery: writing the DROP dossiernummer and publication date back to the zaak.

The write-back is a task of its own (``zgw_threepas.write_back``), queued once a publication is
recorded as *published*. It never changes the publication's state: whatever happens to it, the
kennisgeving stays published and is never sent again. Its outcome is a line in the
publication's timeline (``written-back``, ``write-back-retry`` or ``write-back-failed``).

The ZGW side of it is :func:`zgw_threepas.collect.writeback.write_back`.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.utils.translation import gettext as _

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from ..collect.writeback import BRON_DROP, KENMERK_MAX_LENGTH, Terugschrijving, write_back
from ..constants import PublicatieStatus as S
from ..exceptions import ZGWPermanentError, ZGWTooSlow, ZGWTransientError
from ..kennisgeving.dates import date_in_words
from ..logging import get_logger, publication_keys
from ..models import Publicatie, ThreepasConfig
from .transitions import record

logger = get_logger(__name__)

#: (soft, hard) seconds: a write-back is at most five ZGW requests.
WRITE_BACK_TIME_LIMITS = (60, 90)
#: First key of the advisory locks of :func:`one_writer_per_zaak` (the second is the hashed
#: zaak URL), so that they cannot collide with another application's locks on one database.
ADVISORY_LOCK_CLASS = 0x3BA5


@shared_task(
    name="zgw_threepas.write_back",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=WRITE_BACK_TIME_LIMITS[0],
    time_limit=WRITE_BACK_TIME_LIMITS[1],
)
def write_back_publication(pk: int, attempt: int = 1) -> None:
    retry_in = run_write_back(pk, attempt=attempt)
    if retry_in is not None:
        write_back_publication.apply_async((pk, attempt + 1), countdown=retry_in)


def queue_write_back(publicatie: Publicatie) -> None:
    """Queue the write-back of a publication just recorded as published, if its organisation
    wants one.

    Called from the delivery task: nothing that goes wrong here may reach the caller, whose
    publication is already published and must stay so.
    """
    organisatie = publicatie.organisatie
    if organisatie is None or not organisatie.terugschrijven:
        return
    try:
        write_back_publication.delay(publicatie.pk)
    except Exception:  # noqa: BLE001 - e.g. the broker is down; the publication stands
        logger.exception("write_back_not_queued", **publication_keys(publicatie))
        record(
            publicatie.pk,
            "write-back-failed",
            _(
                "The DROP dossiernummer could not be written back to the zaak: the task could "
                "not be started. The kennisgeving itself is published. Enter the "
                "dossiernummer in the zaak by hand if case workers need it there."
            ),
        )
    else:
        logger.info("write_back_queued", **publication_keys(publicatie))


def run_write_back(pk: int, *, attempt: int = 1) -> float | None:
    """Write publication ``pk`` back to its zaak; return the seconds after which to try again,
    or ``None`` when done (whether it succeeded or not)."""
    publicatie = Publicatie.objects.select_related("organisatie").filter(pk=pk).first()
    if publicatie is None or publicatie.status != S.published or not publicatie.dossiernummer:
        return None
    if publicatie.organisatie is None or not publicatie.organisatie.terugschrijven:
        return None
    config = ThreepasConfig.get_solo()
    try:
        try:
            with one_writer_per_zaak(publicatie.zaak_url):
                result = write_back(
                    zaak_url=publicatie.zaak_url,
                    dossiernummer=publicatie.dossiernummer,
                    publicatiedatum=publicatie.publicatiedatum
                    or (publicatie.gepubliceerd or publicatie.gewijzigd).date(),
                    besluit_url=publicatie.besluit_url,
                )
        except SoftTimeLimitExceeded as exc:
            raise ZGWTooSlow(url=publicatie.zaak_url) from exc
    except ZGWTransientError as exc:
        if attempt < config.max_attempts:
            delay = _delay(attempt, config)
            record(
                pk,
                "write-back-retry",
                _(
                    "Writing back to the zaak failed (%(reason)s); trying again in about "
                    "%(delay)d seconds. The kennisgeving itself is published."
                )
                % {"reason": exc.message, "delay": round(delay)},
            )
            logger.warning(
                "write_back_retry_scheduled",
                **publication_keys(publicatie),
                attempt=attempt,
                retry_in=round(delay, 1),
                reason_code=exc.code,
            )
            return delay
        _failed(publicatie, attempt, exc)
        return None
    except ZGWPermanentError as exc:
        _failed(publicatie, attempt, exc)
        return None
    record(pk, "written-back", describe(result, publicatie))
    logger.info(
        "write_back_done",
        **publication_keys(publicatie),
        attempt=attempt,
        kenmerk_added=result.kenmerk_toegevoegd,
        publicatiedatum_set=result.publicatiedatum_gezet or "",
    )
    return None


@contextmanager
def one_writer_per_zaak(zaak_url: str):
    """Let one write-back at a time change a zaak, across workers and hosts.

    The Zaken API takes the kenmerken of a zaak as one list: two write-backs that read the
    zaak at the same moment (two bladen of one kennisgeving, delivered by two workers) would
    each write the list back with only their own dossiernummer. On PostgreSQL this takes a
    transaction-level advisory lock on the zaak URL for the duration of the read and the
    write; other databases (SQLite in the demo, with one process) run as they are. It does
    not wait for a lock another write-back holds: it raises
    :class:`~zgw_threepas.exceptions.ZGWTransientError`, so the write-back is tried again
    later like one whose API was out of reach, with a line in the timeline.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_xact_lock(%s::integer, hashtext(%s))",
                    [ADVISORY_LOCK_CLASS, zaak_url],
                )
                (locked,) = cursor.fetchone()
            if not locked:
                raise ZGWTransientError(
                    _("another write-back to this zaak was running"), url=zaak_url
                )
        yield


def describe(result: Terugschrijving, publicatie: Publicatie) -> str:
    parts = []
    if result.kenmerk_toegevoegd:
        parts.append(
            _("kenmerk %(kenmerk)s (bron %(bron)s) added to the zaak")
            % {"kenmerk": publicatie.dossiernummer, "bron": BRON_DROP}
        )
    elif result.dossiernummer_te_lang:
        parts.append(
            _("the dossiernummer is longer than the %(max)d characters a kenmerk may have")
            % {"max": KENMERK_MAX_LENGTH}
        )
    else:
        parts.append(_("the zaak already had the kenmerk"))
    datum = date_in_words(publicatie.publicatiedatum)
    if result.publicatiedatum_gezet == "zaak":
        parts.append(_("publicatiedatum of the zaak set to %(datum)s") % {"datum": datum})
    elif result.publicatiedatum_gezet == "besluit":
        parts.append(_("publicatiedatum of the besluit set to %(datum)s") % {"datum": datum})
    else:
        parts.append(_("the publicatiedatum was already filled in and was left as it was"))
    return _("Written back: %(what)s.") % {"what": "; ".join(parts)}


def _failed(publicatie: Publicatie, attempt: int, exc: ZGWPermanentError | ZGWTransientError):
    reason = exc.user_message()
    record(
        publicatie.pk,
        "write-back-failed",
        _(
            "The DROP dossiernummer could not be written back to the zaak: %(reason)s The "
            "kennisgeving itself is published and is not sent again. Give the ZGW service the "
            "right to update zaken and besluiten (scopes zaken.bijwerken and "
            "besluiten.bijwerken), or enter the dossiernummer in the zaak by hand."
        )
        % {"reason": reason},
    )
    logger.error(
        "write_back_failed", **publication_keys(publicatie), attempt=attempt, reason_code=exc.code
    )


def _delay(attempt: int, config: ThreepasConfig) -> float:
    return float(
        min(config.retry_backoff_max_seconds, config.retry_backoff_seconds * 2 ** (attempt - 1))
    )
