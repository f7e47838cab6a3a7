"""Structured log events: one catalogue, one way to get a logger.

Every step of a publication emits one structlog event with a stable name and stable keys, so
that an operator can follow a kennisgeving through the logs of Open Zaak (which configures
structlog to write JSON lines) and alert on the events that need a person. :data:`EVENTS` is
the single source of truth: the docs render it (``docs/logging.rst``) and the tests check that
every event the code emits, and every key it passes, is in it.

No event carries personal data: no names, no BSN, no addresses of persons, no message bodies,
no kennisgeving titles or texts, no administrator-facing reasons (which may quote the zaak).
What goes wrong is said with a ``reason_code``; the full explanation is in the admin.

Usage::

    from ..logging import get_logger

    logger = get_logger(__name__)
    logger.info("publication_rendered", **publication_keys(publicatie))
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog


@dataclass(frozen=True)
class Event:
    """One log event: its level, the keys it carries and what it means."""

    level: str
    keys: tuple[str, ...]
    description: str
    #: What an operator should do about it; empty when nothing.
    action: str = ""


#: Keys that identify a publication in every publication event (see :func:`publication_keys`).
PUBLICATION_KEYS = (
    "publicatie_uuid",
    "publicatie_id",
    "zaak_url",
    "zaak_identificatie",
    "organisatie",
    "regel_id",
)

#: What each key means. Every key of every event is described here.
KEYS: dict[str, str] = {
    "publicatie_uuid": "The publication's UUID; DROP knows it as kenmerk ``zgw-threepas:<uuid>``.",
    "publicatie_id": "The publication's database id (the number in its admin URL).",
    "zaak_url": "URL of the zaak in the Zaken API.",
    "zaak_identificatie": "The zaak's identificatie, e.g. ``ZAAK-2026-0000000042``.",
    "organisatie": "RSIN of the organisation that publishes (empty when none is configured).",
    "regel_id": "Database id of the publication rule that asked for the kennisgeving.",
    "notificatie_id": "Database id of the stored notification (its admin URL).",
    "kanaal": "Kanaal of the notification: ``zaken`` or ``besluiten``.",
    "resource": "Resource of the notification, e.g. ``status``.",
    "actie": "Action of the notification, e.g. ``create``.",
    "hoofd_object": "URL of the notification's main object (a zaak or besluit).",
    "resource_url": "URL of the resource the notification is about.",
    "again": "``true`` when the same notification was received before.",
    "via": "Where it came in: ``webhook`` (our own URL) or ``host-callback`` (the host's).",
    "fields": "Names of the fields that were wrong (never their values).",
    "max_bytes": "The largest request body accepted, in bytes.",
    "content_length": "The size of a refused request body in bytes, as its sender declared it.",
    "besluit_url": "URL of the besluit in the Besluiten API.",
    "zaaktype_identificatie": "The zaaktype's identificatie.",
    "trigger": "What the rule listens to: ``status``, ``besluit`` or ``resultaat``.",
    "api_calls": "Number of ZGW API requests made for the zaak.",
    "rules": "Number of publication rules that apply.",
    "publicaties": "Number of publications the notification led to.",
    "publicatietype": "Kind of kennisgeving, e.g. ``aanvraag``.",
    "publicatieblad": "Where it is published, e.g. ``gemeenteblad``.",
    "publicatiedatum": "The day the kennisgeving is (to be) published, ISO 8601.",
    "not_before": "The moment delivery may start, ISO 8601.",
    "status": "The publication's state afterwards.",
    "outcome": "What came of the step (values listed with each event).",
    "attempt": "Number of the attempt, from 1.",
    "retry_in": "Seconds until the next attempt.",
    "reason_code": "Why, as a stable code (the admin shows the full explanation).",
    "dossiernummer": "The dossiernummer DROP gave the kennisgeving.",
    "kenmerk_added": "Whether the dossiernummer was added to the zaak's kenmerken.",
    "publicatiedatum_set": "Where the publicatiedatum was written: ``zaak``, ``besluit`` or "
    "empty (already filled in).",
    "by": "What queued it: ``notification``, ``retry`` or ``sweep``.",
    "notifications": "Number of notifications found.",
    "publications": "Number of publications found.",
    "uncertain": "Number of publications found stuck in *sending* and moved to *uncertain*.",
    "abonnement_url": "URL of the abonnement at the Notificaties API.",
    "callback_url": "The callback URL the abonnement delivers to.",
    "kanalen": "The kanalen the abonnement covers.",
    "unknown_kanalen": "Kanalen the Notificaties API does not know.",
    "duplicates": "Number of other abonnementen with the same callback URL.",
    "operation": "``check`` or ``subscribe``.",
    "exc_info": "The traceback (only on events that report an unexpected error). structlog's "
    "``format_exc_info`` processor, which Open Zaak's logging uses, writes it under the key "
    "``exception``.",
    "deleted": "Number of records deleted.",
    "retention_days": "How many days the message log keeps an exchange.",
}

_P = PUBLICATION_KEYS

#: The catalogue: event name -> :class:`Event`. Names are stable; keys may be added, never
#: renamed or removed without a changelog entry.
EVENTS: dict[str, Event] = {
    # -- intake ----------------------------------------------------------------------------
    "notification_received": Event(
        "info",
        ("notificatie_id", "kanaal", "resource", "actie", "hoofd_object", "resource_url", "again"),
        "A notification we act on was stored; its processing is queued (unless it was "
        "processed before).",
    ),
    "notification_ignored": Event(
        "info",
        ("kanaal", "resource", "actie", "hoofd_object"),
        "A valid notification about something no rule can listen to; acknowledged, not stored.",
    ),
    "notification_invalid": Event(
        "warning",
        ("via", "reason_code", "fields", "max_bytes", "content_length"),
        "A notification was refused because it is not a valid Notificaties API message. "
        "``reason_code``: ``invalid-notification`` (HTTP 400; ``fields`` names the wrong "
        "fields: missing, of the wrong type, longer than their column, or holding a NUL "
        "character), ``parse-error`` (HTTP 400, not JSON), ``too-deeply-nested`` (HTTP 400), "
        "``body-unreadable`` (HTTP 400, the sender broke off) or ``body-too-large`` (HTTP "
        "413, larger than ``max_bytes``, Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``).",
        "Check which system posts to the callback URL; a real notification is a few hundred "
        "bytes, so a body that is too large is not one.",
    ),
    "webhook_refused": Event(
        "warning",
        ("reason_code",),
        "A request to our webhook was refused (HTTP 401/403). ``reason_code``: "
        "``missing-credentials``, ``not-configured`` (no webhook authorization is set), "
        "``wrong-credentials``.",
        "Compare the abonnement's auth with the webhook authorization in the 3PAS "
        "configuration; renew the abonnement after changing it.",
    ),
    "webhook_jwt_refused": Event(
        "info",
        ("reason_code",),
        "A bearer token was not accepted as a signed delivery: ``jwt-invalid:<error>`` (bad "
        "signature, expired, issued in the future, ...) or ``jwt-other-client``. Followed by "
        "``webhook_refused`` when the plain authorization does not match either.",
    ),
    "notification_queue_failed": Event(
        "error",
        ("notificatie_id", "exc_info"),
        "A stored notification could not be queued (broker down). The sweep queues it again.",
        "Check the Celery broker.",
    ),
    "publication_queue_failed": Event(
        "error",
        ("publicatie_id", "exc_info"),
        "A publication an administrator sent again (or retried) could not be queued (broker "
        "down). It stays pending and the sweep queues it.",
        "Check the Celery broker.",
    ),
    # -- processing a notification -----------------------------------------------------------
    "notification_retry_scheduled": Event(
        "warning",
        ("notificatie_id", "attempt", "retry_in", "reason_code"),
        "The ZGW APIs could not be reached while processing a notification; it is tried again.",
    ),
    "notification_failed": Event(
        "error",
        ("notificatie_id", "attempt", "reason_code"),
        "Processing a notification stopped; nothing was published for it. The admin shows why "
        "and what to do.",
        "Open the notification in the admin, mend the cause, choose “Process again”.",
    ),
    "notification_processing_error": Event(
        "error",
        ("notificatie_id", "exc_info"),
        "An unexpected error while processing a notification (followed by "
        "``notification_failed``).",
        "Report it to the supplier with the traceback.",
    ),
    "notification_processed": Event(
        "info",
        ("notificatie_id", "publicaties"),
        "A notification was processed; ``publicaties`` is the number of publications it led to "
        "(0 when no rule wants it).",
    ),
    # -- planning ------------------------------------------------------------------------------
    "besluit_without_zaak": Event(
        "info",
        ("notificatie_id", "besluit_url"),
        "A besluit that belongs to no zaak; nothing to publish.",
    ),
    "no_rule_matches": Event(
        "info",
        ("notificatie_id", "zaak_url", "zaak_identificatie", "zaaktype_identificatie", "trigger"),
        "No active rule listens to this event of this zaaktype; nothing to publish.",
    ),
    "rule_declined": Event(
        "info",
        ("zaak_url", "zaak_identificatie", "regel_id", "reason_code"),
        "A rule matched the event but its conditions declined the zaak (e.g. the zaaktype is "
        "not published, the zaak is too confidential); the notification says why.",
    ),
    "zaak_collected": Event(
        "info",
        ("notificatie_id", "zaak_url", "zaak_identificatie", "api_calls", "rules"),
        "The zaak's data was collected from the ZGW APIs for the rules that apply.",
    ),
    "publication_planned": Event(
        "info",
        (*_P, "notificatie_id", "publicatietype", "publicatieblad", "status"),
        "A publication was created for a rule; ``publication_rendered`` or "
        "``publication_held`` follows.",
    ),
    "publication_rendered": Event(
        "info",
        (*_P, "publicatiedatum"),
        "The kennisgeving (inhoud.xml and metadata) was written and validated.",
    ),
    "publication_held": Event(
        "warning",
        (*_P, "reason_code"),
        "The kennisgeving cannot be written (e.g. no location, unknown organisation); it waits "
        "for the administrator.",
        "Open the publication in the admin; it says what to mend.",
    ),
    "publication_scheduled": Event(
        "info",
        (*_P, "publicatiedatum", "not_before"),
        "The publication waits until its publication date before it is delivered.",
    ),
    # -- delivery ------------------------------------------------------------------------------
    "delivery_queued": Event(
        "info",
        ("publicatie_id", "by"),
        "A delivery task was queued for a publication.",
    ),
    "delivery_paused": Event(
        "info",
        ("publicatie_id",),
        "Delivery is switched off in the 3PAS configuration; the publication waits.",
    ),
    "delivery_attempt_started": Event(
        "info",
        (*_P, "attempt"),
        "An attempt to deliver the publication to DROP started (the publication is claimed).",
    ),
    "publication_delivered": Event(
        "info",
        (*_P, "attempt", "dossiernummer"),
        "DROP accepted the kennisgeving; it is published.",
    ),
    "publication_date_passed": Event(
        "warning",
        (*_P, "publicatiedatum", "outcome"),
        "The publication date of a kennisgeving passed before it could be sent (it waited for "
        "a retry or an administrator). It was not sent; ``outcome`` ``written-anew``: its "
        "notification is processed again, which writes it anew with a new date; ``by-hand``: "
        "an administrator sends it again.",
    ),
    "delivery_state_conflict": Event(
        "error",
        (*_P, "attempt", "dossiernummer"),
        "DROP confirmed a delivery, but the publication had meanwhile left *sending* or "
        "*uncertain* (an administrator cancelled it, or recorded it as published). The "
        "dossiernummer is in its timeline and its reason.",
        "Open the publication: record it as published with that dossiernummer, or have the "
        "kennisgeving withdrawn in DROP.",
    ),
    "delivery_retry_scheduled": Event(
        "warning",
        (*_P, "attempt", "retry_in", "reason_code"),
        "An attempt failed in a way that certainly did not reach DROP; the next one is scheduled.",
    ),
    "delivery_failed": Event(
        "error",
        (*_P, "attempt", "reason_code"),
        "The publication failed: DROP refused it, it cannot be sent, or the attempts are used "
        "up. Nothing was published.",
        "Open the publication in the admin, mend the cause, choose “Send again”.",
    ),
    "delivery_ambiguous": Event(
        "error",
        (*_P, "attempt", "reason_code"),
        "It is not known whether DROP received the kennisgeving; it is never resent "
        "automatically. Also logged by the sweep (``reason_code`` ``worker-lost``) for a "
        "publication whose worker stopped while sending.",
        "Look in DROP for the dossier: record it as published, or send it again.",
    ),
    "delivery_error": Event(
        "error",
        ("publicatie_id", "attempt", "outcome", "exc_info"),
        "An unexpected error during an attempt (followed by ``delivery_failed`` when "
        "``outcome`` is ``before-sending``, by ``delivery_ambiguous`` when it is "
        "``while-sending``).",
        "Report it to the supplier with the traceback.",
    ),
    # -- write-back --------------------------------------------------------------------------
    "write_back_queued": Event(
        "info",
        _P,
        "Writing the dossiernummer back to the zaak was queued.",
    ),
    "write_back_not_queued": Event(
        "error",
        (*_P, "exc_info"),
        "The write-back could not be queued (broker down). The kennisgeving is published.",
        "Enter the dossiernummer in the zaak by hand if case workers need it.",
    ),
    "write_back_done": Event(
        "info",
        (*_P, "attempt", "kenmerk_added", "publicatiedatum_set"),
        "The dossiernummer and publication date were written back to the zaak (or were "
        "there already).",
    ),
    "write_back_retry_scheduled": Event(
        "warning",
        (*_P, "attempt", "retry_in", "reason_code"),
        "The ZGW API could not be reached for the write-back; it is tried again.",
    ),
    "write_back_failed": Event(
        "error",
        (*_P, "attempt", "reason_code"),
        "The write-back failed for good. The kennisgeving stays published.",
        "Give the ZGW service the scopes zaken.bijwerken and besluiten.bijwerken, or enter "
        "the dossiernummer by hand.",
    ),
    # -- sweep ---------------------------------------------------------------------------------
    "sweep_found": Event(
        "warning",
        ("notifications", "publications", "uncertain"),
        "The sweep found work that should have been done already and queued it again (or "
        "moved stuck deliveries to *uncertain*).",
        "Frequent occurrences point at lost workers or a broker that drops tasks.",
    ),
    # -- connection and message log ------------------------------------------------------------
    "test_publication_delivered": Event(
        "info",
        ("organisatie", "dossiernummer"),
        "An administrator's test kennisgeving was accepted by DROP (a non-production endpoint).",
    ),
    "test_publication_failed": Event(
        "warning",
        ("organisatie", "reason_code"),
        "An administrator's test kennisgeving was not accepted; the admin shows why, and the "
        "message log holds the exchange.",
    ),
    "message_log_cleanup": Event(
        "info",
        ("deleted", "retention_days"),
        "The message log was cleaned up: exchanges older than the retention period were "
        "deleted (those of uncertain publications are kept).",
    ),
    # -- configuration as code -----------------------------------------------------------------
    "setup_configuration_rule_unchecked": Event(
        "warning",
        ("regel_id", "zaaktype_identificatie", "reason_code"),
        "``setup_configuration`` saved a rule without checking it against the Catalogi API, "
        "which could not be asked. ``reason_code``: ``zgw-unavailable``, ``zgw-refused``, "
        "``zgw-no-service``, "
        "``no-catalogi-service`` or ``catalogi-unanswered``. ``regel_id`` is empty for a new "
        "rule.",
        "Run ``setup_configuration`` again once the Catalogi API is up, or save the rule in "
        "the admin.",
    ),
    # -- the abonnement ------------------------------------------------------------------------
    "subscription_registered": Event(
        "info",
        ("outcome", "abonnement_url", "callback_url", "kanalen", "duplicates"),
        "The abonnement at the Notificaties API was made sure of. ``outcome``: ``created``, "
        "``updated``, ``renewed`` or ``unchanged``.",
    ),
    "subscription_checked": Event(
        "info",
        ("outcome", "abonnement_url", "callback_url", "unknown_kanalen", "duplicates"),
        "The abonnement was looked up without changing it. ``outcome``: ``checked`` (found) or "
        "``missing``.",
    ),
    "subscription_failed": Event(
        "error",
        ("operation", "reason_code"),
        "The abonnement could not be checked or registered. ``reason_code``: ``http-<status>`` "
        "for an answer of the Notificaties API (``http-400``: it refused the callback URL), "
        "``subscription-failed`` otherwise (not configured, not reachable).",
        "The command or admin action shows what to do.",
    ),
}


def get_logger(name: str = "zgw_threepas"):
    """A structlog logger for module ``name``.

    Open Zaak configures structlog with the standard library's logger factory, so the events
    go through Django's ``LOGGING`` under the logger ``name`` (configure ``zgw_threepas`` there
    to choose their level and handler).
    """
    return structlog.stdlib.get_logger(name)


def publication_keys(publicatie) -> dict:
    """The keys that identify ``publicatie`` in every publication event."""
    organisatie = publicatie.organisatie if publicatie.organisatie_id else None
    return {
        "publicatie_uuid": str(publicatie.uuid),
        "publicatie_id": publicatie.pk,
        "zaak_url": publicatie.zaak_url,
        "zaak_identificatie": publicatie.zaak_identificatie,
        "organisatie": organisatie.rsin if organisatie is not None else "",
        "regel_id": publicatie.regel_id,
    }
