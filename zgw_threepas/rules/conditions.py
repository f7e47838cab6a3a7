"""The optional conditions of a rule, checked once the zaak is known.

A rule that matches an event may still decline the zaak: when the catalogue says the zaaktype
(or the besluittype of the besluit the kennisgeving is about) is not published
(``publicatieIndicatie``), or when the zaak is more confidential than the rule allows. The ZGW
standard models publication itself; these conditions let an administrator honour it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ..collect.bundle import ZaakBundle
from ..constants import Vertrouwelijkheidaanduiding
from ..logging import get_logger
from ..models import PublicatieRegel
from .texts import NEEDS_BESLUIT

logger = get_logger(__name__)

#: The ZGW levels from open to most secret; a higher index is stricter.
VERTROUWELIJKHEID_ORDER: tuple[str, ...] = tuple(Vertrouwelijkheidaanduiding.values)


@dataclass(frozen=True)
class Skip:
    """Why a rule does not publish a zaak: ``code`` for logs, ``message`` for people."""

    code: str
    message: str


def stricter_than(level: str, maximum: str) -> bool:
    """Whether ``level`` is more confidential than ``maximum``; an unknown level is."""
    if level not in VERTROUWELIJKHEID_ORDER:
        return True
    return VERTROUWELIJKHEID_ORDER.index(level) > VERTROUWELIJKHEID_ORDER.index(maximum)


def skip_reason(
    regel: PublicatieRegel, bundle: ZaakBundle, *, besluittype: dict | None = None
) -> Skip | None:
    """Why ``regel`` declines ``bundle``'s zaak, or ``None`` when it publishes it.

    ``besluittype`` is the type of the besluit the kennisgeving is about, if any.
    """
    if regel.publicatie_indicatie_volgen:
        if bundle.zaaktype.get("publicatieIndicatie") is not True:
            return Skip(
                "zaaktype-not-published",
                _(
                    "The zaaktype %(zaaktype)s is not marked for publication in the catalogue "
                    "(publicatieIndicatie), and the rule '%(regel)s' honours that."
                )
                % {"zaaktype": bundle.zaaktype.get("identificatie", ""), "regel": regel.naam},
            )
        if besluittype is not None and besluittype.get("publicatieIndicatie") is not True:
            return Skip(
                "besluittype-not-published",
                _(
                    "The besluittype '%(besluittype)s' is not marked for publication in the "
                    "catalogue (publicatieIndicatie), and the rule '%(regel)s' honours that."
                )
                % {"besluittype": besluittype.get("omschrijving", ""), "regel": regel.naam},
            )
    maximum = regel.max_vertrouwelijkheidaanduiding
    if maximum:
        level = bundle.zaak.get("vertrouwelijkheidaanduiding") or ""
        if stricter_than(level, maximum):
            return Skip(
                "too-confidential",
                _(
                    "The zaak is '%(level)s', more confidential than '%(maximum)s', the most "
                    "the rule '%(regel)s' publishes."
                )
                % {
                    "level": level or _("(none)"),
                    "maximum": Vertrouwelijkheidaanduiding(maximum).label,
                    "regel": regel.naam,
                },
            )
    return None


def besluittype_for(
    regel: PublicatieRegel, bundle: ZaakBundle, event_besluittype: dict | None = None
) -> dict | None:
    """The besluittype of the besluit a kennisgeving of ``regel`` is about, if any.

    A besluit event names its besluit; otherwise a text about a besluit is about the zaak's
    latest besluit, the one :func:`~zgw_threepas.kennisgeving.render.build_kennisgeving`
    chooses.
    """
    if event_besluittype is not None:
        return event_besluittype
    if regel.publicatietype not in NEEDS_BESLUIT or not bundle.besluiten:
        return None
    ordered = sorted(enumerate(bundle.besluiten), key=lambda p: (p[1].datum or date.min, p[0]))
    return ordered[-1][1].besluittype


def applicable_rules(
    rules: list[PublicatieRegel],
    bundle: ZaakBundle,
    *,
    event_besluittype: dict | None = None,
    skipped: list[Skip] | None = None,
) -> list[PublicatieRegel]:
    """The ``rules`` whose conditions hold for ``bundle``; the others are logged and dropped.

    Each dropped rule's :class:`Skip` is appended to ``skipped`` when a list is given, so the
    caller can tell the administrator why nothing was published.
    """
    kept = []
    for regel in rules:
        skip = skip_reason(
            regel, bundle, besluittype=besluittype_for(regel, bundle, event_besluittype)
        )
        if skip is None:
            kept.append(regel)
        else:
            if skipped is not None:
                skipped.append(skip)
            logger.info(
                "rule_declined",
                zaak_url=bundle.url,
                zaak_identificatie=bundle.identificatie,
                regel_id=regel.pk,
                reason_code=skip.code,
            )
    return kept
