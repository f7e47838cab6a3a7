"""A dry run of one rule for one zaak: the kennisgeving as it would be sent, without sending.

The admin's preview page and ``manage.py threepas_preview`` show an administrator what a rule
makes of a real zaak before it goes live: the text, the metadata and the raw ``inhoud.xml``.
It walks the same steps as :mod:`zgw_threepas.delivery.planning` (collect, conditions, text,
render) but stores nothing and sends nothing; every reason the real run would hold the
publication is shown instead of raised.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ..collect.bundle import BesluitInfo, ZaakBundle
from ..collect.catalogi import find_zaak_urls
from ..collect.fetch import ZGWFetcher, add_besluiten, collect_zaak_bundle
from ..constants import Publicatieblad, Trigger
from ..exceptions import ZGWError
from ..kennisgeving.errors import KennisgevingError
from ..kennisgeving.inhoud import inhoud_to_html
from ..kennisgeving.render import Kennisgeving, OrganisatieGegevens, build_kennisgeving
from ..models import Organisatie, Publicatie, PublicatieRegel
from .conditions import Skip, besluittype_for, skip_reason
from .matching import NEEDS_BESLUIT, rule_matches
from .texts import ChosenText, text_for


class PreviewError(Exception):
    """The preview could not be made; ``message`` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Preview:
    """What a rule makes of a zaak. ``reden`` is set when the real run would hold it."""

    regel: PublicatieRegel
    zaak_url: str
    zaak_identificatie: str
    zaaktype_identificatie: str
    publicatieblad: str
    publicatiedatum: date
    organisatie: Organisatie | None = None
    tekst_bron: ChosenText | None = None
    kennisgeving: Kennisgeving | None = None
    #: Why the publication would be held (a kennisgeving error or a missing organisation).
    reden: str = ""
    #: Why the rule would not publish this zaak at all (its conditions).
    skip: Skip | None = None
    #: Notes that do not stop the publication, e.g. that the zaak is not at the rule's status.
    notes: list[str] = field(default_factory=list)
    #: The publication this rule already made for the zaak (same type, blad and besluit):
    #: the pipeline would not make another.
    existing: Publicatie | None = None

    @property
    def only_prepared(self) -> bool:
        """Without a blad DROP only prepares the kennisgeving; nothing is published."""
        return self.publicatieblad == Publicatieblad.geen

    @property
    def for_this_zaaktype(self) -> bool:
        return self.regel.zaaktype_identificatie == self.zaaktype_identificatie

    @property
    def publicatieblad_label(self) -> str:
        return str(Publicatieblad(self.publicatieblad).label)

    @property
    def html(self) -> str:
        return inhoud_to_html(self.kennisgeving.inhoud_xml) if self.kennisgeving else ""

    @property
    def inhoud_xml(self) -> str:
        return self.kennisgeving.inhoud_xml.decode("utf-8") if self.kennisgeving else ""

    @property
    def metadata(self) -> dict:
        if not self.kennisgeving:
            return {}
        from ..delivery.planning import aanlevering_metadata

        return aanlevering_metadata(self.kennisgeving.aanlevering)


def resolve_zaak(zaak: str, fetcher: ZGWFetcher) -> str:
    """The URL of ``zaak``, given as its URL or its identificatie."""
    zaak = (zaak or "").strip()
    if not zaak:
        raise PreviewError(_("Give the URL or the identificatie of a zaak."))
    if zaak.startswith(("http://", "https://")):
        return zaak
    urls = find_zaak_urls(zaak, fetcher)
    if not urls:
        raise PreviewError(
            _("The Zaken API has no zaak with identificatie '%(zaak)s'.") % {"zaak": zaak}
        )
    if len(urls) > 1:
        raise PreviewError(
            _(
                "%(count)s zaken have the identificatie '%(zaak)s' (of different "
                "bronorganisaties). Give the URL of the zaak instead."
            )
            % {"count": len(urls), "zaak": zaak}
        )
    return urls[0]


def _event_besluit(regel: PublicatieRegel, bundle: ZaakBundle) -> BesluitInfo | None:
    """For a besluit rule: the zaak's latest besluit of the rule's besluittype."""
    candidates = [
        info for info in bundle.besluiten if rule_matches(regel, besluittype=info.besluittype)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda info: info.datum or date.min)


def _trigger_note(regel: PublicatieRegel, bundle: ZaakBundle) -> str:
    if regel.trigger == Trigger.status and not rule_matches(regel, statustype=bundle.statustype):
        return _(
            "The zaak is at status '%(status)s'; this rule publishes when another status is "
            "reached. The preview shows the text with the zaak's data as it is now."
        ) % {"status": (bundle.statustype or {}).get("omschrijving", _("(none)"))}
    if regel.trigger == Trigger.resultaat and not rule_matches(
        regel, resultaattype=bundle.resultaattype
    ):
        return _(
            "The zaak has no resultaat '%(resultaat)s' yet. The preview shows the text with the "
            "zaak's data as it is now."
        ) % {"resultaat": regel.resultaattype_omschrijving}
    return ""


def organisatie_gegevens(organisatie: Organisatie) -> OrganisatieGegevens:
    return OrganisatieGegevens(
        naam=organisatie.naam,
        type=organisatie.type,
        oin=organisatie.oin,
        gemeente_naam=organisatie.naam if organisatie.type == "gemeente" else "",
    )


def collect_zaak(zaak: str, fetcher: ZGWFetcher | None = None) -> ZaakBundle:
    """The zaak ``zaak`` (a URL or an identificatie) as the pipeline collects it."""
    fetcher = fetcher or ZGWFetcher()
    try:
        return collect_zaak_bundle(resolve_zaak(zaak, fetcher), fetcher=fetcher)
    except ZGWError as exc:
        raise PreviewError(exc.interactive_message()) from exc


def preview(
    zaak: str | ZaakBundle,
    regel: PublicatieRegel,
    *,
    fetcher: ZGWFetcher | None = None,
    publicatiedatum: date | None = None,
) -> Preview:
    """The kennisgeving ``regel`` would make of ``zaak`` (a URL, an identificatie, or a bundle
    from :func:`collect_zaak`).

    Raises :class:`PreviewError` when the zaak cannot be found or the ZGW APIs fail; every
    reason the publication itself would be held or skipped is on the returned
    :class:`Preview`.
    """
    fetcher = fetcher or ZGWFetcher()
    bundle = zaak if isinstance(zaak, ZaakBundle) else collect_zaak(zaak, fetcher)
    event_besluit = None
    if regel.trigger == Trigger.besluit or regel.publicatietype in NEEDS_BESLUIT:
        try:
            bundle = add_besluiten(bundle, fetcher)
        except ZGWError as exc:
            raise PreviewError(exc.interactive_message()) from exc
        if regel.trigger == Trigger.besluit:
            event_besluit = _event_besluit(regel, bundle)

    result = Preview(
        regel=regel,
        zaak_url=bundle.url,
        zaak_identificatie=bundle.identificatie,
        zaaktype_identificatie=bundle.zaaktype.get("identificatie", ""),
        publicatieblad=regel.bladen()[0],
        publicatiedatum=publicatiedatum or timezone.localdate(),
    )
    if not result.for_this_zaaktype:
        result.notes.append(
            _(
                "The zaak is of zaaktype %(zaak)s, the rule is for %(regel)s: the rule would "
                "never publish this zaak."
            )
            % {
                "zaak": bundle.zaaktype.get("identificatie", ""),
                "regel": regel.zaaktype_identificatie,
            }
        )
    if regel.trigger == Trigger.besluit and event_besluit is None:
        result.notes.append(
            _("The zaak has no besluit of the besluittype '%(besluittype)s' yet.")
            % {"besluittype": regel.besluittype_omschrijving}
        )
    note = _trigger_note(regel, bundle)
    if note:
        result.notes.append(note)
    if not regel.actief:
        result.notes.append(_("The rule is not active: it publishes nothing until activated."))
    if result.only_prepared:
        result.notes.append(
            _(
                "The rule names no blad: the kennisgeving is only prepared in DROP, and a staff "
                "member publishes it from there. It does not appear on "
                "officielebekendmakingen.nl by itself."
            )
        )
    result.existing = Publicatie.objects.filter(
        zaak_url=bundle.url,
        publicatietype=regel.publicatietype,
        publicatieblad=result.publicatieblad,
        besluit_url=(event_besluit.besluit.get("url") or "") if event_besluit else "",
    ).first()
    if result.existing is not None:
        result.notes.append(
            _(
                "This zaak already has this publication (%(publicatie)s): %(state)s%(dossier)s. "
                "The rule would not make it again."
            )
            % {
                "publicatie": result.existing,
                "state": result.existing.get_status_display(),
                "dossier": (
                    _(", DROP dossiernummer %(dossiernummer)s")
                    % {"dossiernummer": result.existing.dossiernummer}
                    if result.existing.dossiernummer
                    else ""
                ),
            }
        )

    besluit = event_besluit.besluit if event_besluit else {}
    result.skip = skip_reason(
        regel,
        bundle,
        besluittype=besluittype_for(
            regel, bundle, event_besluit.besluittype if event_besluit else None
        ),
    )

    rsin = besluit.get("verantwoordelijkeOrganisatie") or bundle.bronorganisatie
    result.organisatie = Organisatie.objects.filter(rsin=rsin).first()
    result.tekst_bron = text_for(regel, result.organisatie)
    if result.organisatie is None:
        result.reden = _(
            "No organisation is configured for RSIN %(rsin)s, the bronorganisatie of this zaak. "
            "Add it under Organisations; until then its kennisgevingen are held."
        ) % {"rsin": rsin}
        return result

    try:
        result.kennisgeving = build_kennisgeving(
            bundle,
            publicatietype=regel.publicatietype,
            publicatieblad=result.publicatieblad,
            rubriek=regel.rubriek,
            activiteit=regel.activiteit,
            organisatie=organisatie_gegevens(result.organisatie),
            publicatiedatum=result.publicatiedatum,
            kenmerk=f"zgw-threepas:preview:{uuid.uuid4()}",
            besluit_url=besluit.get("url"),
            title_template=result.tekst_bron.titel,
            body_template=result.tekst_bron.tekst,
        )
    except KennisgevingError as exc:
        result.reden = exc.user_message()
    return result
