"""From a stored notification to publications ready to send.

Collects the zaak, asks the rules which kennisgevingen the event wants, renders each one and
stores it as a :class:`~zgw_threepas.models.Publicatie`. The unique constraint on publications
makes this idempotent: processing a notification again finds the rows it made before, and
writes those that were held before they had a kennisgeving from the zaak as it is now.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..collect.bundle import ZaakBundle
from ..collect.fetch import ZGWFetcher, add_besluiten, collect_zaak_bundle
from ..constants import Publicatieblad, PublicatieStatus, Trigger
from ..exceptions import PublicationHeld
from ..intake.events import trigger_for
from ..kennisgeving.dates import date_in_words
from ..kennisgeving.errors import KennisgevingError
from ..kennisgeving.render import OrganisatieGegevens, build_kennisgeving
from ..logging import get_logger, publication_keys
from ..models import OntvangenNotificatie, Organisatie, Publicatie
from ..models.organisation import EIGEN_PUBLICATIEBLAD, blad_past_bij
from ..rules.conditions import applicable_rules
from ..rules.matching import Event, PublicatieIntent, intents_for, matching_rules, needs_besluiten
from ..rules.texts import text_for
from .schedule import publicatiedatum_voor, vandaag, wacht_tot, wants_besluit
from .transitions import record, transition

logger = get_logger(__name__)

#: States of a publication that may never have been written: held, or failed because it was
#: sent while held. Processing its notification again writes it (:func:`_write_again`).
REWRITABLE = frozenset({PublicatieStatus.held, PublicatieStatus.failed})


def event_for(notificatie: OntvangenNotificatie, fetcher: ZGWFetcher) -> tuple[Event, dict | None]:
    trigger = trigger_for(notificatie.kanaal, notificatie.resource, notificatie.actie)
    if trigger == Trigger.status:
        return Event(
            trigger=trigger, zaak_url=notificatie.hoofd_object, status_url=notificatie.resource_url
        ), None
    if trigger == Trigger.besluit:
        besluit = fetcher.besluit(notificatie.resource_url)
        return Event(
            trigger=trigger, zaak_url=besluit.get("zaak") or "", besluit_url=besluit["url"]
        ), besluit
    if trigger == Trigger.resultaat:
        return Event(
            trigger=trigger,
            zaak_url=notificatie.hoofd_object,
            resultaat_url=notificatie.resource_url,
        ), None
    raise PublicationHeld(
        _("Notifications %(kind)s are not acted on.")
        % {"kind": f"{notificatie.kanaal}/{notificatie.resource}/{notificatie.actie}"},
        code="not-acted-on",
    )


class NothingToPublish(Exception):
    """Rules matched the event, but each declined this zaak; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def plan(
    notificatie: OntvangenNotificatie, *, fetcher: ZGWFetcher | None = None
) -> list[Publicatie]:
    """Create (or find) the publications ``notificatie`` asks for.

    Raises :class:`~zgw_threepas.exceptions.ZGWError` when the ZGW APIs fail; the caller
    decides whether to retry. Raises :class:`NothingToPublish` when rules matched the event but
    their conditions declined the zaak, so the administrator reads why.
    """
    fetcher = fetcher or ZGWFetcher()
    event, besluit = event_for(notificatie, fetcher)
    if not event.zaak_url:
        logger.info(
            "besluit_without_zaak", notificatie_id=notificatie.pk, besluit_url=event.besluit_url
        )
        return []

    bundle = collect_zaak_bundle(
        event.zaak_url, status_url=event.status_url or None, fetcher=fetcher
    )
    besluittype = None
    if besluit is not None:
        besluittype = fetcher.catalogue.get(besluit["besluittype"])
    resultaattype = bundle.resultaattype
    if event.resultaat_url and (bundle.resultaat or {}).get("url") != event.resultaat_url:
        # The zaak's resultaat was replaced since the notification; the rule is about this one.
        resultaattype = fetcher.catalogue.get(fetcher.get(event.resultaat_url)["resultaattype"])
    rules = matching_rules(
        event,
        zaaktype=bundle.zaaktype,
        statustype=bundle.statustype,
        besluittype=besluittype,
        resultaattype=resultaattype,
    )
    if not rules:
        logger.info(
            "no_rule_matches",
            notificatie_id=notificatie.pk,
            zaak_url=bundle.url,
            zaak_identificatie=bundle.identificatie,
            zaaktype_identificatie=bundle.zaaktype.get("identificatie", ""),
            trigger=event.trigger,
        )
        return []

    if event.trigger == Trigger.besluit:
        bundle = add_besluiten(bundle, fetcher, besluit=besluit)
    elif needs_besluiten(rules) or wants_besluit(rules):
        bundle = add_besluiten(bundle, fetcher)
    skipped: list = []
    rules = applicable_rules(rules, bundle, event_besluittype=besluittype, skipped=skipped)
    if not rules:
        raise NothingToPublish(" ".join(skip.message for skip in skipped))

    rsin = (besluit or {}).get("verantwoordelijkeOrganisatie") or bundle.bronorganisatie
    organisatie = Organisatie.objects.filter(rsin=rsin).select_related("threepas_service").first()

    logger.info(
        "zaak_collected",
        notificatie_id=notificatie.pk,
        zaak_url=bundle.url,
        zaak_identificatie=bundle.identificatie,
        api_calls=fetcher.calls,
        rules=len(rules),
    )
    return [
        _publication_for(intent, event, bundle, organisatie, rsin, notificatie)
        for intent in intents_for(rules)
    ]


def _publication_for(
    intent: PublicatieIntent,
    event: Event,
    bundle: ZaakBundle,
    organisatie: Organisatie | None,
    rsin: str,
    notificatie: OntvangenNotificatie,
) -> Publicatie:
    identity = {
        "zaak_url": bundle.url,
        "publicatietype": intent.publicatietype,
        "publicatieblad": intent.publicatieblad,
        "besluit_url": event.besluit_url,
    }
    existing = Publicatie.objects.filter(**identity).first()
    if existing is not None:
        if existing.status in REWRITABLE and not existing.inhoud_xml:
            return _write_again(existing, intent, event, bundle, organisatie, rsin)
        return existing

    publicatie_uuid = uuid.uuid4()
    # Held publications keep the day they were planned; a rendered one gets its rule's day.
    publicatiedatum = vandaag()
    fields = {
        "uuid": publicatie_uuid,
        "zaak_identificatie": bundle.identificatie,
        "zaaktype_identificatie": bundle.zaaktype.get("identificatie", ""),
        "trigger_url": event.trigger_url,
        "regel": intent.regel,
        "organisatie": organisatie,
        "notificatie": notificatie,
        "publicatiedatum": publicatiedatum,
    }
    try:
        fields.update(_render(intent, event, bundle, organisatie, rsin, publicatie_uuid))
        fields["status"] = PublicatieStatus.pending
        outcome = ("rendered", "")
    except (PublicationHeld, KennisgevingError) as exc:
        fields["status"] = PublicatieStatus.held
        fields["reden"] = exc.user_message()
        fields["foutcode"] = getattr(exc, "code", "") or type(exc).__name__
        outcome = ("held", fields["reden"])

    try:
        with transaction.atomic():
            publicatie = Publicatie.objects.create(**identity, **fields)
            record(
                publicatie.pk,
                "received",
                _("Notification %(number)s") % {"number": notificatie.pk},
                PublicatieStatus.pending,
            )
            record(publicatie.pk, outcome[0], outcome[1], fields["status"])
            if fields.get("volgende_poging"):
                record(
                    publicatie.pk,
                    "scheduled",
                    _("Waits until its publication date, %(datum)s.")
                    % {"datum": date_in_words(fields["publicatiedatum"])},
                    fields["status"],
                )
    except IntegrityError:
        # Another worker made it between our look and our insert: theirs stands.
        return Publicatie.objects.get(**identity)
    keys = publication_keys(publicatie)
    logger.info(
        "publication_planned",
        **keys,
        notificatie_id=notificatie.pk,
        publicatietype=intent.publicatietype,
        publicatieblad=intent.publicatieblad,
        status=str(publicatie.status),
    )
    _log_written(publicatie, keys)
    return publicatie


def _log_written(publicatie: Publicatie, keys: dict) -> None:
    """``publication_rendered`` (and ``publication_scheduled`` when it waits for its date) or,
    without a kennisgeving, ``publication_held``."""
    if not publicatie.inhoud_xml:
        logger.warning("publication_held", **keys, reason_code=publicatie.foutcode)
        return
    logger.info(
        "publication_rendered",
        **keys,
        publicatiedatum=publicatie.publicatiedatum.isoformat(),
    )
    if publicatie.volgende_poging:
        logger.info(
            "publication_scheduled",
            **keys,
            publicatiedatum=publicatie.publicatiedatum.isoformat(),
            not_before=publicatie.volgende_poging.isoformat(),
        )


def _write_again(
    publicatie: Publicatie,
    intent: PublicatieIntent,
    event: Event,
    bundle: ZaakBundle,
    organisatie: Organisatie | None,
    rsin: str,
) -> Publicatie:
    """Write the kennisgeving of a publication that was held before it had one, from the zaak
    as it is now: the cause (no location, an unknown RSIN, a missing date) may have been
    mended in the case system since. It keeps its identity (and its kenmerk); without content
    nothing of it can have reached DROP, so nothing can be published twice."""
    unwritten = Q(inhoud_xml="")
    try:
        fields = _render(intent, event, bundle, organisatie, rsin, publicatie.uuid)
    except (PublicationHeld, KennisgevingError) as exc:
        reden = exc.user_message()
        with transaction.atomic():
            if Publicatie.objects.filter(
                unwritten, pk=publicatie.pk, status=publicatie.status
            ).update(
                reden=reden,
                foutcode=getattr(exc, "code", "") or type(exc).__name__,
                organisatie=organisatie,
                regel=intent.regel,
                gewijzigd=timezone.now(),
            ):
                record(publicatie.pk, "held", reden, publicatie.status)
        publicatie.refresh_from_db()
        _log_written(publicatie, publication_keys(publicatie))
        return publicatie
    with transaction.atomic():
        if transition(
            publicatie.pk,
            PublicatieStatus.pending,
            event="rendered",
            only_from={publicatie.status},
            extra_filter=unwritten,
            reden="",
            foutcode="",
            pogingen=0,
            organisatie=organisatie,
            regel=intent.regel,
            zaak_identificatie=bundle.identificatie,
            **fields,
        ) and fields.get("volgende_poging"):
            record(
                publicatie.pk,
                "scheduled",
                _("Waits until its publication date, %(datum)s.")
                % {"datum": date_in_words(fields["publicatiedatum"])},
                PublicatieStatus.pending,
            )
    publicatie.refresh_from_db()
    _log_written(publicatie, publication_keys(publicatie))
    return publicatie


def _render(
    intent: PublicatieIntent,
    event: Event,
    bundle: ZaakBundle,
    organisatie: Organisatie | None,
    rsin: str,
    publicatie_uuid: uuid.UUID,
) -> dict:
    if organisatie is None:
        raise PublicationHeld(
            _(
                "No organisation is configured for RSIN %(rsin)s. Add it under Organisations, "
                "then retry this publication."
            )
            % {"rsin": rsin},
            code="unknown-organisation",
        )
    if not organisatie.actief:
        raise PublicationHeld(
            _("%(org)s is not active. Activate it, then retry this publication.")
            % {"org": organisatie},
            code="inactive-organisation",
        )
    if not blad_past_bij(organisatie.type, intent.publicatieblad):
        raise PublicationHeld(
            _(
                "%(org)s is a %(type)s and does not publish in the %(blad)s, which the rule "
                "'%(regel)s' names. Correct the publicatiebladen of the rule (%(eigen)s or the "
                "Staatscourant) and process the notification again, which makes a new "
                "publication in that blad; then cancel this one."
            )
            % {
                "org": organisatie,
                "type": organisatie.get_type_display().lower(),
                "blad": Publicatieblad(intent.publicatieblad).label,
                "regel": intent.regel,
                "eigen": EIGEN_PUBLICATIEBLAD[organisatie.type].label,
            },
            code="blad-not-of-organisation",
        )
    regel = intent.regel
    publicatiedatum = publicatiedatum_voor(
        regel, organisatie=organisatie, event=event, bundle=bundle
    )
    text = text_for(regel, organisatie)
    kennisgeving = build_kennisgeving(
        bundle,
        publicatietype=regel.publicatietype,
        publicatieblad=intent.publicatieblad,
        rubriek=regel.rubriek,
        activiteit=regel.activiteit,
        organisatie=OrganisatieGegevens(
            naam=organisatie.naam,
            type=organisatie.type,
            oin=organisatie.oin,
            gemeente_naam=organisatie.naam if organisatie.type == "gemeente" else "",
            publiceren_zonder_locatie=organisatie.publiceren_zonder_locatie,
        ),
        publicatiedatum=publicatiedatum,
        kenmerk=f"zgw-threepas:{publicatie_uuid}",
        besluit_url=event.besluit_url or None,
        title_template=text.titel,
        body_template=text.tekst,
    )
    return {
        # One date for the text, the metadata and the moment delivery may start.
        "publicatiedatum": publicatiedatum,
        "volgende_poging": wacht_tot(publicatiedatum),
        "titel": kennisgeving.titel,
        "tekst": kennisgeving.tekst,
        "inhoud_xml": kennisgeving.inhoud_xml.decode("utf-8"),
        "metadata": aanlevering_metadata(kennisgeving.aanlevering),
    }


def aanlevering_metadata(aanlevering) -> dict:
    """The Aanlevering without its zip, as JSON; the zip is made again from ``inhoud_xml``."""
    data = asdict(aanlevering)
    data.pop("inhoud_zip")
    data["publicatiedatum"] = aanlevering.publicatiedatum.isoformat()
    data["gebiedsmarkeringen"] = [asdict(g) for g in aanlevering.gebiedsmarkeringen]
    return data
